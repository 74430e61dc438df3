//! Tests of the injection rules.

use super::*;

#[test]
fn sql_built_from_values() {
    let found = expect(
        risks(
            "app/db.py",
            "    cur.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))",
            "    cur.execute(f\"SELECT * FROM users WHERE id = {user_id}\")",
        ),
        &[Injection],
    );
    assert!(reason(&found, Injection).starts_with("Builds SQL with an f-string"));
    expect(risks("app/db.py", "", "    cur.execute(\"DELETE FROM t WHERE id = %s\" % tid)"), &[Injection]);
    expect(
        risks("web/db.js", "", "  db.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");"),
        &[Injection],
    );
    expect(
        risks("web/db.ts", "", "  db.query(`UPDATE users SET name = ${name} WHERE id = ${id}`);"),
        &[Injection],
    );
    expect(
        risks("src/db.rs", "", "    conn.execute(&format!(\"DELETE FROM jobs WHERE id = {id}\"), [])?;"),
        &[Injection],
    );
    // Parameterized queries are fine, and so is prose.
    expect(risks("web/db.js", "", "  db.query(\"SELECT * FROM users WHERE id = $1\", [id]);"), &[]);
    expect(risks("src/db.rs", "", "    sqlx::query(\"SELECT * FROM users WHERE id = $1\").bind(id);"), &[]);
    expect(risks("web/ui.js", "", "  label.textContent = \"Select a file from \" + dir;"), &[]);
}

#[test]
fn shell_commands_built_from_values() {
    expect(risks("app/tools.py", "", "    os.system(f\"tar -czf {out} {src}\")"), &[Injection]);
    expect(risks("app/tools.py", "", "    subprocess.run(cmd, shell=True)"), &[Injection]);
    expect(risks("app/tools.py", "", "    subprocess.run([\"tar\", \"-czf\", out, src])"), &[]);
    // `exec` runs a command line: unsafe as well as injectable.
    expect(risks("web/git.js", "", "  execSync(`git log ${branch}`);"), &[Unsafe, Injection]);
    expect(risks("web/parse.js", "", "  const m = pattern.exec(line);"), &[]);
    expect(
        risks(
            "src/run.rs",
            "",
            "    Command::new(\"sh\").arg(\"-c\").arg(format!(\"ls {}\", dir)).status()?;",
        ),
        &[Injection],
    );
    expect(risks("src/run.rs", "", "    Command::new(\"git\").arg(\"log\").arg(branch).status()?;"), &[]);
}
