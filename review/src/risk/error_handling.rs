//! Error handling: removed guards, checks and handlers, dropped `?`, discarded and swallowed
//! errors, and which calls count as checks.

use std::collections::HashSet;
use std::ops::Range;

use crate::hunk::{Rule, Side};
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::{net, Findings, Hit};
use super::panics::indexes;
use super::read::{Change, Code, Guard};
use super::text::{components, quote, shorten, string_body};

pub(super) fn error_handling(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let dead = rem.deleted_def_line();
    let live = |i: usize| rem.prod(i) && rem.line(i) < dead;
    let mut guarded = HashSet::new();
    for g in rem.guards() {
        guarded.extend(g.body..=g.end);
    }
    for g in lost_guards(h) {
        let q = rem.guard_quote(&g);
        out.add(
            Rule::ErrorHandling,
            Side::Removed,
            rem.line(g.at),
            format!("Removes the check `{q}`: what it rejected now goes through"),
        );
    }
    let (gone, new) =
        net(error_paths(rem, &guarded, &live), error_paths(add, &HashSet::new(), &|i| add.prod(i)));
    for hit in gone {
        if hit.kind == "swallow" {
            continue;
        }
        if rem.text(hit.tok) == "?" {
            dropped_propagation(h, &hit, out);
        } else {
            out.hit(hit);
        }
    }
    for hit in new.into_iter().filter(|h| h.kind == "swallow") {
        out.hit(hit);
    }
}

/// Removed guard clauses that the new code has no equivalent of: no condition or check on the
/// added side mentions most of what the guard tested.
pub(super) fn lost_guards(h: &Change) -> Vec<Guard> {
    let (rem, add) = (&h.rem, &h.add);
    let dead = rem.deleted_def_line();
    let checks = add.checks();
    rem.guards()
        .into_iter()
        .filter(|g| {
            // The condition as written, less a leading negation, still tested somewhere.
            let mut cond: Vec<&str> = g.cond.clone().map(|k| rem.text(k)).collect();
            while matches!(cond.first(), Some(&("!" | "not"))) {
                cond.remove(0);
            }
            rem.prod(g.at)
                && rem.line(g.at) < dead
                && (g.at..=g.end).any(|k| rem.changed[k])
                && !add.contains_seq(&cond)
                && !covered(rem, g.cond.clone(), &checks)
        })
        .collect()
}

/// Whether the added side checks what the condition `cond` tested: a condition or check that
/// names at least half of its identifiers, or a validation call given all of its subjects (the
/// names it tests, not the methods and constants it compares them with).
fn covered(c: &Code, cond: Range<usize>, checks: &[(Vec<&str>, bool)]) -> bool {
    let mut want = c.idents(cond.clone());
    want.sort_unstable();
    want.dedup();
    if want.is_empty() {
        return false;
    }
    let subjects: Vec<&str> = cond
        .filter(|&k| {
            let t = c.toks[k];
            t.kind == TokenKind::Ident
                && c.prev(k, 1) != "."
                && c.text(k + 1) != "("
                && !t.text.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_' || ch.is_ascii_digit())
        })
        .map(|k| c.text(k))
        .collect();
    let need = want.len().div_ceil(2);
    checks.iter().any(|(names, whole)| {
        want.iter().filter(|w| names.contains(w)).count() >= need
            || (*whole && !subjects.is_empty() && subjects.iter().all(|s| names.contains(s)))
    })
}

