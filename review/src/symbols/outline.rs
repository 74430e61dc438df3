//! Shared pieces of the outline readers: the repaired token stream, bracket matching, and the
//! builder that settles extents, heads and test regions.

use std::borrow::Cow;
use std::ops::Range;

use crate::hunk::{Symbol, SymbolKind};
use crate::lang::Language;
use crate::lex::{self, Token, TokenKind};

use super::{Definition, Outline};

/// The lexer makes no progress on a `$` outside JavaScript (it starts a word it cannot continue),
/// and Rust macros are full of them: read each as a space, which keeps every offset and line.
pub(super) fn lexable(lang: Language, text: &str) -> Cow<'_, str> {
    if !lang.is_js_like() && text.contains('$') {
        Cow::Owned(text.replace('$', " "))
    } else {
        Cow::Borrowed(text)
    }
}

/// The lexer's tokens, except that a string or comment left open (one that runs over several lines
/// to the end of the text) keeps only its first line, and the lines after it are read as code
/// again: one quote typed mid-edit must not turn the rest of the file into a string. Repairs are
/// bounded, so that a text full of stray quotes stays linear.
pub(super) fn tokens<'a>(lang: Language, text: &'a str) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let (mut offset, mut line0) = (0usize, 0u32);
    for _ in 0..16 {
        let rest = &text[offset..];
        let toks = lex::lex(lang, rest);
        let open = toks.iter().position(|t| {
            matches!(t.kind, TokenKind::String | TokenKind::Comment)
                && t.start + t.text.len() == rest.len()
                && t.text.contains('\n')
                && !closed(t)
        });
        let shift = |t: &Token<'a>| shifted(t, offset, line0);
        let Some(k) = open else {
            out.extend(toks.iter().map(shift));
            return out;
        };
        out.extend(toks[..k].iter().map(shift));
        let t = toks[k];
        let first = t.text.find('\n').unwrap_or(t.text.len());
        out.push(Token { text: &t.text[..first], ..shift(&t) });
        offset += t.start + first + 1;
        line0 += t.line + 1;
        if offset > text.len() {
            return out;
        }
    }
    out.extend(lex::lex(lang, &text[offset..]).iter().map(|t| shifted(t, offset, line0)));
    out
}

/// A token of a text's tail, placed in the whole text.
fn shifted<'a>(t: &Token<'a>, offset: usize, line0: u32) -> Token<'a> {
    Token { line: t.line + line0, start: t.start + offset, ..*t }
}

/// Whether a multi-line string or comment token ends with its closing delimiter.
fn closed(t: &Token) -> bool {
    let text = t.text;
    match t.kind {
        TokenKind::Comment => text.len() >= 4 && text.ends_with("*/"),
        _ => {
            let quote = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let (open, close) = (quote.chars().next(), quote.chars().last());
            quote.len() >= 2 && (open == close || close == Some('#')) && !quote.ends_with("\\\"")
        }
    }
}

/// `Vec::pop_if`, which is newer than the workspace's minimum Rust.
pub(super) fn pop_if<T>(list: &mut Vec<T>, f: impl FnOnce(&mut T) -> bool) -> Option<T> {
    if f(list.last_mut()?) {
        list.pop()
    } else {
        None
    }
}

pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The line a token ends on (strings and comments may span lines).
pub(super) fn end_line(t: &Token) -> u32 {
    t.line.saturating_add(to_u32(t.text.bytes().filter(|&b| b == b'\n').count()))
}

/// For each token, whether it is the first one on its line.
pub(super) fn first_on_line(toks: &[Token]) -> Vec<bool> {
    let mut last: Option<u32> = None;
    toks.iter()
        .map(|t| {
            let first = last.is_none_or(|l| l < t.line);
            last = Some(end_line(t));
            first
        })
        .collect()
}

fn is_upper_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// A module-level value: UPPER_CASE names are constants, the rest variables.
pub(super) fn value_kind(name: &str) -> SymbolKind {
    if is_upper_name(name) {
        SymbolKind::Constant
    } else {
        SymbolKind::Variable
    }
}

/// The index of the bracket closing the one at `open`, looking at most `limit` tokens ahead; any
/// bracket kind counts, which is wrong only for code that is already broken.
pub(super) fn matching(toks: &[Token], open: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open).take(limit) {
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// The index of the bracket opening the one that closes at `close`, looking back at most `limit`.
pub(super) fn matching_back(toks: &[Token], close: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for j in (close.saturating_sub(limit)..=close).rev() {
        let t = toks.get(j)?;
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text {
            ")" | "]" | "}" => depth += 1,
            "(" | "[" | "{" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

pub(super) fn text_at<'t>(toks: &[Token<'t>], i: usize) -> Option<&'t str> {
    toks.get(i).map(|t| t.text)
}

pub(super) fn ident_at<'t>(toks: &[Token<'t>], i: usize) -> Option<&'t str> {
    toks.get(i).filter(|t| t.kind == TokenKind::Ident).map(|t| t.text)
}

pub(super) fn punct_at(toks: &[Token], i: usize, text: &str) -> bool {
    toks.get(i).is_some_and(|t| t.is_punct(text))
}

/// A definition as the readers find it, before extents are settled.
pub(super) struct Found {
    symbol: Symbol,
    parent: Option<String>,
    head: u32,
    line: u32,
    pub(super) end: Option<u32>,
    test: bool,
}

