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
use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use crate::hunk::{Symbol, Symbols};
use crate::lang::Language;

use braces::Scan;
use imports::imports_and_exports;
use outline::{lexable, to_u32, Builder};
use python::Python;
use uses::names;

mod braces;
mod imports;
mod js;
mod outline;
mod python;
mod rust;
mod uses;

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
/// - `in_test`: at least half of the hunk's lines are test code in the outline of the side it is
///   placed in; a test the added lines declare counts.
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

    /// Most of the hunk's lines are test code: a new file that ends with its tests module is
    /// code, and a test added at the end of a function's hunk doesn't make the function a test.
    fn in_test(&self) -> bool {
        let r = &self.range;
        if r.is_empty() {
            return self.outline.tests.iter().any(|t| t.contains(&r.start));
        }
        let in_tests = r.clone().filter(|l| self.outline.tests.iter().any(|t| t.contains(l))).count();
        2 * in_tests >= r.len()
    }
}

#[cfg(test)]
mod tests;
