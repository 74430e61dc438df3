//! The brace languages' reader: a stack of open brackets, repaired with indentation, that tells
//! what a `{ … }` holds and where each item ends.

use crate::hunk::SymbolKind;
use crate::lex::Token;

use super::outline::{pop_if, punct_at, Builder, Heads};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Brace,
    Paren,
    Bracket,
}

/// What a `{ … }` holds, which decides what a name at its top level declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Body {
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
    pub(super) fn owner(&self) -> Option<&str> {
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

pub(super) enum Mode {
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
pub(super) enum Place {
    Top,
    /// Inside parentheses or brackets: no declarations here.
    Expr,
    In(Body),
}

#[derive(Default)]
pub(super) struct Nesting {
    frames: Vec<Frame>,
    /// Innermost last; their depths increase.
    pendings: Vec<Pending>,
    /// How many frames are braces, and how many are namespaces: counted, so that deeply nested
    /// input stays linear.
    braces: usize,
    namespaces: usize,
}

impl Nesting {
    pub(super) fn depth(&self) -> usize {
        self.frames.len()
    }

    pub(super) fn place(&self) -> Place {
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
    pub(super) fn end_pendings_from(&mut self, b: &mut Builder, depth: usize, end: u32) {
        while let Some(p) = pop_if(&mut self.pendings, |p| p.depth >= depth) {
            if let Some(def) = p.def {
                b.close(def, end);
            }
        }
    }

    pub(super) fn pend(&mut self, def: Option<usize>, mode: Mode, test: Option<u32>) {
        self.pendings.push(Pending { def, depth: self.depth(), mode, test });
    }

    /// The body a `{` right after a pending statement's `=` holds, if it says.
    pub(super) fn literal(&self) -> Option<Body> {
        match self.pendings.last() {
            Some(Pending { depth, mode: Mode::Statement(body), .. }) if *depth == self.depth() => {
                body.clone()
            }
            _ => None,
        }
    }

    /// `{`: the body of the item pending at this depth when `take`, else a plain `other` block.
    pub(super) fn open_brace(&mut self, line: u32, indent: u32, other: Body, take: bool) {
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
    pub(super) fn end_statement(&mut self, b: &mut Builder, end: u32) {
        let depth = self.depth();
        let at_depth = |p: &mut Pending| p.depth == depth && matches!(p.mode, Mode::Statement(_));
        if let Some(Pending { def: Some(def), .. }) = pop_if(&mut self.pendings, at_depth) {
            b.close(def, end);
        }
    }

    /// A line that starts an item closes what unbalanced braces left open at its indentation or
    /// deeper on earlier lines.
    pub(super) fn resync(&mut self, b: &mut Builder, line: u32, indent: u32) {
        while self.frames.last().is_some_and(|f| f.line < line && f.indent >= indent) {
            self.pop(b, line);
        }
    }

    /// Marks the innermost brace (or the whole file) as test code: Rust's `#![cfg(test)]`.
    pub(super) fn mark_test(&mut self, b: &mut Builder) {
        match self.frames.iter_mut().rev().find(|f| f.open == Open::Brace) {
            Some(f) => {
                f.test.get_or_insert(f.line);
            }
            None => b.tests.push(0..u32::MAX),
        }
    }

    /// The end of the text: statements end after the last token; unclosed bodies are left to the
    /// indentation fallback.
    pub(super) fn eof(&mut self, b: &mut Builder, last: u32) {
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
pub(super) struct Scan {
    pub(super) n: Nesting,
    pub(super) heads: Heads,
    /// Whether the next word may begin an item (after `;`, `{`, `}`, an attribute, a modifier).
    pub(super) item_start: bool,
    /// The line of the item's first modifier (`pub`, `export`), which is its declaring line.
    pub(super) item_line: Option<u32>,
    /// Whether the attributes read so far mark a test (`#[test]`, `#[cfg(test)]`).
    pub(super) attr_test: bool,
    /// JS: the token index of a `(` that opens a test call's arguments, and the call's line.
    pub(super) test_paren: Option<(usize, u32)>,
}

impl Scan {
    /// After `;`, `{`, `}`: an item may start.
    pub(super) fn boundary(&mut self) {
        self.item_start = true;
        self.item_line = None;
        self.attr_test = false;
        self.heads.clear();
    }

    pub(super) fn not_item(&mut self) {
        self.item_start = false;
        self.item_line = None;
        self.attr_test = false;
        self.heads.clear();
    }

    pub(super) fn modifier(&mut self, line: u32, next: usize) -> usize {
        self.item_line.get_or_insert(line);
        next
    }

    /// Records a definition whose header was just read at `at` (its name's line), pending its
    /// body or end.
    pub(super) fn define(
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
    pub(super) fn member(
        &mut self,
        b: &mut Builder,
        at: u32,
        name: &str,
        kind: SymbolKind,
        parent: &str,
    ) -> usize {
        let line = self.item_line.take().unwrap_or(at);
        let head = self.heads.take(line);
        let def = b.add(name, kind, Some(parent), head, line, false);
        b.close(def, at + 1);
        self.not_item();
        def
    }

    /// An item with a body but no name of its own (a Rust `impl`, a JS anonymous function).
    pub(super) fn anonymous(&mut self, b: &mut Builder, at: u32, body: Body, test: bool) {
        let line = self.item_line.take().unwrap_or(at);
        let head = self.heads.take(line);
        let depth = self.n.depth();
        self.n.end_pendings_from(b, depth, line);
        self.n.pend(None, Mode::Body(body), test.then_some(head));
        self.not_item();
    }

    pub(super) fn open_close(&mut self, toks: &[Token], firsts: &[bool], i: usize, b: &mut Builder) -> bool {
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
