//! The names each hunk of a change defines, changes, removes and uses, the definition it sits in,
//! and whether it is test code, for Rust, Python and JavaScript/TypeScript.
//!
//! It is heuristic on purpose: the review reads code mid-edit (unbalanced braces, half-typed lines,
//! unterminated strings) and must answer for a whole change in milliseconds, so nothing here
//! parses. An [`Outline`] is read once per side of a file from the forgiving lexer's tokens: the
//! brace languages follow a stack of open brackets and repair it with indentation where the braces
//! do not balance; Python follows indentation blocks. [`hunk_symbols`] then places a hunk in the two
//! outlines by line number and reads the names it uses from its own lines. A wrong guess costs a
//! reading order or a badge, so every range is clamped and nothing indexes unchecked.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use serde::Serialize;

use crate::hunk::{Symbol, SymbolKind, Symbols};
use crate::lang::Language;
use crate::lex::{self, Token, TokenKind};

/// One thing a file declares, with the lines it spans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub symbol: Symbol,
    /// 0-based line of the declaration: its first keyword or modifier (`pub`, `export`, `async`),
    /// below its attributes, decorators and doc comments.
    pub line: u32,
    /// One past its last line: the closing brace's line for the brace languages, the end of the
    /// indented block for Python, the statement's end for constants, fields and variants.
    pub end: u32,
    /// The type, trait, class, interface, enum or Rust module it is a member of; `None` at the top
    /// level and for functions nested in functions.
    pub parent: Option<String>,
}

/// Per-file facts computed once per side (before text, after text) and reused for every hunk of the
/// file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Sorted by line.
    defs: Vec<Definition>,
    /// Parallel to `defs`: the first line of the doc comments, attributes or decorators right above
    /// each definition (its own line when there are none), so that editing those changes it.
    heads: Vec<u32>,
    /// Line ranges of test code.
    tests: Vec<Range<u32>>,
    /// Lines in the text, counted as the lexer counts them (`split('\n')`).
    lines: u32,
}

impl Outline {
    /// Reads `text`; any text is fine, complete or not. `Language::Other` has no definitions.
    pub fn new(lang: Language, text: &str) -> Outline {
        let text = lexable(lang, text);
        let mut b = Builder::new(&text);
        match lang {
            Language::Rust => Scan::default().rust(&text, &mut b),
            Language::JavaScript | Language::TypeScript => Scan::default().js(lang, &text, &mut b),
            Language::Python => Python::default().run(&text, &mut b),
            Language::Other => {}
        }
        b.finish()
    }

    /// Definitions found in the text, by line, each with the 0-based line where it is declared and
    /// its extent: for brace languages until the matching close brace, for Python the indented
    /// block; when braces do not balance, the indentation decides, and no extent runs past the
    /// next definition at the same or a lower indentation.
    pub fn definitions(&self) -> &[Definition] {
        &self.defs
    }

    /// The innermost definition whose extent contains `line`.
    pub fn enclosing(&self, line: u32) -> Option<&Definition> {
        self.defs.iter().filter(|d| d.line <= line && line < d.end).max_by_key(|d| (d.line, Reverse(d.end)))
    }

    /// Whether `line` is inside test code: a `#[cfg(test)]` module or `#[test]` function, a Python
    /// `test_*` function, `Test*` class or pytest fixture, a JS `describe`/`it`/`test` call.
    pub fn in_test(&self, line: u32) -> bool {
        self.tests.iter().any(|r| r.contains(&line))
    }
}

/// The names one hunk touches. `before`/`after` are the outlines of the file's two versions (for an
/// added file `before` is `Outline::new(lang, "")`), `before_lines`/`after_lines` the hunk's line
/// ranges in each, and `removed`/`added` the hunk's line texts.
///
/// - `defines`/`removes`: declared on the added (removed) lines with no declaration of the same
///   name and kind on the other side; in declaration order.
/// - `changes`: declared on both sides (a signature edit), the `scope`, a definition whose body
///   ends inside the hunk, and one whose doc comment, attributes or decorators the hunk edits;
///   never a symbol that is also defined or removed.
/// - `scope`: the innermost definition whose body holds the whole hunk, in the new text, or in the
///   old one when the hunk only deletes.
/// - `uses`: identifiers in the added code (comments and strings skipped, Rust attributes too),
///   macros without their `!`, minus keywords, one-letter names, each language's common names
///   (and the members of common namespaces: `Vec::new`, `JSON.parse`, `os.path`), the hunk's own
///   declarations and the names its lines bind locally (`let`, parameters, loop variables,
///   assignment targets). Imports stay uses. `drops`: the same read of the removed lines, less
///   every name the added lines still mention.
/// - `in_test`: the hunk's lines meet test code in the outline of the side it is placed in; a
///   test the added lines declare counts.
///
/// When a range does not fit its outline (a caller's mismatch), that side is read from the hunk's
/// own lines instead, which loses parents and enclosing scopes but not the names. `Other`
/// languages get empty symbols.
pub fn hunk_symbols(
    lang: Language,
    before: &Outline,
    after: &Outline,
    before_lines: Range<u32>,
    after_lines: Range<u32>,
    removed: &[&str],
    added: &[&str],
) -> Symbols {
    if lang == Language::Other {
        return Symbols::default();
    }
    let new = View::new(lang, after, after_lines, added);
    let old = View::new(lang, before, before_lines, removed);
    let key = |d: &&Definition| (d.symbol.name.clone(), d.symbol.kind);
    let new_decl: Vec<&Definition> = new.declared().collect();
    let old_decl: Vec<&Definition> = old.declared().collect();
    let new_keys: HashSet<_> = new_decl.iter().map(key).collect();
    let old_keys: HashSet<_> = old_decl.iter().map(key).collect();

    let mut out = Symbols::default();
    for d in &new_decl {
        if !old_keys.contains(&key(d)) {
            push_unique(&mut out.defines, &d.symbol);
        }
    }
    for d in &old_decl {
        if !new_keys.contains(&key(d)) {
            push_unique(&mut out.removes, &d.symbol);
        }
    }
    // A hunk that only deletes lines is placed in the old text; everything else in the new one.
    let primary = if new.range.is_empty() && !old.range.is_empty() { &old } else { &new };
    let scope = primary.scope();
    let changed = new_decl
        .iter()
        .copied()
        .filter(|d| old_keys.contains(&key(d)))
        .chain(scope)
        .chain(new.touched())
        .chain(old.touched());
    for d in changed {
        if !out.defines.contains(&d.symbol) && !out.removes.contains(&d.symbol) {
            push_unique(&mut out.changes, &d.symbol);
        }
    }
    out.scope = scope.map(|d| d.symbol.clone());
    out.in_test = primary.in_test();

    let new_names = names(lang, added);
    let old_names = names(lang, removed);
    let new_own: HashSet<&str> = new_decl.iter().map(|d| d.symbol.name.as_str()).collect();
    let old_own: HashSet<&str> = old_decl.iter().map(|d| d.symbol.name.as_str()).collect();
    out.uses = new_names
        .uses
        .iter()
        .filter(|n| !new_own.contains(n.as_str()) && !new_names.locals.contains(*n))
        .cloned()
        .collect();
    out.drops = old_names
        .uses
        .iter()
        .filter(|n| {
            !old_own.contains(n.as_str()) && !old_names.locals.contains(*n) && !new_names.all.contains(*n)
        })
        .cloned()
        .collect();
    let (imports, exports) = imports_and_exports(lang, added);
    out.imports = imports;
    out.exports = exports;
    out
}

