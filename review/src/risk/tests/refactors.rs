//! Tests that refactors, reformatting, moves and comments raise nothing, that docs and generated
//! files are skipped and config files read, and that each rule and line gives one risk.

use super::*;

#[test]
fn refactors_that_keep_their_checks_raise_nothing() {
    // A lookup fast path rewritten with combinators.
    expect(
        risks(
            "src/cache.rs",
            "    if let Some(v) = self.cache.get(&key) {\n        return v.clone();\n    }\n    let v = compute(&key);",
            "    let v = self.cache.get(&key).cloned().unwrap_or_else(|| compute(&key));",
        ),
        &[],
    );
    expect(
        risks(
            "app/cache.py",
            "    if key in self._cache:\n        return self._cache[key]\n    value = compute(key)",
            "    value = self._cache.get(key) or compute(key)",
        ),
        &[],
    );
    // A `match` on the error turned into `?`.
    expect(
        risks(
            "src/parse.rs",
            "    let n = match s.parse::<u32>() {\n        Ok(n) => n,\n        Err(e) => return Err(Error::Parse(e)),\n    };",
            "    let n = s.parse::<u32>().map_err(Error::Parse)?;",
        ),
        &[],
    );
    // A guard moved into a validation helper, and a condition kept as an expression.
    expect(
        risks(
            "src/name.rs",
            "    if name.len() > MAX_NAME {\n        return Err(Error::NameTooLong);\n    }",
            "    validate_name_len(name)?;",
        ),
        &[],
    );
    expect(
        risks(
            "src/lib.rs",
            "    if v.is_empty() { return None; }\n    Some(v)",
            "    (!v.is_empty()).then_some(v)",
        ),
        &[],
    );
    // Promise chains turned into `try`/`catch`.
    expect(
        risks(
            "web/api.js",
            "  return fetch(url)\n    .then((res) => res.json())\n    .catch((err) => {\n      log(err);\n      throw err;\n    });",
            "  try {\n    const res = await fetch(url);\n    return await res.json();\n  } catch (err) {\n    log(err);\n    throw err;\n  }",
        ),
        &[],
    );
    // But a let-else that bailed out, replaced by an unwrap, is both.
    expect(
        risks(
            "src/users.rs",
            "    let Some(user) = users.find(id) else {\n        return Err(Error::NotFound);\n    };",
            "    let user = users.find(id).unwrap();",
        ),
        &[ErrorHandling, Panic],
    );
}

#[test]
fn reformatting_raises_nothing() {
    expect(
        risks(
            "src/a.rs",
            "    let header = parse_header(&buf, opts.strict).unwrap_or_default().fields?;",
            "
    let header = parse_header(
        &buf,
        opts.strict,
    )
    .unwrap_or_default()
    .fields?;",
        ),
        &[],
    );
    expect(
        risks(
            "app/a.py",
            "
if user.password != given:
    raise PermissionError()",
            "
    if user.password != given:
        raise PermissionError()",
        ),
        &[],
    );
}

#[test]
fn comments_and_strings_do_not_trigger_code_rules() {
    expect(
        risks(
            "src/a.rs",
            "",
            "
    // SAFETY: no unsafe { } here; eval( and innerHTML = are fine in comments
    /* password = \"hunter2\"; thread::spawn(x) */
    let msg = \"use unsafe { transmute } and panic! carefully\";",
        ),
        &[],
    );
    expect(
        risks(
            "web/a.ts",
            "",
            "  // el.innerHTML = html; eval(code); user!.name\n  const s = \"exec(`ls ${dir}`)\";",
        ),
        &[],
    );
}

#[test]
fn docs_and_generated_files_are_skipped() {
    expect(risks("README.md", "", "Set `password = \"hunter2\"` and call `unwrap()`."), &[]);
    expect(risks("dist/app.min.js", "", "el.innerHTML = html; eval(x);"), &[]);
}

#[test]
fn config_files() {
    expect(risks(".env", "", "STRIPE_KEY=sk_live_4f9a8b7c6d5e4f3a2b1c0d"), &[Security]);
    expect(risks("config/app.yaml", "", "  password: ${DB_PASSWORD}"), &[]);
    expect(risks("config/app.yaml", "", "  ssl_verify: false"), &[Unsafe]);
    expect(risks(".env.example", "", "API_KEY=sk-your-key-here"), &[]);
}

#[test]
fn one_risk_per_rule_and_line_highest_tier_first() {
    let found = risks(
        "src/a.rs",
        "    let a = x.get(i)?;",
        "    let a = unsafe { x.get_unchecked(i) }.clone(); let b = y.unwrap(); let c = z.unwrap();",
    );
    let mut keys: Vec<(Rule, u32)> = found.iter().map(|r| (r.rule, r.line)).collect();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "{found:#?}");
    assert!(found.windows(2).all(|w| w[0].tier >= w[1].tier), "{found:#?}");
}
