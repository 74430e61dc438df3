//! Deleted and weakened tests: removed tests and case-table rows, weaker assertions, and
//! markers that skip or focus tests.

use crate::hunk::{Rule, Side};
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::{net, Findings, Hit};
use super::read::{Change, Code};
use super::text::{components, quote, shorten, string_body};

pub(super) fn deleted_tests(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let gone = lost_tests(test_defs(rem), test_defs(add));
    let first_gone = gone.iter().map(|h| h.line).min().unwrap_or(u32::MAX);
    for hit in gone {
        out.hit(hit);
    }
    let added_asserts: Vec<String> = assertions(add)
        .into_iter()
        .filter(|h| h.kind == "strong")
        .map(|h| add.span(h.tok, add.stmt_end(h.tok)))
        .collect();
    let (gone, new) = net(assertions(rem), assertions(add));
    let (mut weak, mut strong): (Vec<Hit>, Vec<Hit>) = new.into_iter().partition(|h| h.kind == "weak");
    for g in gone {
        // Inside a deleted test: that finding already says it. Expected values that another
        // assertion still checks (two `assert_eq!` merged into one) are still checked.
        if g.line >= first_gone || still_asserted(rem, g.tok, &added_asserts) {
            continue;
        }
        if g.kind == "weak" && !strong.is_empty() {
            // `assert!(q.is_empty())` → `assert_eq!(q.len(), 1)`: checked more precisely.
            strong.remove(0);
        } else if g.kind == "strong" && !weak.is_empty() {
            let w = weak.remove(0);
            out.add(
                Rule::DeletedTest,
                Side::Added,
                w.line,
                format!("Weakens `{}` to `{}`: the test now accepts wrong values", g.key, w.key),
            );
        } else {
            out.hit(g);
        }
    }
    let (_, new) = net(skips(rem), skips(add));
    for hit in new {
        out.hit(hit);
    }
    // Cases dropped from a table-driven test: `@pytest.mark.parametrize(...)`, `it.each([...])`,
    // `#[case(...)]`.
    let (before, after) = (table_cases(rem), table_cases(add));
    if let Some(&(l, _)) = before.first().filter(|_| count(&before) > count(&after)) {
        out.add(
            Rule::DeletedTest,
            Side::Removed,
            l,
            format!(
                "Drops test cases from `{}` ({} before, {} now): the inputs they covered are no longer tested",
                rem.code_line(l),
                count(&before),
                count(&after)
            ),
        );
    }
}

fn count(tables: &[(u32, usize)]) -> usize {
    tables.iter().map(|t| t.1).sum()
}

/// The case tables this side changes, as (line, number of cases).
fn table_cases(c: &Code) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    for i in 0..c.toks.len() {
        if !c.is_test_line(c.line(i)) {
            continue;
        }
        let t = c.toks[i];
        // `#[case(...)]` / `#[test_case(...)]`: one case each.
        if matches!(t.text, "case" | "test_case") && c.prev(i, 1) == "[" && c.prev(i, 2) == "#" {
            if c.touched(i) {
                out.push((t.line, 1));
            }
            continue;
        }
        if !matches!(t.text, "parametrize" | "each" | "cases") || c.text(i + 1) != "(" {
            continue;
        }
        let Some(end) = c.close_of(i + 1) else { continue };
        let Some(list) = (i + 2..end).find(|&k| c.text(k) == "[") else { continue };
        let Some(list_end) = c.close_of(list) else { continue };
        if !(list..=list_end).any(|k| c.changed[k]) {
            continue;
        }
        // Elements at depth 1 in the list: commas between them, plus one, less a trailing comma.
        let mut depth = 0;
        let mut commas = 0;
        for k in list + 1..list_end {
            match c.text(k) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth -= 1,
                "," if depth == 0 && k + 1 < list_end => commas += 1,
                _ => {}
            }
        }
        let cases = if list + 1 == list_end { 0 } else { commas + 1 };
        out.push((t.line, cases));
    }
    out
}

/// Every literal the assertion at `i` expects appears in one of `added`.
fn still_asserted(c: &Code, i: usize, added: &[String]) -> bool {
    let end = c.stmt_end(i);
    let literals: Vec<&str> = (i..=end)
        .filter(|&k| matches!(c.kind(k), Some(TokenKind::String | TokenKind::Number)))
        .map(|k| string_body(c.text(k)))
        .filter(|l| !l.is_empty())
        .collect();
    !literals.is_empty() && added.iter().any(|a| literals.iter().all(|l| a.contains(l)))
}

/// Tests the new code no longer has. A test of the same name, or one whose name shares most of
/// its words (a renamed test), still covers it; a different test replacing it does not.
fn lost_tests(gone: Vec<Hit>, mut new: Vec<Hit>) -> Vec<Hit> {
    let words = |name: &str| -> Vec<String> {
        components(name).into_iter().filter(|w| !matches!(w.as_str(), "test" | "tests" | "it")).collect()
    };
    gone.into_iter()
        .filter(|g| {
            let gw = words(&g.key);
            let similar = |n: &Hit| {
                let nw = words(&n.key);
                let shared = gw.iter().filter(|w| nw.contains(w)).count();
                shared > 0 && shared * 2 >= gw.len().min(nw.len())
            };
            let found = new.iter().position(|n| n.key == g.key).or_else(|| new.iter().position(similar));
            match found {
                Some(p) => {
                    new.remove(p);
                    false
                }
                None => true,
            }
        })
        .collect()
}