/// The names that import lines among `lines` bring into scope, and those that export lists
/// name. Token based, statement by statement: `use a::{b, c as d};` → b, d; `from m import x as
/// y` → y; `import m.n` → m; `import X, { a, b as c } from "m"` → X, a, c;
/// `const { a } = require("m")` → a; `module.exports = { a, b }`, `export { a }`, `pub use m::a`,
/// `__all__ = ["a"]` export a (and b).
fn imports_and_exports(lang: Language, lines: &[&str]) -> (Vec<String>, Vec<String>) {
    let text = lines.join("\n");
    let toks: Vec<Token> =
        crate::lex::lex(lang, &text).into_iter().filter(|t| t.kind != TokenKind::Comment).collect();
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    let add = |list: &mut Vec<String>, name: &str| {
        if !name.is_empty() && name != "*" && name != "self" && !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    };
    // The end of the statement starting at `i`: a `;` at depth 0, or the end of the line for
    // Python (and for JS without semicolons, unless a bracket is open).
    let end_of = |i: usize| -> usize {
        let mut depth = 0i32;
        let line = toks[i].line;
        for (j, t) in toks.iter().enumerate().skip(i) {
            if depth <= 0 && t.line > line && t.line > toks[j - 1].line {
                return j;
            }
            match t.text {
                "(" | "[" | "{" if t.kind == TokenKind::Punct => depth += 1,
                ")" | "]" | "}" if t.kind == TokenKind::Punct => depth -= 1,
                ";" if depth <= 0 && t.kind == TokenKind::Punct => return j + 1,
                _ => {}
            }
        }
        toks.len()
    };
    // Bound names in toks[a..b]: identifiers after which comes `,`, `}`, `)` or the end, with
    // `x as y` binding y (and `x: y` in JS destructuring binding y).
    let bound = |a: usize, b: usize, out: &mut Vec<String>, skip_after: &[&str]| {
        let mut j = a;
        while j < b {
            let t = &toks[j];
            let next = toks.get(j + 1).filter(|_| j + 1 < b).map(|n| n.text);
            let prev = j.checked_sub(1).map(|p| toks[p].text);
            if t.kind == TokenKind::Ident
                && !prev.is_some_and(|p| skip_after.contains(&p))
                && matches!(next, None | Some("," | "}" | ")" | ";"))
            {
                add(out, t.text);
            }
            j += 1;
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        // Only statements that import or export are measured: measuring every token's statement
        // would be quadratic on one long line.
        let starts = match (lang, t.text) {
            (Language::Rust, "use") | (Language::Python, "import" | "__all__") => true,
            (l, "import" | "const" | "let" | "var" | "export" | "module") => l.is_js_like(),
            _ => false,
        };
        if !starts {
            i += 1;
            continue;
        }
        let end = end_of(i).max(i + 1);
        match (lang, t.text) {
            (Language::Rust, "use") if t.kind == TokenKind::Keyword => {
                let public = i > 0 && toks[i - 1].text == "pub";
                let mut names = Vec::new();
                bound(i + 1, end, &mut names, &[]);
                for n in &names {
                    add(&mut imports, n);
                    if public {
                        add(&mut exports, n);
                    }
                }
                i = end;
                continue;
            }
            (Language::Python, "import") if t.kind == TokenKind::Keyword => {
                let from = toks[..i].iter().rev().take_while(|p| p.line == t.line).any(|p| p.text == "from");
                if from {
                    let mut names = Vec::new();
                    bound(i + 1, end, &mut names, &[]);
                    names.iter().for_each(|n| add(&mut imports, n));
                } else {
                    // `import a.b.c` binds a; `import a.b as c` binds c.
                    let mut j = i + 1;
                    while j < end {
                        if toks[j].kind == TokenKind::Ident && (j == i + 1 || toks[j - 1].text == ",") {
                            let mut k = j;
                            while k + 2 < end && toks[k + 1].text == "." {
                                k += 2;
                            }
                            if toks.get(k + 1).is_some_and(|n| n.text == "as") && k + 2 < end {
                                add(&mut imports, toks[k + 2].text);
                                j = k + 3;
                                continue;
                            }
                            add(&mut imports, toks[j].text);
                            j = k + 1;
                            continue;
                        }
                        j += 1;
                    }
                }
                i = end;
                continue;
            }
            (Language::Python, "__all__") => {
                for s in &toks[i..end] {
                    if s.kind == TokenKind::String {
                        add(&mut exports, s.text.trim_matches(|c| c == '"' || c == '\''));
                    }
                }
                i = end;
                continue;
            }
            (l, "import")
                if l.is_js_like()
                    && t.kind == TokenKind::Keyword
                    && toks.get(i + 1).is_some_and(|n| n.text != "(") =>
            {
                let stop = toks[i..end].iter().position(|x| x.text == "from").map_or(end, |p| i + p);
                let mut names = Vec::new();
                bound(i + 1, stop, &mut names, &["as"]);
                // `import * as ns` and `x as y`: the alias is the binding.
                for w in toks[i..stop].windows(2) {
                    if w[0].text == "as" && w[1].kind == TokenKind::Ident {
                        add(&mut names, w[1].text);
                    }
                }
                names.iter().for_each(|n| add(&mut imports, n));
                i = end;
                continue;
            }
            (l, "const" | "let" | "var") if l.is_js_like() && js_imports(&toks, i) => {
                let eq = toks[i..end].iter().position(|x| x.text == "=").map_or(end, |p| i + p);
                let mut names = Vec::new();
                bound(i + 1, eq, &mut names, &[]);
                if let Some(n) = toks.get(i + 1).filter(|n| n.kind == TokenKind::Ident) {
                    add(&mut names, n.text);
                }
                names.iter().for_each(|n| add(&mut imports, n));
                i = end;
                continue;
            }
            (l, "export") if l.is_js_like() && toks.get(i + 1).is_some_and(|n| n.text == "{") => {
                let mut names = Vec::new();
                bound(i + 1, end, &mut names, &["as"]);
                names.iter().for_each(|n| add(&mut exports, n));
                i = end;
                continue;
            }
            (l, "module")
                if l.is_js_like()
                    && toks.get(i + 1).is_some_and(|n| n.text == ".")
                    && toks.get(i + 2).is_some_and(|n| n.text == "exports") =>
            {
                if toks.get(i + 3).is_some_and(|n| n.text == "=")
                    && toks.get(i + 4).is_some_and(|n| n.text == "{")
                {
                    // `{ a, b: c }` exports a and b (the key), and names used as values.
                    let close = matching(&toks, i + 4, 4096).unwrap_or(end);
                    for j in i + 5..close {
                        let x = &toks[j];
                        let next = toks.get(j + 1).map(|n| n.text);
                        if x.kind == TokenKind::Ident && matches!(next, Some("," | "}" | ":" | "(")) {
                            add(&mut exports, x.text);
                        }
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (imports, exports)
}

fn push_unique(list: &mut Vec<Symbol>, symbol: &Symbol) {
    if !list.contains(symbol) {
        list.push(symbol.clone());
    }
}

/// One side of a hunk: an outline and the hunk's (clamped) lines in it.
struct View<'a> {
    outline: Cow<'a, Outline>,
    range: Range<u32>,
}

impl<'a> View<'a> {
    fn new(lang: Language, outline: &'a Outline, range: Range<u32>, lines: &[&str]) -> View<'a> {
        let fits = range.start <= range.end && range.end <= outline.lines;
        if !fits && !lines.is_empty() {
            let own = Outline::new(lang, &lines.join("\n"));
            let end = own.lines.min(to_u32(lines.len()));
            return View { outline: Cow::Owned(own), range: 0..end };
        }
        let start = range.start.min(outline.lines);
        let end = range.end.clamp(start, outline.lines);
        View { outline: Cow::Borrowed(outline), range: start..end }
    }

    /// Definitions declared on the hunk's lines.
    fn declared(&self) -> impl Iterator<Item = &Definition> {
        self.outline.defs.iter().filter(|d| self.range.contains(&d.line))
    }

    /// The innermost definition whose body holds the whole hunk (declared above it).
    fn scope(&self) -> Option<&Definition> {
        let r = &self.range;
        self.outline
            .defs
            .iter()
            .filter(|d| d.line < r.start && if r.is_empty() { r.start < d.end } else { r.end <= d.end })
            .max_by_key(|d| (d.line, Reverse(d.end)))
    }

    /// Definitions declared outside the hunk that it still edits: the tail of a body that ends
    /// inside the hunk, or the doc comment, attributes or decorators above a declaration.
    fn touched(&self) -> impl Iterator<Item = &Definition> {
        let r = self.range.clone();
        self.outline.defs.iter().zip(&self.outline.heads).filter_map(move |(d, &head)| {
            let tail = d.line < r.start && r.start < d.end && d.end < r.end;
            let above = head < d.line && head < r.end && r.end <= d.line && r.start < d.line;
            (!r.is_empty() && (tail || above)).then_some(d)
        })
    }

    fn in_test(&self) -> bool {
        let r = &self.range;
        self.outline.tests.iter().any(|t| {
            if r.is_empty() {
                t.contains(&r.start)
            } else {
                t.start < r.end && r.start < t.end
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of the outline readers.

/// The lexer makes no progress on a `$` outside JavaScript (it starts a word it cannot continue),
/// and Rust macros are full of them: read each as a space, which keeps every offset and line.
fn lexable(lang: Language, text: &str) -> Cow<'_, str> {
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
fn tokens<'a>(lang: Language, text: &'a str) -> Vec<Token<'a>> {
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
fn pop_if<T>(list: &mut Vec<T>, f: impl FnOnce(&mut T) -> bool) -> Option<T> {
    if f(list.last_mut()?) {
        list.pop()
    } else {
        None
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The line a token ends on (strings and comments may span lines).
fn end_line(t: &Token) -> u32 {
    t.line.saturating_add(to_u32(t.text.bytes().filter(|&b| b == b'\n').count()))
}

/// For each token, whether it is the first one on its line.
fn first_on_line(toks: &[Token]) -> Vec<bool> {
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
fn value_kind(name: &str) -> SymbolKind {
    if is_upper_name(name) {
        SymbolKind::Constant
    } else {
        SymbolKind::Variable
    }
}

/// The index of the bracket closing the one at `open`, looking at most `limit` tokens ahead; any
/// bracket kind counts, which is wrong only for code that is already broken.
fn matching(toks: &[Token], open: usize, limit: usize) -> Option<usize> {
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
fn matching_back(toks: &[Token], close: usize, limit: usize) -> Option<usize> {
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

fn text_at<'t>(toks: &[Token<'t>], i: usize) -> Option<&'t str> {
    toks.get(i).map(|t| t.text)
}

fn ident_at<'t>(toks: &[Token<'t>], i: usize) -> Option<&'t str> {
    toks.get(i).filter(|t| t.kind == TokenKind::Ident).map(|t| t.text)
}

fn punct_at(toks: &[Token], i: usize, text: &str) -> bool {
    toks.get(i).is_some_and(|t| t.is_punct(text))
}

/// A definition as the readers find it, before extents are settled.
struct Found {
    symbol: Symbol,
    parent: Option<String>,
    head: u32,
    line: u32,
    end: Option<u32>,
    test: bool,
}

/// Collects what a reader finds and settles extents and test regions at the end.
struct Builder {
    found: Vec<Found>,
    tests: Vec<Range<u32>>,
    /// Indentation of each line in columns; `None` for blank lines.
    indents: Vec<Option<u32>>,
    /// Whether each line starts with a closing bracket.
    closers: Vec<bool>,
    /// For each non-blank line, the next non-blank line indented no deeper.
    outdent: Vec<Option<u32>>,
}

impl Builder {
    fn new(text: &str) -> Builder {
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

    fn indent(&self, line: u32) -> u32 {
        self.indents.get(line as usize).copied().flatten().unwrap_or(0)
    }

    fn add(
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
    fn close(&mut self, def: usize, end: u32) {
        if let Some(f) = self.found.get_mut(def) {
            f.end.get_or_insert(end);
        }
    }

    /// Where a block opened on `line` ends when its brace never closes: before the next line that
    /// is indented no deeper, or after it when that line is a closing bracket.
    fn fallback_end(&self, line: u32) -> u32 {
        match self.outdent.get(line as usize).copied().flatten() {
            Some(l) if self.closers.get(l as usize) == Some(&true) => l + 1,
            Some(l) => l,
            None => self.lines(),
        }
    }

    fn finish(mut self) -> Outline {
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
struct Heads {
    start: Option<u32>,
    last: u32,
}

impl Heads {
    fn note(&mut self, first: u32, last: u32) {
        if self.start.is_none() || first > self.last.saturating_add(1) {
            self.start = Some(first);
        }
        self.last = last;
    }

    /// The head of an item declared on `line`: the run's start when it reaches down to the item.
    fn take(&mut self, line: u32) -> u32 {
        let head = match self.start {
            Some(s) if s <= line && self.last.saturating_add(1) >= line => s,
            _ => line,
        };
        self.start = None;
        head
    }

    fn clear(&mut self) {
        self.start = None;
    }
}

// ---------------------------------------------------------------------------------------------
// Brace languages: a stack of open brackets, repaired with indentation.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Brace,
    Paren,
    Bracket,
}

/// What a `{ … }` holds, which decides what a name at its top level declares.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    /// Statements or an object literal.
    Block,
    /// A function body (JS `const`s inside are locals, not definitions).
    Function,
    /// The members of a Rust `impl`/`trait` or a JS class, named for the type.
    Members(String),
    /// The fields of a Rust struct or union, the members of a TS interface or object type.
    Fields(String),
    /// The variants of an enum.
    Variants(String),
    /// A Rust `mod`: its items take it as their parent.
    Module(String),
    /// A TS `namespace` or ambient module, whose members are still module-level.
    Namespace,
}

impl Body {
    /// The parent that items declared directly inside take.
    fn owner(&self) -> Option<&str> {
        match self {
            Body::Members(n) | Body::Fields(n) | Body::Variants(n) | Body::Module(n) => Some(n),
            _ => None,
        }
    }
}

struct Frame {
    open: Open,
    line: u32,
    /// Indentation of the line that opened it.
    indent: u32,
    body: Body,
    /// The definition whose body this is.
    owner: Option<usize>,
    /// Test code from this line to the frame's end (for frames no definition owns).
    test: Option<u32>,
}

enum Mode {
    /// The item's body is the next `{` at its depth (a `;` there ends a bodiless one).
    Body(Body),
    /// The item is a statement ending at `;` (or, in JS, at a line end that ends it); a `{` right
    /// after its `=` holds the given body (a TS object type's members).
    Statement(Option<Body>),
}

/// An item whose header has been read and whose body or end has not.
struct Pending {
    def: Option<usize>,
    /// Frames open at its header.
    depth: usize,
    mode: Mode,
    test: Option<u32>,
}

/// Where a word stands.
enum Place {
    Top,
    /// Inside parentheses or brackets: no declarations here.
    Expr,
    In(Body),
}

#[derive(Default)]
struct Nesting {
    frames: Vec<Frame>,
    /// Innermost last; their depths increase.
    pendings: Vec<Pending>,
    /// How many frames are braces, and how many are namespaces: counted, so that deeply nested
    /// input stays linear.
    braces: usize,
    namespaces: usize,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.frames.len()
    }

    fn place(&self) -> Place {
        match self.frames.last() {
            None => Place::Top,
            Some(f) if f.open != Open::Brace => Place::Expr,
            Some(_) if self.namespaces == self.frames.len() => Place::Top,
            Some(f) => Place::In(f.body.clone()),
        }
    }

    fn push(&mut self, open: Open, line: u32, indent: u32, body: Body) {
        self.push_frame(Frame { open, line, indent, body, owner: None, test: None });
    }

    fn push_frame(&mut self, frame: Frame) {
        self.braces += usize::from(frame.open == Open::Brace);
        self.namespaces += usize::from(frame.body == Body::Namespace);
        self.frames.push(frame);
    }

    fn pop(&mut self, b: &mut Builder, end: u32) -> Option<Frame> {
        let frame = self.frames.pop()?;
        self.braces -= usize::from(frame.open == Open::Brace);
        self.namespaces -= usize::from(frame.body == Body::Namespace);
        if let Some(def) = frame.owner {
            b.close(def, end);
        }
        if let Some(head) = frame.test {
            b.tests.push(head..end);
        }
        let depth = self.depth();
        self.end_pendings_from(b, depth + 1, end);
        Some(frame)
    }

    /// Ends the items pending at `depth` or deeper: a new header there means they were left
    /// unfinished.
    fn end_pendings_from(&mut self, b: &mut Builder, depth: usize, end: u32) {
        while let Some(p) = pop_if(&mut self.pendings, |p| p.depth >= depth) {
            if let Some(def) = p.def {
                b.close(def, end);
            }
        }
    }

    fn pend(&mut self, def: Option<usize>, mode: Mode, test: Option<u32>) {
        self.pendings.push(Pending { def, depth: self.depth(), mode, test });
    }

    /// The body a `{` right after a pending statement's `=` holds, if it says.
    fn literal(&self) -> Option<Body> {
        match self.pendings.last() {
            Some(Pending { depth, mode: Mode::Statement(body), .. }) if *depth == self.depth() => {
                body.clone()
            }
            _ => None,
        }
    }

    /// `{`: the body of the item pending at this depth when `take`, else a plain `other` block.
    fn open_brace(&mut self, line: u32, indent: u32, other: Body, take: bool) {
        let depth = self.depth();
        let pending_body = |p: &mut Pending| p.depth == depth && matches!(p.mode, Mode::Body(_));
        if take {
            if let Some(p) = pop_if(&mut self.pendings, pending_body) {
                if let Mode::Body(body) = p.mode {
                    self.push_frame(Frame {
                        open: Open::Brace,
                        line,
                        indent,
                        body,
                        owner: p.def,
                        test: p.test,
                    });
                    return;
                }
            }
        }
        self.push(Open::Brace, line, indent, other);
    }

    /// `}`: closes the innermost brace and whatever parentheses were left open inside it. A `}`
    /// that starts a line less indented than the brace it would close also closes the braces
    /// opened deeper, which a half-typed line left open.
    fn close_brace(&mut self, b: &mut Builder, line: u32, first: bool, indent: u32) {
        if self.braces == 0 {
            return;
        }
        while let Some(top) = self.frames.last() {
            if top.open != Open::Brace {
                self.pop(b, line + 1);
                continue;
            }
            if first && top.line < line && top.indent > indent && self.braces > 1 {
                self.pop(b, line);
                continue;
            }
            self.pop(b, line + 1);
            break;
        }
    }

    /// `)` or `]`: closes its opener unless a brace stands in between (then it is a stray). Only
    /// the innermost frames are searched: an opener buried deeper is as good as lost.
    fn close_group(&mut self, b: &mut Builder, open: Open, line: u32) -> Option<Frame> {
        let from = self.depth().saturating_sub(64);
        let at = from + self.frames[from..].iter().rposition(|f| f.open == open || f.open == Open::Brace)?;
        if self.frames[at].open != open {
            return None;
        }
        while self.depth() > at + 1 {
            self.pop(b, line + 1);
        }
        self.pop(b, line + 1)
    }

    fn semicolon(&mut self, b: &mut Builder, line: u32) {
        let depth = self.depth();
        self.end_pendings_from(b, depth, line + 1);
    }

    /// Ends a statement pending at this depth (JS: a line break that ends it).
    fn end_statement(&mut self, b: &mut Builder, end: u32) {
        let depth = self.depth();
        let at_depth = |p: &mut Pending| p.depth == depth && matches!(p.mode, Mode::Statement(_));
        if let Some(Pending { def: Some(def), .. }) = pop_if(&mut self.pendings, at_depth) {
            b.close(def, end);
        }
    }

    /// A line that starts an item closes what unbalanced braces left open at its indentation or
    /// deeper on earlier lines.
    fn resync(&mut self, b: &mut Builder, line: u32, indent: u32) {
        while self.frames.last().is_some_and(|f| f.line < line && f.indent >= indent) {
            self.pop(b, line);
        }
    }

    /// Marks the innermost brace (or the whole file) as test code: Rust's `#![cfg(test)]`.
    fn mark_test(&mut self, b: &mut Builder) {
        match self.frames.iter_mut().rev().find(|f| f.open == Open::Brace) {
            Some(f) => {
                f.test.get_or_insert(f.line);
            }
            None => b.tests.push(0..u32::MAX),
        }
    }

    /// The end of the text: statements end after the last token; unclosed bodies are left to the
    /// indentation fallback.
    fn eof(&mut self, b: &mut Builder, last: u32) {
        let depth = self.depth();
        for p in self.pendings.drain(..) {
            if let (Some(def), Mode::Statement(_), true) = (p.def, &p.mode, p.depth == depth) {
                b.close(def, last + 1);
            }
        }
        for f in self.frames.drain(..) {
            if let (None, Some(head)) = (f.owner, f.test) {
                b.tests.push(head..b.fallback_end(f.line));
            }
        }
    }
}

/// The reading state of a brace language.
#[derive(Default)]
struct Scan {
    n: Nesting,
    heads: Heads,
    /// Whether the next word may begin an item (after `;`, `{`, `}`, an attribute, a modifier).
    item_start: bool,
    /// The line of the item's first modifier (`pub`, `export`), which is its declaring line.
    item_line: Option<u32>,
    /// Whether the attributes read so far mark a test (`#[test]`, `#[cfg(test)]`).
    attr_test: bool,
    /// JS: the token index of a `(` that opens a test call's arguments, and the call's line.
    test_paren: Option<(usize, u32)>,
}

impl Scan {
    /// After `;`, `{`, `}`: an item may start.
    fn boundary(&mut self) {
        self.item_start = true;
        self.item_line = None;
        self.attr_test = false;
        self.heads.clear();
    }

    fn not_item(&mut self) {
        self.item_start = false;
        self.item_line = None;
        self.attr_test = false;
        self.heads.clear();
    }

    fn modifier(&mut self, line: u32, next: usize) -> usize {
        self.item_line.get_or_insert(line);
        next
    }

    /// Records a definition whose header was just read at `at` (its name's line), pending its
    /// body or end.
    fn define(
        &mut self,
        b: &mut Builder,
        at: u32,
        name: &str,
        kind: SymbolKind,
        parent: Option<&str>,
        mode: Mode,
    ) {
        let line = self.item_line.take().unwrap_or(at);
        let head = self.heads.take(line);
        let test = std::mem::take(&mut self.attr_test);
        let depth = self.n.depth();
        self.n.end_pendings_from(b, depth, line);
        let def = b.add(name, kind, parent, head, line, test);
        self.n.pend(Some(def), mode, None);
        self.not_item();
    }

    /// A member that is one line: a field, a variant, an interface member.
    fn member(&mut self, b: &mut Builder, at: u32, name: &str, kind: SymbolKind, parent: &str) -> usize {
        let line = self.item_line.take().unwrap_or(at);
        let head = self.heads.take(line);
        let def = b.add(name, kind, Some(parent), head, line, false);
        b.close(def, at + 1);
        self.not_item();
        def
    }

    /// An item with a body but no name of its own (a Rust `impl`, a JS anonymous function).
    fn anonymous(&mut self, b: &mut Builder, at: u32, body: Body, test: bool) {
        let line = self.item_line.take().unwrap_or(at);
        let head = self.heads.take(line);
        let depth = self.n.depth();
        self.n.end_pendings_from(b, depth, line);
        self.n.pend(None, Mode::Body(body), test.then_some(head));
        self.not_item();
    }

    fn open_close(&mut self, toks: &[Token], firsts: &[bool], i: usize, b: &mut Builder) -> bool {
        let t = toks[i];
        let indent = b.indent(t.line);
        match t.text {
            "(" => {
                let test = self.test_paren.take().filter(|&(at, _)| at == i).map(|(_, line)| line);
                self.n.push_frame(Frame {
                    open: Open::Paren,
                    line: t.line,
                    indent,
                    body: Body::Block,
                    owner: None,
                    test,
                });
                self.not_item();
            }
            "[" => {
                self.n.push(Open::Bracket, t.line, indent, Body::Block);
                self.not_item();
            }
            ")" => {
                let closed = self.n.close_group(b, Open::Paren, t.line);
                // `test.each(table)(name, fn)`: the second call is the test too.
                if let Some(head) = closed.and_then(|f| f.test) {
                    if punct_at(toks, i + 1, "(") {
                        self.test_paren = Some((i + 1, head));
                    }
                }
                self.not_item();
            }
            "]" => {
                self.n.close_group(b, Open::Bracket, t.line);
                self.not_item();
            }
            "}" => {
                self.n.close_brace(b, t.line, firsts[i], indent);
                self.boundary();
            }
            ";" => {
                self.n.semicolon(b, t.line);
                self.boundary();
            }
            _ => return false,
        }
        true
    }
}

// ---------------------------------------------------------------------------------------------
// Rust.

impl Scan {
    fn rust(mut self, text: &str, b: &mut Builder) {
        let toks = tokens(Language::Rust, text);
        let firsts = first_on_line(&toks);
        self.item_start = true;
        let mut i = 0;
        while i < toks.len() {
            i = self.rust_step(&toks, &firsts, i, b).max(i + 1);
        }
        self.n.eof(b, toks.last().map_or(0, end_line));
    }

    fn rust_step(&mut self, toks: &[Token], firsts: &[bool], i: usize, b: &mut Builder) -> usize {
        let t = toks[i];
        if t.kind == TokenKind::Comment {
            if firsts[i] {
                self.heads.note(t.line, end_line(&t));
            }
            return i + 1;
        }
        if firsts[i] && rust_header(toks, i) {
            self.n.resync(b, t.line, b.indent(t.line));
            self.item_start = true;
        }
        if t.is_punct("#") {
            if let Some(next) = self.rust_attribute(toks, firsts[i], i, b) {
                return next;
            }
        }
        if t.is_punct("{") {
            self.n.open_brace(t.line, b.indent(t.line), Body::Block, true);
            self.boundary();
            return i + 1;
        }
        if t.is_punct(",") && matches!(self.n.place(), Place::In(Body::Fields(_) | Body::Variants(_))) {
            self.boundary();
            return i + 1;
        }
        if t.kind == TokenKind::Punct && self.open_close(toks, firsts, i, b) {
            return i + 1;
        }
        if self.item_start && t.is_word() {
            return self.rust_item(toks, i, b);
        }
        self.not_item();
        i + 1
    }

    /// `#[…]` before an item, or `#![…]` for the enclosing one; returns the index after it.
    fn rust_attribute(&mut self, toks: &[Token], first: bool, i: usize, b: &mut Builder) -> Option<usize> {
        let inner = punct_at(toks, i + 1, "!");
        let open = i + 1 + usize::from(inner);
        if !punct_at(toks, open, "[") {
            return None;
        }
        let close = attribute_end(toks, open);
        let test = attribute_is_test(&toks[open..close]);
        if inner {
            if test {
                self.n.mark_test(b);
            }
        } else {
            if first {
                self.heads.note(toks[i].line, toks.get(close - 1).map_or(toks[i].line, end_line));
            }
            self.attr_test |= test;
            self.item_start = true;
        }
        Some(close)
    }

    fn rust_item(&mut self, toks: &[Token], i: usize, b: &mut Builder) -> usize {
        let t = toks[i];
        let body = match self.n.place() {
            Place::Expr => {
                self.not_item();
                return i + 1;
            }
            Place::In(Body::Fields(owner)) => return self.rust_field(toks, i, &owner, b),
            Place::In(Body::Variants(owner)) => return self.rust_variant(toks, i, &owner, b),
            Place::In(body) => body,
            Place::Top => Body::Block,
        };
        let parent = body.owner();
        let members = matches!(body, Body::Members(_));
        let name = ident_at(toks, i + 1);
        match (t.text, name) {
            ("pub", _) => return self.modifier(t.line, skip_visibility(toks, i)),
            ("unsafe" | "async" | "extern" | "default" | "const" | "auto", _) if rust_modifier(toks, i) => {
                let string = toks.get(i + 1).is_some_and(|n| n.kind == TokenKind::String);
                return self.modifier(t.line, i + 1 + usize::from(string));
            }
            ("fn", Some(name)) => {
                let kind = if members { SymbolKind::Method } else { SymbolKind::Function };
                self.define(b, t.line, name, kind, parent, Mode::Body(Body::Function));
                return i + 2;
            }
            ("struct" | "union", Some(name)) => {
                let fields = Mode::Body(Body::Fields(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Type, parent, fields);
                return i + 2;
            }
            ("enum", Some(name)) => {
                let variants = Mode::Body(Body::Variants(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Type, parent, variants);
                return i + 2;
            }
            ("trait", Some(name)) => {
                let members = Mode::Body(Body::Members(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Type, parent, members);
                return i + 2;
            }
            ("type", Some(name)) => {
                self.define(b, t.line, name, SymbolKind::Type, parent, Mode::Statement(None));
                return i + 2;
            }
            ("const", Some(name)) if name != "_" => {
                self.define(b, t.line, name, SymbolKind::Constant, parent, Mode::Statement(None));
                return i + 2;
            }
            ("static", _) => {
                let mutable = text_at(toks, i + 1) == Some("mut");
                let at = i + 1 + usize::from(mutable);
                let kind = if mutable { SymbolKind::Variable } else { SymbolKind::Constant };
                if let Some(name) = ident_at(toks, at) {
                    self.define(b, t.line, name, kind, parent, Mode::Statement(None));
                    return at + 1;
                }
            }
            ("mod", Some(name)) => {
                let module = Mode::Body(Body::Module(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Module, parent, module);
                return i + 2;
            }
            ("impl", _) => {
                let test = self.attr_test;
                self.anonymous(b, t.line, Body::Members(impl_type(toks, i)), test);
                return i + 1;
            }
            ("macro_rules!", Some(name)) => return self.rust_macro(toks, i, name, parent, b),
            _ => {}
        }
        self.not_item();
        i + 1
    }

    fn rust_field(&mut self, toks: &[Token], i: usize, owner: &str, b: &mut Builder) -> usize {
        let t = toks[i];
        if t.text == "pub" {
            return self.modifier(t.line, skip_visibility(toks, i));
        }
        if t.kind == TokenKind::Ident && punct_at(toks, i + 1, ":") {
            self.member(b, t.line, t.text, SymbolKind::Field, owner);
        }
        self.not_item();
        i + 1
    }

    /// Enum variants are values, so they are constants; a struct-like variant spans its braces.
    fn rust_variant(&mut self, toks: &[Token], i: usize, owner: &str, b: &mut Builder) -> usize {
        let t = toks[i];
        if t.kind == TokenKind::Ident {
            let def = self.member(b, t.line, t.text, SymbolKind::Constant, owner);
            if punct_at(toks, i + 1, "{") {
                if let Some(f) = b.found.get_mut(def) {
                    f.end = None;
                }
                self.n.pend(Some(def), Mode::Body(Body::Block), None);
            }
        }
        self.not_item();
        i + 1
    }

    /// `macro_rules! name { … }`: its body is patterns, not items, so it is skipped whole.
    fn rust_macro(
        &mut self,
        toks: &[Token],
        i: usize,
        name: &str,
        parent: Option<&str>,
        b: &mut Builder,
    ) -> usize {
        let t = toks[i];
        let line = self.item_line.take().unwrap_or(t.line);
        let head = self.heads.take(line);
        let test = std::mem::take(&mut self.attr_test);
        let depth = self.n.depth();
        self.n.end_pendings_from(b, depth, line);
        let def = b.add(name, SymbolKind::Macro, parent, head, line, test);
        match matching(toks, i + 2, 1 << 16) {
            Some(close) => {
                b.close(def, end_line(&toks[close]) + 1);
                self.boundary();
                close + 1
            }
            None => {
                self.not_item();
                i + 2
            }
        }
    }
}

/// Words that start an item when they start a line.
fn rust_header(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    match t.kind {
        TokenKind::Keyword => matches!(
            t.text,
            "fn" | "struct"
                | "enum"
                | "trait"
                | "type"
                | "const"
                | "static"
                | "mod"
                | "impl"
                | "use"
                | "extern"
                | "pub"
                | "unsafe"
                | "async"
        ),
        TokenKind::Ident => t.text == "macro_rules!",
        TokenKind::Punct => t.text == "#" && (punct_at(toks, i + 1, "[") || punct_at(toks, i + 1, "!")),
        _ => false,
    }
}

/// Whether the word at `i` modifies an item that follows (`unsafe fn`, `const fn`, `extern "C" fn`)
/// rather than starting a block or an item of its own (`unsafe {`, `const X`).
fn rust_modifier(toks: &[Token], i: usize) -> bool {
    let next = text_at(toks, i + 1);
    match toks[i].text {
        "extern" => {
            let at = if toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::String) { i + 2 } else { i + 1 };
            matches!(text_at(toks, at), Some("fn" | "unsafe"))
        }
        "unsafe" => matches!(next, Some("fn" | "impl" | "trait" | "extern")),
        "async" => matches!(next, Some("fn" | "unsafe")),
        "const" => matches!(next, Some("fn" | "unsafe" | "async" | "extern")),
        "default" => matches!(next, Some("fn" | "unsafe" | "async" | "const" | "type")),
        "auto" => next == Some("trait"),
        _ => false,
    }
}

/// Past `pub` and its `(crate)`/`(super)`/`(in path)`.
fn skip_visibility(toks: &[Token], i: usize) -> usize {
    if punct_at(toks, i + 1, "(") {
        if let Some(close) = matching(toks, i + 1, 8) {
            return close + 1;
        }
    }
    i + 1
}

/// The type an `impl` block is for: the last name outside angle brackets, after `for` if any.
fn impl_type(toks: &[Token], i: usize) -> String {
    let mut angle = 0i32;
    let mut name = "";
    for t in toks.iter().skip(i + 1).take(128) {
        match (t.kind, t.text) {
            (TokenKind::Punct, "<") => angle += 1,
            (TokenKind::Punct, ">") => angle -= 1,
            (TokenKind::Punct, ">>") => angle -= 2,
            (TokenKind::Punct, "{" | ";") => break,
            (TokenKind::Keyword, "where") if angle <= 0 => break,
            (TokenKind::Keyword, "for") if angle <= 0 => name = "",
            (TokenKind::Ident, text) if angle <= 0 => name = text,
            _ => {}
        }
    }
    name.to_string()
}

/// The index after the `]` that closes the attribute opened at `open`. Attributes hold no braces
/// or semicolons, so one of those ends a half-typed attribute early.
fn attribute_end(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text {
            "[" | "(" => depth += 1,
            "]" | ")" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            "{" | "}" | ";" => return j.max(open + 1),
            _ => {}
        }
    }
    toks.len()
}

/// `#[test]`, `#[tokio::test]`, `#[cfg(test)]`, `#[rstest]`, `#[wasm_bindgen_test]`; not
/// `#[cfg(not(test))]` nor `#[cfg_attr(test, …)]`, which decorate ordinary code.
fn attribute_is_test(toks: &[Token]) -> bool {
    let mut words = toks.iter().filter(|t| t.kind == TokenKind::Ident).map(|t| t.text);
    let first = words.clone().next();
    if first == Some("cfg_attr") || words.clone().any(|w| w == "not") {
        return false;
    }
    words.any(|w| {
        matches!(w, "test" | "bench" | "rstest" | "test_case" | "quickcheck" | "proptest")
            || w.ends_with("_test")
    })
}

// ---------------------------------------------------------------------------------------------
// JavaScript and TypeScript.

/// Calls whose callback is test code.
const JS_TEST_CALLS: &[&str] = &[
    "describe",
    "it",
    "test",
    "suite",
    "beforeEach",
    "afterEach",
    "beforeAll",
    "afterAll",
    "fdescribe",
    "fit",
    "xdescribe",
    "xit",
    "xtest",
];

impl Scan {
    fn js(mut self, lang: Language, text: &str, b: &mut Builder) {
        let toks = tokens(lang, text);
        let firsts = first_on_line(&toks);
        self.item_start = true;
        let mut i = 0;
        while i < toks.len() {
            i = self.js_step(&toks, &firsts, i, b).max(i + 1);
        }
        self.n.eof(b, toks.last().map_or(0, end_line));
    }

    fn js_step(&mut self, toks: &[Token], firsts: &[bool], i: usize, b: &mut Builder) -> usize {
        let t = toks[i];
        if t.kind == TokenKind::Comment {
            if firsts[i] {
                self.heads.note(t.line, end_line(&t));
            }
            return i + 1;
        }
        let prev = toks[..i].iter().rev().find(|p| p.is_code());
        if firsts[i] {
            // Semicolons are optional: a line that does not continue the last one starts anew.
            if let Some(prev) = prev.filter(|p| !js_continues(p, &t)) {
                self.n.end_statement(b, end_line(prev) + 1);
                self.item_start = true;
            }
            if js_header(&t) {
                self.n.resync(b, t.line, b.indent(t.line));
                self.item_start = true;
            }
        }
        if t.is_punct("{") {
            let after = |text: &str| prev.is_some_and(|p| p.text == text && p.kind != TokenKind::String);
            // `function f(): { a: number } {`: a `{` in a type is not the body.
            let in_type = prev.is_some_and(|p| {
                (p.kind == TokenKind::Punct && matches!(p.text, ":" | "|" | "&" | "<" | ","))
                    || p.is(TokenKind::Keyword, "extends")
            });
            let other = if after("=>") {
                Body::Function
            } else if after("=") {
                self.n.literal().unwrap_or(Body::Block)
            } else {
                Body::Block
            };
            self.n.open_brace(t.line, b.indent(t.line), other, !in_type);
            self.boundary();
            return i + 1;
        }
        let place = self.n.place();
        if t.is_punct(",") && matches!(place, Place::In(Body::Fields(_) | Body::Variants(_))) {
            self.boundary();
            return i + 1;
        }
        if t.kind == TokenKind::Punct && self.open_close(toks, firsts, i, b) {
            return i + 1;
        }
        if !self.item_start || matches!(place, Place::Expr) {
            self.not_item();
            return i + 1;
        }
        if t.is_punct("@") {
            return self.js_decorator(toks, firsts[i], i);
        }
        match place {
            Place::In(Body::Members(class)) => self.js_member(toks, i, &class, b),
            Place::In(Body::Fields(owner)) => self.js_field(toks, i, &owner, b),
            Place::In(Body::Variants(owner)) => {
                if t.kind == TokenKind::Ident {
                    self.member(b, t.line, t.text, SymbolKind::Constant, &owner);
                }
                self.not_item();
                i + 1
            }
            Place::Top => self.js_statement(toks, i, true, b),
            _ => self.js_statement(toks, i, false, b),
        }
    }

    /// `@name`, `@a.b`, `@name(args)`: part of the head of what follows.
    fn js_decorator(&mut self, toks: &[Token], first: bool, i: usize) -> usize {
        let mut j = i + 1;
        while j < toks.len() && j < i + 16 && (toks[j].is_word() || toks[j].is_punct(".")) {
            j += 1;
        }
        if punct_at(toks, j, "(") {
            j = matching(toks, j, 256).map_or(j + 1, |c| c + 1);
        }
        if first {
            let last = toks.get(j - 1).map_or(toks[i].line, end_line);
            self.heads.note(toks[i].line, last);
        }
        j
    }

    fn js_statement(&mut self, toks: &[Token], i: usize, top: bool, b: &mut Builder) -> usize {
        let t = toks[i];
        let next = text_at(toks, i + 1);
        let name = ident_at(toks, i + 1);
        match t.text {
            "export" | "declare" | "abstract" => return self.modifier(t.line, i + 1),
            "default" if i > 0 && toks[i - 1].text == "export" => return self.modifier(t.line, i + 1),
            "async" if next == Some("function") => return self.modifier(t.line, i + 1),
            "const" if next == Some("enum") => return self.modifier(t.line, i + 1),
            "function" => {
                let at = if next == Some("*") { i + 2 } else { i + 1 };
                match ident_at(toks, at) {
                    Some(name) => {
                        let body = Mode::Body(Body::Function);
                        self.define(b, t.line, name, SymbolKind::Function, None, body);
                        return at + 1;
                    }
                    None => {
                        self.anonymous(b, t.line, Body::Function, false);
                        return at;
                    }
                }
            }
            "class" => {
                match name.filter(|_| t.kind == TokenKind::Keyword) {
                    Some(name) => {
                        let body = Mode::Body(Body::Members(name.to_string()));
                        self.define(b, t.line, name, SymbolKind::Type, None, body);
                    }
                    None => self.anonymous(b, t.line, Body::Members(String::new()), false),
                }
                return i + 1;
            }
            "interface" if name.is_some() => {
                let name = name.unwrap_or_default();
                let body = Mode::Body(Body::Fields(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Type, None, body);
                return i + 2;
            }
            "enum" if name.is_some() => {
                let name = name.unwrap_or_default();
                let body = Mode::Body(Body::Variants(name.to_string()));
                self.define(b, t.line, name, SymbolKind::Type, None, body);
                return i + 2;
            }
            "type" if name.is_some() && matches!(text_at(toks, i + 2), Some("=" | "<")) => {
                let name = name.unwrap_or_default();
                let literal = Mode::Statement(Some(Body::Fields(name.to_string())));
                self.define(b, t.line, name, SymbolKind::Type, None, literal);
                return i + 2;
            }
            "namespace" | "module"
                if toks
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kind, TokenKind::Ident | TokenKind::String)) =>
            {
                self.anonymous(b, t.line, Body::Namespace, false);
                return i + 2;
            }
            "global" if next == Some("{") => {
                self.anonymous(b, t.line, Body::Namespace, false);
                return i + 1;
            }
            "const" | "let" | "var" if top => return self.js_binding(toks, i, b),
            "module" | "exports" => {
                if let Some((name, eq)) = exports_target(toks, i) {
                    let kind = js_value(toks, eq + 1).unwrap_or_else(|| value_kind(name));
                    self.define(b, t.line, name, kind, None, Mode::Statement(None));
                    return i + 1;
                }
            }
            call if t.kind == TokenKind::Ident && JS_TEST_CALLS.contains(&call) => {
                // `it(`, `describe.each(table)(`: the arguments' parenthesis is test code.
                let mut j = i + 1;
                while j < i + 6 && (punct_at(toks, j, ".") || ident_at(toks, j).is_some()) {
                    j += 1;
                }
                if punct_at(toks, j, "(") {
                    self.test_paren = Some((j, t.line));
                }
            }
            _ => {}
        }
        self.not_item();
        i + 1
    }

    /// `const name = …` (a function when the value is one), `const { a, b } = …`; not
    /// `const x = require(…)`, which imports.
    fn js_binding(&mut self, toks: &[Token], i: usize, b: &mut Builder) -> usize {
        let t = toks[i];
        let Some(next) = toks.get(i + 1).filter(|_| !js_imports(toks, i)) else {
            self.not_item();
            return i + 1;
        };
        if next.kind == TokenKind::Ident {
            let kind = js_initializer(toks, i + 2)
                .and_then(|eq| js_value(toks, eq + 1))
                .unwrap_or_else(|| value_kind(next.text));
            self.define(b, t.line, next.text, kind, None, Mode::Statement(None));
            return i + 2;
        }
        if next.is_punct("{") || next.is_punct("[") {
            let line = self.item_line.take().unwrap_or(t.line);
            let head = self.heads.take(line);
            for name in pattern_names(toks, i + 1) {
                let def = b.add(name, value_kind(name), None, head, line, false);
                b.close(def, line + 1);
            }
        }
        self.not_item();
        i + 1
    }

    /// A class member: a method (`name(`, `async name(`, `get name(`, `static name(`, `name = () =>`)
    /// or a field (`name = …`, `name: Type`, `#name;`).
    fn js_member(&mut self, toks: &[Token], i: usize, class: &str, b: &mut Builder) -> usize {
        let t = toks[i];
        let named_next = toks.get(i + 1).is_some_and(|n| {
            n.is_word()
                || n.kind == TokenKind::String
                || n.is_punct("#")
                || n.is_punct("[")
                || n.is_punct("*")
        });
        let modifier = matches!(
            t.text,
            "static"
                | "public"
                | "private"
                | "protected"
                | "readonly"
                | "abstract"
                | "override"
                | "declare"
                | "async"
                | "accessor"
                | "get"
                | "set"
        );
        if (modifier && named_next) || t.is_punct("*") {
            return self.modifier(t.line, i + 1);
        }
        let (name, at) = match (t.is_punct("#"), ident_or_keyword(toks, i + 1)) {
            (true, Some(name)) => (name, i + 2),
            (false, _) if t.is_word() => (t.text, i + 1),
            _ => {
                self.not_item();
                return i + 1;
            }
        };
        let next = toks.get(at).filter(|n| n.line == t.line);
        let (kind, mode) = match next.map(|n| n.text) {
            Some("(" | "<") => (SymbolKind::Method, Mode::Body(Body::Function)),
            Some("=") if js_value(toks, at + 1) == Some(SymbolKind::Function) => {
                (SymbolKind::Method, Mode::Statement(None))
            }
            Some("=" | "?" | "!" | ":" | ";") | None => (SymbolKind::Field, Mode::Statement(None)),
            _ => {
                self.not_item();
                return at;
            }
        };
        self.define(b, t.line, name, kind, Some(class), mode);
        at
    }

    /// A TS interface or object type member: `name: T`, `name?: T`, `readonly name: T`, `name(): T`.
    fn js_field(&mut self, toks: &[Token], i: usize, owner: &str, b: &mut Builder) -> usize {
        let t = toks[i];
        if t.text == "readonly" && ident_or_keyword(toks, i + 1).is_some() {
            return self.modifier(t.line, i + 1);
        }
        if t.is_word() && matches!(text_at(toks, i + 1), Some("?" | ":" | "(" | "<" | "!")) {
            self.member(b, t.line, t.text, SymbolKind::Field, owner);
        }
        self.not_item();
        i + 1
    }
}

fn ident_or_keyword<'t>(toks: &[Token<'t>], i: usize) -> Option<&'t str> {
    toks.get(i).filter(|t| t.is_word()).map(|t| t.text)
}

/// Words that start a declaration when they start a line.
fn js_header(t: &Token) -> bool {
    match t.kind {
        TokenKind::Keyword => matches!(
            t.text,
            "function"
                | "class"
                | "interface"
                | "enum"
                | "export"
                | "import"
                | "const"
                | "let"
                | "var"
                | "declare"
                | "abstract"
        ),
        TokenKind::Ident => JS_TEST_CALLS.contains(&t.text),
        _ => false,
    }
}

/// Whether the line starting with `next` continues the statement that `prev` ended the previous
/// line with (the cases automatic semicolon insertion leaves open).
fn js_continues(prev: &Token, next: &Token) -> bool {
    let open_end = match prev.kind {
        TokenKind::Punct => !matches!(prev.text, ")" | "]" | "}" | ";"),
        TokenKind::Keyword => {
            !matches!(prev.text, "this" | "null" | "undefined" | "true" | "false" | "super")
        }
        _ => false,
    };
    let continuing = match next.kind {
        TokenKind::Punct => !matches!(next.text, "(" | "[" | "{" | "}" | "@" | "#" | "!" | "~" | "`" | ";"),
        TokenKind::Keyword => {
            matches!(next.text, "as" | "in" | "instanceof" | "of" | "extends" | "implements")
        }
        _ => false,
    };
    open_end || continuing
}

/// Whether the binding at `i` (`const`, `let`, `var`) imports: `= require(…)`, `= await import(…)`.
fn js_imports(toks: &[Token], i: usize) -> bool {
    let after_pattern = match toks.get(i + 1) {
        Some(n) if n.is_punct("{") || n.is_punct("[") => matching(toks, i + 1, 128).map(|c| c + 1),
        Some(n) if n.kind == TokenKind::Ident => Some(i + 2),
        _ => None,
    };
    let Some(eq) = after_pattern.and_then(|at| js_initializer(toks, at)) else {
        return false;
    };
    (text_at(toks, eq + 1) == Some("require") && punct_at(toks, eq + 2, "("))
        || (text_at(toks, eq + 1) == Some("await") && text_at(toks, eq + 2) == Some("import"))
}

/// The `=` of a binding whose name ends before `from` (past a type annotation), if any.
fn js_initializer(toks: &[Token], from: usize) -> Option<usize> {
    if punct_at(toks, from, "=") {
        return Some(from);
    }
    if !punct_at(toks, from, ":") {
        return None;
    }
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(from + 1).take(64) {
        match (t.kind, t.text) {
            (TokenKind::Punct, "(" | "[" | "{" | "<") => depth += 1,
            (TokenKind::Punct, ")" | "]" | "}" | ">") => depth = depth.saturating_sub(1),
            (TokenKind::Punct, "=") if depth == 0 => return Some(j),
            (TokenKind::Punct, ";" | ",") if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// What a value starting at `at` declares: a function (`function`, `(…) =>`, `x =>`), a class, or
/// nothing in particular.
fn js_value(toks: &[Token], at: usize) -> Option<SymbolKind> {
    let at = if text_at(toks, at) == Some("async") { at + 1 } else { at };
    let t = toks.get(at)?;
    match (t.kind, t.text) {
        (TokenKind::Keyword, "function") => Some(SymbolKind::Function),
        (TokenKind::Keyword, "class") => Some(SymbolKind::Type),
        (TokenKind::Ident, _) if punct_at(toks, at + 1, "=>") => Some(SymbolKind::Function),
        (TokenKind::Punct, "(" | "<") => {
            let open = if t.text == "<" {
                (at..toks.len().min(at + 24)).find(|&j| punct_at(toks, j, "("))?
            } else {
                at
            };
            let close = matching(toks, open, 512)?;
            // `(…) =>`, or `(…): Type =>` on the same line.
            let line = toks[close].line;
            toks.iter()
                .skip(close + 1)
                .take(32)
                .take_while(|t| t.line == line && !t.is_punct(";") && !t.is_punct("="))
                .enumerate()
                .find(|(k, t)| t.is_punct("=>") && (*k == 0 || punct_at(toks, close + 1, ":")))
                .map(|_| SymbolKind::Function)
        }
        _ => None,
    }
}

/// `module.exports.name =` or `exports.name =`: the name and the index of the `=`.
fn exports_target<'t>(toks: &[Token<'t>], i: usize) -> Option<(&'t str, usize)> {
    let mut at = i;
    if text_at(toks, at) == Some("module") {
        if !(punct_at(toks, at + 1, ".") && text_at(toks, at + 2) == Some("exports")) {
            return None;
        }
        at += 2;
    }
    if text_at(toks, at) != Some("exports") || !punct_at(toks, at + 1, ".") || !punct_at(toks, at + 3, "=") {
        return None;
    }
    ident_at(toks, at + 2).map(|name| (name, at + 3))
}

/// The names a destructuring pattern opened at `open` binds: `{ a, b: c, d = 1, ...e }` binds a, c,
/// d and e.
fn pattern_names<'t>(toks: &[Token<'t>], open: usize) -> Vec<&'t str> {
    let Some(close) = matching(toks, open, 128) else {
        return Vec::new();
    };
    (open + 1..close)
        .filter(|&j| {
            toks[j].kind == TokenKind::Ident
                && matches!(text_at(toks, j + 1), Some("," | "}" | "]" | "="))
                && !punct_at(toks, j.wrapping_sub(1), "=")
        })
        .map(|j| toks[j].text)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Python: indentation blocks over logical lines.

struct Block {
    indent: u32,
    def: usize,
    /// The class name, when the block is a class body.
    class: Option<String>,
    /// The class, when the block is its `__init__` (whose `self.x = …` declare fields).
    init_of: Option<String>,
}

#[derive(Default)]
struct Python {
    blocks: Vec<Block>,
    heads: Heads,
    /// Whether the decorators read so far mark a test (`@pytest.fixture`, `@pytest.mark…`).
    decorated_test: bool,
    /// Definitions that end with the current logical line (assignments).
    statement: Vec<usize>,
    /// `self.x` fields already declared, by `__init__` definition.
    init_fields: HashSet<(usize, String)>,
}

impl Python {
    fn run(mut self, text: &str, b: &mut Builder) {
        let raw: Vec<&str> = text.split('\n').collect();
        let n = raw.len();
        let mut per_line: Vec<Vec<Token>> = vec![Vec::new(); n];
        // Lines inside a string that began on an earlier line, and how far each line's tokens reach.
        let mut covered = vec![false; n];
        let mut reach = vec![0u32; n];
        for t in tokens(Language::Python, text) {
            let (line, end) = (t.line as usize, end_line(&t) as usize);
            for c in covered.iter_mut().take(end + 1).skip(line + 1) {
                *c = true;
            }
            if let (Some(r), Some(v)) = (reach.get_mut(line), per_line.get_mut(line)) {
                *r = (*r).max(to_u32(end + 1));
                v.push(t);
            }
        }
        let mut depth = 0u32;
        let mut backslash = false;
        let mut logical_indent = 0u32;
        // One past the last line with code (strings included): where a closing block ends.
        let mut content_end = 0u32;
        for (line, tokens) in per_line.iter().enumerate() {
            let l = to_u32(line);
            let code: Vec<Token> = tokens.iter().copied().filter(Token::is_code).collect();
            let Some(first) = code.first() else {
                if covered[line] {
                    content_end = content_end.max(l + 1);
                } else if depth == 0 && !backslash && !tokens.is_empty() {
                    self.heads.note(l, l);
                } else if tokens.is_empty() {
                    backslash = false;
                }
                continue;
            };
            let indent = b.indent(l);
            let continuing = covered[line] || backslash || depth > 0;
            // An unclosed bracket must not swallow the rest of the file: a line indented no deeper
            // than the statement that opened it starts a new one.
            let runaway = depth > 0
                && !covered[line]
                && !backslash
                && indent <= logical_indent
                && !(first.kind == TokenKind::Punct && matches!(first.text, ")" | "]" | "}"));
            if !continuing || runaway {
                for def in self.statement.drain(..) {
                    b.close(def, content_end);
                }
                while let Some(block) = pop_if(&mut self.blocks, |bl| bl.indent >= indent) {
                    b.close(block.def, content_end);
                }
                depth = 0;
                logical_indent = indent;
                self.logical_line(&code, l, indent, b);
            }
            for t in &code {
                match (t.kind, t.text) {
                    (TokenKind::Punct, "(" | "[" | "{") => depth += 1,
                    (TokenKind::Punct, ")" | "]" | "}") => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            backslash = raw[line].trim_end().ends_with('\\') && tokens.last().is_some_and(Token::is_code);
            content_end = content_end.max(reach[line]).max(l + 1);
        }
        for def in self.statement.drain(..) {
            b.close(def, content_end);
        }
        for block in self.blocks.drain(..) {
            b.close(block.def, content_end);
        }
    }

    /// The first physical line of a logical line: a decorator, a `def`, a `class`, or an
    /// assignment that declares something where it stands.
    fn logical_line(&mut self, code: &[Token], l: u32, indent: u32, b: &mut Builder) {
        if code[0].is_punct("@") {
            self.heads.note(l, l);
            self.decorated_test |= code.iter().any(|t| matches!(t.text, "pytest" | "fixture"));
            return;
        }
        let at = usize::from(text_at(code, 0) == Some("async") && text_at(code, 1) == Some("def"));
        let class = self.blocks.last().and_then(|bl| bl.class.clone());
        let name = ident_at(code, at + 1);
        match (text_at(code, at), name) {
            (Some("def"), Some(name)) => {
                let kind = if class.is_some() { SymbolKind::Method } else { SymbolKind::Function };
                let test = std::mem::take(&mut self.decorated_test) || is_test_function(name);
                let head = self.heads.take(l);
                let def = b.add(name, kind, class.as_deref(), head, l, test);
                let init_of = class.filter(|_| name == "__init__");
                self.blocks.push(Block { indent, def, class: None, init_of });
            }
            (Some("class"), Some(name)) => {
                let test = std::mem::take(&mut self.decorated_test)
                    || name.starts_with("Test")
                    || code.iter().any(|t| t.text == "TestCase");
                let head = self.heads.take(l);
                let def = b.add(name, SymbolKind::Type, class.as_deref(), head, l, test);
                self.blocks.push(Block { indent, def, class: Some(name.to_string()), init_of: None });
            }
            _ => self.assignment(code, l, b),
        }
        self.heads.clear();
        self.decorated_test = false;
    }

    /// Module-level `NAME = …`, class-level `name = …`/`name: T`, `self.name = …` in `__init__`.
    fn assignment(&mut self, code: &[Token], l: u32, b: &mut Builder) {
        let head = self.heads.take(l);
        match self.blocks.last() {
            None => {
                for name in assignment_targets(code) {
                    let def = b.add(name, value_kind(name), None, head, l, false);
                    self.statement.push(def);
                }
            }
            Some(Block { class: Some(class), .. }) => {
                for name in assignment_targets(code) {
                    let def = b.add(name, SymbolKind::Field, Some(class), head, l, false);
                    self.statement.push(def);
                }
            }
            Some(Block { init_of: Some(class), def: init, .. }) => {
                let field = ident_at(code, 2).filter(|_| {
                    code[0].text == "self"
                        && punct_at(code, 1, ".")
                        && matches!(text_at(code, 3), Some("=" | ":"))
                });
                if let Some(name) = field {
                    if self.init_fields.insert((*init, name.to_string())) {
                        let def = b.add(name, SymbolKind::Field, Some(class), head, l, false);
                        self.statement.push(def);
                    }
                }
            }
            Some(_) => {}
        }
    }
}

/// `test`, `test_x`, `testX`: what pytest and unittest collect.
fn is_test_function(name: &str) -> bool {
    name.strip_prefix("test").is_some_and(|rest| {
        rest.is_empty() || rest.starts_with('_') || rest.starts_with(|c: char| c.is_ascii_uppercase())
    })
}

/// The names a Python statement assigns: `a = …`, `a, b = …`, `(a, b) = …`, `a: T = …`, `a: T`.
/// Anything else (a call, a subscript, an attribute, `==`) assigns nothing here.
fn assignment_targets<'t>(code: &[Token<'t>]) -> Vec<&'t str> {
    let mut names = Vec::new();
    let mut after_name = false;
    for (j, t) in code.iter().enumerate() {
        match (t.kind, t.text) {
            (TokenKind::Ident, name) if !after_name => {
                names.push(name);
                after_name = true;
            }
            (TokenKind::Punct, "=") => return names,
            (TokenKind::Punct, ":") if j == 1 => return names,
            (TokenKind::Punct, "," | "*") => after_name = false,
            (TokenKind::Punct, "(" | "[") if !after_name => {}
            (TokenKind::Punct, ")" | "]") if after_name => {}
            _ => break,
        }
    }
    Vec::new()
}

// ---------------------------------------------------------------------------------------------
// The names a hunk's lines use.

#[derive(Default)]
struct Names {
    /// Identifiers that count as uses: not common, not one letter, macros without their `!`.
    uses: BTreeSet<String>,
    /// Every identifier, to tell whether the new code still mentions a name.
    all: HashSet<String>,
    /// Names these lines bind themselves: `let`, parameters, loop variables, assignment targets.
    locals: HashSet<String>,
}

fn names(lang: Language, lines: &[&str]) -> Names {
    let mut out = Names::default();
    if lines.is_empty() {
        return out;
    }
    let joined = lines.join("\n");
    let text = lexable(lang, &joined);
    let toks: Vec<Token> = tokens(lang, &text).into_iter().filter(Token::is_code).collect();
    // Whether the previous path segment was a common namespace (`std::`, `Vec::`, `JSON.`), whose
    // members are as common as it is.
    let mut after_common = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if lang == Language::Rust && t.is_punct("#") {
            let open = if punct_at(&toks, i + 1, "!") { i + 2 } else { i + 1 };
            if punct_at(&toks, open, "[") {
                i = attribute_end(&toks, open);
                after_common = false;
                continue;
            }
        }
        i += 1;
        if t.kind != TokenKind::Ident {
            after_common &= t.kind == TokenKind::Punct && matches!(t.text, "::" | "." | "?.");
            continue;
        }
        let (name, bang) = match t.text.strip_suffix('!') {
            Some(name) => (name, true),
            None => (t.text, false),
        };
        out.all.insert(name.to_string());
        let member =
            i >= 2 && toks[i - 2].kind == TokenKind::Punct && matches!(toks[i - 2].text, "::" | "." | "?.");
        let common =
            if bang { is_std_macro(name) } else { is_common(lang, name) || (member && after_common) };
        after_common = !bang && common && (member || is_namespace(lang, name));
        if !common && name.chars().nth(1).is_some() {
            out.uses.insert(name.to_string());
        }
    }
    match lang {
        Language::Rust => rust_locals(&toks, &mut out.locals),
        Language::Python => python_locals(&toks, &mut out.locals),
        Language::JavaScript | Language::TypeScript => js_locals(&toks, &mut out.locals),
        Language::Other => {}
    }
    out
}

fn rust_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            (TokenKind::Keyword, "let") => bound_names(toks, i + 1, &["=", ";", ":", "else"], out),
            (TokenKind::Keyword, "for") if !punct_at(toks, i + 1, "<") => {
                bound_names(toks, i + 1, &["in"], out)
            }
            (TokenKind::Keyword, "fn") => {
                let open = (i + 1..toks.len().min(i + 24))
                    .take_while(|&j| !punct_at(toks, j, "{") && !punct_at(toks, j, ";"))
                    .find(|&j| punct_at(toks, j, "("));
                if let Some(close) = open.and_then(|o| matching(toks, o, 256)) {
                    // Parameters are the names right before a `:` at the list's top level.
                    let mut depth = 0usize;
                    for j in open.unwrap_or(close)..close {
                        match toks[j].text {
                            "(" | "[" | "<" => depth += 1,
                            ")" | "]" | ">" => depth = depth.saturating_sub(1),
                            _ if depth == 1
                                && toks[j].kind == TokenKind::Ident
                                && punct_at(toks, j + 1, ":") =>
                            {
                                out.insert(toks[j].text.to_string());
                            }
                            _ => {}
                        }
                    }
                }
            }
            (TokenKind::Punct, "|")
                if i == 0
                    || matches!(
                        toks[i - 1].text,
                        "(" | "," | "=" | "{" | "=>" | ":" | "move" | "return" | ";"
                    ) =>
            {
                for j in (i + 1..toks.len().min(i + 24)).take_while(|&j| !punct_at(toks, j, "|")) {
                    if toks[j].kind == TokenKind::Ident
                        && matches!(text_at(toks, j + 1), Some("," | "|" | ":" | ")"))
                    {
                        out.insert(toks[j].text.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The names a pattern starting at `from` binds, up to one of `stops` at its top level: the
/// identifiers that are not followed by `(`, `{` or `::` (constructors and paths).
fn bound_names(toks: &[Token], from: usize, stops: &[&str], out: &mut HashSet<String>) {
    let mut depth = 0usize;
    for j in from..toks.len().min(from + 48) {
        let t = &toks[j];
        if depth == 0 && t.kind != TokenKind::Ident && stops.contains(&t.text) {
            return;
        }
        match (t.kind, t.text) {
            (TokenKind::Punct, "(" | "[" | "{") => depth += 1,
            (TokenKind::Punct, ")" | "]" | "}") => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return,
            },
            (TokenKind::Ident, name) if !matches!(text_at(toks, j + 1), Some("(" | "{" | "::" | "<")) => {
                out.insert(name.to_string());
            }
            _ => {}
        }
    }
}

fn python_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            (TokenKind::Keyword, "def") if punct_at(toks, i + 2, "(") => {
                let close = matching(toks, i + 2, 256).unwrap_or(toks.len());
                for j in i + 3..close {
                    let prev = toks[j - 1].text;
                    if toks[j].kind == TokenKind::Ident && matches!(prev, "(" | "," | "*" | "**") {
                        out.insert(toks[j].text.to_string());
                    }
                }
            }
            (TokenKind::Keyword, "lambda") => bound_names(toks, i + 1, &[":"], out),
            (TokenKind::Keyword, "for") => bound_names(toks, i + 1, &["in"], out),
            (TokenKind::Keyword, "as") => {
                if let Some(name) = ident_at(toks, i + 1) {
                    out.insert(name.to_string());
                }
            }
            (TokenKind::Ident, _) if i == 0 || end_line(&toks[i - 1]) < t.line => {
                let line: Vec<Token> = toks[i..].iter().copied().take_while(|n| n.line == t.line).collect();
                out.extend(assignment_targets(&line).into_iter().map(str::to_string));
            }
            _ => {}
        }
    }
}

fn js_locals(toks: &[Token], out: &mut HashSet<String>) {
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, t.text) {
            // An import's names stay uses: they tie the hunk to the file that defines them.
            (TokenKind::Keyword, "const" | "let" | "var") if js_imports(toks, i) => {}
            (TokenKind::Keyword, "const" | "let" | "var") => match toks.get(i + 1) {
                Some(n) if n.kind == TokenKind::Ident => {
                    out.insert(n.text.to_string());
                }
                Some(n) if n.is_punct("{") || n.is_punct("[") => {
                    out.extend(pattern_names(toks, i + 1).into_iter().map(str::to_string));
                }
                _ => {}
            },
            (TokenKind::Keyword, "catch") if punct_at(toks, i + 1, "(") => {
                if let Some(name) = ident_at(toks, i + 2) {
                    out.insert(name.to_string());
                }
            }
            (TokenKind::Punct, "=>") => js_arrow_params(toks, i, out),
            (TokenKind::Punct, "(") if js_declares_params(toks, i) => js_params(toks, i, out),
            _ => {}
        }
    }
}

/// Whether the `(` at `i` opens a function's parameters: after `function` or its name, or a
/// method's name when a `{` follows the `)`.
fn js_declares_params(toks: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| toks.get(p)) else {
        return false;
    };
    if prev.is(TokenKind::Keyword, "function") {
        return true;
    }
    if prev.kind != TokenKind::Ident {
        return false;
    }
    let before = i.checked_sub(2).and_then(|p| text_at(toks, p));
    matches!(before, Some("function" | "*"))
        || matching(toks, i, 256).is_some_and(|close| punct_at(toks, close + 1, "{"))
}

/// Parameters in the list opened at `open`: names right after `(`, `,`, `...` or a destructuring
/// bracket, not the types after a `:`.
fn js_params(toks: &[Token], open: usize, out: &mut HashSet<String>) {
    let close = matching(toks, open, 256).unwrap_or_else(|| toks.len().min(open + 64));
    for j in open + 1..close {
        let prev = toks[j - 1].text;
        let next = text_at(toks, j + 1);
        if toks[j].kind == TokenKind::Ident
            && matches!(prev, "(" | "," | "..." | "{" | "[")
            && matches!(next, Some("," | ")" | "=" | ":" | "?" | "}" | "]"))
        {
            out.insert(toks[j].text.to_string());
        }
    }
}

/// `x =>`, `(a, b) =>`, `(a: T): R =>`.
fn js_arrow_params(toks: &[Token], arrow: usize, out: &mut HashSet<String>) {
    let Some(p) = arrow.checked_sub(1) else {
        return;
    };
    let prev = &toks[p];
    let typed = p > 0 && matches!(toks[p - 1].text, ":" | ".");
    if prev.kind == TokenKind::Ident && !typed {
        out.insert(prev.text.to_string());
        return;
    }
    let close = (p.saturating_sub(16)..=p)
        .rev()
        .find(|&j| toks[j].is_punct(")") && (j == p || punct_at(toks, j + 1, ":")));
    if let Some(open) = close.and_then(|c| matching_back(toks, c, 256)) {
        js_params(toks, open, out);
    }
}

// Name lists, each sorted (by bytes) for binary search; a test keeps them so.

/// Rust's standard macros, whose uses say nothing about a change.
#[rustfmt::skip]
const RUST_STD_MACROS: &[&str] = &[
    "assert", "assert_eq", "assert_ne", "cfg", "column", "compile_error", "concat", "dbg", "debug_assert",
    "debug_assert_eq", "debug_assert_ne", "env", "eprint", "eprintln", "file", "format", "format_args",
    "include", "include_bytes", "include_str", "line", "macro_rules", "matches", "module_path",
    "option_env", "panic", "print", "println", "stringify", "thread_local", "todo", "unimplemented",
    "unreachable", "vec", "write", "writeln",
];

/// Names so common that a use of them says nothing about which hunk to read first: the prelude,
/// primitive types, std's everyday traits, modules and methods.
#[rustfmt::skip]
const RUST_COMMON: &[&str] = &[
    "Arc", "AsMut", "AsRef", "BTreeMap", "BTreeSet", "Box", "Cell", "Clone", "Copy", "Cow", "Debug",
    "Default", "Deref", "DerefMut", "Deserialize", "Display", "Drop", "Eq", "Err", "Fn", "FnMut", "FnOnce",
    "From", "Hash", "HashMap", "HashSet", "Into", "IntoIterator", "Iterator", "Mutex", "None", "Ok",
    "Option", "Ord", "PartialEq", "PartialOrd", "Path", "PathBuf", "PhantomData", "Rc", "RefCell", "Result",
    "RwLock", "Send", "Serialize", "Sized", "Some", "String", "Sync", "ToString", "TryFrom", "TryInto",
    "Vec", "VecDeque", "alloc", "and_then", "as_mut", "as_ref", "as_str", "bool", "char", "clone",
    "collect", "core", "env", "expect", "f32", "f64", "filter", "fmt", "fs", "i128", "i16", "i32", "i64",
    "i8", "into", "into_iter", "io", "is_empty", "is_err", "is_none", "is_ok", "is_some", "isize", "iter",
    "iter_mut", "len", "map", "map_err", "mem", "ok_or", "ok_or_else", "ptr", "std", "str", "to_owned",
    "to_string", "u128", "u16", "u32", "u64", "u8", "unwrap", "unwrap_or", "unwrap_or_default",
    "unwrap_or_else", "usize",
];

/// Python's builtins, everyday methods, `typing` names and standard modules.
#[rustfmt::skip]
const PYTHON_COMMON: &[&str] = &[
    "Any", "AttributeError", "BaseException", "Callable", "Dict", "Exception", "IndexError", "Iterable",
    "Iterator", "KeyError", "List", "Mapping", "NotImplementedError", "OSError", "Optional", "RuntimeError",
    "Sequence", "Set", "StopIteration", "Tuple", "TypeError", "Union", "ValueError", "__init__", "__name__",
    "abs", "all", "any", "append", "asyncio", "bool", "bytes", "callable", "classmethod", "cls",
    "collections", "dataclasses", "dict", "dir", "endswith", "enumerate", "extend", "filter", "float",
    "format", "frozenset", "functools", "getattr", "hasattr", "hash", "id", "input", "int", "isinstance",
    "issubclass", "items", "iter", "itertools", "join", "json", "keys", "len", "list", "logging", "map",
    "math", "max", "min", "next", "object", "open", "os", "pathlib", "print", "property", "pytest", "range",
    "re", "repr", "reversed", "round", "set", "setattr", "sorted", "split", "startswith", "staticmethod",
    "str", "strip", "subprocess", "sum", "super", "sys", "time", "tuple", "type", "typing", "unittest",
    "values", "vars", "zip",
];

/// JavaScript's globals, everyday methods, TypeScript's utility types and the test frameworks'
/// own names (jest and vitest).
#[rustfmt::skip]
const JS_COMMON: &[&str] = &[
    "Array", "Boolean", "Date", "Error", "Infinity", "JSON", "Map", "Math", "NaN", "Number", "Object",
    "Omit", "Partial", "Pick", "Promise", "Readonly", "Record", "Reflect", "RegExp", "ReturnType", "Set",
    "String", "Symbol", "TypeError", "WeakMap", "WeakSet", "afterAll", "afterEach", "any", "beforeAll",
    "beforeEach", "boolean", "clearInterval", "clearTimeout", "console", "describe", "document", "entries",
    "expect", "exports", "filter", "forEach", "globalThis", "isNaN", "it", "jest", "keys", "length", "log",
    "map", "mockClear", "mockImplementation", "mockRejectedValue", "mockResolvedValue", "mockReturnValue",
    "module", "never", "not", "number", "object", "parseFloat", "parseInt", "process", "push", "reduce",
    "rejects", "require", "resolves", "setInterval", "setTimeout", "spyOn", "string", "test", "then",
    "toBe", "toBeDefined", "toBeFalsy", "toBeGreaterThan", "toBeInstanceOf", "toBeLessThan", "toBeNull",
    "toBeTruthy", "toBeUndefined", "toContain", "toEqual", "toHaveBeenCalled", "toHaveBeenCalledTimes",
    "toHaveBeenCalledWith", "toHaveLength", "toHaveProperty", "toMatch", "toMatchObject", "toMatchSnapshot",
    "toStrictEqual", "toString", "toThrow", "toThrowError", "unknown", "values", "vi", "window",
];

/// Common names whose members are as common as they are (`std::mem::take`, `fmt::Write`), besides
/// every capitalised common name (`Vec::new`, `JSON.parse`).
const RUST_NAMESPACES: &[&str] = &["alloc", "core", "env", "fmt", "fs", "io", "mem", "ptr", "std"];

/// Python modules whose members are as common as they are (`os.path.join`).
#[rustfmt::skip]
const PYTHON_NAMESPACES: &[&str] = &[
    "asyncio", "collections", "dataclasses", "functools", "itertools", "json", "logging", "math", "os",
    "pathlib", "pytest", "re", "subprocess", "sys", "time", "typing",
];

/// JavaScript globals whose members are as common as they are (`console.log`, `process.env`).
const JS_NAMESPACES: &[&str] =
    &["console", "document", "globalThis", "jest", "module", "process", "vi", "window"];

fn listed(list: &[&str], name: &str) -> bool {
    list.binary_search(&name).is_ok()
}

fn is_std_macro(name: &str) -> bool {
    listed(RUST_STD_MACROS, name)
}

fn is_common(lang: Language, name: &str) -> bool {
    match lang {
        Language::Rust => listed(RUST_COMMON, name),
        Language::Python => listed(PYTHON_COMMON, name),
        Language::JavaScript | Language::TypeScript => listed(JS_COMMON, name),
        Language::Other => false,
    }
}

fn is_namespace(lang: Language, name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        || match lang {
            Language::Rust => listed(RUST_NAMESPACES, name),
            Language::Python => listed(PYTHON_NAMESPACES, name),
            Language::JavaScript | Language::TypeScript => listed(JS_NAMESPACES, name),
            Language::Other => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SymbolKind::*;

    const RUST: &str = r#"//! Parses headers.

use std::collections::HashMap;

/// A parsed header.
#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    value: Vec<u8>,
}

pub enum Kind {
    Plain,
    Folded { width: usize },
    Raw(u8),
}

pub const MAX_LEN: usize = 8192;
static mut COUNTER: u32 = 0;
pub type Map = HashMap<String, Header>;

pub trait Parse {
    fn parse(input: &str) -> Option<Self>
    where
        Self: Sized;
}

impl Header {
    pub fn new(name: &str) -> Self {
        Header { name: name.to_string(), value: Vec::new() }
    }

    pub(crate) fn value(&self) -> &[u8] {
        &self.value
    }
}

impl<'a> Parse for Header {
    fn parse(input: &str) -> Option<Self> {
        let (name, rest) = input.split_once(':')?;
        let mut header = Header::new(name.trim());
        header.value = rest.trim().as_bytes().to_vec();
        Some(header)
    }
}

macro_rules! header {
    ($name:expr) => {
        Header::new($name)
    };
}

pub fn parse_all(text: &str) -> Map {
    fn fold(line: &str) -> String {
        line.replace("\n ", " ")
    }
    let mut out = Map::new();
    for line in text.lines() {
        if let Some(h) = Header::parse(&fold(line)) {
            out.insert(h.name.clone(), h);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one() {
        let h = Header::parse("a: b").unwrap();
        assert_eq!(h.value(), b"b");
    }
}
"#;

    const PYTHON: &str = r#""""Stats over samples."""

import math
from .io import read_samples

DEFAULT_BINS = 10
cache = {}


class Histogram:
    """Counts samples into bins.

    def not_a_method(self): a docstring, not code
    """

    bins: int = 10

    def __init__(self, bins=DEFAULT_BINS):
        self.bins = bins
        self.counts = [0] * bins
        if bins > 100:
            self.sparse = True

    def add(self, value):
        index = min(int(value * self.bins), self.bins - 1)
        self.counts[index] += 1

    @property
    def total(self):
        return sum(self.counts)


async def load(path):
    samples = await read_samples(path)
    return Histogram.from_samples(samples)


def mean(values):
    return sum(values) / len(values)


class TestHistogram:
    def test_add(self):
        h = Histogram(bins=2)
        h.add(0.7)
        assert h.counts == [0, 1]


@pytest.fixture
def sample_file(tmp_path):
    return tmp_path / "s.txt"


def test_mean():
    assert mean([1, 2]) == 1.5
"#;

    const TS: &str = r#"import { readFile } from "fs/promises";

export interface CartItem {
  readonly sku: string;
  quantity?: number;
  price(): number;
}

type Totals = {
  subtotal: number;
  tax: number;
};

export enum Currency {
  Eur = "EUR",
  Usd,
}

export const TAX_RATE = 0.2;
let counter = 0;
const format = (n: number): string => n.toFixed(2);
const { a, b: renamed } = defaults;

export default function checkout(items: CartItem[]) {
  return new Cart(items).totals();
}

function* ids() {
  yield counter++;
}

export async function load(path: string) {
  const text = await readFile(path, "utf8");
  return JSON.parse(text);
}

export class Cart {
  static empty = new Cart([]);
  #secret = 1;
  private items: CartItem[];

  constructor(items: CartItem[]) {
    this.items = items;
  }

  get size() {
    return this.items.length;
  }

  async save() {
    await persist(this.items);
  }

  onClick = () => {
    this.save();
  };

  totals(): Totals {
    const subtotal = this.items.reduce((s, i) => s + i.price() * (i.quantity ?? 1), 0);
    return { subtotal, tax: subtotal * TAX_RATE };
  }
}

module.exports.helper = function () {};
exports.VERSION = "1.0";

describe("Cart", () => {
  it("totals", () => {
    expect(new Cart([]).totals().subtotal).toBe(0);
  });
});
"#;

    /// The 0-based line of the first line containing `needle`.
    fn line_of(text: &str, needle: &str) -> u32 {
        let found = text.split('\n').position(|l| l.contains(needle));
        to_u32(found.unwrap_or_else(|| panic!("no line contains {needle:?}")))
    }

    fn dump(o: &Outline) -> String {
        let rows = o.defs.iter().map(|d| {
            format!("{}:{:?} parent={:?} {}..{}", d.symbol.name, d.symbol.kind, d.parent, d.line, d.end)
        });
        rows.collect::<Vec<_>>().join("\n")
    }

    /// The only definition named `name` of `kind`.
    fn def<'a>(o: &'a Outline, name: &str, kind: SymbolKind) -> &'a Definition {
        let mut found = o.defs.iter().filter(|d| d.symbol.name == name && d.symbol.kind == kind);
        match (found.next(), found.next()) {
            (Some(d), None) => d,
            _ => panic!("want exactly one {name} {kind:?} in\n{}", dump(o)),
        }
    }

    fn sym(name: &str, kind: SymbolKind) -> Symbol {
        Symbol { name: name.to_string(), kind }
    }

    /// Replaces `remove` lines of `before` at `at` with `added` and reads the hunk.
    fn edit(lang: Language, before: &str, at: u32, remove: u32, added: &[&str]) -> Symbols {
        let lines: Vec<&str> = before.split('\n').collect();
        let (at, cut) = (at as usize, (at + remove) as usize);
        let after = [&lines[..at], added, &lines[cut..]].concat().join("\n");
        let (old, new) = (Outline::new(lang, before), Outline::new(lang, &after));
        let end = to_u32(at + added.len());
        hunk_symbols(lang, &old, &new, to_u32(at)..to_u32(cut), to_u32(at)..end, &lines[at..cut], added)
    }

    /// Replaces the line containing `needle` with `with`.
    fn replace(lang: Language, before: &str, needle: &str, with: &[&str]) -> Symbols {
        edit(lang, before, line_of(before, needle), 1, with)
    }

    // ----- Rust -----

    #[test]
    fn rust_items_kinds_parents_and_extents() {
        let o = Outline::new(Language::Rust, RUST);
        let header = def(&o, "Header", Type);
        assert_eq!(
            (header.line, header.end),
            (line_of(RUST, "pub struct Header"), line_of(RUST, "pub enum") - 1)
        );
        assert_eq!(def(&o, "name", Field).parent.as_deref(), Some("Header"));
        assert_eq!(def(&o, "value", Field).parent.as_deref(), Some("Header"));
        for variant in ["Plain", "Folded", "Raw"] {
            assert_eq!(def(&o, variant, Constant).parent.as_deref(), Some("Kind"), "{variant}");
        }
        // A struct-like variant's fields are not the enum's.
        assert!(o.defs.iter().all(|d| d.symbol.name != "width"), "{}", dump(&o));
        assert_eq!(def(&o, "MAX_LEN", Constant).parent, None);
        assert_eq!(def(&o, "COUNTER", Variable).end, line_of(RUST, "static mut") + 1);
        assert_eq!(def(&o, "Map", Type).line, line_of(RUST, "pub type Map"));
        assert_eq!(def(&o, "Parse", Type).end, line_of(RUST, "impl Header {") - 1);
        let parses: Vec<_> = o.defs.iter().filter(|d| d.symbol == sym("parse", Method)).collect();
        let parents: Vec<_> = parses.iter().map(|d| d.parent.as_deref()).collect();
        assert_eq!(parents, [Some("Parse"), Some("Header")]);
        // The trait's bodiless method ends at its `;`, the impl's at its `}`.
        assert_eq!(parses[0].end, line_of(RUST, "Self: Sized;") + 1);
        assert_eq!(parses[1].end, line_of(RUST, "Some(header)") + 2);
        assert_eq!(def(&o, "new", Method).parent.as_deref(), Some("Header"));
        assert_eq!(def(&o, "value", Method).line, line_of(RUST, "pub(crate) fn value"));
        let mac = def(&o, "header", Macro);
        assert_eq!(
            (mac.line, mac.end),
            (line_of(RUST, "macro_rules!"), line_of(RUST, "pub fn parse_all") - 1)
        );
        let all = def(&o, "parse_all", Function);
        assert_eq!(all.end, line_of(RUST, "#[cfg(test)]") - 1);
        let fold = def(&o, "fold", Function);
        assert_eq!((fold.parent.as_deref(), fold.end), (None, line_of(RUST, "let mut out")));
        assert_eq!(def(&o, "tests", Module).end, line_of(RUST, "assert_eq!") + 3);
        assert_eq!(def(&o, "parses_one", Function).parent.as_deref(), Some("tests"));
    }

    #[test]
    fn rust_enclosing_is_the_innermost() {
        let o = Outline::new(Language::Rust, RUST);
        let at = |needle: &str| {
            o.enclosing(line_of(RUST, needle)).map(|d| (d.symbol.name.as_str(), d.symbol.kind))
        };
        assert_eq!(at("line.replace"), Some(("fold", Function)));
        assert_eq!(at("out.insert"), Some(("parse_all", Function)));
        assert_eq!(at("header.value = rest"), Some(("parse", Method)));
        assert_eq!(at("value: Vec<u8>"), Some(("value", Field)));
        assert_eq!(at("let h = Header::parse"), Some(("parses_one", Function)));
        assert_eq!(at("use std::collections"), None);
        assert_eq!(o.enclosing(10_000), None);
    }

    #[test]
    fn rust_test_code() {
        let o = Outline::new(Language::Rust, RUST);
        assert!(o.in_test(line_of(RUST, "let h = Header::parse")));
        assert!(o.in_test(line_of(RUST, "#[cfg(test)]")), "the attribute is part of the module");
        assert!(!o.in_test(line_of(RUST, "out.insert")));
        let text = "#[cfg_attr(test, derive(Debug))]\nstruct A;\n#[cfg(not(test))]\nfn real() {}\n\
                    #[tokio::test]\nasync fn works() {\n    go().await;\n}\n#[wasm_bindgen_test]\nfn web() {}\n";
        let o = Outline::new(Language::Rust, text);
        assert!(!o.in_test(line_of(text, "struct A")));
        assert!(!o.in_test(line_of(text, "fn real")));
        assert!(o.in_test(line_of(text, "go().await")));
        assert!(o.in_test(line_of(text, "fn web")));
        let inner = "#![cfg(test)]\nuse super::*;\nfn helper() {}\n";
        assert!(Outline::new(Language::Rust, inner).in_test(2));
        let test_impl = "#[cfg(test)]\nimpl Header {\n    fn fake() -> Self { todo!() }\n}\nfn real() {}\n";
        let o = Outline::new(Language::Rust, test_impl);
        assert!(o.in_test(2) && !o.in_test(4));
    }

    #[test]
    fn rust_body_edit_changes_its_function() {
        let s = replace(
            Language::Rust,
            RUST,
            "out.insert(h.name",
            &["            out.insert(h.name.to_lowercase(), h);"],
        );
        assert_eq!(s.scope, Some(sym("parse_all", Function)));
        assert_eq!(s.changes, [sym("parse_all", Function)]);
        assert!(s.defines.is_empty() && s.removes.is_empty());
        assert_eq!(s.uses, ["insert", "name", "out", "to_lowercase"]);
        assert!(s.drops.is_empty(), "{:?}", s.drops);
        assert!(!s.in_test);
    }

    #[test]
    fn rust_signature_edit_is_a_change_not_a_definition() {
        let s = replace(
            Language::Rust,
            RUST,
            "pub fn parse_all",
            &["pub fn parse_all(text: &str, strict: bool) -> Map {"],
        );
        assert_eq!(s.changes, [sym("parse_all", Function)]);
        assert!(s.defines.is_empty() && s.removes.is_empty());
        assert_eq!(s.scope, None);
        // Parameters are the function's own names, not uses.
        assert_eq!(s.uses, ["Map"]);
    }

    #[test]
    fn rust_new_function_defines_it_and_uses_its_callees() {
        let at = line_of(RUST, "#[cfg(test)]") - 1;
        let added = [
            "",
            "pub fn parse_strict(text: &str) -> Result<Map, String> {",
            "    let map = parse_all(text);",
            "    if map.values().any(|h| h.value().is_empty()) {",
            "        return Err(format!(\"empty header in {}\", text.len()));",
            "    }",
            "    Ok(map)",
            "}",
        ];
        let s = edit(Language::Rust, RUST, at, 0, &added);
        assert_eq!(s.defines, [sym("parse_strict", Function)]);
        assert!(s.changes.is_empty(), "{:?}", s.changes);
        assert_eq!(s.scope, None);
        assert_eq!(s.uses, ["Map", "any", "parse_all", "value", "values"]);
    }

    #[test]
    fn rust_deleted_function_is_removed_and_its_calls_dropped() {
        let s = edit(Language::Rust, RUST, line_of(RUST, "fn fold"), 3, &[]);
        assert_eq!(s.removes, [sym("fold", Function)]);
        assert_eq!(s.scope, Some(sym("parse_all", Function)), "placed in the old text");
        assert_eq!(s.changes, [sym("parse_all", Function)]);
        assert_eq!(s.drops, ["replace"]);
        let s = replace(
            Language::Rust,
            RUST,
            "Header::parse(&fold(line))",
            &["        if let Some(h) = Header::parse(line) {"],
        );
        assert_eq!(s.drops, ["fold"]);
        assert_eq!(s.uses, ["Header", "line", "parse"]);
    }

    #[test]
    fn rust_doc_comments_attributes_and_fields_change_their_item() {
        let s = replace(Language::Rust, RUST, "/// A parsed header.", &["/// A parsed HTTP header."]);
        assert_eq!(s.changes, [sym("Header", Type)]);
        assert_eq!(s.scope, None);
        let s =
            replace(Language::Rust, RUST, "#[derive(Debug, Clone)]", &["#[derive(Debug, Clone, PartialEq)]"]);
        assert_eq!(s.changes, [sym("Header", Type)]);
        assert!(s.uses.is_empty(), "attributes are not uses: {:?}", s.uses);
        let s = replace(Language::Rust, RUST, "value: Vec<u8>,", &["    value: Vec<u16>,"]);
        assert_eq!(s.changes, [sym("value", Field), sym("Header", Type)]);
        assert!(s.defines.is_empty());
    }

    #[test]
    fn rust_uses_follow_methods_and_paths_but_not_comments_strings_or_std() {
        let added = [
            "    let cfg = config::load(&path).parse_header(); // parse_footer() here",
            "    let s = \"render_html()\";",
            "    header::parse(x); Vec::with_capacity(4); std::mem::take(&mut y); self.flush();",
            "    tracing::debug!(\"x\"); println!(\"{}\", value);",
            "    /* old_api() */ for (i, row) in rows.iter().enumerate() { emit(row, |cell| cell.width); }",
        ];
        let text = "fn f() {\n}\n";
        let s = edit(Language::Rust, text, 1, 0, &added);
        assert_eq!(s.scope, Some(sym("f", Function)));
        let want = [
            "config",
            "debug",
            "emit",
            "enumerate",
            "flush",
            "header",
            "load",
            "parse",
            "parse_header",
            "path",
            "rows",
            "tracing",
            "value",
            "width",
        ];
        assert_eq!(s.uses, want);
    }

    #[test]
    fn rust_unbalanced_braces_stay_local() {
        // The `if` never closes: its function still ends at its own `}`.
        let missing = "impl Parser {\n    fn a(&self) {\n        if self.ready {\n            self.go();\n    }\n\n    fn b(&self) {}\n}\n\nfn c() {}\n";
        let o = Outline::new(Language::Rust, missing);
        assert_eq!(def(&o, "a", Method).end, 5, "{}", dump(&o));
        assert_eq!(def(&o, "b", Method).parent.as_deref(), Some("Parser"));
        let c = def(&o, "c", Function);
        assert_eq!((c.parent.as_deref(), c.end), (None, c.line + 1));
        // One `}` too many closes the impl early; nothing after is swallowed.
        let extra = "impl Parser {\n    fn a(&self) {\n        }\n    }\n    fn b(&self) {}\n}\nfn c() {}\n";
        let o = Outline::new(Language::Rust, extra);
        let c = def(&o, "c", Function);
        assert_eq!((c.end, o.enclosing(c.line).map(|d| d.symbol.name.as_str())), (c.line + 1, Some("c")));
        assert!(o.defs.iter().any(|d| d.symbol.name == "b"));
        // A body that never closes ends where the next item at its indentation starts.
        let open = "fn a() {\n    let x = 1;\n\nfn b() {\n    2\n}\n";
        let o = Outline::new(Language::Rust, open);
        assert_eq!(def(&o, "a", Function).end, 3);
        assert_eq!(def(&o, "b", Function).end, 6);
        // Half-typed code: an open call, a nameless `fn`, an open string.
        let half = "fn a() {\n    let x = foo(\n}\nfn \nfn b() {\n    let s = \"oops;\n}\nfn c() {}\n";
        let o = Outline::new(Language::Rust, half);
        assert_eq!(def(&o, "a", Function).end, 3);
        assert_eq!(def(&o, "c", Function).line, 7, "an open string ends at its line: {}", dump(&o));
    }

    // ----- Python -----

    #[test]
    fn python_definitions_kinds_parents_and_extents() {
        let o = Outline::new(Language::Python, PYTHON);
        assert_eq!(def(&o, "DEFAULT_BINS", Constant).parent, None);
        assert_eq!(def(&o, "cache", Variable).end, line_of(PYTHON, "cache = {}") + 1);
        let hist = def(&o, "Histogram", Type);
        assert_eq!(
            (hist.line, hist.end),
            (line_of(PYTHON, "class Histogram"), line_of(PYTHON, "return sum(self.counts)") + 1)
        );
        assert!(o.defs.iter().all(|d| d.symbol.name != "not_a_method"), "docstrings are not code");
        let fields: Vec<_> =
            o.defs.iter().filter(|d| d.symbol.kind == Field).map(|d| d.symbol.name.as_str()).collect();
        assert_eq!(fields, ["bins", "bins", "counts", "sparse"]);
        assert!(o
            .defs
            .iter()
            .filter(|d| d.symbol.kind == Field)
            .all(|d| d.parent.as_deref() == Some("Histogram")));
        for method in ["__init__", "add", "total"] {
            assert_eq!(def(&o, method, Method).parent.as_deref(), Some("Histogram"), "{method}");
        }
        assert_eq!(def(&o, "add", Method).end, line_of(PYTHON, "self.counts[index] += 1") + 1);
        assert_eq!(def(&o, "load", Function).line, line_of(PYTHON, "async def load"));
        let mean = def(&o, "mean", Function);
        assert_eq!((mean.line, mean.end), (line_of(PYTHON, "def mean"), line_of(PYTHON, "def mean") + 2));
        assert_eq!(def(&o, "test_add", Method).parent.as_deref(), Some("TestHistogram"));
        assert!(o.defs.iter().all(|d| !matches!(d.symbol.name.as_str(), "index" | "samples" | "math")));
    }

    #[test]
    fn python_test_code() {
        let o = Outline::new(Language::Python, PYTHON);
        assert!(o.in_test(line_of(PYTHON, "h.add(0.7)")));
        assert!(o.in_test(line_of(PYTHON, "class TestHistogram")));
        assert!(o.in_test(line_of(PYTHON, "@pytest.fixture")), "a fixture is test code, decorator included");
        assert!(o.in_test(line_of(PYTHON, "assert mean")));
        assert!(!o.in_test(line_of(PYTHON, "return sum(values)")));
        let unittest = "class CartCase(unittest.TestCase):\n    def setUp(self):\n        pass\n";
        assert!(Outline::new(Language::Python, unittest).in_test(2));
    }

    #[test]
    fn python_hunks() {
        let s = replace(
            Language::Python,
            PYTHON,
            "self.counts[index] += 1",
            &["        self.counts[index] += weight"],
        );
        assert_eq!(
            (s.scope.clone(), s.changes.clone()),
            (Some(sym("add", Method)), vec![sym("add", Method)])
        );
        assert_eq!(s.uses, ["counts", "index", "weight"]);
        // A new method inside the class: defined, and the class changes.
        let at = line_of(PYTHON, "return sum(self.counts)") + 1;
        let s = edit(
            Language::Python,
            PYTHON,
            at,
            0,
            &["", "    def reset(self):", "        self.counts = [0] * self.bins"],
        );
        assert_eq!(s.defines, [sym("reset", Method)]);
        assert_eq!(s.changes, [sym("Histogram", Type)]);
        assert_eq!(s.uses, ["bins", "counts"]);
        let s = replace(Language::Python, PYTHON, "def mean(values):", &["def mean(values, weights=None):"]);
        assert_eq!((s.changes.clone(), s.defines.len(), s.uses.len()), (vec![sym("mean", Function)], 0, 0));
        // Deleting a test function: removed, and the hunk is test code.
        let s = edit(Language::Python, PYTHON, line_of(PYTHON, "def test_mean"), 2, &[]);
        assert_eq!(s.removes, [sym("test_mean", Function)]);
        assert!(s.in_test);
        assert_eq!(s.drops, ["mean"]);
        // Adding a test declares test code even where there was none.
        let s = edit(
            Language::Python,
            PYTHON,
            line_of(PYTHON, "def mean"),
            0,
            &["def test_mode():", "    assert mode([1]) == 1", ""],
        );
        assert!(s.in_test);
        assert_eq!(s.uses, ["mode"]);
    }

    #[test]
    fn python_half_typed_code() {
        let text = "def broken(a,\n\ndef mean(values):\n    return sum(values)\n\nx = '''open\ny = 2\n";
        let o = Outline::new(Language::Python, text);
        let mean = def(&o, "mean", Function);
        assert_eq!((mean.line, mean.end), (2, 4), "{}", dump(&o));
        assert_eq!(def(&o, "broken", Function).end, 1);
        assert_eq!(def(&o, "y", Variable).line, 6, "an open string ends at its line");
        let odd = "class A:\n\tdef f(self):\n\t\treturn 1\n  \n\tdef g(self): pass\nif True:\n    Z = 1\n";
        let o = Outline::new(Language::Python, odd);
        assert_eq!(def(&o, "f", Method).end, 3);
        assert_eq!(def(&o, "g", Method).end, 5);
        assert_eq!(def(&o, "Z", Constant).line, 6);
    }

    // ----- JavaScript and TypeScript -----

    #[test]
    fn ts_definitions_kinds_parents_and_extents() {
        let o = Outline::new(Language::TypeScript, TS);
        let parent = |name: &str, kind| def(&o, name, kind).parent.as_deref();
        for field in ["sku", "quantity", "price"] {
            assert_eq!(parent(field, Field), Some("CartItem"), "{field}");
        }
        assert_eq!(def(&o, "CartItem", Type).end, line_of(TS, "type Totals") - 1);
        assert_eq!(parent("subtotal", Field), Some("Totals"));
        assert_eq!(def(&o, "Totals", Type).end, line_of(TS, "export enum") - 1);
        assert_eq!((parent("Eur", Constant), parent("Usd", Constant)), (Some("Currency"), Some("Currency")));
        assert_eq!(def(&o, "TAX_RATE", Constant).line, line_of(TS, "TAX_RATE = 0.2"));
        def(&o, "counter", Variable);
        def(&o, "format", Function);
        def(&o, "a", Variable);
        def(&o, "renamed", Variable);
        let checkout = def(&o, "checkout", Function);
        assert_eq!(
            (checkout.line, checkout.end),
            (line_of(TS, "export default"), line_of(TS, "function* ids") - 1)
        );
        def(&o, "ids", Function);
        assert_eq!(def(&o, "load", Function).end, line_of(TS, "export class Cart") - 1);
        let cart = def(&o, "Cart", Type);
        assert_eq!(cart.end, line_of(TS, "module.exports") - 1);
        for field in ["empty", "secret", "items"] {
            assert_eq!(parent(field, Field), Some("Cart"), "{field}");
        }
        for method in ["constructor", "size", "save", "onClick", "totals"] {
            assert_eq!(parent(method, Method), Some("Cart"), "{method}");
        }
        assert_eq!(def(&o, "onClick", Method).end, line_of(TS, "this.save();") + 2);
        def(&o, "helper", Function);
        def(&o, "VERSION", Constant);
        // Locals in bodies and imports are not definitions.
        assert!(
            o.defs.iter().all(|d| !matches!(d.symbol.name.as_str(), "text" | "readFile")),
            "{}",
            dump(&o)
        );
        let at = |needle: &str| o.enclosing(line_of(TS, needle)).map(|d| d.symbol.name.as_str());
        assert_eq!(at("await persist"), Some("save"));
        assert_eq!(at("const subtotal"), Some("totals"));
    }

    #[test]
    fn js_test_code() {
        let o = Outline::new(Language::TypeScript, TS);
        assert!(o.in_test(line_of(TS, "describe(")));
        assert!(o.in_test(line_of(TS, "expect(")));
        assert!(!o.in_test(line_of(TS, "exports.VERSION")));
        let each = "test.each([[1, 2]])('adds %i', (a, b) => {\n  expect(a).toBe(b);\n});\nrun();\n";
        let o = Outline::new(Language::JavaScript, each);
        assert!(o.in_test(1) && !o.in_test(3));
    }

    #[test]
    fn js_hunks() {
        let s = replace(
            Language::TypeScript,
            TS,
            "await persist(this.items);",
            &["    await persist(this.items, this.#secret);"],
        );
        assert_eq!(s.scope, Some(sym("save", Method)));
        assert_eq!(s.uses, ["items", "persist", "secret"]);
        let at = line_of(TS, "export class Cart") - 1;
        let added = [
            "",
            "export function restore(raw: string): Cart {",
            "  const { items, ...rest } = JSON.parse(raw);",
            "  console.log(`restoring ${items.length}`);",
            "  return new Cart(items.map(toItem)).withMeta(rest);",
            "}",
        ];
        let s = edit(Language::TypeScript, TS, at, 0, &added);
        assert_eq!(s.defines, [sym("restore", Function)]);
        assert_eq!(s.uses, ["Cart", "toItem", "withMeta"]);
        let s = replace(
            Language::TypeScript,
            TS,
            "export async function load",
            &["export async function load(path: string, cache = true) {"],
        );
        assert_eq!(s.changes, [sym("load", Function)]);
        let s = edit(Language::TypeScript, TS, line_of(TS, "  async save()"), 4, &[]);
        assert_eq!(s.removes, [sym("save", Method)]);
        assert_eq!(s.changes, [sym("Cart", Type)]);
        assert_eq!(s.drops, ["items", "persist"]);
        let s = replace(
            Language::TypeScript,
            TS,
            "expect(new Cart",
            &["    expect(new Cart([]).totals().tax).toBe(0);"],
        );
        assert!(s.in_test);
        assert_eq!(s.uses, ["Cart", "tax", "totals"]);
    }

    #[test]
    fn js_requires_are_uses_not_definitions() {
        let text = "const express = require('express')\nconst { verify } = require('./auth')\n";
        assert!(Outline::new(Language::JavaScript, text).definitions().is_empty());
        let s =
            edit(Language::JavaScript, "", 0, 0, &["const { verify, sign: signToken } = require('./auth');"]);
        assert!(s.defines.is_empty());
        assert_eq!(s.uses, ["sign", "signToken", "verify"]);
        let s = edit(Language::JavaScript, "", 0, 0, &["  expect(res.body).not.toHaveProperty('secret');"]);
        assert_eq!(s.uses, ["body", "res"]);
    }

    #[test]
    fn js_without_semicolons() {
        let text = "const a = 1\nconst b = {\n  x: 1,\n}\nfunction f() {\n  return a\n}\nlet c = f()\n  .toString()\nexport const handler = async (event) => {\n  await go(event)\n}\n";
        let o = Outline::new(Language::JavaScript, text);
        assert_eq!(def(&o, "a", Variable).end, 1);
        assert_eq!(def(&o, "b", Variable).end, 4);
        assert_eq!(def(&o, "f", Function).end, 7);
        assert_eq!(def(&o, "c", Variable).end, 9);
        let handler = def(&o, "handler", Function);
        assert_eq!((handler.line, handler.end), (9, 12));
    }

    #[test]
    fn js_unbalanced_code() {
        // `save` loses its closing brace; the next method still starts its own extent.
        let text = "class Cart {\n  save() {\n    if (dirty) {\n      persist();\n  }\n\n  load() {\n    fetch(\n  }\n}\n\nfunction after() {}\n";
        let o = Outline::new(Language::JavaScript, text);
        assert_eq!(def(&o, "save", Method).end, 5, "{}", dump(&o));
        assert_eq!(def(&o, "load", Method).parent.as_deref(), Some("Cart"));
        let after = def(&o, "after", Function);
        assert_eq!(
            (after.parent.as_deref(), o.enclosing(after.line).map(|d| d.symbol.name.as_str())),
            (None, Some("after"))
        );
        let open_template = "const q = `SELECT\nfunction later() {}\n";
        assert_eq!(def(&Outline::new(Language::JavaScript, open_template), "later", Function).line, 1);
    }

    // ----- Any language -----

    #[test]
    fn empty_and_other_texts() {
        for lang in
            [Language::Rust, Language::Python, Language::JavaScript, Language::TypeScript, Language::Other]
        {
            let o = Outline::new(lang, "");
            assert!(o.definitions().is_empty() && o.enclosing(0).is_none() && !o.in_test(0));
            assert_eq!(hunk_symbols(lang, &o, &o, 0..0, 0..0, &[], &[]), Symbols::default());
        }
        let o = Outline::new(Language::Other, "fn main() {}\n");
        let s = hunk_symbols(Language::Other, &o, &o, 0..1, 0..1, &["fn main() {}"], &["fn main() { go() }"]);
        assert_eq!(s, Symbols::default());
    }

    #[test]
    fn ranges_out_of_bounds_fall_back_to_the_hunk_text() {
        let empty = Outline::new(Language::Rust, "");
        let added = ["fn fresh() {", "    helper();", "}"];
        let s = hunk_symbols(Language::Rust, &empty, &empty, 40..40, 40..43, &[], &added);
        assert_eq!(s.defines, [sym("fresh", Function)]);
        assert_eq!(s.uses, ["helper"]);
        let o = Outline::new(Language::Rust, RUST);
        #[allow(clippy::reversed_empty_ranges)]
        let weird = [9..5, u32::MAX..u32::MAX, 0..u32::MAX, 70..10_000];
        for range in weird {
            hunk_symbols(Language::Rust, &o, &o, range.clone(), range.clone(), &[], &[]);
            hunk_symbols(Language::Rust, &o, &o, range.clone(), range, &["}"], &["fn x() {"]);
        }
    }

    #[test]
    fn name_lists_are_sorted_for_binary_search() {
        let lists = [
            RUST_STD_MACROS,
            RUST_COMMON,
            PYTHON_COMMON,
            JS_COMMON,
            RUST_NAMESPACES,
            PYTHON_NAMESPACES,
            JS_NAMESPACES,
        ];
        for list in lists {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{pair:?}");
            }
        }
        assert!(is_common(Language::Rust, "Vec") && is_common(Language::Python, "len"));
        assert!(is_common(Language::JavaScript, "console") && is_std_macro("println"));
        assert!(!is_common(Language::Rust, "parse_header"));
    }

    /// Every prefix of the sample files is code mid-edit: nothing may panic, every extent must be
    /// sane, and every hunk must read.
    #[test]
    fn every_prefix_reads() {
        let samples = [(Language::Rust, RUST), (Language::Python, PYTHON), (Language::TypeScript, TS)];
        for (lang, text) in samples {
            let full = Outline::new(lang, text);
            let cuts = (0..text.len()).filter(|&i| text.is_char_boundary(i)).step_by(3);
            for cut in cuts {
                let prefix = &text[..cut];
                let o = Outline::new(lang, prefix);
                for d in o.definitions() {
                    assert!(d.line < d.end && d.end <= o.lines, "{lang:?} at {cut}: {d:?}");
                }
                let lines: Vec<&str> = prefix.split('\n').collect();
                let last = to_u32(lines.len());
                let tail = &lines[lines.len().saturating_sub(3)..];
                hunk_symbols(
                    lang,
                    &full,
                    &o,
                    last.saturating_sub(3)..last,
                    last.saturating_sub(3)..last,
                    tail,
                    tail,
                );
            }
        }
    }

    /// Deleting any one line (a lost brace, a lost header) leaves a readable file.
    #[test]
    fn every_line_deleted_reads() {
        let samples = [(Language::Rust, RUST), (Language::Python, PYTHON), (Language::TypeScript, TS)];
        for (lang, text) in samples {
            let lines: Vec<&str> = text.split('\n').collect();
            for gone in 0..lines.len() {
                let s = edit(lang, text, to_u32(gone), 1, &[]);
                assert!(s.defines.is_empty(), "{lang:?} line {gone}: {s:?}");
            }
        }
    }

    /// Input built to defeat the stack and the fallbacks (deep nesting, nothing ever closed, stray
    /// quotes) still reads in linear time; the bound would catch a quadratic slip.
    #[test]
    fn pathological_input_stays_linear() {
        const BUDGET: std::time::Duration = std::time::Duration::from_millis(500);
        let stairs: String = (0..4000).map(|i| format!("{}fn f{i}() {{\n", " ".repeat(i % 300))).collect();
        let texts = [
            (Language::Rust, stairs.clone()),
            (Language::Rust, format!("fn a() {{{}{}", "(".repeat(20_000), "]".repeat(20_000))),
            (Language::Rust, "    let s = \"\n".repeat(4000)),
            (Language::Rust, "macro_rules! m {\n".repeat(2000)),
            (Language::Python, (0..4000).map(|i| format!("{}def f(\n", " ".repeat(i % 300))).collect()),
            (Language::JavaScript, stairs.replace("fn", "class")),
            (Language::TypeScript, "{".repeat(30_000)),
        ];
        for (lang, text) in texts {
            let started = std::time::Instant::now();
            let o = Outline::new(lang, &text);
            let lines: Vec<&str> = text.split('\n').take(50).collect();
            hunk_symbols(lang, &o, &o, 0..50, 0..50, &lines, &lines);
            let took = started.elapsed();
            assert!(took < BUDGET, "{lang:?} {:?}…: {took:?}", &text[..20]);
        }
    }

    /// A 2,000-line change over 50 files must read in milliseconds; the bound is loose so that
    /// a slow CI machine does not fail it, yet a quadratic slip would.
    #[test]
    fn a_large_change_reads_fast() {
        const BUDGET: std::time::Duration = std::time::Duration::from_millis(500);
        let started = std::time::Instant::now();
        for file in 0..50 {
            let (lang, text) = match file % 3 {
                0 => (Language::Rust, RUST),
                1 => (Language::Python, PYTHON),
                _ => (Language::TypeScript, TS),
            };
            // Each file is the sample four times over: some 300 lines, 40 changed.
            let before = [text; 4].concat();
            let after = before.replace("self", "this_").replace("items", "goods");
            let (old, new) = (Outline::new(lang, &before), Outline::new(lang, &after));
            let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
                (before.split('\n').collect(), after.split('\n').collect());
            for (i, (a, b)) in
                old_lines.iter().zip(&new_lines).enumerate().filter(|(_, (a, b))| a != b).take(40)
            {
                let at = to_u32(i);
                hunk_symbols(lang, &old, &new, at..at + 1, at..at + 1, &[a], &[b]);
            }
        }
        let took = started.elapsed();
        assert!(took < BUDGET, "took {took:?}");
    }
}