/// Error paths, handlers and checks on one side: `?`, `Err` arms, `except`, `raise`, `catch`,
/// `throw`, assertions and validation calls, and handlers that swallow errors.
fn error_paths(c: &Code, skip: &HashSet<usize>, live: &dyn Fn(usize) -> bool) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.changed[i] || skip.contains(&i) || !live(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let at = |kind, key: &str| c.hit(Rule::ErrorHandling, kind, key, i);
        match (c.lang, t.text) {
            (Rust, "?") => hits.push(at("propagate", c.callee_before(i)).because(String::new())),
            // `Err(e) => return Err(...)` is one construct, counted at its arm.
            (Rust, "Err") if c.text(i + 1) == "(" && !(c.prev(i, 1) == "return" && c.prev(i, 2) == "=>") => {
                let close = c.close_of(i + 1);
                let arm = close.is_some_and(|k| c.text(k + 1) == "=>");
                if arm && close.is_some_and(|k| swallowing_arm(c, k + 2)) {
                    hits.push(
                        at("swallow", "Err")
                            .because(format!("Swallows errors with `{q}`: failures here go unnoticed")),
                    );
                } else if arm {
                    hits.push(at("propagate", "Err").because(format!(
                        "Removes the `Err` arm `{q}`: this error is no longer handled here"
                    )));
                } else if c.prev(i, 1) == "return" {
                    hits.push(at("propagate", "return Err").because(format!(
                        "Removes the error return `{q}`: this failure is no longer reported"
                    )));
                }
            }
            (Rust, "bail!") => hits.push(
                at("propagate", "return Err")
                    .because(format!("Removes the error return `{q}`: this failure is no longer reported")),
            ),
            (Python, "except") => {
                let colon = c.scan_to(i + 1, ":");
                let body = colon.map_or("", |k| c.text(k + 1));
                if matches!(body, "pass" | "...") {
                    let clause = colon.map_or(String::new(), |k| c.span(i, k - 1));
                    hits.push(at("swallow", "except").because(format!(
                        "Swallows errors with `{}: {body}`: failures here go unnoticed",
                        shorten(&clause, 40)
                    )));
                }
                hits.push(
                    at("except", c.text(i + 1))
                        .because(format!("Removes the handler `{q}`: this error now reaches the caller")),
                );
            }
            (Python, "raise") => hits.push(
                at("raise", c.text(i + 1)).because(format!("Removes `{q}`: this error is no longer raised")),
            ),
            (JavaScript | TypeScript, "catch") if c.prev(i, 1) == "." => {
                let close = c.close_of(i + 1);
                let args = close.map_or(String::new(), |k| c.span(i + 2, k.saturating_sub(1)));
                let empty = args
                    .rsplit("=>")
                    .next()
                    .is_some_and(|b| matches!(b.trim(), "{}" | "{ }" | "null" | "undefined"));
                if empty && args.contains("=>") {
                    hits.push(at("swallow", "catch").because(format!(
                        "Swallows errors with `.catch({})`: a failed promise goes unnoticed",
                        shorten(&args, 30)
                    )));
                }
                hits.push(at("catch", ".catch").because(format!(
                    "Removes `.catch(...)` in `{q}`: a rejected promise now goes unhandled"
                )));
            }
            (JavaScript | TypeScript, "catch") => {
                let brace = if c.text(i + 1) == "(" { c.close_of(i + 1).map(|k| k + 1) } else { Some(i + 1) };
                if brace.is_some_and(|b| c.text(b) == "{" && c.text(b + 1) == "}") {
                    hits.push(at("swallow", "catch").because(format!(
                        "Swallows errors with the empty `{q} }}`: failures here go unnoticed"
                    )));
                }
                hits.push(
                    at("catch", "catch")
                        .because(format!("Removes the `catch` in `{q}`: a thrown error now propagates")),
                );
            }
            (JavaScript | TypeScript, "on" | "once" | "addEventListener")
                if c.text(i + 1) == "(" && string_body(c.text(i + 2)) == "error" =>
            {
                hits.push(
                    at("catch", "error-event").because(format!(
                        "Removes the `'error'` handler in `{q}`: its errors now go unhandled"
                    )),
                )
            }
            (JavaScript | TypeScript, "throw") => hits.push(
                at("throw", c.text(i + 2)).because(format!("Removes `{q}`: this error is no longer thrown")),
            ),
            (Python, "assert") => hits.push(
                at("check", "assert")
                    .because(format!("Removes the check `{q}`: what it rejected now goes through")),
            ),
            _ if t.kind == TokenKind::Ident
                && is_check_name(t.text)
                && (c.text(i + 1) == "(" || t.text.ends_with('!'))
                && !matches!(c.prev(i, 1), "fn" | "def" | "function")
                // `jwt.verify` → `jwt.decode` is the security rule's.
                && !(c.prev(i, 1) == "." && c.prev(i, 2) == "jwt") =>
            {
                hits.push(
                    at("check", t.text)
                        .because(format!("Removes the check `{q}`: what it rejected now goes through")),
                )
            }
            _ => {}
        }
    }
    hits
}

