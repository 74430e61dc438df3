//! Python's reader: indentation blocks over logical lines, definitions, assignments and tests.

use std::collections::HashSet;

use crate::hunk::SymbolKind;
use crate::lang::Language;
use crate::lex::{Token, TokenKind};

use super::outline::{
    end_line, ident_at, pop_if, punct_at, text_at, to_u32, tokens, value_kind, Builder, Heads,
};

struct Block {
    indent: u32,
    def: usize,
    /// The class name, when the block is a class body.
    class: Option<String>,
    /// The class, when the block is its `__init__` (whose `self.x = …` declare fields).
    init_of: Option<String>,
}

#[derive(Default)]
pub(super) struct Python {
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
    pub(super) fn run(mut self, text: &str, b: &mut Builder) {
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
pub(super) fn assignment_targets<'t>(code: &[Token<'t>]) -> Vec<&'t str> {
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
