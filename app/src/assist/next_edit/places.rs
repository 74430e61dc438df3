//! Where a pattern applies, as proposals: each pattern's search over the workspace's files, the
//! merging of proposals on neighbouring lines into one step, and the review's risk rules on each.

use super::history::{line_starts, Edit};
use super::pattern::{code_tokens, on_line, shape, signature, signature_tail, Pattern, StringPart, Tok};
use super::{File, Kind, Proposal};
use marble_review::hunk::{Risk, SymbolKind};
use marble_review::lang::Language;
use marble_review::lex::TokenKind;
use marble_review::risk::{hunk_risks, HunkView};
use marble_review::symbols::Outline;

/// Lines of a text with their byte ranges (without the newline).
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines { text, starts: line_starts(text) }
    }
    pub(super) fn count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
    pub(super) fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }
    /// Start of the next line (after the newline).
    pub(super) fn end_with_newline(&self, line: usize) -> usize {
        self.start(line + 1)
    }
    pub(super) fn get(&self, line: usize) -> &'a str {
        let s = self.start(line);
        let e = self.start(line + 1);
        self.text[s..e].trim_end_matches('\n').trim_end_matches('\r')
    }
    pub(super) fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte).saturating_sub(1)
    }
}

pub(super) fn proposal(
    file: &File,
    start: usize,
    end: usize,
    replacement: String,
    kind: Kind,
    reason: String,
) -> Proposal {
    let lines = Lines::new(&file.text);
    Proposal {
        path: file.path.clone(),
        start,
        end,
        replacement,
        line: lines.line_of(start) as u32,
        kind,
        reason,
        risks: Vec::new(),
        score: 1.0,
    }
}

/// Deletes whole lines `from..to` of `file`.
pub(super) fn delete_lines(file: &File, from: usize, to: usize, kind: Kind, reason: &str) -> Proposal {
    let lines = Lines::new(&file.text);
    proposal(file, lines.start(from), lines.end_with_newline(to - 1), String::new(), kind, reason.to_string())
}

/// The byte range of the user's edit in the current text: places inside it are done already.
fn edited_range(edit: &Edit, active: &File) -> (usize, usize) {
    let lines = Lines::new(&active.text);
    let end_line = edit.hunk.after.end as usize;
    (edit.after_start_byte, lines.start(end_line))
}

fn inside(range: (usize, usize), at: usize) -> bool {
    range.0 <= at && at < range.1.max(range.0 + 1)
}

/// The places where `pattern` applies.
pub fn find(pattern: &Pattern, files: &[File], active: &str, edit: &Edit) -> Vec<Proposal> {
    let Some(active_file) = files.iter().find(|f| f.path == active) else { return Vec::new() };
    let done = edited_range(edit, active_file);
    let skip = |f: &File, at: usize| f.path == active && inside(done, at);
    match pattern {
        Pattern::Rename { old, new, local } => rename(files, active, old, new, *local, &skip),
        Pattern::TokenEdit { left, old, new, right, new_text } => {
            token_edit(files, active, left, old, new, right, new_text, &skip)
        }
        Pattern::StringEdit { old_mid, new_mid, at, shape: s, lead } => {
            string_edit(files, active, old_mid, new_mid, *at, s, *lead, &skip)
        }
        Pattern::DeleteSimilar { signature: sig } => delete_similar(active_file, sig),
        Pattern::RemoveMember { name, owner } => {
            super::members::remove_member(files, name, owner.as_deref(), &skip)
        }
        Pattern::AddMember { name, owner, default } => {
            super::members::add_member(files, name, owner.as_deref(), default)
        }
        Pattern::InsertInBlocks { lines, head, offset } => {
            insert_in_blocks(active_file, lines, *head, *offset)
        }
        Pattern::AttributeOnSimilar { lines, parent, tail, definition } => {
            attribute_on_similar(active_file, lines, parent.as_deref(), tail, *definition)
        }
        Pattern::SignatureChange { function, removed, added, method } => {
            super::calls::call_sites(files, function, removed, added, *method, &skip)
        }
    }
}

