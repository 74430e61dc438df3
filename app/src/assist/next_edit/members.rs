//! Members removed or added: everything that mentions the member of that type (accessors,
//! initializers, lines that print it, constructor parameters and their arguments) and the type's
//! literals that need the new one.

use super::calls::call_sites_of;
use super::pattern::{code_tokens, on_line, param_name, split_args, Tok};
use super::places::{delete_lines, proposal, Lines};
use super::{File, Kind, Proposal};
use marble_review::hunk::SymbolKind;
use marble_review::lang::Language;
use marble_review::lex::TokenKind;
use marble_review::symbols::Outline;

pub(super) fn remove_member(
    files: &[File],
    name: &str,
    owner: Option<&str>,
    skip: &dyn Fn(&File, usize) -> bool,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    let reason = format!("`{name}` was removed{}", owner.map(|o| format!(" from `{o}`")).unwrap_or_default());
    for f in files {
        let lang = Language::from_path(&f.path);
        let toks = code_tokens(lang, &f.text);
        if !toks.iter().any(|t| t.text == name || t.text.to_lowercase().contains(&name.to_lowercase())) {
            continue;
        }
        let outline = Outline::new(lang, &f.text);
        let lines = Lines::new(&f.text);
        let mut deleted_upto = 0usize;
        // Whole accessors: `name()`, `get_name`, `set_name`, `getName`, `setName`.
        let cap = {
            let mut c = name.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        };
        let accessors = [
            name.to_string(),
            format!("get_{name}"),
            format!("set_{name}"),
            format!("with_{name}"),
            format!("get{cap}"),
            format!("set{cap}"),
        ];
        let mut defs: Vec<(usize, usize)> = outline
            .definitions()
            .iter()
            .filter(|d| matches!(d.symbol.kind, SymbolKind::Method | SymbolKind::Function))
            .filter(|d| accessors.contains(&d.symbol.name))
            .filter(|d| owner.is_none() || d.parent.is_none() || d.parent.as_deref() == owner)
            .map(|d| (d.line as usize, d.end as usize))
            .collect();
        defs.sort_unstable();
        for (from, to) in defs {
            // With its doc comment and attributes above, and the blank line after.
            let mut from = from;
            while from > 0 {
                let above = lines.get(from - 1).trim_start();
                if above.starts_with("///")
                    || above.starts_with("#[")
                    || above.starts_with('@')
                    || above.starts_with("/**")
                    || above.starts_with('*')
                {
                    from -= 1;
                } else {
                    break;
                }
            }
            let mut to = to.min(lines.count());
            if to < lines.count() && lines.get(to).trim().is_empty() {
                to += 1;
            }
            if from < deleted_upto || skip(f, lines.start(from)) {
                continue;
            }
            out.push(delete_lines(f, from, to, Kind::RemoveMember, &reason));
            deleted_upto = to;
        }
        // Lines about the member: `name: value,` / `name,` in literals, `self.name = …`, a
        // statement that only prints it, and `name: T` parameters.
        for l in 0..lines.count() {
            if l < deleted_upto
                && out.iter().any(|p| {
                    p.path == f.path && lines.line_of(p.start) <= l && l < lines.line_of(p.end.max(1) - 1) + 1
                })
            {
                continue;
            }
            let lt: Vec<(usize, &Tok)> = on_line(&toks, l).map(|i| (i, &toks[i])).collect();
            if lt.is_empty() || skip(f, lt[0].1.start) {
                continue;
            }
            let first = lt[0].1;
            let texts: Vec<&str> = lt.iter().map(|(_, t)| t.text.as_str()).collect();
            // A declaration of a same-named member of another type stays.
            let in_other_type = outline.enclosing(l as u32).is_some_and(|d| {
                d.symbol.kind == SymbolKind::Type && owner.is_some_and(|o| d.symbol.name != o)
            });
            if in_other_type {
                continue;
            }
            // In a literal, the literal's type must be the owner (`Customer { notes: … }` stays).
            let literal_of_other = owner.is_some_and(|o| {
                literal_type(&toks, lt[0].0)
                    .is_some_and(|t| t != o && t != "Self" && t.starts_with(char::is_uppercase))
            });
            let init = !literal_of_other
                && first.text == name
                && matches!(texts.get(1), Some(&":") | Some(&",") | None)
                && texts.len() <= 12
                && (matches!(texts.last(), Some(&",") | Some(&";") | Some(&")"))
                    || texts.last() == Some(&name));
            let assign = texts.len() >= 4
                && matches!(texts[0], "self" | "this")
                && texts[1] == "."
                && texts[2] == name
                && texts[3] == "=";
            let prints = lt.iter().any(|(i, _)| is_self_member(&toks, *i, name))
                && lt
                    .iter()
                    .filter(|(i, t)| {
                        t.kind == TokenKind::Ident
                            && *i >= 2
                            && toks[i - 1].text == "."
                            && matches!(toks[i - 2].text.as_str(), "self" | "this")
                    })
                    .count()
                    == 1
                && matches!(texts.last(), Some(&";") | Some(&","))
                && !texts.contains(&"=");
            if prints && texts.len() <= 4 {
                // An argument on its own line of a formatting macro: its placeholder goes too.
                if let Some(p) = format_argument(f, &toks, lt[0].0, l, &reason) {
                    out.push(p);
                }
                continue;
            }
            if init || assign || prints {
                out.push(delete_lines(f, l, l + 1, Kind::RemoveMember, &reason));
                continue;
            }
            // An enum variant's uses: `Owner::name` in a list or a pattern.
            if let Some(o) = owner {
                for (k, (i, t)) in lt.iter().enumerate() {
                    if t.text == name && *i >= 2 && toks[i - 1].text == "::" && toks[i - 2].text == o {
                        let arm = texts.iter().position(|x| *x == "=>");
                        if arm.is_some_and(|a| k < a && texts[..a].iter().filter(|x| **x == "|").count() == 0)
                            || arm.is_some_and(|a| k > a)
                        {
                            out.push(delete_lines(f, l, l + 1, Kind::RemoveMember, &reason));
                        } else {
                            // Drop `Owner::name` with one separator next to it.
                            let s = toks[i - 2].start;
                            let e = t.end();
                            let after = toks.get(i + 1).filter(|n| matches!(n.text.as_str(), "," | "|"));
                            let before = toks.get(i - 3).filter(|p| matches!(p.text.as_str(), "," | "|"));
                            let (s, e) = match (after, before) {
                                (Some(a), _) if toks.get(i + 2).is_some_and(|n| n.line as usize == l) => {
                                    (s, toks[i + 2].start.max(a.end()))
                                }
                                (_, Some(b)) => (b.start, e),
                                _ => (s, e),
                            };
                            let (s, e) = if before.is_some() && after.is_none() {
                                // `A | B` → `A`: take the space before the separator too.
                                let trimmed = f.text[..s].trim_end().len();
                                (trimmed, e)
                            } else {
                                (s, e)
                            };
                            out.push(proposal(f, s, e, String::new(), Kind::RemoveMember, reason.clone()));
                        }
                        break;
                    }
                }
            }
        }
        // Constructor parameters named like the member.
        for d in outline.definitions().iter().filter(|d| {
            matches!(d.symbol.name.as_str(), "new" | "__init__" | "constructor")
                && (owner.is_none() || d.parent.as_deref() == owner)
        }) {
            let head = lines.get(d.line as usize);
            let head_start = lines.start(d.line as usize);
            let Some(open) = head.find('(') else { continue };
            let Some(args) = split_args(&f.text, head_start + open) else { continue };
            let Some(idx) = args.iter().position(|&(s, e)| param_name(&f.text[s..e]) == name) else {
                continue;
            };
            let (s, e) = args[idx];
            // Remove the parameter with one comma.
            let (s, e) = if idx + 1 < args.len() {
                (s, args[idx + 1].0)
            } else if idx > 0 {
                (args[idx - 1].1, e)
            } else {
                (s, e)
            };
            let (s, e) = trim_span(&f.text, s, e, idx + 1 < args.len());
            if !skip(f, s) {
                out.push(proposal(f, s, e, String::new(), Kind::RemoveMember, reason.clone()));
                // And the matching argument at the constructor's call sites.
                let func = d.symbol.name.as_str();
                let shift =
                    usize::from(args.first().is_some_and(|&(a, b)| {
                        matches!(param_name(&f.text[a..b]).as_str(), "self" | "this")
                    }));
                let call = if func == "new" {
                    owner.unwrap_or("new").to_string()
                } else {
                    owner.unwrap_or(func).to_string()
                };
                out.extend(call_sites_of(files, &call, func == "new", idx - shift.min(idx), &reason));
            }
        }
    }
    out
}

