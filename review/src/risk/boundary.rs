//! Boundaries: changed comparisons, range ends and off-by-one constants, and dropped conditions.

use std::ops::Range;

use crate::hunk::{Rule, Side};
use crate::lex::TokenKind;

use super::findings::Findings;
use super::read::{Change, Code};

/// A diff region larger than this (tokens per side) is a rewrite, not a changed bound.
const BOUNDARY_MAX_TOKENS: usize = 6;
/// The share of a line's tokens that must survive for an operator change on it to be an edit of
/// that line rather than a new line that happens to contain `<`.
pub(super) const BOUNDARY_MIN_SIMILARITY: f32 = 0.5;

pub(super) fn boundary(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    // Conditions that reject: their body leaves, or lies below the hunk where it can't be seen.
    let rejecting: Vec<Range<usize>> = (0..rem.toks.len())
        .filter_map(|i| rem.condition(i))
        .filter(|(_, body)| *body >= rem.toks.len() || rem.is_exit(*body))
        .map(|(cond, _)| cond)
        .collect();
    for reg in &h.regions {
        if reg.r.len() > BOUNDARY_MAX_TOKENS || reg.a.len() > BOUNDARY_MAX_TOKENS {
            continue;
        }
        let rl = reg.r.first().or(reg.r_anchor.as_ref()).map(|&i| rem.line(i));
        let al = reg.a.first().or(reg.a_anchor.as_ref()).map(|&i| add.line(i));
        let (Some(rl), Some(al)) = (rl, al) else { continue };
        if rem.similarity(rl) < BOUNDARY_MIN_SIMILARITY
            || add.similarity(al) < BOUNDARY_MIN_SIMILARITY
            || rem.is_test_line(rl)
            || add.is_test_line(al)
            || add.import[al as usize]
        {
            continue;
        }
        // The bound must be the line's one edit: a statement rewritten around it is not an edit.
        let others = |c: &Code, l: u32, mine: &[usize]| {
            c.line_toks(l).filter(|k| c.changed[*k] && !mine.contains(k)).count()
        };
        if others(rem, rl, &reg.r) > 2 || others(add, al, &reg.a) > 2 {
            continue;
        }
        let rt: Vec<&str> = reg.r.iter().map(|&i| rem.text(i)).collect();
        let at: Vec<&str> = reg.a.iter().map(|&i| add.text(i)).collect();
        let q = add.code_line(al);
        let one = |code: &Code, k: usize| code.text(k) == "1";
        let reason = match (rt.as_slice(), at.as_slice()) {
            ([x], [y])
                if rem.is_comparison(reg.r[0]) && add.is_comparison(reg.a[0]) && !strictness_only(x, y) =>
            {
                Some(format!("Comparison changed from `{x}` to `{y}` in `{q}`: check the boundary"))
            }
            ([x @ (".." | "..=")], [y @ (".." | "..=")]) if x != y => {
                let now = if *y == "..=" { "included" } else { "excluded" };
                Some(format!("Range changed from `{x}` to `{y}` in `{q}`: the end is now {now}"))
            }
            ([x], [y])
                if rem.kind(reg.r[0]) == Some(TokenKind::Number)
                    && add.kind(reg.a[0]) == Some(TokenKind::Number)
                    && int_value(x).zip(int_value(y)).is_some_and(|(a, b)| a.abs_diff(b) == 1)
                    && bound_neighbor(add, reg.a[0]) =>
            {
                Some(format!("Bound changed from `{x}` to `{y}` in `{q}`: check for an off-by-one"))
            }
            // Any `± 1` gained or lost on a line that otherwise stays: the classic off-by-one.
            ([], [op @ ("+" | "-"), _]) if one(add, reg.a[1]) && binary(add, reg.a[0]) => {
                Some(format!("Adds `{op} 1` in `{q}`: check for an off-by-one"))
            }
            ([op @ ("+" | "-"), _], []) if one(rem, reg.r[1]) && binary(rem, reg.r[0]) => {
                Some(format!("Drops the `{op} 1` in `{q}`: check for an off-by-one"))
            }
            ([x @ ("+" | "-")], [y @ ("+" | "-")]) if x != y && one(add, reg.a[0] + 1) => {
                Some(format!("Changes `{x} 1` to `{y} 1` in `{q}`: check for an off-by-one"))
            }
            (r, [])
                if r.len() >= 3
                    && reg.r.iter().any(|&k| rem.is_comparison(k))
                    && r.iter().any(|t| matches!(*t, "&&" | "||" | "and" | "or")) =>
            {
                let cond: Vec<&str> =
                    r.iter().copied().filter(|t| !matches!(*t, "&&" | "||" | "and" | "or")).collect();
                let cond = cond.join(" ");
                // A guard that rejected `a || b` and now only `a` lets `b` through.
                let guard = rejecting.iter().any(|cond| cond.contains(&reg.r[0]));
                if guard && r.iter().any(|t| matches!(*t, "||" | "or")) {
                    out.add(
                        Rule::ErrorHandling,
                        Side::Added,
                        al,
                        format!("Narrows the check `{q}`: it no longer rejects `{cond}`"),
                    );
                }
                Some(format!("Drops the condition `{cond}` from `{q}`: check the boundary"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            out.add(Rule::Boundary, Side::Added, al, reason);
        }
    }
}

/// `==` ↔ `===` and `!=` ↔ `!==` tighten equality without moving a boundary (a common lint fix).
fn strictness_only(x: &str, y: &str) -> bool {
    x == y || x.trim_end_matches('=') == y.trim_end_matches('=') && x.starts_with(['=', '!'])
}

fn int_value(s: &str) -> Option<i64> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '_')).unwrap_or(s.len());
    // Floats, hex, octal and binary are not bounds; a type suffix (`10usize`, `10n`) is fine.
    if s[end..].starts_with(['.', 'e', 'E', 'x', 'X', 'o', 'b']) {
        return None;
    }
    s[..end].replace('_', "").parse().ok()
}

/// A `+`/`-` between two operands, not a sign.
fn binary(c: &Code, i: usize) -> bool {
    i > 0
        && (matches!(c.toks[i - 1].kind, TokenKind::Ident | TokenKind::Number)
            || matches!(c.prev(i, 1), ")" | "]"))
}

/// A number compared, used as a range end, an index, or an argument of a bounding call.
fn bound_neighbor(c: &Code, i: usize) -> bool {
    let near = |k: usize| {
        matches!(c.text(k), ".." | "..=" | "[" | "]" | "+" | "-")
            || c.toks.get(k).is_some_and(|_| c.is_comparison(k))
    };
    if near(i + 1) || (i > 0 && near(i - 1)) {
        return true;
    }
    // Inside `[...]` or a bounding call like `range(...)`.
    let mut depth = 0;
    for k in (i.saturating_sub(20)..i).rev() {
        match c.text(k) {
            ")" | "]" => depth += 1,
            "[" if depth == 0 => return true,
            "(" if depth == 0 => {
                return matches!(
                    c.prev(k, 1),
                    "range"
                        | "take"
                        | "skip"
                        | "truncate"
                        | "slice"
                        | "substring"
                        | "substr"
                        | "splice"
                        | "nth"
                        | "min"
                        | "max"
                        | "clamp"
                        | "split_at"
                        | "chunks"
                        | "windows"
                )
            }
            "(" | "[" => depth -= 1,
            _ => {}
        }
    }
    false
}