/// Collects what a reader finds and settles extents and test regions at the end.
pub(super) struct Builder {
    pub(super) found: Vec<Found>,
    pub(super) tests: Vec<Range<u32>>,
    /// Indentation of each line in columns; `None` for blank lines.
    indents: Vec<Option<u32>>,
    /// Whether each line starts with a closing bracket.
    closers: Vec<bool>,
    /// For each non-blank line, the next non-blank line indented no deeper.
    outdent: Vec<Option<u32>>,
}

impl Builder {
    pub(super) fn new(text: &str) -> Builder {
        let mut indents = Vec::new();
        let mut closers = Vec::new();
        for line in text.split('\n') {
            let rest = line.trim_start_matches([' ', '\t']);
            let mut col = 0u32;
            for c in line[..line.len() - rest.len()].chars() {
                col = if c == '\t' { (col / 4 + 1) * 4 } else { col + 1 };
            }
            let blank = rest.trim().is_empty();
            indents.push((!blank).then_some(col));
            closers.push(rest.starts_with(['}', ')', ']']));
        }
        // The next line indented no deeper, for every line at once: a stack of candidates from
        // the end, each popped when a line to its left is shallower.
        let mut outdent = vec![None; indents.len()];
        let mut candidates: Vec<usize> = Vec::new();
        for (line, indent) in indents.iter().enumerate().rev() {
            let Some(indent) = *indent else { continue };
            while candidates.last().is_some_and(|&c| indents[c].is_some_and(|i| i > indent)) {
                candidates.pop();
            }
            outdent[line] = candidates.last().map(|&c| to_u32(c));
            candidates.push(line);
        }
        Builder { found: Vec::new(), tests: Vec::new(), indents, closers, outdent }
    }

    fn lines(&self) -> u32 {
        to_u32(self.indents.len())
    }

    pub(super) fn indent(&self, line: u32) -> u32 {
        self.indents.get(line as usize).copied().flatten().unwrap_or(0)
    }

    pub(super) fn add(
        &mut self,
        name: &str,
        kind: SymbolKind,
        parent: Option<&str>,
        head: u32,
        line: u32,
        test: bool,
    ) -> usize {
        self.found.push(Found {
            symbol: Symbol { name: name.to_string(), kind },
            parent: parent.filter(|p| !p.is_empty()).map(str::to_string),
            head: head.min(line),
            line,
            end: None,
            test,
        });
        self.found.len() - 1
    }

    /// Sets a definition's end unless it already has one.
    pub(super) fn close(&mut self, def: usize, end: u32) {
        if let Some(f) = self.found.get_mut(def) {
            f.end.get_or_insert(end);
        }
    }

    /// Where a block opened on `line` ends when its brace never closes: before the next line that
    /// is indented no deeper, or after it when that line is a closing bracket.
    pub(super) fn fallback_end(&self, line: u32) -> u32 {
        match self.outdent.get(line as usize).copied().flatten() {
            Some(l) if self.closers.get(l as usize) == Some(&true) => l + 1,
            Some(l) => l,
            None => self.lines(),
        }
    }

    pub(super) fn finish(mut self) -> Outline {
        let lines = self.lines();
        for i in 0..self.found.len() {
            let f = &self.found[i];
            let end = match f.end {
                Some(end) => end,
                None => self.fallback_end(f.line),
            };
            let f = &mut self.found[i];
            f.end = Some(end.clamp(f.line + 1, lines.max(f.line + 1)));
        }
        self.found.sort_by_key(|f| f.line);
        // A definition ends, at the latest, where the next one at its indentation or lower
        // begins: unbalanced braces must not make it swallow the rest of the file. The open ones
        // form a stack of strictly increasing indentation.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..self.found.len() {
            let (line, head) = (self.found[i].line, self.found[i].head);
            let indent = self.indent(line);
            while let Some(&j) = open.last() {
                let prev = &self.found[j];
                if prev.line >= line || self.indent(prev.line) < indent {
                    break;
                }
                let cut = head.max(prev.line + 1);
                let prev = &mut self.found[j];
                prev.end = prev.end.map(|e| e.min(cut));
                open.pop();
            }
            open.push(i);
        }
        let mut tests: Vec<Range<u32>> = self
            .found
            .iter()
            .filter(|f| f.test)
            .map(|f| f.head..f.end.unwrap_or(f.line + 1))
            .chain(self.tests)
            .map(|r| r.start.min(lines)..r.end.min(lines))
            .filter(|r| !r.is_empty())
            .collect();
        tests.sort_by_key(|r| (r.start, r.end));
        let heads = self.found.iter().map(|f| f.head).collect();
        let defs = self
            .found
            .into_iter()
            .map(|f| Definition {
                end: f.end.unwrap_or(f.line + 1),
                symbol: f.symbol,
                line: f.line,
                parent: f.parent,
            })
            .collect();
        Outline { defs, heads, tests, lines }
    }
}

/// The run of comment and attribute lines right above an item: its head.
#[derive(Default)]
pub(super) struct Heads {
    start: Option<u32>,
    last: u32,
}

impl Heads {
    pub(super) fn note(&mut self, first: u32, last: u32) {
        if self.start.is_none() || first > self.last.saturating_add(1) {
            self.start = Some(first);
        }
        self.last = last;
    }

    /// The head of an item declared on `line`: the run's start when it reaches down to the item.
    pub(super) fn take(&mut self, line: u32) -> u32 {
        let head = match self.start {
            Some(s) if s <= line && self.last.saturating_add(1) >= line => s,
            _ => line,
        };
        self.start = None;
        head
    }

    pub(super) fn clear(&mut self) {
        self.start = None;
    }
}
