//! Injection: SQL built from values, and shell commands built from values.

use crate::hunk::Rule;
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::{net, Findings, Hit};
use super::read::{Change, Code};
use super::text::string_body;

fn injection_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        if t.kind == TokenKind::String && looks_like_sql(string_body(t.text)) {
            if let Some((how, op)) = sql_built(c, i) {
                if c.changed[i] || op.is_some_and(|k| c.changed[k]) {
                    hits.push(c.hit(Rule::Injection, "sql", t.text, i).because(format!(
                        "Builds SQL with {how} in `{q}`: pass values as query parameters instead"
                    )));
                }
            }
            continue;
        }
        if !c.touched(i) || t.kind != TokenKind::Ident {
            continue;
        }
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let shell = match c.lang {
            Python => {
                let call_args = |from: usize| c.close_of(from).map(|end| from + 1..end);
                ((matches!(t.text, "system" | "popen") && prev == "." && prev2 == "os")
                    || (t.text == "getoutput" && prev2 == "commands"))
                    && next == "("
                    && dynamic_arg(c, i + 2)
                    || (prev == "."
                        && prev2 == "subprocess"
                        && next == "("
                        && call_args(i + 1).is_some_and(|args| {
                            args.clone().any(|k| {
                                c.text(k) == "shell" && c.text(k + 1) == "=" && c.text(k + 2) == "True"
                            }) && dynamic_arg(c, i + 2)
                        }))
            }
            JavaScript | TypeScript => {
                let module = prev != "." || matches!(prev2, "child_process" | "cp" | "childProcess");
                (matches!(t.text, "exec" | "execSync") && next == "(" && module && dynamic_arg(c, i + 2))
                    || (matches!(t.text, "spawn" | "spawnSync" | "execFile" | "execFileSync")
                        && next == "("
                        && module
                        && dynamic_arg(c, i + 2)
                        && c.close_of(i + 1).is_some_and(|end| {
                            (i..end).any(|k| c.text(k) == "shell" && c.text(k + 2) == "true")
                        }))
            }
            Rust => t.text == "new" && prev == "::" && prev2 == "Command" && shell_command(c, i),
            Other => false,
        };
        if shell {
            // `exec` runs a string as a command line: unsafe as well as injectable.
            let kind = if c.js() && t.text.starts_with("exec") { "exec" } else { "shell" };
            hits.push(c.hit(Rule::Injection, kind, t.text, i).because(format!(
                "Runs a shell command built from variables in `{q}`: pass arguments as a list, without a shell"
            )));
        }
    }
    hits
}

pub(super) fn injection(h: &Change, out: &mut Findings) {
    let (_, new) = net(injection_hits(&h.rem), injection_hits(&h.add));
    for hit in new {
        if hit.kind == "exec" {
            out.add(Rule::Unsafe, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
}

fn looks_like_sql(body: &str) -> bool {
    let trimmed = body.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    let starts = |w: &str| lower.starts_with(w);
    let has = |w: &str| lower.contains(w);
    let compares = ["=", "<", ">", " like ", " in "].iter().any(|w| has(w));
    (starts("select ") && has(" from ") && (trimmed.starts_with("SELECT") || has(" where ") || has("*")))
        || starts("insert into ")
        || (starts("update ") && has(" set "))
        || starts("delete from ")
        || ((starts("where ") || starts("and ") || starts("or ")) && compares)
        || [" WHERE ", " FROM ", "ORDER BY", "GROUP BY", " VALUES"].iter().any(|w| body.contains(w))
}

/// How the SQL string at `i` is combined with values, and the token that combines them.
fn sql_built(c: &Code, i: usize) -> Option<(&'static str, Option<usize>)> {
    let text = c.text(i);
    let body = string_body(text);
    let prefix = &text[..text.find(['"', '\'', '`']).unwrap_or(0)];
    let string_at = |k: usize| c.kind(k) == Some(TokenKind::String);
    if c.lang == Language::Python && prefix.contains(['f', 'F']) && body.contains('{') {
        Some(("an f-string", None))
    } else if c.js() && text.starts_with('`') && body.contains("${") {
        Some(("a template literal", None))
    } else if c.prev(i, 1) == "(" && c.prev(i, 2) == "format!" && body.contains('{') {
        Some(("`format!`", Some(i - 2)))
    } else if c.lang == Language::Python && c.text(i + 1) == "%" {
        Some(("`%` formatting", Some(i + 1)))
    } else if c.text(i + 1) == "." && c.text(i + 2) == "format" {
        Some(("`.format()`", Some(i + 2)))
    } else if c.text(i + 1) == "+" && !string_at(i + 2) {
        Some(("string concatenation", Some(i + 1)))
    } else if c.prev(i, 1) == "+" && i >= 2 && !string_at(i - 2) {
        Some(("string concatenation", Some(i - 1)))
    } else {
        None
    }
}

/// The argument at `k` is not a plain string literal: a variable, an interpolation, a concatenation.
fn dynamic_arg(c: &Code, k: usize) -> bool {
    match c.kind(k) {
        Some(TokenKind::String) => {
            let text = c.text(k);
            let body = string_body(text);
            let prefix = &text[..text.find(['"', '\'', '`']).unwrap_or(0)];
            (prefix.contains(['f', 'F']) && body.contains('{'))
                || (text.starts_with('`') && body.contains("${"))
                || matches!(c.text(k + 1), "+" | "%" | ".")
        }
        Some(TokenKind::Ident) => true,
        _ => false,
    }
}

/// `Command::new("sh").arg("-c").arg(format!(...))`: a shell running a built command line.
fn shell_command(c: &Code, new: usize) -> bool {
    let prog = string_body(c.text(new + 2)).to_ascii_lowercase();
    let prog = prog.rsplit(['/', '\\']).next().unwrap_or("");
    if c.text(new + 1) != "("
        || !matches!(prog, "sh" | "bash" | "zsh" | "cmd" | "cmd.exe" | "powershell" | "pwsh")
    {
        return false;
    }
    let end = c.stmt_end(new);
    let Some(flag) = (new..=end).find(|&k| matches!(string_body(c.text(k)), "-c" | "/C" | "/c" | "-Command"))
    else {
        return false;
    };
    (flag + 1..=end).any(|k| {
        c.text(k) == "format!"
            || (c.kind(k) == Some(TokenKind::Ident)
                && matches!(c.prev(k, 1), "(" | "&" | ",")
                && !matches!(c.text(k + 1), "(" | "::" | "!"))
    })
}
