//! Tests of the boundary rules.

use super::*;

#[test]
fn comparison_and_range_changes() {
    let found =
        expect(risks("src/a.rs", "    while i < items.len() {", "    while i <= items.len() {"), &[Boundary]);
    assert_eq!(
        reason(&found, Boundary),
        "Comparison changed from `<` to `<=` in `while i <= items.len()`: check the boundary"
    );
    let found = expect(risks("src/a.rs", "    for i in 0..n {", "    for i in 0..=n {"), &[Boundary]);
    assert!(reason(&found, Boundary).contains("the end is now included"));
    expect(risks("web/a.js", "  if (a.kind === b.kind) {", "  if (a.kind !== b.kind) {"), &[Boundary]);
    // Loose to strict equality is a lint fix, not a boundary.
    expect(risks("web/a.js", "  if (a.kind == b.kind) {", "  if (a.kind === b.kind) {"), &[]);
}

#[test]
fn off_by_one_changes() {
    let found = expect(
        risks("src/a.rs", "    let last = items.len();", "    let last = items.len() - 1;"),
        &[Boundary],
    );
    assert!(reason(&found, Boundary).starts_with("Adds `- 1` in `let last = items.len() - 1`"));
    expect(risks("app/a.py", "    for i in range(n):", "    for i in range(n + 1):"), &[Boundary]);
    expect(risks("app/a.py", "    if retries > 3:", "    if retries > 4:"), &[Boundary]);
    expect(
        risks("web/a.ts", "  const page = rows.slice(0, 10);", "  const page = rows.slice(0, 11);"),
        &[Boundary],
    );
    // A version bump is not a bound.
    expect(risks("src/a.rs", "const VERSION: u32 = 2;", "const VERSION: u32 = 3;"), &[]);
    // Any `± 1` gained or lost on a line that stays (here a column turned 0-based)...
    expect(
        risks(
            "src/lexer.rs",
            "    column: self.pos - self.line_start + 1,",
            "    column: self.pos - self.line_start,",
        ),
        &[Boundary],
    );
    // ...but not on a new line.
    expect(risks("src/a.rs", "", "    let next = id + 1;"), &[]);
}

#[test]
fn dropped_condition_is_a_boundary() {
    expect(risks("src/a.rs", "    if idx >= 0 && idx < len {", "    if idx < len {"), &[Boundary]);
}

#[test]
fn rewrites_and_generics_are_not_boundaries() {
    expect(
        risks("src/a.rs", "    if a < b {", "    while queue.pop_front().is_some() && seen.len() < limit {"),
        &[],
    );
    expect(risks("src/a.rs", "fn f(v: Vec<u8>) -> Option<u8> {", "fn f(v: Vec<u16>) -> Option<u16> {"), &[]);
    expect(
        risks(
            "web/a.ts",
            "  const m: Map<string, number> = new Map();",
            "  const m = new Map<string, number>();",
        ),
        &[],
    );
}
