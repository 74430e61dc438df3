//! JavaScript and TypeScript declarations: bindings, functions, classes, exports, `require`s and
//! test calls.

use crate::hunk::SymbolKind;
use crate::lang::Language;
use crate::lex::{Token, TokenKind};

use super::braces::{Body, Mode, Place, Scan};
use super::outline::{
    end_line, first_on_line, ident_at, matching, punct_at, text_at, tokens, value_kind, Builder,
};

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
    pub(super) fn js(mut self, lang: Language, text: &str, b: &mut Builder) {
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
pub(super) fn js_imports(toks: &[Token], i: usize) -> bool {
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
pub(super) fn pattern_names<'t>(toks: &[Token<'t>], open: usize) -> Vec<&'t str> {
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