/// `Err(_) => {}` or `Err(_) => ()`.
fn swallowing_arm(c: &Code, body: usize) -> bool {
    matches!((c.text(body), c.text(body + 1)), ("{", "}") | ("(", ")"))
}

/// A `?` the new code no longer has. It matters only where the call is still made: a call that
/// is gone took its error handling with it.
fn dropped_propagation(h: &Change, hit: &Hit, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let callee = hit.key.as_str();
    if callee.is_empty() {
        return;
    }
    let call = quote(&rem.span(rem.expr_start(hit.tok - 1), hit.tok - 1));
    let Some(j) = (0..add.toks.len()).find(|&j| add.toks[j].text == callee && add.prod(j)) else {
        // `items.get(i)?` → `items[i]`: the bounds check became a panic.
        if matches!(callee, "get" | "get_mut") {
            let base = call.rsplit_once(".get").map_or("", |(b, _)| b);
            let indexed = (1..add.toks.len()).find(|&k| {
                add.text(k) == "["
                    && add.changed[k]
                    && indexes(add, k)
                    && add.span(add.expr_start(k - 1), k - 1) == base
            });
            if let Some(k) = indexed {
                out.add(
                    Rule::ErrorHandling,
                    Side::Added,
                    add.line(k),
                    format!("Replaces the checked `{call}` with indexing: an out-of-range index now panics"),
                );
            }
        }
        return;
    };
    let l = add.line(j);
    let r = add.line_toks(l);
    let (first, last) = (add.text(r.start), add.text(r.end - 1));
    if let Some(w) = ["unwrap", "expect"].into_iter().find(|w| add.line_has(l, w)) {
        out.add(
            Rule::ErrorHandling,
            Side::Added,
            l,
            format!("`?` on `{call}` replaced by `.{w}()`: its error now panics instead of propagating"),
        );
    } else if ["ok", "unwrap_or", "unwrap_or_default", "unwrap_or_else", "_"]
        .iter()
        .any(|w| add.line_has(l, w))
    {
        out.add(
            Rule::ErrorHandling,
            Side::Added,
            l,
            format!("The error from `{call}` is now discarded instead of propagated with `?`"),
        );
    } else if first != "return" && (last == ";" || first == "let") {
        // A tail expression (`parse(s)` returned as is) still hands its error up.
        out.add(
            Rule::ErrorHandling,
            Side::Removed,
            hit.line,
            format!("Drops the `?` on `{call}`: its error is no longer propagated"),
        );
    }
}

pub(super) fn is_check_name(name: &str) -> bool {
    let lower = name.trim_start_matches('_').trim_end_matches('!').to_ascii_lowercase();
    const PREFIXES: [&str; 8] =
        ["validate", "verify", "ensure", "assert", "debug_assert", "is_valid", "isvalid", "sanitize"];
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // `check` alone names a verb too general to mean validation (`check_one(url)` in a link
    // checker fetches); it counts with the thing checked, or as checked arithmetic.
    const CHECKED: &[&str] = &[
        "valid",
        "bounds",
        "bound",
        "range",
        "input",
        "args",
        "arg",
        "perm",
        "permission",
        "permissions",
        "access",
        "auth",
        "length",
        "len",
        "size",
        "limit",
        "limits",
        "positive",
        "empty",
        "format",
        "type",
        "types",
        "signature",
        "sig",
        "token",
        "owner",
        "ownership",
        "overflow",
        "capacity",
        "amount",
        "balance",
        "quota",
        "admin",
        "role",
        "csrf",
    ];
    let comps = components(name);
    comps.first().is_some_and(|c| c == "check")
        && (comps.len() == 1 || comps[1..].iter().any(|c| CHECKED.contains(&c.as_str())))
        || lower.starts_with("checked_")
}
