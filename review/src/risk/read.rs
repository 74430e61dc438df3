//! Reading a hunk: each side's code tokens by line (comments and prose left out), the lines set
//! aside because they reappear on the other side, and the token diff that marks what changed.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use imara_diff::{Algorithm, Diff, InternedInput};

use crate::hunk::{Rule, Side};
use crate::lang::Language;
use crate::lex::{lex, Token, TokenKind};

use super::error_handling::is_check_name;
use super::findings::HitBuilder;
use super::text::{collapse, components, quote, shorten, string_body, QUOTE_CHARS};

/// The code of one side of a hunk: its tokens without comments, by line, and which of them the
/// other side does not have.
pub(super) struct Code<'a> {
    pub(super) side: Side,
    pub(super) lang: Language,
    /// The side's lines joined by `\n`; token offsets point into it.
    pub(super) src: &'a str,
    pub(super) toks: Vec<Token<'a>>,
    /// Per line, its tokens in `toks`.
    pub(super) lines: Vec<Range<usize>>,
    /// Per token: not on the other side (after moved lines and the token diff).
    pub(super) changed: Vec<bool>,
    /// Per token: changed only as a renamed identifier or an edited string literal.
    pub(super) renamed: Vec<bool>,
    /// Per token: changed where the other side changed too (a replacement, not an insertion).
    pub(super) replaced: Vec<bool>,
    /// Per line: a `use`/`import`/`require` line.
    pub(super) import: Vec<bool>,
    /// The first line that is test code (`u32::MAX`: none).
    test_from: u32,
    /// Per line, [`Code::code_line`].
    quotes: OnceCell<Vec<String>>,
    /// Per token, [`Code::words`].
    words: OnceCell<Vec<Vec<String>>>,
}

/// One place where the token diff found the sides differ: token indices on each side, and for an
/// empty side the unchanged token next to the change.
pub(super) struct Region {
    pub(super) r: Vec<usize>,
    pub(super) a: Vec<usize>,
    pub(super) r_anchor: Option<usize>,
    pub(super) a_anchor: Option<usize>,
}

/// Both sides of one hunk, read and aligned.
pub(super) struct Change<'a> {
    pub(super) rem: Code<'a>,
    pub(super) add: Code<'a>,
    pub(super) regions: Vec<Region>,
    /// The file is about authentication (`auth/`, `login.py`, `session.rs`...).
    pub(super) auth_path: bool,
}