fn rename(
    files: &[File],
    active: &str,
    old: &str,
    new: &str,
    local: Option<(usize, usize)>,
    skip: &dyn Fn(&File, usize) -> bool,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    for f in files {
        if local.is_some() && f.path != active {
            continue;
        }
        let lang = Language::from_path(&f.path);
        for t in code_tokens(lang, &f.text) {
            if t.kind != TokenKind::Ident || t.text != old || skip(f, t.start) {
                continue;
            }
            if let Some(range) = local {
                if !inside(range, t.start) {
                    continue;
                }
            }
            out.push(proposal(
                f,
                t.start,
                t.end(),
                new.to_string(),
                Kind::Rename,
                format!("Same rename: `{old}` → `{new}`"),
            ));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn token_edit(
    files: &[File],
    active: &str,
    left: &[String],
    old: &[String],
    new: &[String],
    right: &[String],
    new_text: &str,
    skip: &dyn Fn(&File, usize) -> bool,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    let needle: Vec<&str> = left.iter().chain(old).chain(right).map(String::as_str).collect();
    if needle.is_empty() || old.is_empty() && new.is_empty() {
        return out;
    }
    // `?` needs a function that returns Result or Option; test code keeps its unwraps.
    let needs_fallible = new.iter().any(|t| t == "?") && !old.iter().any(|t| t == "?");
    let what = format!(
        "Same edit: `{}` → `{}`",
        old.join(""),
        if new_text.is_empty() { "(nothing)" } else { new_text }
    );
    for f in files {
        let lang = Language::from_path(&f.path);
        // Another file only when the edit is about names (a literal changed in one file says
        // nothing about another file's literals).
        if f.path != active && !old.iter().any(|t| t.chars().any(char::is_alphabetic)) {
            continue;
        }
        let toks = code_tokens(lang, &f.text);
        let outline = needs_fallible.then(|| Outline::new(lang, &f.text));
        let lines = Lines::new(&f.text);
        let mut i = 0;
        while i + needle.len() <= toks.len() {
            let window = &toks[i..i + needle.len()];
            if window.iter().zip(&needle).all(|(t, n)| t.text == *n) {
                let o = &window[left.len()..left.len() + old.len()];
                let at = o.first().map_or(window[left.len().saturating_sub(1)].end(), |t| t.start);
                let end = o.last().map_or(at, Tok::end);
                let ok = !skip(f, at)
                    && outline.as_ref().is_none_or(|ol| {
                        let line = lines.line_of(at) as u32;
                        !ol.in_test(line)
                            && ol.enclosing(line).is_some_and(|d| {
                                let head = lines.get(d.line as usize);
                                head.contains("Result") || head.contains("Option")
                            })
                    });
                if ok {
                    out.push(proposal(f, at, end, new_text.to_string(), Kind::SameLineChange, what.clone()));
                }
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn string_edit(
    files: &[File],
    active: &str,
    old_mid: &str,
    new_mid: &str,
    at: StringPart,
    line_shape: &[String],
    lead: char,
    skip: &dyn Fn(&File, usize) -> bool,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    let same_class = |c: char| (c.is_alphanumeric() == lead.is_alphanumeric()) && (lead != '.' || c == '.');
    for f in files.iter().filter(|f| f.path == active) {
        let lang = Language::from_path(&f.path);
        let toks = code_tokens(lang, &f.text);
        let lines = Lines::new(&f.text);
        for l in 0..lines.count() {
            let line_toks: Vec<Tok> = toks[on_line(&toks, l)].to_vec();
            if shape(&line_toks) != line_shape {
                continue;
            }
            for t in line_toks.iter().filter(|t| t.kind == TokenKind::String) {
                if skip(f, t.start) || t.text.len() < 2 {
                    continue;
                }
                let body = &t.text[1..t.text.len() - 1];
                if !body.chars().next().is_some_and(same_class) {
                    continue;
                }
                let (pos, len) = match at {
                    StringPart::End if !body.ends_with(new_mid) => (t.end() - 1, 0),
                    StringPart::Start if !body.starts_with(new_mid) => (t.start + 1, 0),
                    StringPart::Middle if !old_mid.is_empty() => match body.find(old_mid) {
                        Some(p) => (t.start + 1 + p, old_mid.len()),
                        None => continue,
                    },
                    _ => continue,
                };
                out.push(proposal(
                    f,
                    pos,
                    pos + len,
                    new_mid.to_string(),
                    Kind::SameLineChange,
                    format!("Same change to a similar string: `{}` → `{}`", old_mid, new_mid),
                ));
            }
        }
    }
    out
}

fn delete_similar(file: &File, sig: &[String]) -> Vec<Proposal> {
    let lang = Language::from_path(&file.path);
    let toks = code_tokens(lang, &file.text);
    let lines = Lines::new(&file.text);
    let mut out = Vec::new();
    for l in 0..lines.count() {
        let line_toks: Vec<Tok> = toks[on_line(&toks, l)].to_vec();
        // A look-alike is a whole statement on its own line.
        if line_toks.is_empty() || signature(&line_toks) != sig {
            continue;
        }
        let last = line_toks.last().map(|t| t.text.as_str());
        let complete = match lang {
            Language::Python => true,
            _ => matches!(last, Some(";" | ")")),
        };
        if complete {
            out.push(delete_lines(
                file,
                l,
                l + 1,
                Kind::DeleteSimilar,
                &format!("Delete this one too: `{}`", lines.get(l).trim()),
            ));
        }
    }
    out
}

fn attribute_on_similar(
    file: &File,
    attrs: &[String],
    parent: Option<&str>,
    tail: &str,
    definition: u32,
) -> Vec<Proposal> {
    let lang = Language::from_path(&file.path);
    let outline = Outline::new(lang, &file.text);
    let lines = Lines::new(&file.text);
    let mut out = Vec::new();
    for d in outline.definitions() {
        if d.line == definition
            || d.parent.as_deref() != parent
            || !matches!(d.symbol.kind, SymbolKind::Method | SymbolKind::Function)
        {
            continue;
        }
        let l = d.line as usize;
        if signature_tail(lines.get(l)) != tail {
            continue;
        }
        // Not twice: the attribute may be there already, among the lines above.
        let above: Vec<&str> = (l.saturating_sub(attrs.len() + 3)..l).map(|k| lines.get(k).trim()).collect();
        if attrs.iter().all(|a| above.contains(&a.trim())) {
            continue;
        }
        let at = lines.start(l);
        let text: String = attrs.iter().map(|a| format!("{a}\n")).collect();
        out.push(proposal(
            file,
            at,
            at,
            text,
            Kind::InsertInSimilarBlocks,
            format!("The same `{}` on this similar definition", attrs[0].trim()),
        ));
    }
    out
}

fn insert_in_blocks(file: &File, inserted: &[String], head: u32, offset: u32) -> Vec<Proposal> {
    let lines = Lines::new(&file.text);
    let indent = |l: &str| l.len() - l.trim_start().len();
    let head = head as usize;
    let head_text = lines.get(head);
    let hi = indent(head_text);
    let lang = Language::from_path(&file.path);
    let head_toks = code_tokens(lang, head_text);
    let head_shape: Vec<String> = head_toks.iter().take(1).map(|t| t.text.clone()).collect();
    let ends_like = head_text.trim_end().chars().last();
    // Siblings: lines at the head's indentation inside the same parent, shaped like the head.
    let parent_end = (head + 1..lines.count())
        .find(|&l| !lines.get(l).trim().is_empty() && indent(lines.get(l)) < hi)
        .unwrap_or(lines.count());
    let parent_start = (0..head)
        .rev()
        .find(|&l| !lines.get(l).trim().is_empty() && indent(lines.get(l)) < hi)
        .map_or(0, |l| l + 1);
    let mut out = Vec::new();
    for s in parent_start..parent_end {
        let st = lines.get(s);
        if s == head || st.trim().is_empty() || indent(st) != hi {
            continue;
        }
        let s_toks = code_tokens(lang, st);
        let first = s_toks.first().map(|t| t.text.clone());
        // `elif`/`else if`/`case` heads match each other; `else`/`default` only if the head was.
        let alike = match (head_shape.first().map(String::as_str), first.as_deref()) {
            (Some("if" | "elif"), Some("elif")) => true,
            // `case "add": {` and `case "toggle":` are alike whatever their braces.
            (Some("case"), Some("case")) => true,
            (Some(a), Some(b)) => {
                a == b && !matches!(b, "else" | "default") && st.trim_end().chars().last() == ends_like
            }
            _ => false,
        };
        if !alike {
            continue;
        }
        // Substitutions: the tokens where the two heads differ.
        let mut subst: Vec<(String, String)> = Vec::new();
        if s_toks.len() == head_toks.len() {
            for (a, b) in head_toks.iter().zip(&s_toks) {
                if a.text != b.text {
                    let strip = |t: &str| t.trim_matches(|c| c == '"' || c == '\'' || c == '`').to_string();
                    subst.push((strip(&a.text), strip(&b.text)));
                }
            }
        } else {
            // Different arity (`Deposit(amount)` vs `Freeze`): the first differing identifier.
            if let (Some(a), Some(b)) = (
                head_toks.iter().zip(&s_toks).find(|(a, b)| a.text != b.text).map(|(a, _)| a.text.clone()),
                head_toks.iter().zip(&s_toks).find(|(a, b)| a.text != b.text).map(|(_, b)| b.text.clone()),
            ) {
                let strip = |t: &str| t.trim_matches(|c| c == '"' || c == '\'' || c == '`').to_string();
                subst.push((strip(&a), strip(&b)));
            }
        }
        let bound_in_head: Vec<&str> =
            head_toks.iter().filter(|t| t.kind == TokenKind::Ident).map(|t| t.text.as_str()).collect();
        let bound_in_sibling: Vec<&str> =
            s_toks.iter().filter(|t| t.kind == TokenKind::Ident).map(|t| t.text.as_str()).collect();
        let adapted: Vec<String> = inserted
            .iter()
            .map(|l| {
                let mut l = l.clone();
                for (a, b) in &subst {
                    l = replace_word_any_case(&l, a, b);
                }
                // A value the head binds and the sibling doesn't: drop it and its placeholder.
                let unbound: Vec<&str> = bound_in_head
                    .iter()
                    .copied()
                    .filter(|n| !bound_in_sibling.contains(n) && l.contains(&format!(", {n}")))
                    .collect();
                for name in unbound {
                    l = l.replace(&format!(", {name}"), "");
                    for ph in [" {}", " {:?}", "{}", "{:?}"] {
                        if let Some(p) = l.find(ph) {
                            l.replace_range(p..p + ph.len(), "");
                            break;
                        }
                    }
                }
                l
            })
            .collect();
        let at_line = s + offset as usize;
        if at_line > lines.count() {
            continue;
        }
        // Already there (the user did this one too).
        if adapted.iter().all(|a| (s + 1..at_line + 1).any(|k| lines.get(k).trim() == a.trim())) {
            continue;
        }
        let at = lines.start(at_line);
        let text: String = adapted.iter().map(|l| format!("{l}\n")).collect();
        out.push(proposal(
            file,
            at,
            at,
            text,
            Kind::InsertInSimilarBlocks,
            "The same line in this similar block".into(),
        ));
    }
    out
}

/// Replaces whole-word `from` by `to`, also in lower and upper case (`Deposit` → `Withdraw`
/// turns "deposit" into "withdraw").
fn replace_word_any_case(line: &str, from: &str, to: &str) -> String {
    let mut out = line.to_string();
    for (a, b) in [
        (from.to_string(), to.to_string()),
        (from.to_lowercase(), to.to_lowercase()),
        (from.to_uppercase(), to.to_uppercase()),
    ] {
        if a.is_empty() {
            continue;
        }
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(p) = rest.find(&a) {
            let before_ok = !rest[..p].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after_ok =
                !rest[p + a.len()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
            result.push_str(&rest[..p]);
            result.push_str(if before_ok && after_ok { &b } else { &a });
            rest = &rest[p + a.len()..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// Proposals on neighbouring lines of one file (fewer than 2 lines apart) become one step, as a
/// reader sees them: one place.
pub fn merge_adjacent(mut proposals: Vec<Proposal>, files: &[File]) -> Vec<Proposal> {
    proposals.sort_by(|a, b| (a.path.as_str(), a.start, a.end).cmp(&(b.path.as_str(), b.start, b.end)));
    let mut out: Vec<Proposal> = Vec::new();
    for p in proposals {
        let Some(file) = files.iter().find(|f| f.path == p.path) else { continue };
        let lines = Lines::new(&file.text);
        if let Some(last) = out.last_mut() {
            let last_end_line = lines.line_of(last.end.saturating_sub(1).max(last.start));
            let this_line = lines.line_of(p.start);
            if last.path == p.path
                && p.start >= last.end
                && this_line <= last_end_line + 2
                && last.kind == p.kind
            {
                last.replacement =
                    format!("{}{}{}", last.replacement, &file.text[last.end..p.start], p.replacement);
                last.end = p.end;
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// The review's risk rules on the proposed change.
pub fn risks_of(p: &Proposal, files: &[File]) -> Vec<Risk> {
    let Some(file) = files.iter().find(|f| f.path == p.path) else { return Vec::new() };
    let lines = Lines::new(&file.text);
    let (a, b) = (lines.line_of(p.start), lines.line_of(p.end.saturating_sub(1).max(p.start)));
    let (s, e) = (lines.start(a), lines.end_with_newline(b).max(p.end));
    let old = &file.text[s..e];
    let new = format!("{}{}{}", &file.text[s..p.start], p.replacement, &file.text[p.end..e]);
    let removed: Vec<&str> = old.lines().collect();
    let added: Vec<&str> = new.lines().collect();
    let lang = Language::from_path(&p.path);
    let outline = Outline::new(lang, &file.text);
    hunk_risks(&HunkView {
        lang,
        path: &p.path,
        removed: &removed,
        added: &added,
        in_test: outline.in_test(a as u32),
    })
}
