//! Tests of the panic rules.

use super::*;

#[test]
fn rust_unwrap_new_moved_in_tests_and_in_comments() {
    expect(
        risks("src/a.rs", "    let n = s.parse::<u32>()?;", "    let n = s.parse::<u32>().unwrap();"),
        &[ErrorHandling, Panic],
    );
    // Moved from one line to another, unchanged.
    expect(
        risks(
            "src/a.rs",
            "
    let a = first.lock().unwrap();
    let b = second();",
            "
    let b = second();
    let a = first.lock().unwrap();",
        ),
        &[],
    );
    // The same call with one argument more: not a new unwrap.
    expect(
        risks("src/a.rs", "    let v = load(path).unwrap();", "    let v = load(path, opts).unwrap();"),
        &[],
    );
    // Test code may unwrap.
    expect(risks_in("src/a.rs", "", "    let v = load(path).unwrap();", true), &[]);
    expect(risks("tests/load.rs", "", "    let v = load(path).unwrap();"), &[]);
    // Comments and strings are not code.
    expect(
        risks(
            "src/a.rs",
            "",
            "    // never unwrap() here: todo!() later\n    log(\"call .unwrap() and panic!\");",
        ),
        &[],
    );
}

#[test]
fn rust_panicking_macros() {
    let found = expect(risks("src/a.rs", "    None => None,", "    None => todo!(),"), &[Panic]);
    assert!(reason(&found, Panic).contains("todo!"));
    expect(risks("src/a.rs", "", "    assert_eq!(buf.len(), HEADER_LEN);"), &[Panic]);
    expect(risks("src/a.rs", "", "    debug_assert!(buf.len() <= HEADER_LEN);"), &[]);
}

#[test]
fn rust_unchecked_indexing() {
    let found = expect(
        risks("src/a.rs", "    let item = items.get(idx)?;", "    let item = &items[idx];"),
        &[ErrorHandling, Panic],
    );
    assert_eq!(
        reason(&found, Panic),
        "Indexes `items[idx]` without a bounds check: an out-of-range index panics"
    );
    expect(risks("src/a.rs", "", "    let first = items[0];"), &[]);
    expect(risks("src/a.rs", "", "    for i in 0..items.len() {\n        total += items[i];\n    }"), &[]);
    expect(
        risks("src/a.rs", "", "#[derive(Debug)]\nstruct Header { magic: [u8; 4], rest: Vec<[u8; 2]> }\nfn f(b: &[u8]) -> Vec<u8> { vec![b.len() as u8] }"),
        &[],
    );
}

#[test]
fn ts_non_null_and_any() {
    let found =
        expect(risks("web/user.ts", "  const name = user?.name;", "  const name = user!.name;"), &[Panic]);
    assert!(reason(&found, Panic).contains("`user!`"));
    expect(risks("web/user.ts", "", "  if (!done && !user.active) return;"), &[]);
    // `as any` loosens types; it does not crash anything by itself.
    expect(risks("web/user.ts", "", "  const cfg = JSON.parse(raw) as any;"), &[]);
    // Plain JavaScript has no non-null assertion.
    expect(risks("web/user.js", "", "  const ok = !user;"), &[]);
}

#[test]
fn python_assert_outside_tests() {
    expect(risks("app/core.py", "", "    assert amount > 0"), &[Panic]);
    expect(risks("tests/test_core.py", "", "    assert amount > 0"), &[]);
}
