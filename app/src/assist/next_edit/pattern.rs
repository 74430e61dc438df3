//! What the user's last edit was, generalised so it can be matched elsewhere.
//!
//! The edit is read as tokens (the review's forgiving lexer), so spacing and half-typed code do
//! not matter, and classified by its shape: lines only deleted (a member, or a statement with
//! look-alikes), lines only inserted (a member, or a statement in one of several similar blocks),
//! or lines changed (a function's parameters, one identifier for another, a string's text, or any
//! other token edit, kept with the tokens around it so it is found only in the same context).

use super::history::Edit;
use super::File;
use marble_review::hunk::SymbolKind;
use marble_review::lang::Language;
use marble_review::lex::{lex, TokenKind};
use marble_review::symbols::Outline;

/// A generalised edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// One identifier became another. `local` limits it to a byte range of the active file (a
    /// variable renamed inside one function).
    Rename { old: String, new: String, local: Option<(usize, usize)> },
    /// A member (field, enum variant) was deleted from `owner`.
    RemoveMember { name: String, owner: Option<String> },
    /// A member was added to `owner`; literals of the type need it too.
    AddMember { name: String, owner: Option<String>, default: String },
    /// A statement was deleted; lines with the same `signature` are its look-alikes.
    DeleteSimilar { signature: Vec<String> },
    /// Attribute or decorator `lines` were put on a definition: the same on its siblings (same
    /// parent) whose signatures end the same way (`-> Self {`).
    AttributeOnSimilar { lines: Vec<String>, parent: Option<String>, tail: String, definition: u32 },
    /// `lines` were inserted into the block under `head` (0-based line in the current text),
    /// `offset` lines below it.
    InsertInBlocks { lines: Vec<String>, head: u32, offset: u32 },
    /// A function's parameters changed: positions removed, and (position, name) added.
    SignatureChange { function: String, removed: Vec<usize>, added: Vec<(usize, String)>, method: bool },
    /// A string's text changed the same way on lines shaped like `shape`.
    StringEdit { old_mid: String, new_mid: String, at: StringPart, shape: Vec<String>, lead: char },
    /// Tokens `old` became `new` between `left` and `right`; `new_text` is the new tokens as the
    /// user wrote them.
    TokenEdit { left: Vec<String>, old: Vec<String>, new: Vec<String>, right: Vec<String>, new_text: String },
}

/// Where in a string the change happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringPart {
    Start,
    End,
    Middle,
}

/// A code token with its byte offset in the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Tok {
    pub kind: TokenKind,
    pub text: String,
    pub start: usize,
    pub line: u32,
}