fn test_defs(c: &Code) -> Vec<Hit> {
    (0..c.toks.len())
        .filter(|&i| c.touched(i))
        .filter_map(|i| {
            let name = c.test_def(i)?;
            let what = if c.text(i) == "describe" || c.text(i) == "class" { "test suite" } else { "test" };
            Some(c.hit(Rule::DeletedTest, "test", name.clone(), i).because(format!(
                "Deletes the {what} `{}`: what it checked is no longer tested",
                shorten(&name, 40)
            )))
        })
        .collect()
}

/// Assertions in test code, as `strong` (compares with an expected value) or `weak` (only checks
/// that something is truthy, defined or `Ok`).
fn assertions(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.is_test_line(c.line(i)) {
            continue;
        }
        let t = c.toks[i];
        let found = match (c.lang, t.text) {
            (Rust, x)
                if t.kind == TokenKind::Ident
                    && x.ends_with('!')
                    && (x.starts_with("assert")
                        || x.starts_with("debug_assert")
                        || x.starts_with("prop_assert")) =>
            {
                c.close_of(i + 1).map(|end| {
                    let strong = x.contains("_eq")
                        || x.contains("_ne")
                        || x.contains("matches")
                        || (i..end).any(|k| c.is_comparison(k) || c.text(k) == "matches!");
                    (end, strong)
                })
            }
            (Python, "assert") if t.kind == TokenKind::Keyword => {
                let end = c.stmt_end(i);
                let strong = (i..=end).any(|k| c.is_comparison(k) || c.text(k) == "in");
                Some((end, strong))
            }
            (Python, x) if x.starts_with("assert") && c.prev(i, 1) == "." && c.text(i + 1) == "(" => {
                c.close_of(i + 1).map(|end| {
                    (end, !matches!(x, "assertTrue" | "assertFalse" | "assertIsNotNone" | "assert_called"))
                })
            }
            (Python, "raises") if c.prev(i, 2) == "pytest" => c.close_of(i + 1).map(|end| (end, true)),
            (JavaScript | TypeScript, "expect") if c.prev(i, 1) != "." && c.text(i + 1) == "(" => {
                c.close_of(i + 1).map(|close| {
                    let mut m = close + 1;
                    while c.text(m) == "." && matches!(c.text(m + 1), "not" | "resolves" | "rejects") {
                        m += 2;
                    }
                    let matcher = if c.text(m) == "." { c.text(m + 1) } else { "" };
                    let end = if matcher.is_empty() { close } else { c.close_of(m + 2).unwrap_or(m + 1) };
                    (
                        end,
                        !matches!(
                            matcher,
                            "toBeDefined" | "toBeTruthy" | "toBeFalsy" | "toHaveBeenCalled" | ""
                        ),
                    )
                })
            }
            (JavaScript | TypeScript, "assert")
                if c.prev(i, 1) != "." && matches!(c.text(i + 1), "(" | ".") =>
            {
                let method = if c.text(i + 1) == "." { c.text(i + 2) } else { "" };
                let open = if method.is_empty() { i + 1 } else { i + 3 };
                c.close_of(open).map(|end| (end, !matches!(method, "" | "ok")))
            }
            _ => None,
        };
        // A changed matcher (`toBe(3)` → `toBeDefined()`) changes the assertion.
        if let Some((end, strong)) = found.filter(|&(end, _)| (i..=end).any(|k| c.changed[k])) {
            let text = quote(&c.span(i, end));
            let kind = if strong { "strong" } else { "weak" };
            hits.push(
                c.hit(Rule::DeletedTest, kind, text.clone(), i)
                    .because(format!("Removes the assertion `{text}`: the test no longer checks it")),
            );
        }
    }
    hits
}

/// Markers that stop tests from running: `#[ignore]`, `@pytest.mark.skip`, `it.skip`, `xit`, and
/// `.only`, which stops every other test.
fn skips(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.changed[i] {
            continue;
        }
        let t = c.toks[i];
        let (prev, prev2) = (c.prev(i, 1), c.prev(i, 2));
        let q = c.code_line(t.line);
        let test_call = matches!(prev2, "it" | "test" | "describe") && prev == ".";
        let reason = match (c.lang, t.text) {
            (Rust, "ignore") if prev == "[" && prev2 == "#" => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (Python, "skip" | "skipif" | "xfail")
                if prev == "." && matches!(prev2, "mark" | "unittest" | "pytest") =>
            {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (Python, "skipTest") if prev == "." => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "skip") if test_call => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "xit" | "xtest" | "xdescribe") if c.text(i + 1) == "(" => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "only") if test_call => {
                Some(format!("Focuses the suite with `{q}`: every other test in the file stops running"))
            }
            (JavaScript | TypeScript, "fit" | "fdescribe") if c.text(i + 1) == "(" => {
                Some(format!("Focuses the suite with `{q}`: every other test in the file stops running"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            hits.push(c.hit(Rule::DeletedTest, "skip", t.text, i).because(reason));
        }
    }
    hits
}
