//! Tests of the error-handling rules.

use super::*;

#[test]
fn rust_removed_guard_is_flagged() {
    let found = expect(
        risks(
            "src/pay.rs",
            "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }
    let fee = compute_fee(amount);",
            "
    let fee = compute_fee(amount);",
        ),
        &[ErrorHandling],
    );
    assert_eq!(
        reason(&found, ErrorHandling),
        "Removes the check `if amount <= 0 { return Err(...) }`: what it rejected now goes through"
    );
    assert_eq!((found[0].side, found[0].line), (Side::Removed, 0));
}

#[test]
fn rust_guard_moved_reindented_or_rewritten_is_not_removed() {
    // Moved into a block, re-indented.
    expect(
        risks(
            "src/pay.rs",
            "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }
    let fee = compute_fee(amount);",
            "
    let fee = {
        if amount <= 0 {
            return Err(PayError::InvalidAmount(amount));
        }
        compute_fee(amount)
    };",
        ),
        &[],
    );
    // Rewritten as a macro that checks the same thing.
    expect(
        risks(
            "src/pay.rs",
            "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }",
            "
    ensure!(amount > 0, PayError::InvalidAmount(amount));",
        ),
        &[],
    );
}

#[test]
fn rust_question_mark_to_unwrap_is_error_handling_and_panic() {
    let found = expect(
        risks(
            "src/main.rs",
            "    let header = parse_header(&buf)?;",
            "    let header = parse_header(&buf).unwrap();",
        ),
        &[ErrorHandling, Panic],
    );
    assert_eq!(
        reason(&found, ErrorHandling),
        "`?` on `parse_header(&buf)` replaced by `.unwrap()`: its error now panics instead of propagating"
    );
    assert_eq!(
        reason(&found, Panic),
        "New `.unwrap()` on `parse_header(&buf)`: an `Err` or `None` here panics"
    );
    // Tier order: the High error-handling finding comes first.
    assert_eq!(found[0].rule, ErrorHandling);
}

#[test]
fn rust_discarded_error_is_flagged_but_a_tail_call_is_not() {
    expect(risks("src/sync.rs", "    flush(&mut file)?;", "    let _ = flush(&mut file);"), &[ErrorHandling]);
    // `let x = f()?; Ok(x)` → `f()`: the error still goes up.
    expect(
        risks(
            "src/sync.rs",
            "
    let n = flush(&mut file)?;
    Ok(n)",
            "
    flush(&mut file)",
        ),
        &[],
    );
}

#[test]
fn rust_renamed_function_keeps_its_question_marks() {
    expect(
        risks(
            "src/config.rs",
            "
pub fn load(path: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let config = toml::from_str(&text)?;",
            "
pub fn load_config(path: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let config = toml::from_str(&text)?;",
        ),
        &[],
    );
}

#[test]
fn rust_deleted_function_is_not_removed_error_handling() {
    expect(
        risks(
            "src/legacy.rs",
            "
fn old_parse(s: &str) -> Result<u32, Error> {
    if s.is_empty() {
        return Err(Error::Empty);
    }
    let n = s.parse()?;
    Ok(n)
}",
            "",
        ),
        &[],
    );
}

#[test]
fn removed_validation_and_assert_are_flagged() {
    expect(
        risks("src/api.rs", "    validate_request(&req)?;\n    handle(req)", "    handle(req)"),
        &[ErrorHandling],
    );
    expect(
        risks("src/buf.rs", "    assert!(len <= self.cap);\n    self.len = len;", "    self.len = len;"),
        &[ErrorHandling],
    );
}

#[test]
fn python_removed_guard_and_handler() {
    expect(
        risks(
            "app/orders.py",
            "
    if not items:
        raise ValueError(\"an order needs items\")
    total = sum(i.price for i in items)",
            "
    total = sum(i.price for i in items)",
        ),
        &[ErrorHandling],
    );
    let found = expect(
        risks(
            "app/load.py",
            "
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None",
            "
    data = json.loads(text)",
        ),
        &[ErrorHandling],
    );
    assert!(reason(&found, ErrorHandling).contains("except json.JSONDecodeError"));
}

#[test]
fn python_guard_moved_into_a_check_helper_is_fine() {
    expect(
        risks(
            "app/orders.py",
            "
    if amount <= 0:
        raise ValueError(\"amount must be positive\")",
            "
    _check_positive(amount)",
        ),
        &[],
    );
}

#[test]
fn swallowed_errors_are_flagged() {
    let found = expect(
        risks(
            "app/sync.py",
            "    push(changes)",
            "
    try:
        push(changes)
    except Exception:
        pass",
        ),
        &[ErrorHandling],
    );
    assert!(reason(&found, ErrorHandling).contains("except Exception: pass"));
    expect(
        risks("web/sync.js", "  await push(changes);", "  try { await push(changes); } catch (e) {}"),
        &[ErrorHandling],
    );
    expect(risks("web/sync.js", "  push(changes);", "  push(changes).catch(() => {});"), &[ErrorHandling]);
}

#[test]
fn js_removed_catch_is_flagged_but_a_new_message_is_not() {
    expect(
        risks(
            "web/api.js",
            "
  return fetch(url)
    .then((res) => res.json())
    .catch((err) => showError(err));",
            "
  return fetch(url).then((res) => res.json());",
        ),
        &[ErrorHandling],
    );
    expect(
        risks(
            "web/api.ts",
            "  if (!res.ok) throw new Error(\"request failed\");",
            "  if (!res.ok) throw new Error(`request failed: ${res.status}`);",
        ),
        &[],
    );
}