impl Tok {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// The code tokens of `text` (comments left out), including the code inside interpolations of
/// template literals and f-strings (`${total(cart)}`, `{qty(item)}`), which a rename or a new
/// parameter must reach too.
pub fn code_tokens(lang: Language, text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for t in lex(lang, text).into_iter().filter(|t| t.kind != TokenKind::Comment) {
        out.push(Tok { kind: t.kind, text: t.text.to_string(), start: t.start, line: t.line });
        if t.kind != TokenKind::String {
            continue;
        }
        let (template, opener) = match lang {
            Language::JavaScript | Language::TypeScript => (t.text.starts_with('`'), "${"),
            Language::Python => {
                (t.text.chars().take_while(|c| c.is_alphabetic()).any(|c| c == 'f' || c == 'F'), "{")
            }
            _ => (false, ""),
        };
        if !template {
            continue;
        }
        let mut from = 0;
        while let Some(p) = t.text[from..].find(opener) {
            let open = from + p + opener.len();
            // `{{` is a literal brace in an f-string.
            if opener == "{" && t.text[open..].starts_with('{') {
                from = open + 1;
                continue;
            }
            let mut depth = 1;
            let mut end = None;
            for (i, c) in t.text[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(open + i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(end) = end else { break };
            let inner = &t.text[open..end];
            // `{x!r}` / `{x:>8}`: the format spec is not code.
            let code = if lang == Language::Python {
                inner.split(['!', ':']).next().unwrap_or(inner)
            } else {
                inner
            };
            for it in lex(lang, code).into_iter().filter(|x| x.kind != TokenKind::Comment) {
                let newlines = t.text[..open + it.start].matches('\n').count() as u32;
                out.push(Tok {
                    kind: it.kind,
                    text: it.text.to_string(),
                    start: t.start + open + it.start,
                    line: t.line + newlines,
                });
            }
            from = end + 1;
        }
    }
    out
}

/// The tokens that start on `line`: a slice of `toks`, whose lines never decrease (interpolation
/// tokens follow their string), found by bisection instead of a scan per line.
pub fn on_line(toks: &[Tok], line: usize) -> std::ops::Range<usize> {
    let line = line as u32;
    toks.partition_point(|t| t.line < line)..toks.partition_point(|t| t.line <= line)
}

/// A line's shape: its tokens with literals abstracted, so `t("user.name")` and `t("user.email")`
/// are alike.
pub fn shape(toks: &[Tok]) -> Vec<String> {
    toks.iter()
        .map(|t| match t.kind {
            TokenKind::String => "\"\"".to_string(),
            TokenKind::Number => "0".to_string(),
            _ => t.text.clone(),
        })
        .collect()
}

/// What identifies a statement among its look-alikes: its tokens up to its first string literal,
/// with the string cut to its first word (`println!("debug: …` → `println!`, `(`, `"debug`).
pub fn signature(toks: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    // Without a string, a call is known by its callee: `dbg!(x)` and `dbg!(y)` are alike.
    if !toks.iter().any(|t| t.kind == TokenKind::String) {
        if let Some(open) = toks.iter().position(|t| t.text == "(") {
            return toks[..=open].iter().map(|t| t.text.clone()).collect();
        }
    }
    for t in toks {
        if t.kind == TokenKind::String {
            let inner =
                t.text.trim_start_matches(|c: char| c.is_alphabetic() && c != '"' && c != '\'' && c != '`');
            let body = inner.get(1..).unwrap_or("");
            let word: String =
                body.chars().take_while(|c| !c.is_whitespace() && *c != '{' && *c != '$').collect();
            out.push(format!("\"{word}"));
            return out;
        }
        out.push(t.text.clone());
        if out.len() >= 6 {
            break;
        }
    }
    out
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The patterns the edit could be, most specific first.
pub fn infer(file: &File, edit: &Edit) -> Vec<Pattern> {
    let lang = Language::from_path(&file.path);
    let h = &edit.hunk;
    let removed: Vec<&str> = h.removed.iter().map(String::as_str).filter(|l| !blank(l)).collect();
    let added: Vec<&str> = h.added.iter().map(String::as_str).filter(|l| !blank(l)).collect();
    match (removed.is_empty(), added.is_empty()) {
        (false, true) => deleted(lang, file, edit, &removed),
        (true, false) => inserted(lang, file, edit, &added),
        (false, false) => changed(lang, file, edit),
        (true, true) => Vec::new(),
    }
}

fn deleted(lang: Language, _file: &File, edit: &Edit, removed: &[&str]) -> Vec<Pattern> {
    let outline = Outline::new(lang, &edit.baseline);
    let members: Vec<Pattern> = outline
        .definitions()
        .iter()
        .filter(|d| edit.hunk.before.contains(&d.line))
        .filter(|d| {
            matches!(d.symbol.kind, SymbolKind::Field)
                || (d.symbol.kind == SymbolKind::Constant && d.parent.is_some())
        })
        .map(|d| Pattern::RemoveMember { name: d.symbol.name.clone(), owner: d.parent.clone() })
        .collect();
    if !members.is_empty() {
        return members;
    }
    let first = code_tokens(lang, removed[0]);
    if first.is_empty() {
        return Vec::new();
    }
    vec![Pattern::DeleteSimilar { signature: signature(&first) }]
}

fn inserted(lang: Language, file: &File, edit: &Edit, added: &[&str]) -> Vec<Pattern> {
    let outline = Outline::new(lang, &file.text);
    let members: Vec<Pattern> = outline
        .definitions()
        .iter()
        .filter(|d| edit.hunk.after.contains(&d.line) && d.symbol.kind == SymbolKind::Field)
        .map(|d| {
            let line = file.text.lines().nth(d.line as usize).unwrap_or("");
            Pattern::AddMember {
                name: d.symbol.name.clone(),
                owner: d.parent.clone(),
                default: default_for(lang, line),
            }
        })
        .collect();
    if !members.is_empty() {
        return members;
    }
    // An attribute or decorator on a definition.
    if added.iter().all(|l| l.trim_start().starts_with("#[") || l.trim_start().starts_with('@')) {
        let below = edit.hunk.after.end;
        if let Some(d) = outline
            .definitions()
            .iter()
            .find(|d| d.line == below && matches!(d.symbol.kind, SymbolKind::Method | SymbolKind::Function))
        {
            let line = file.text.lines().nth(d.line as usize).unwrap_or("");
            return vec![Pattern::AttributeOnSimilar {
                lines: edit.hunk.added.clone(),
                parent: d.parent.clone(),
                tail: signature_tail(line),
                definition: d.line,
            }];
        }
    }
    // The block the lines went into: the nearest line above with less indentation.
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = file.text.lines().collect();
    let first = edit.hunk.after.start as usize;
    let own = indent(added[0]);
    let Some(head) = (0..first).rev().find(|&i| !blank(lines[i]) && indent(lines[i]) < own) else {
        return Vec::new();
    };
    vec![Pattern::InsertInBlocks {
        lines: edit.hunk.added.clone(),
        head: head as u32,
        offset: (first - head) as u32,
    }]
}

/// What a signature returns: the text after its parameter list (`-> Self {`, `: string {`).
pub fn signature_tail(line: &str) -> String {
    line.rfind(')').map_or(String::new(), |p| line[p + 1..].split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A default value for a new field, from its declared type.
fn default_for(lang: Language, decl: &str) -> String {
    let ty = decl.split_once(':').map_or("", |(_, t)| t).trim().trim_end_matches([',', ';']).trim();
    match lang {
        Language::Rust => match ty {
            t if t.starts_with("Option<") => "None".into(),
            "bool" => "false".into(),
            "String" => "String::new()".into(),
            t if t.starts_with("Vec<") => "Vec::new()".into(),
            t if t.starts_with('u') || t.starts_with('i') || t.starts_with('f') => "0".into(),
            _ => "Default::default()".into(),
        },
        Language::Python => "None".into(),
        _ => {
            if decl.contains("?:") || ty.contains("null") || ty.contains("undefined") {
                "null".into()
            } else if ty.starts_with("number") {
                "0".into()
            } else if ty.starts_with("boolean") {
                "false".into()
            } else if ty.starts_with("string") {
                "\"\"".into()
            } else {
                "null".into()
            }
        }
    }
}

fn changed(lang: Language, file: &File, edit: &Edit) -> Vec<Pattern> {
    let old_text = edit.hunk.removed.join("\n");
    let new_text = edit.hunk.added.join("\n");
    if let Some(sig) = signature_change(lang, &old_text, &new_text) {
        return vec![sig];
    }
    let old = code_tokens(lang, &old_text);
    let new = code_tokens(lang, &new_text);
    let ops = token_ops(&old, &new);
    if ops.is_empty() {
        return Vec::new();
    }
    // One identifier for another, everywhere in the edit: a rename.
    let rename = ops.iter().all(|(o, n)| {
        o.len() == 1
            && n.len() == 1
            && old[o.start].kind == TokenKind::Ident
            && new[n.start].kind == TokenKind::Ident
    }) && ops.iter().all(|(o, n)| {
        old[o.start].text == old[ops[0].0.start].text && new[n.start].text == new[ops[0].1.start].text
    });
    if rename {
        let (o, n) = &ops[0];
        let old_name = old[o.start].text.clone();
        let local = local_scope(lang, file, edit, &old_name);
        return vec![Pattern::Rename { old: old_name, new: new[n.start].text.clone(), local }];
    }
    // A string's text changed.
    if ops.len() == 1 {
        let (o, n) = &ops[0];
        if o.len() == 1
            && n.len() == 1
            && old[o.start].kind == TokenKind::String
            && new[n.start].kind == TokenKind::String
        {
            let (a, b) = (&old[o.start].text, &new[n.start].text);
            let pre = common_prefix(a, b);
            let suf = common_suffix(&a[pre..], &b[pre..]);
            let at = if a.len() - pre - suf == 0 && suf <= 1 {
                StringPart::End
            } else if pre <= 1 && a.len() - pre - suf == 0 {
                StringPart::Start
            } else {
                StringPart::Middle
            };
            let line_toks: Vec<Tok> = old.iter().filter(|t| t.line == old[o.start].line).cloned().collect();
            return vec![Pattern::StringEdit {
                old_mid: a[pre..a.len() - suf].to_string(),
                new_mid: b[pre..b.len() - suf].to_string(),
                at,
                shape: shape(&line_toks),
                lead: a.chars().nth(1).unwrap_or(' '),
            }];
        }
    }
    // Any other single token edit, kept with its context.
    if ops.len() == 1
        || ops.iter().all(|(o, n)| {
            tok_texts(&old, o) == tok_texts(&old, &ops[0].0)
                && tok_texts(&new, n) == tok_texts(&new, &ops[0].1)
        })
    {
        let (o, n) = &ops[0];
        let left = old[o.start.saturating_sub(2)..o.start].iter().map(|t| t.text.clone()).collect();
        let right = old[o.end..(o.end + 1).min(old.len())].iter().map(|t| t.text.clone()).collect();
        let new_text = if n.is_empty() {
            String::new()
        } else {
            new_text[new[n.start].start..new[n.end - 1].end()].to_string()
        };
        return vec![Pattern::TokenEdit {
            left,
            old: tok_texts(&old, o),
            new: tok_texts(&new, n),
            right,
            new_text,
        }];
    }
    Vec::new()
}

fn tok_texts(toks: &[Tok], r: &std::ops::Range<usize>) -> Vec<String> {
    toks[r.clone()].iter().map(|t| t.text.clone()).collect()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// The token edits between two token lists: (old range, new range) per differing stretch.
pub fn token_ops(old: &[Tok], new: &[Tok]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    use imara_diff::{Algorithm, Diff, InternedInput};
    let mut input = InternedInput::default();
    input.update_before(old.iter().map(|t| t.text.as_str()));
    input.update_after(new.iter().map(|t| t.text.as_str()));
    let diff = Diff::compute(Algorithm::Myers, &input);
    diff.hunks()
        .map(|h| {
            (h.before.start as usize..h.before.end as usize, h.after.start as usize..h.after.end as usize)
        })
        .collect()
}

/// When `name` is not defined anywhere in the file (a local variable or parameter), the byte
/// range of the definition enclosing the edit: the rename stays inside it.
fn local_scope(lang: Language, file: &File, edit: &Edit, name: &str) -> Option<(usize, usize)> {
    // The old name's definition is in the baseline: the edit may have been that very definition.
    if Outline::new(lang, &edit.baseline).definitions().iter().any(|d| d.symbol.name == name) {
        return None;
    }
    let outline = Outline::new(lang, &file.text);
    let d = outline.enclosing(edit.hunk.after.start)?;
    let starts = super::history::line_starts(&file.text);
    let at = |l: u32| starts.get(l as usize).copied().unwrap_or(file.text.len());
    Some((at(d.line), at(d.end)))
}

/// A function definition whose parameter list changed: which positions went, which came.
fn signature_change(lang: Language, old: &str, new: &str) -> Option<Pattern> {
    let (name_a, params_a) = definition_params(lang, old)?;
    let (name_b, params_b) = definition_params(lang, new)?;
    if name_a != name_b || params_a == params_b {
        return None;
    }
    let key = |p: &str| param_name(p);
    let names_a: Vec<String> = params_a.iter().map(|p| key(p)).collect();
    let names_b: Vec<String> = params_b.iter().map(|p| key(p)).collect();
    let removed: Vec<usize> =
        names_a.iter().enumerate().filter(|(_, n)| !names_b.contains(n)).map(|(i, _)| i).collect();
    let added: Vec<(usize, String)> = names_b
        .iter()
        .enumerate()
        .filter(|(_, n)| !names_a.contains(n))
        .map(|(i, n)| (i, n.clone()))
        .collect();
    if removed.is_empty() && added.is_empty() {
        return None;
    }
    let method = names_a.first().is_some_and(|n| n == "self" || n == "this");
    Some(Pattern::SignatureChange { function: name_a, removed, added, method })
}

/// `fn name(a: T, b: U)` / `def name(a, b)` / `function name(a, b)` / `name(a: T): R {` → the
/// name and the parameter texts.
pub fn definition_params(lang: Language, text: &str) -> Option<(String, Vec<String>)> {
    let toks = code_tokens(lang, text);
    let kw = toks.iter().position(|t| matches!(t.text.as_str(), "fn" | "def" | "function"))?;
    let name = toks.get(kw + 1).filter(|t| t.kind == TokenKind::Ident)?;
    let open = toks[kw + 2..].iter().position(|t| t.text == "(")? + kw + 2;
    let args = split_args(text, toks[open].start)?;
    Some((
        name.text.clone(),
        args.into_iter().map(|(s, e)| text[s..e].trim().to_string()).filter(|a| !a.is_empty()).collect(),
    ))
}

/// A parameter's name: `mut x: T` → x, `&self` → self, `x=1` → x, `...rest` → rest.
pub fn param_name(p: &str) -> String {
    let p = p.trim().trim_start_matches('&').trim_start_matches("mut ").trim_start_matches("...");
    let end = p.find([':', '=', ' ', '?']).unwrap_or(p.len());
    p[..end].trim().to_string()
}

/// The argument spans (byte ranges, trimmed of nothing) of the bracket list opening at `open`
/// (a `(`): split at top-level commas, strings and nested brackets respected.
pub fn split_args(text: &str, open: usize) -> Option<Vec<(usize, usize)>> {
    let bytes = text.as_bytes();
    if bytes.get(open) != Some(&b'(') {
        return None;
    }
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut out = Vec::new();
    let mut start = open + 1;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
        } else {
            match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        if !text[start..i].trim().is_empty() {
                            out.push((start, i));
                        }
                        return Some(out);
                    }
                }
                b',' if depth == 1 => {
                    out.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::history::edits_between;

    fn infer_one(path: &str, before: &str, after: &str) -> Vec<Pattern> {
        let edits = edits_between(path, before, after);
        assert_eq!(edits.len(), 1, "{edits:#?}");
        infer(&File { path: path.into(), text: after.into() }, &edits[0])
    }

    #[test]
    fn a_renamed_identifier_is_a_rename() {
        let p =
            infer_one("a.rs", "pub fn area(w: u32) -> u32 { w }\n", "pub fn surface(w: u32) -> u32 { w }\n");
        assert_eq!(p, vec![Pattern::Rename { old: "area".into(), new: "surface".into(), local: None }]);
    }

    #[test]
    fn a_local_rename_stays_in_its_function() {
        let before = "fn a() {\n    let n = 1;\n    n + 1\n}\nfn b() {\n    let n = 2;\n}\n";
        let after = before.replacen("let n = 1", "let count = 1", 1);
        let p = infer_one("a.rs", before, &after);
        let Pattern::Rename { local: Some((s, e)), .. } = &p[0] else { panic!("{p:?}") };
        assert_eq!(&after[*s..*e], "fn a() {\n    let count = 1;\n    n + 1\n}\n");
    }

    #[test]
    fn deleted_field_is_a_removed_member() {
        let before = "struct S {\n    a: u32,\n    b: u32,\n}\n";
        let p = infer_one("a.rs", before, "struct S {\n    a: u32,\n}\n");
        assert_eq!(p, vec![Pattern::RemoveMember { name: "b".into(), owner: Some("S".into()) }]);
    }

    #[test]
    fn deleted_statement_is_matched_by_its_signature() {
        let before = "fn f() {\n    println!(\"debug: {}\", x);\n    go();\n}\n";
        let p = infer_one("a.rs", before, "fn f() {\n    go();\n}\n");
        assert_eq!(
            p,
            vec![Pattern::DeleteSimilar {
                signature: vec!["println!".into(), "(".into(), "\"debug:".into()]
            }]
        );
    }

    #[test]
    fn changed_parameters_are_a_signature_change() {
        let p = infer_one("a.py", "def f(a, b):\n    pass\n", "def f(a, b, c=None):\n    pass\n");
        assert_eq!(
            p,
            vec![Pattern::SignatureChange {
                function: "f".into(),
                removed: vec![],
                added: vec![(2, "c".into())],
                method: false
            }]
        );
    }

    #[test]
    fn string_suffix_is_a_string_edit() {
        let p = infer_one("a.ts", "x = t(\"user.name\");\n", "x = t(\"user.name.label\");\n");
        let Pattern::StringEdit { new_mid, at, .. } = &p[0] else { panic!("{p:?}") };
        assert_eq!((new_mid.as_str(), *at), (".label", StringPart::End));
    }

    #[test]
    fn other_token_edits_keep_their_context() {
        let p = infer_one("a.py", "r = get(url, timeout=30)\n", "r = get(url, timeout=60)\n");
        assert_eq!(
            p,
            vec![Pattern::TokenEdit {
                left: vec!["timeout".into(), "=".into()],
                old: vec!["30".into()],
                new: vec!["60".into()],
                right: vec![")".into()],
                new_text: "60".into()
            }]
        );
    }

    #[test]
    fn args_split_at_top_level_commas() {
        let t = "f(a, g(b, c), \"x,y\", [1, 2])";
        let spans = split_args(t, 1).unwrap();
        let args: Vec<&str> = spans.iter().map(|&(s, e)| t[s..e].trim()).collect();
        assert_eq!(args, vec!["a", "g(b, c)", "\"x,y\"", "[1, 2]"]);
        assert_eq!(split_args("f()", 1), Some(vec![]));
        assert_eq!(split_args("f(a", 1), None);
    }
}
