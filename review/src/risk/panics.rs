//! Panics: new `unwrap`/`expect`, panicking macros, assertions outside tests, unchecked indexing
//! and TypeScript non-null assertions.

use std::ops::Range;

use crate::hunk::Rule;
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::Hit;
use super::read::Code;
use super::text::shorten;

pub(super) fn panic_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        // An index changed anywhere inside its brackets.
        let index_changed = c.text(i) == "[" && c.close_of(i).is_some_and(|e| (i..=e).any(|k| c.changed[k]));
        if !(c.touched(i) || index_changed) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let (prev, next) = (c.prev(i, 1), c.text(i + 1));
        let q = || c.code_line(t.line);
        let hit = |kind, key: String| c.hit(Rule::Panic, kind, key, i);
        match (c.lang, t.text) {
            // `lock().unwrap()` only panics on a poisoned lock: the idiom, not a risk.
            (Rust, "unwrap")
                if prev == "."
                    && next == "("
                    && c.text(i + 2) == ")"
                    && !matches!(c.callee_before(i - 1), "lock" | "read" | "write") =>
            {
                let recv = c.receiver(i - 1);
                hits.push(
                    hit("unwrap", recv.clone())
                        .because(format!("New `.unwrap()` on `{recv}`: an `Err` or `None` here panics")),
                );
            }
            (Rust, "expect") if prev == "." && next == "(" => {
                let recv = c.receiver(i - 1);
                hits.push(
                    hit("unwrap", recv.clone())
                        .because(format!("New `.expect(...)` on `{recv}`: an `Err` or `None` here panics")),
                );
            }
            (Rust, "panic!" | "unreachable!" | "todo!" | "unimplemented!") => {
                let name = t.text.trim_end_matches('!');
                let why = match name {
                    "todo" | "unimplemented" => "this path panics when it is reached",
                    "unreachable" => "if the assumption is wrong, it panics",
                    _ => "the caller gets a crash instead of an error",
                };
                hits.push(hit("panic", t.text.into()).because(format!("New `{name}!` in `{}`: {why}", q())));
            }
            (Rust, "assert!" | "assert_eq!" | "assert_ne!") => {
                hits.push(hit("assert", t.text.into()).because(format!(
                    "New `{}` outside tests: `{}` panics when it fails",
                    t.text,
                    q()
                )));
            }
            (Rust, "[") if indexes(c, i) => {
                let Some(close) = c.close_of(i) else { continue };
                let inner = i + 1..close;
                if inner.is_empty()
                    || inner
                        .clone()
                        .all(|k| c.kind(k) == Some(TokenKind::Number) || matches!(c.text(k), ".." | "..="))
                    // `pos + 1` steps past whatever bounded `pos`.
                    || (!inner.clone().any(|k| matches!(c.text(k), "+" | "-"))
                        && c.idents(inner.clone()).iter().all(|x| bounded(c, x, i..close + 1)))
                {
                    continue;
                }
                let base = shorten(&c.span(c.expr_start(i - 1), i - 1), 30);
                let index = shorten(&c.span(i + 1, close - 1), 20);
                hits.push(
                    hit("index", format!("{base}[{index}]"))
                        .because(format!(
                            "Indexes `{base}[{index}]` without a bounds check: an out-of-range index panics"
                        ))
                        .exact(),
                );
            }
            (TypeScript, "!") if non_null(c, i) => {
                let recv = shorten(&c.span(c.expr_start(i - 1), i - 1), 30);
                hits.push(hit("non-null", recv.clone()).because(format!(
                    "Non-null assertion `{recv}!`: if it is `null` or `undefined` this fails at run time"
                )));
            }
            (Python, "assert") if t.kind == TokenKind::Keyword => {
                hits.push(hit("assert", String::new()).because(format!(
                    "`assert` in production code: `{}` raises `AssertionError`, and is skipped under `python -O`",
                    q()
                )));
            }
            _ => {}
        }
    }
    hits
}

/// A Rust `[` that indexes: right after a name, a call or another index. Attributes (`#[`),
/// slice types (`&[u8]`, `: [T; N]`) and macros (`vec![`) follow other tokens.
pub(super) fn indexes(c: &Code, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = c.toks[i - 1];
    (p.kind == TokenKind::Ident && !p.text.ends_with('!')) || matches!(p.text, ")" | "]")
}

/// The name is checked against a length or bounded by a loop elsewhere on this side.
fn bounded(c: &Code, name: &str, except: Range<usize>) -> bool {
    (0..c.toks.len()).any(|k| {
        if except.contains(&k) || c.toks[k].text != name {
            return false;
        }
        c.line_toks(c.toks[k].line).any(|m| {
            matches!(c.text(m), "len" | "length" | "size" | "enumerate" | "for" | "min" | "clamp" | "get")
                || (!except.contains(&m) && c.is_comparison(m))
        })
    })
}

/// A TypeScript postfix `!` (`user!.name`, `f(x!)`), not a negation.
fn non_null(c: &Code, i: usize) -> bool {
    let t = c.toks[i];
    let glued = c.src[..t.start].chars().next_back().is_some_and(|ch| !ch.is_whitespace());
    let after_value =
        i > 0 && (c.toks[i - 1].kind == TokenKind::Ident || matches!(c.prev(i, 1), ")" | "]" | "this"));
    glued && after_value && matches!(c.text(i + 1), "." | ")" | "]" | ";" | "," | "[" | "")
}
