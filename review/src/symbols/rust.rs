//! Rust's items: headers, modifiers, visibility, `impl` blocks and test attributes.

use crate::hunk::SymbolKind;
use crate::lang::Language;
use crate::lex::{Token, TokenKind};

use super::braces::{Body, Mode, Place, Scan};
use super::outline::{end_line, first_on_line, ident_at, matching, punct_at, text_at, tokens, Builder};

impl Scan {
    pub(super) fn rust(mut self, text: &str, b: &mut Builder) {
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
pub(super) fn attribute_end(toks: &[Token], open: usize) -> usize {
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