impl<'a> Code<'a> {
    pub(super) fn new(lang: Language, side: Side, src: &'a str, raw: &[&str], in_test: bool) -> Code<'a> {
        let mut per_line: Vec<Vec<Token<'a>>> = vec![Vec::new(); raw.len()];
        for t in lex(lang, src) {
            if let Some(line) = per_line.get_mut(t.line as usize) {
                if t.is_code() {
                    line.push(t);
                }
            }
        }
        let mut toks = Vec::new();
        let mut lines = Vec::with_capacity(raw.len());
        for line in per_line {
            let start = toks.len();
            if !is_prose(&line) {
                toks.extend(line);
            }
            lines.push(start..toks.len());
        }
        let n = toks.len();
        let mut code = Code {
            side,
            lang,
            src,
            toks,
            lines,
            changed: vec![false; n],
            renamed: vec![false; n],
            replaced: vec![false; n],
            import: Vec::new(),
            test_from: u32::MAX,
            quotes: OnceCell::new(),
            words: OnceCell::new(),
        };
        code.import = (0..code.lines.len()).map(|l| code.is_import(l)).collect();
        code.test_from = if in_test {
            0
        } else {
            (0..n).find(|&i| code.starts_test_code(i)).map_or(u32::MAX, |i| code.toks[i].line)
        };
        code
    }

    pub(super) fn js(&self) -> bool {
        self.lang.is_js_like()
    }

    pub(super) fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text)
    }

    /// The text `back` tokens before `i` ("" before the start).
    pub(super) fn prev(&self, i: usize, back: usize) -> &'a str {
        i.checked_sub(back).map_or("", |k| self.text(k))
    }

    pub(super) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn line(&self, i: usize) -> u32 {
        self.toks[i].line
    }

    pub(super) fn line_toks(&self, l: u32) -> Range<usize> {
        self.lines.get(l as usize).cloned().unwrap_or(0..0)
    }

    pub(super) fn line_has(&self, l: u32, text: &str) -> bool {
        self.line_toks(l).any(|k| self.toks[k].text == text)
    }

    pub(super) fn is_test_line(&self, l: u32) -> bool {
        l >= self.test_from
    }

    /// A pattern at `i` changed when any of its tokens did: `json.loads` → `pickle.loads` keeps
    /// `loads`. Patterns span a few tokens, so the window is two each way, on the same line;
    /// netting against the other side cancels what merely sits next to an edit.
    pub(super) fn touched(&self, i: usize) -> bool {
        let l = self.toks[i].line;
        (i.saturating_sub(2)..(i + 3).min(self.toks.len())).any(|k| self.changed[k] && self.toks[k].line == l)
    }

    /// Production code that a rule may read: not a test, not an import.
    pub(super) fn prod(&self, i: usize) -> bool {
        let l = self.toks[i].line;
        !self.is_test_line(l) && !self.import[l as usize]
    }

    /// The source from token `a` to token `b`, whitespace collapsed.
    pub(super) fn span(&self, a: usize, b: usize) -> String {
        let (Some(ta), Some(tb)) = (self.toks.get(a), self.toks.get(b)) else {
            return String::new();
        };
        let end = (tb.start + tb.text.len()).max(ta.start);
        collapse(&self.src[ta.start..end])
    }

    /// The code of line `l` (comments left out), quoted. Reasons are built while scanning, for
    /// every candidate, so each line is quoted once.
    pub(super) fn code_line(&self, l: u32) -> String {
        self.quotes
            .get_or_init(|| {
                (0..self.lines.len())
                    .map(|l| {
                        let r = self.lines[l].clone();
                        if r.is_empty() {
                            String::new()
                        } else {
                            quote(&self.span(r.start, r.end - 1))
                        }
                    })
                    .collect()
            })
            .get(l as usize)
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn close_of(&self, open: usize) -> Option<usize> {
        let (o, c) = match self.text(open) {
            "(" => ("(", ")"),
            "[" => ("[", "]"),
            "{" => ("{", "}"),
            _ => return None,
        };
        let mut depth = 0;
        for k in open..self.toks.len() {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                continue;
            }
            if t.text == o {
                depth += 1;
            } else if t.text == c {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    pub(super) fn open_of(&self, close: usize) -> Option<usize> {
        let (o, c) = match self.text(close) {
            ")" => ("(", ")"),
            "]" => ("[", "]"),
            "}" => ("{", "}"),
            ">" => ("<", ">"),
            _ => return None,
        };
        let mut depth = 0;
        for k in (0..=close).rev() {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                continue;
            }
            if t.text == c {
                depth += 1;
            } else if t.text == o {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// The first token of the postfix expression that ends at `end`: `a.b(c)?.d[e]`.
    pub(super) fn expr_start(&self, end: usize) -> usize {
        let mut k = end;
        loop {
            let t = self.toks[k];
            if t.kind == TokenKind::Punct && matches!(t.text, ")" | "]" | ">") {
                // A call, an index or a turbofish: step to what it applies to.
                let Some(open) = self.open_of(k) else {
                    return k;
                };
                let before = open.checked_sub(1).map(|b| self.toks[b]);
                match before {
                    Some(b)
                        if b.kind == TokenKind::Ident
                            || matches!(b.text, ")" | "]" | ">" | "?" | "::" | "self" | "this") =>
                    {
                        k = open - 1
                    }
                    _ => return open,
                }
                continue;
            }
            if matches!(t.text, "?" | "::" | "." | "?.") && t.kind == TokenKind::Punct {
                if k == 0 || k == end {
                    return k.min(end);
                }
                k -= 1;
                continue;
            }
            let operand = matches!(t.kind, TokenKind::Ident | TokenKind::String | TokenKind::Number)
                || matches!(t.text, "self" | "this" | "super" | "crate" | "Self");
            if !operand {
                return (k + 1).min(end);
            }
            if k > 0 && matches!(self.text(k - 1), "." | "?." | "::") {
                k -= 1;
                continue;
            }
            return k;
        }
    }

    /// The expression a method call at `dot` is made on, quoted.
    pub(super) fn receiver(&self, dot: usize) -> String {
        if dot == 0 {
            return String::new();
        }
        shorten(&self.span(self.expr_start(dot - 1), dot - 1), 40)
    }

    /// The function called by the call that ends just before `at` (`parse` in `parse(x)?`).
    pub(super) fn callee_before(&self, at: usize) -> &'a str {
        if at == 0 {
            return "";
        }
        let mut k = at - 1;
        if self.text(k) == ")" {
            let Some(open) = self.open_of(k).and_then(|o| o.checked_sub(1)) else {
                return "";
            };
            k = open;
            // A turbofish: `parse::<u32>()`.
            if self.text(k) == ">" {
                match self.open_of(k).and_then(|o| o.checked_sub(1)) {
                    Some(colons) if self.text(colons) == "::" && colons > 0 => k = colons - 1,
                    _ => return "",
                }
            }
        }
        if self.kind(k) == Some(TokenKind::Ident) {
            self.text(k)
        } else {
            ""
        }
    }

    pub(super) fn idents(&self, r: Range<usize>) -> Vec<&'a str> {
        r.filter(|&k| self.toks[k].kind == TokenKind::Ident).map(|k| self.toks[k].text).collect()
    }

    /// The first `stop` at bracket depth 0 from `from`, not past a closing bracket, a `;` or `=>`,
    /// nor (for Python) past the end of the logical line.
    pub(super) fn scan_to(&self, from: usize, stop: &str) -> Option<usize> {
        let line = self.toks.get(from)?.line;
        let mut depth = 0i32;
        for k in from..self.toks.len().min(from + 200) {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                if self.lang == Language::Python && depth == 0 && t.line != line {
                    return None;
                }
                continue;
            }
            if depth == 0 && t.text == stop {
                return Some(k);
            }
            match t.text {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                ";" | "=>" if depth == 0 => return None,
                _ => {}
            }
        }
        None
    }

    /// The last token of the statement that starts at `from`.
    pub(super) fn stmt_end(&self, from: usize) -> usize {
        let line = self.toks[from].line;
        let mut depth = 0i32;
        let mut last = from;
        for k in from..self.toks.len().min(from + 80) {
            let t = self.toks[k];
            if self.lang == Language::Python && depth == 0 && t.line != line {
                break;
            }
            match t.text {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                ";" if depth == 0 => break,
                _ => {}
            }
            last = k;
        }
        last
    }

    /// The condition of an `if`/`elif`/`while` (or a Rust `let ... else`) at `i`, and where its
    /// body starts.
    pub(super) fn condition(&self, i: usize) -> Option<(Range<usize>, usize)> {
        let t = self.toks[i];
        if t.kind != TokenKind::Keyword {
            return None;
        }
        match (self.lang, t.text) {
            (Language::Python, "if" | "elif" | "while") => {
                let colon = self.scan_to(i + 1, ":")?;
                Some((i + 1..colon, colon + 1))
            }
            (Language::Rust, "if" | "while") => {
                let brace = self.scan_to(i + 1, "{")?;
                Some((i + 1..brace, brace + 1))
            }
            (Language::Rust, "else") if self.text(i + 1) == "{" && self.prev(i, 1) != "}" => {
                let start = self.let_before(i)?;
                Some((start + 1..i, i + 2))
            }
            (_, "if" | "while") if self.js() && self.text(i + 1) == "(" => {
                let close = self.close_of(i + 1)?;
                let body = if self.text(close + 1) == "{" { close + 2 } else { close + 1 };
                Some((i + 2..close, body))
            }
            _ => None,
        }
    }

    /// The `let` of the `let ... else` statement whose `else` is at `at`.
    fn let_before(&self, at: usize) -> Option<usize> {
        let mut depth = 0i32;
        for k in (at.saturating_sub(60)..at).rev() {
            match self.text(k) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                ";" if depth == 0 => return None,
                "let" if depth == 0 => return Some(k),
                _ => {}
            }
        }
        None
    }

    pub(super) fn is_exit(&self, j: usize) -> bool {
        matches!(self.text(j), "return" | "raise" | "throw" | "bail!" | "panic!")
            || (self.text(j) == "Err" && self.text(j + 1) == "(")
    }

    /// Guard clauses: conditions whose body starts by leaving (`return`, `raise`, `throw`...).
    /// A fast path that returns what it looked up (`if let Some(v) = cache.get(k) { return v }`,
    /// `if k in cache: return cache[k]`) is not a check, unless it leaves with an error.
    pub(super) fn guards(&self) -> Vec<Guard> {
        (0..self.toks.len())
            .filter_map(|i| {
                let (cond, body) = self.condition(i)?;
                if !self.is_exit(body) {
                    return None;
                }
                let g = Guard { at: i, cond, body, end: self.stmt_end(body) };
                let pattern = self.text(g.cond.start) == "let" && self.text(i) != "else";
                let cond_names = self.idents(g.cond.clone());
                let lookup = (g.body..=g.end).any(|k| {
                    matches!(self.text(k), "[" | "get")
                        && k > 0
                        && cond_names.contains(&self.text(k - if self.text(k) == "get" { 2 } else { 1 }))
                });
                (self.error_exit(&g) || !(pattern || lookup)).then_some(g)
            })
            .collect()
    }

    /// The guard leaves with a failure: raises, throws, returns an error, nothing, or a status.
    fn error_exit(&self, g: &Guard) -> bool {
        if self.text(g.body) != "return" {
            return true;
        }
        let value = g.body + 1..g.end + 1;
        value.is_empty()
            || matches!(self.text(g.body + 1), ";" | "Err" | "None" | "null" | "undefined" | "false" | "nil")
            || value.clone().any(|k| {
                let t = self.toks[k];
                (t.kind == TokenKind::Number
                    && matches!(t.text.as_bytes().first(), Some(b'4' | b'5'))
                    && t.text.len() == 3)
                    || (t.kind == TokenKind::Ident
                        && self.words(k).iter().any(|w| {
                            matches!(
                                w.as_str(),
                                "err"
                                    | "error"
                                    | "invalid"
                                    | "fail"
                                    | "failure"
                                    | "reject"
                                    | "abort"
                                    | "forbidden"
                                    | "unauthorized"
                                    | "denied"
                                    | "status"
                            )
                        }))
            })
    }

    pub(super) fn guard_quote(&self, g: &Guard) -> String {
        let cond = if g.cond.is_empty() {
            String::new()
        } else {
            shorten(&self.span(g.cond.start, g.cond.end - 1), 36)
        };
        let exit = self.span(g.body, g.end);
        let exit = match exit.find('(') {
            Some(p) if exit.chars().count() > 24 => format!("{}(...)", &exit[..p]),
            _ => exit,
        };
        let kw = self.text(g.at);
        // Guards read best whole, so they get a little more room than other quotes.
        shorten(
            &collapse(&match self.lang {
                Language::Python => format!("{kw} {cond}: {exit}"),
                Language::Rust if kw == "else" => format!("let {cond} else {{ {exit} }}"),
                Language::Rust => format!("{kw} {cond} {{ {exit} }}"),
                _ => format!("{kw} ({cond}) {exit}"),
            }),
            QUOTE_CHARS + 16,
        )
    }

    /// The identifiers of every condition and check on this side: `if`/`while` conditions,
    /// assertions and validation calls, and lines that propagate errors.
    /// Each with whether it is a validation call or an assertion, which checks its subject whole.
    pub(super) fn checks(&self) -> Vec<(Vec<&'a str>, bool)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            if let Some((cond, _)) = self.condition(i) {
                out.push((self.idents(cond), false));
                continue;
            }
            let t = self.toks[i];
            let call = t.kind == TokenKind::Ident
                && is_check_name(t.text)
                && (self.text(i + 1) == "(" || t.text.ends_with('!'));
            let propagates = matches!(t.text, "raise" | "throw" | "assert")
                || (self.lang == Language::Rust && t.text == "?");
            if call || propagates {
                out.push((self.idents(self.line_toks(t.line)), call || t.text == "assert"));
            }
        }
        out
    }

    /// Whether this side has the token sequence `seq` (a condition that survived a refactor:
    /// `if v.is_empty() { return None }` → `(!v.is_empty()).then_some(v)`).
    pub(super) fn contains_seq(&self, seq: &[&str]) -> bool {
        // A lone name (`if !url`) survives anywhere; an expression (`v.is_empty()`) only as a test.
        seq.len() >= 3 && self.toks.windows(seq.len()).any(|w| w.iter().zip(seq).all(|(t, s)| t.text == *s))
    }

    /// The first line of a definition this side deletes outright (its keyword changed, so it was
    /// neither kept nor renamed); what follows it is deleted code, not removed checks.
    pub(super) fn deleted_def_line(&self) -> u32 {
        (0..self.toks.len())
            .find(|&i| {
                self.changed[i]
                    && self.toks[i].kind == TokenKind::Keyword
                    && matches!(self.toks[i].text, "fn" | "def" | "function" | "class")
            })
            .map_or(u32::MAX, |i| self.toks[i].line)
    }

    pub(super) fn is_def_header(&self, l: u32) -> bool {
        self.line_toks(l).any(|k| matches!(self.toks[k].text, "fn" | "def" | "function" | "class"))
    }

    fn is_import(&self, l: usize) -> bool {
        let t = &self.toks[self.lines[l].clone()];
        let w = |k: usize| t.get(k).map_or("", |t| t.text);
        let any = |x: &str| t.iter().any(|t| t.text == x);
        match self.lang {
            Language::Rust => {
                w(0) == "use"
                    || (w(0) == "pub" && (w(1) == "use" || w(4) == "use"))
                    || (w(0) == "extern" && w(1) == "crate")
                    || (w(0) == "mod" && w(2) == ";")
            }
            Language::Python => w(0) == "import" || (w(0) == "from" && any("import")),
            _ => {
                (w(0) == "import" && w(1) != "(")
                    || (w(0) == "export" && any("from"))
                    || (matches!(w(0), "const" | "let" | "var") && any("require"))
            }
        }
    }

    /// The name of a test defined at `i`: `#[test] fn name`, `def test_name`, `it("name", ...)`.
    pub(super) fn test_def(&self, i: usize) -> Option<String> {
        let t = self.toks[i];
        match self.lang {
            Language::Rust => {
                let attr = t.text == "test"
                    && ((self.prev(i, 1) == "[" && self.prev(i, 2) == "#")
                        || (self.prev(i, 1) == "::" && self.prev(i, 3) == "["));
                // `fn name()` in test code whose `#[test]` sits above the hunk.
                let bare = t.text == "fn"
                    && self.text(i + 2) == "("
                    && self.text(i + 3) == ")"
                    && self.prev(i, 1) != "]"
                    && self.is_test_line(t.line);
                if bare {
                    return Some(self.text(i + 1).to_string());
                }
                if !attr {
                    return None;
                }
                let f = (i..self.toks.len().min(i + 40)).find(|&k| self.text(k) == "fn")?;
                Some(self.text(f + 1).to_string())
            }
            Language::Python => {
                let name = self.text(i + 1);
                let test = (t.text == "def" && name.starts_with("test"))
                    || (t.text == "class" && name.starts_with("Test"));
                test.then(|| name.to_string())
            }
            _ => {
                let call = matches!(t.text, "it" | "test" | "describe")
                    && t.kind == TokenKind::Ident
                    && self.prev(i, 1) != "."
                    && self.text(i + 1) == "("
                    && self.kind(i + 2) == Some(TokenKind::String);
                call.then(|| string_body(self.text(i + 2)).to_string())
            }
        }
    }

    fn starts_test_code(&self, i: usize) -> bool {
        let cfg_test = self.lang == Language::Rust
            && self.text(i) == "cfg"
            && self.prev(i, 1) == "["
            && self.text(i + 1) == "("
            && self.text(i + 2) == "test"
            && self.text(i + 3) == ")";
        cfg_test || self.test_def(i).is_some()
    }

    /// `<`/`>` compare when spaced; generics (`Vec<u8>`, `Array<string>`) hug their brackets.
    pub(super) fn is_comparison(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind != TokenKind::Punct {
            return false;
        }
        match t.text {
            "==" | "!=" | "===" | "!==" | "<=" | ">=" => true,
            "<" | ">" => {
                if self.lang == Language::Python {
                    return true;
                }
                let before = self.src[..t.start].chars().next_back().is_some_and(char::is_whitespace);
                let after = self.src[t.start + 1..].chars().next().is_some_and(char::is_whitespace);
                before && after
            }
            _ => false,
        }
    }

    /// The share of line `l`'s tokens that the other side also has.
    pub(super) fn similarity(&self, l: u32) -> f32 {
        let r = self.line_toks(l);
        if r.len() < 3 {
            return 0.0;
        }
        let same = r.clone().filter(|&k| !self.changed[k]).count();
        same as f32 / r.len() as f32
    }

    /// An identifier's words ([`components`]), or a string's lowercased body as one word; computed
    /// once per side, since the security rules ask for every token's line context.
    pub(super) fn words(&self, k: usize) -> &[String] {
        let all = self.words.get_or_init(|| {
            self.toks
                .iter()
                .map(|t| match t.kind {
                    TokenKind::Ident => components(t.text),
                    TokenKind::String => vec![string_body(t.text).to_ascii_lowercase()],
                    _ => Vec::new(),
                })
                .collect()
        });
        &all[k]
    }

    /// Whether line `l` mentions one of `words`: a name has it as a word, or a string contains it.
    pub(super) fn line_mentions(&self, l: u32, words: &[&str]) -> bool {
        self.line_toks(l).any(|k| match self.toks[k].kind {
            TokenKind::Ident => self.words(k).iter().any(|c| words.contains(&c.as_str())),
            TokenKind::String => {
                let body = &self.words(k)[0];
                words.iter().any(|w| w.len() > 3 && body.contains(w))
            }
            _ => false,
        })
    }

    pub(super) fn hit(&self, rule: Rule, kind: &'static str, key: impl Into<String>, i: usize) -> HitBuilder {
        HitBuilder { rule, kind, key: key.into(), side: self.side, line: self.toks[i].line, tok: i }
    }
}

