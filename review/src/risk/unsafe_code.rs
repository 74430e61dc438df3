//! Unsafe code: new `unsafe` and transmutes, unsafe loading and `eval`, raw markup, and TLS
//! verification turned off.

use crate::hunk::Rule;
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::{net, Findings, Hit};
use super::read::{Change, Code};

fn unsafe_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let (next, prev, prev2) = (c.text(i + 1), c.prev(i, 1), c.prev(i, 2));
        let call = next == "(";
        let reason = match (c.lang, t.text) {
            (Rust, "unsafe") if t.kind == TokenKind::Keyword => Some(match next {
                "fn" => format!("New `unsafe fn` in `{q}`: every caller must uphold its contract"),
                "impl" => format!("New `unsafe impl` in `{q}`: the compiler takes its promise on trust"),
                _ => format!(
                    "New `unsafe` code in `{q}`: it must uphold invariants the compiler no longer checks"
                ),
            }),
            (Rust, "transmute" | "transmute_copy") => {
                Some(format!("`{}` in `{q}` reinterprets memory without any check", t.text))
            }
            (Rust, "danger_accept_invalid_certs" | "danger_accept_invalid_hostnames")
                if c.text(i + 2) == "true" =>
            {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Rust, "NONE") if prev2 == "SslVerifyMode" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Python | JavaScript | TypeScript, "eval") if call && prev != "." => {
                Some(format!("`eval` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (Python, "exec") if call && prev != "." => {
                Some(format!("`exec` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (Python, "loads" | "load")
                if prev == "." && matches!(prev2, "pickle" | "cPickle" | "dill" | "marshal") =>
            {
                Some(format!(
                    "`{prev2}.{}` in `{q}` runs code hidden in the data: never use it on untrusted input",
                    t.text
                ))
            }
            (Python, "load" | "unsafe_load")
                if prev == "." && prev2 == "yaml" && {
                    let end = c.close_of(i + 1).unwrap_or(i);
                    t.text == "unsafe_load"
                        || !(i..=end)
                            .any(|k| matches!(c.text(k), "SafeLoader" | "CSafeLoader" | "BaseLoader"))
                } =>
            {
                Some(format!("`yaml.{}` in `{q}` can build arbitrary objects: use `yaml.safe_load`", t.text))
            }
            (Python, "verify") if next == "=" && c.text(i + 2) == "False" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Python, "check_hostname") if next == "=" && c.text(i + 2) == "False" => {
                Some(format!("Turns off TLS host name checks in `{q}`"))
            }
            (Python, "_create_unverified_context" | "CERT_NONE") => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (JavaScript | TypeScript, "Function") if prev == "new" => {
                Some(format!("`new Function` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (JavaScript | TypeScript, "innerHTML" | "outerHTML")
                if prev == "." && matches!(next, "=" | "+=") && !constant_string(c, i + 2) =>
            {
                Some(format!(
                    "Assigns `{}` in `{q}`: text that reaches it becomes markup and can run script (XSS)",
                    t.text
                ))
            }
            (JavaScript | TypeScript, "insertAdjacentHTML") if call => {
                Some(format!("`insertAdjacentHTML` in `{q}` turns text into markup (XSS)"))
            }
            (JavaScript | TypeScript, "write" | "writeln") if call && prev == "." && prev2 == "document" => {
                Some(format!("`document.{}` in `{q}` turns text into markup (XSS)", t.text))
            }
            (JavaScript | TypeScript, "dangerouslySetInnerHTML") => Some(format!(
                "`dangerouslySetInnerHTML` in `{q}` renders raw markup (XSS) unless it is sanitized"
            )),
            (JavaScript | TypeScript, "rejectUnauthorized") if c.text(i + 2) == "false" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (JavaScript | TypeScript, "NODE_TLS_REJECT_UNAUTHORIZED") if next == "=" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            // Disabled TLS verification is a security hole as much as unchecked code.
            let kind = if reason.contains("TLS") { "tls" } else { "unsafe" };
            hits.push(c.hit(Rule::Unsafe, kind, t.text, i).because(reason));
        }
    }
    hits
}

pub(super) fn unsafe_code(h: &Change, out: &mut Findings) {
    let (_, new) = net(unsafe_hits(&h.rem), unsafe_hits(&h.add));
    for hit in new {
        if hit.kind == "tls" {
            out.add(Rule::Security, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
}

/// A string literal that is a whole statement's value: `el.innerHTML = "";` clears, it injects nothing.
fn constant_string(c: &Code, k: usize) -> bool {
    c.kind(k) == Some(TokenKind::String)
        && !c.text(k).contains("${")
        && c.toks.get(k + 1).is_none_or(|n| n.text == ";" || n.line != c.toks[k].line)
}
