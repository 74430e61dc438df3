//! Behaviours learned from the labelled set.

use super::*;

#[test]
fn narrowed_guard_is_error_handling_and_boundary() {
    expect(
        risks(
            "web/pages.ts",
            "  if (!Number.isInteger(page) || page < 1) {",
            "  if (!Number.isInteger(page)) {",
        ),
        &[ErrorHandling, Boundary],
    );
}

#[test]
fn checks_are_named_for_what_they_check() {
    // A link checker's `check_one` fetches; it validates nothing.
    expect(risks("crawler/pool.py", "    results.append(check_one(url))\n    log(url)", "    log(url)"), &[]);
    // Skipping an item (`continue`) is not rejecting input.
    expect(
        risks(
            "crawler/pool.py",
            "        if url in seen:\n            continue\n        fetch(url)",
            "        fetch(url)",
        ),
        &[],
    );
    expect(
        risks("src/pay.rs", "    check_amount(amount)?;\n    pay(amount)", "    pay(amount)"),
        &[ErrorHandling],
    );
}

#[test]
fn removed_error_event_handler() {
    expect(
        risks(
            "web/pool.js",
            "  worker.on('error', (err) => reject(err));\n  worker.postMessage(job);",
            "  worker.postMessage(job);",
        ),
        &[ErrorHandling],
    );
}

#[test]
fn index_past_a_bounded_variable_is_unchecked() {
    // `pos` is bounded by the loop, `pos + 1` is not; and a different index into the same
    // slice is new even though one was removed.
    let found = expect(
        risks(
            "src/lexer.rs",
            "            let text = &self.src[begin..self.pos];",
            "            while self.pos < self.src.len() {\n            let escaped = self.src[self.pos + 1];",
        ),
        &[Panic],
    );
    assert!(reason(&found, Panic).contains("self.src[self.pos + 1]"));
}

#[test]
fn dropped_sanitizer() {
    expect(
        risks("app/uploads.py", "    name = secure_filename(file.filename)", "    name = file.filename"),
        &[ErrorHandling, Security],
    );
    // Renamed, not dropped.
    expect(risks("web/md.js", "  out += escape(text);", "  out += escapeHtml(text);"), &[]);
}

#[test]
fn fallback_secrets_and_reflected_origins() {
    let found = expect(
        risks(
            "webapp/settings.py",
            "SECRET_KEY = os.environ[\"WEBAPP_SECRET_KEY\"]",
            "SECRET_KEY = os.environ.get(\"WEBAPP_SECRET_KEY\", \"dev-only-7f3a9c2e\")",
        ),
        &[Security],
    );
    assert!(reason(&found, Security).starts_with("Hard-codes a credential in `WEBAPP_SECRET_KEY = \"dev…\"`"));
    expect(
        risks(
            "src/hooks.js",
            "",
            "const WEBHOOK_SECRET = process.env.WEBHOOK_SECRET || 'change-me-in-prod';",
        ),
        &[Security],
    );
    expect(risks("src/app.js", "    origin: config.allowedOrigins,", "    origin: true,"), &[Security]);
    // A random reset code in an auth module, whatever the variable is called.
    expect(
        risks("src/auth/reset.js", "", "    code += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];"),
        &[Security],
    );
}

#[test]
fn new_auth_code_is_a_feature_but_removed_checks_are_not() {
    expect(risks("src/auth/middleware.ts", "", "export function requireRole(...allowed: string[]) {"), &[]);
    expect(
        risks(
            "src/routes/admin.ts",
            "adminRouter.use(authenticate);",
            "adminRouter.use(authenticate, requireRole('admin'));",
        ),
        &[],
    );
    expect(risks("src/types.ts", "", "  role?: Role;\n  if (filter.role) where.push(role);"), &[]);
    expect(
        risks(
            "src/routes.js",
            "app.delete('/posts/:id', requireAdmin, deletePost);",
            "app.delete('/posts/:id', deletePost);",
        ),
        &[Security],
    );
    // A variable renamed where it is bound is a rename.
    expect(
        risks(
            "src/auth/reset.js",
            "  const token = await issueResetToken(db, user.id);",
            "  const code = await issueResetToken(db, user.id);",
        ),
        &[],
    );
}

#[test]
fn test_tables_assertions_and_replaced_tests() {
    expect(
        risks(
            "tests/test_pages.py",
            "@pytest.mark.parametrize(\"page, per_page\", [(0, 20), (1, 0), (1, -5)])",
            "@pytest.mark.parametrize(\"page, per_page\", [(0, 20), (-1, 20)])",
        ),
        &[DeletedTest],
    );
    expect(
        risks(
            "tests/test_pages.py",
            "@pytest.mark.parametrize(\"page\", [0, -1])",
            "@pytest.mark.parametrize(\"page\", [0, -1, -50])",
        ),
        &[],
    );
    // A weak assertion made precise, and two assertions merged into one that checks the same.
    expect(
        risks_in(
            "src/worker.rs",
            "        assert!(queue.is_empty());",
            "        assert_eq!(queue.len(), 1);",
            true,
        ),
        &[],
    );
    expect(
        risks_in(
            "src/config.rs",
            "        assert_eq!(hook.program, \"convert\");\n        assert_eq!(hook.args, vec![\"-resize\", \"200x200\"]);",
            "        assert_eq!(hook.command, \"convert -resize 200x200\");",
            true,
        ),
        &[],
    );
    // A test replaced by another (its `#[test]` above the hunk), or merely renamed.
    expect(
        risks("tests/import.rs", "fn rejects_negative_quantities() {", "fn normalises_messy_rows() {"),
        &[DeletedTest],
    );
    expect(
        risks(
            "tests/import.rs",
            "fn rejects_negative_quantities() {",
            "fn rejects_negative_and_zero_quantities() {",
        ),
        &[],
    );
}