/// A three-word run of plain identifiers is prose: a docstring or block-comment line that the hunk
/// cut from its delimiters. No code in these languages puts three names in a row.
fn is_prose(line: &[Token]) -> bool {
    let mut run = 0;
    for t in line {
        run = if t.kind == TokenKind::Ident { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// A guard clause: `if cond { return ... }`, `if not x: raise ...`, `let ... else { return }`.
pub(super) struct Guard {
    /// The `if` (or the `else` of a let-else).
    pub(super) at: usize,
    pub(super) cond: Range<usize>,
    pub(super) body: usize,
    pub(super) end: usize,
}

/// Sets aside lines that reappear unchanged on the other side (moved or re-indented), diffs the
/// remaining tokens, and marks what changed on each side.
pub(super) fn align(rem: &mut Code, add: &mut Code) -> Vec<Region> {
    fn norm(c: &Code, l: usize) -> String {
        let texts: Vec<&str> = c.toks[c.lines[l].clone()].iter().map(|t| t.text).collect();
        texts.join(" ")
    }
    fn stream(c: &Code, same: &[bool]) -> Vec<usize> {
        (0..c.lines.len()).filter(|&l| !same[l]).flat_map(|l| c.lines[l].clone()).collect()
    }
    let mut pool: HashMap<String, Vec<usize>> = HashMap::new();
    // Reversed so that `pop` hands out the first occurrence.
    for l in (0..rem.lines.len()).rev() {
        if !rem.lines[l].is_empty() {
            pool.entry(norm(rem, l)).or_default().push(l);
        }
    }
    let mut rem_same = vec![false; rem.lines.len()];
    let mut add_same = vec![false; add.lines.len()];
    for (l, same) in add_same.iter_mut().enumerate() {
        if add.lines[l].is_empty() {
            continue;
        }
        if let Some(r) = pool.get_mut(&norm(add, l)).and_then(Vec::pop) {
            rem_same[r] = true;
            *same = true;
        }
    }
    let rs = stream(rem, &rem_same);
    let adds = stream(add, &add_same);
    let mut input: InternedInput<&str> = InternedInput::default();
    input.update_before(rs.iter().map(|&i| rem.toks[i].text));
    input.update_after(adds.iter().map(|&i| add.toks[i].text));
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_no_heuristic(&input);
    let mut regions = Vec::new();
    for h in diff.hunks() {
        let (rb, ab) =
            (h.before.start as usize..h.before.end as usize, h.after.start as usize..h.after.end as usize);
        let r = rs[rb.clone()].to_vec();
        let a = adds[ab.clone()].to_vec();
        let both = !r.is_empty() && !a.is_empty();
        for &i in &r {
            rem.changed[i] = true;
            rem.replaced[i] = both;
        }
        for &i in &a {
            add.changed[i] = true;
            add.replaced[i] = both;
        }
        let cosmetic = r.len() == a.len()
            && r.iter().zip(&a).all(|(&x, &y)| {
                let (kx, ky) = (rem.toks[x].kind, add.toks[y].kind);
                kx == ky && matches!(kx, TokenKind::Ident | TokenKind::String)
            });
        if cosmetic {
            for &i in &r {
                rem.renamed[i] = true;
            }
            for &i in &a {
                add.renamed[i] = true;
            }
        }
        let anchor = |s: &[usize], range: &Range<usize>| {
            range.start.checked_sub(1).and_then(|k| s.get(k)).or_else(|| s.get(range.end)).copied()
        };
        regions.push(Region { r_anchor: anchor(&rs, &rb), a_anchor: anchor(&adds, &ab), r, a });
    }
    regions
}