/// The type of the brace literal token `i` sits in: the word before its unmatched `{`.
fn literal_type(toks: &[Tok], i: usize) -> Option<&str> {
    let mut depth = 0i32;
    for k in (0..i).rev() {
        match toks[k].text.as_str() {
            "}" => depth += 1,
            "{" if depth == 0 => return k.checked_sub(1).map(|p| toks[p].text.as_str()),
            "{" => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether `t` is the member `name` reached through `self`/`this` (`self.name`, `this.name`).
fn is_self_member(toks: &[Tok], i: usize, name: &str) -> bool {
    toks[i].text == name
        && i >= 2
        && toks[i - 1].text == "."
        && matches!(toks[i - 2].text.as_str(), "self" | "this")
}

/// A removed list element `s..e` that started at the element (the comma after it included): keep
/// the space before the next element out of the removal.
fn trim_span(text: &str, s: usize, e: usize, element_first: bool) -> (usize, usize) {
    if element_first {
        (
            s + (text[s..e].len() - text[s..e].trim_start().len()),
            e + (text[e..].len() - text[e..].trim_start().len()),
        )
    } else {
        (s, e)
    }
}

pub(super) fn add_member(files: &[File], name: &str, owner: Option<&str>, default: &str) -> Vec<Proposal> {
    let Some(owner) = owner else { return Vec::new() };
    let mut out = Vec::new();
    for f in files {
        let lang = Language::from_path(&f.path);
        if lang != Language::Rust {
            continue;
        }
        let toks = code_tokens(lang, &f.text);
        let lines = Lines::new(&f.text);
        let outline = Outline::new(lang, &f.text);
        for i in 0..toks.len().saturating_sub(1) {
            let is_literal = toks[i + 1].text == "{"
                && (toks[i].text == owner
                    || (toks[i].text == "Self"
                        && outline
                            .enclosing(toks[i].line)
                            .is_some_and(|d| d.parent.as_deref() == Some(owner))))
                && i > 0
                && !matches!(toks[i - 1].text.as_str(), "struct" | "impl" | "for" | "enum" | "->" | "union");
            if !is_literal {
                continue;
            }
            // The literal's field lines up to its closing brace.
            let open_line = toks[i + 1].line as usize;
            let mut depth = 0i32;
            let mut close = None;
            let mut spread = false;
            for t in &toks[i + 1..] {
                match t.text.as_str() {
                    "{" => depth += 1,
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(t.line as usize);
                            break;
                        }
                    }
                    ".." if depth == 1 => spread = true,
                    _ => {}
                }
            }
            let Some(close) = close else { continue };
            if spread || close <= open_line + 1 {
                continue;
            }
            let field_line = lines.get(close - 1);
            if field_line.contains(&format!("{name}:")) || field_line.contains(&format!("{name},")) {
                continue;
            }
            let indent: String = field_line.chars().take_while(|c| c.is_whitespace()).collect();
            let at = lines.start(close);
            out.push(proposal(
                f,
                at,
                at,
                format!("{indent}{name}: {default},\n"),
                Kind::AddMember,
                format!("`{owner}` has a new field `{name}`"),
            ));
        }
    }
    out
}

/// `self.x,` on its own line inside `write!(f, "… ({}% off)…", …)`: one proposal that removes the
/// line and the argument's placeholder with the text that belongs to it (the text since the
/// previous placeholder, and what closes a bracket it opened). `None` when the line is not a
/// formatting macro's argument, or the placeholders can't be matched to the arguments.
fn format_argument(f: &File, toks: &[Tok], first: usize, line: usize, reason: &str) -> Option<Proposal> {
    // The unmatched `(` before the line, opened by a macro.
    let mut depth = 0i32;
    let open = (0..first).rev().find(|&k| match toks[k].text.as_str() {
        ")" | "]" | "}" => {
            depth += 1;
            false
        }
        "(" | "[" | "{" if depth > 0 => {
            depth -= 1;
            false
        }
        "(" => true,
        "[" | "{" => {
            depth = -1000;
            false
        }
        _ => false,
    })?;
    let mac = toks.get(open.checked_sub(1)?)?.text.as_str();
    if !mac.ends_with('!') {
        return None;
    }
    let args = split_args(&f.text, toks[open].start)?;
    let lines = Lines::new(&f.text);
    let arg_at = |(s, _): (usize, usize)| s + (f.text[s..].len() - f.text[s..].trim_start().len());
    let fmt = args.iter().position(|&a| f.text[arg_at(a)..].starts_with('"'))?;
    let mine = args.iter().position(|&a| lines.line_of(arg_at(a)) == line)?;
    let index = mine.checked_sub(fmt + 1)?;
    let (fs, fe) = (arg_at(args[fmt]), args[fmt].1);
    let fmt_text = f.text[fs..fe].trim_end();
    // Placeholders `{…}`, not `{{`.
    let mut holes = Vec::new();
    let b = fmt_text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let end = fmt_text[i..].find('}')? + i + 1;
            holes.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    if holes.len() != args.len() - fmt - 1 {
        return None;
    }
    let (hs, he) = holes[index];
    let from = if index == 0 { 1 } else { holes[index - 1].1 };
    let before = &fmt_text[from..hs];
    let next = holes.get(index + 1).map_or(fmt_text.len() - 1, |h| h.0);
    let after = &fmt_text[he..next];
    // What the text before opened, the text after closes.
    let opened: Vec<char> = before.chars().filter(|c| matches!(c, '(' | '[')).collect();
    let take_after = if opened.is_empty() {
        0
    } else {
        let close = if opened[opened.len() - 1] == '(' { ')' } else { ']' };
        after.find(close).map_or(0, |p| p + 1)
    };
    let new_fmt = format!("{}{}", &fmt_text[..from], &fmt_text[he + take_after..]);
    let line_start = lines.start(line);
    let line_end = lines.end_with_newline(line);
    if line_start < fe {
        return None;
    }
    let replacement = format!("{new_fmt}{}", &f.text[fs + fmt_text.len()..line_start]);
    Some(proposal(f, fs, line_end, replacement, Kind::RemoveMember, reason.to_string()))
}
