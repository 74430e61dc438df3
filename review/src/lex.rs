//! A forgiving lexer for Rust, Python and JavaScript/TypeScript.
//!
//! The review reads code mid-edit, so nothing here may fail: an unterminated string ends at the end
//! of its line (or of the text, for the kinds that may span lines), unknown characters become
//! punctuation, and the lexer never looks further than one token ahead. It knows comments and
//! strings, so that the symbol and risk rules don't read `unwrap` in a comment or `SELECT` in an
//! identifier, and it keeps multi-character operators whole (`<=`, `!==`, `::`), which the
//! comparison rules compare.

use crate::lang::Language;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Keyword,
    Number,
    String,
    Comment,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    /// Byte offset in the lexed text.
    pub start: usize,
    /// 0-based line of the token's first byte.
    pub line: u32,
}

impl Token<'_> {
    pub fn is(&self, kind: TokenKind, text: &str) -> bool {
        self.kind == kind && self.text == text
    }

    pub fn is_punct(&self, text: &str) -> bool {
        self.is(TokenKind::Punct, text)
    }

    /// An identifier or a keyword: anything word-shaped.
    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Ident | TokenKind::Keyword)
    }

    /// Tokens that carry code, as opposed to comments.
    pub fn is_code(&self) -> bool {
        self.kind != TokenKind::Comment
    }
}

/// Splits `text` into tokens, skipping whitespace.
pub fn lex(lang: Language, text: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer { lang, src: text, bytes: text.as_bytes(), pos: 0, line: 0, out: Vec::new() };
    lexer.run();
    lexer.out
}

/// Tokens of `text` line by line: `result[i]` holds the tokens that start on line `i`.
pub fn lex_lines(lang: Language, text: &str) -> Vec<Vec<Token<'_>>> {
    let lines = text.split('\n').count();
    let mut out = vec![Vec::new(); lines];
    for token in lex(lang, text) {
        out[token.line as usize].push(token);
    }
    out
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
    "yield",
];

const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "self",
];

const JS_KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "of",
    "private",
    "protected",
    "public",
    "readonly",
    "return",
    "set",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Whether `word` is a keyword of `lang` (contextual keywords included).
pub fn is_keyword(lang: Language, word: &str) -> bool {
    let list = match lang {
        Language::Rust => RUST_KEYWORDS,
        Language::Python => PYTHON_KEYWORDS,
        Language::JavaScript | Language::TypeScript => JS_KEYWORDS,
        Language::Other => return false,
    };
    list.contains(&word)
}

/// Operators kept whole, longest first.
const OPERATORS: &[&str] = &[
    ">>>=", "===", "!==", "**=", "...", "..=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "==", "!=", "<=",
    ">=", "=>", "->", "::", "&&", "||", "??", "?.", "..", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "<<", ">>", "**", "//",
];

struct Lexer<'a> {
    lang: Language,
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    out: Vec<Token<'a>>,
}

impl<'a> Lexer<'a> {
    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let c = self.bytes[self.pos];
            if c == b'\n' {
                self.line += 1;
                self.pos += 1;
            } else if c.is_ascii_whitespace() {
                self.pos += 1;
            } else if self.starts_comment() {
                self.comment();
            } else if let Some(prefix) = self.string_prefix() {
                self.string(prefix);
            } else if c.is_ascii_digit() {
                self.number();
            } else if is_word_start(self.src, self.pos, self.lang) {
                self.word();
            } else if self.lang == Language::Rust && c == b'\'' {
                self.rust_quote();
            } else if self.lang.is_js_like() && c == b'/' && self.regex_allowed() {
                self.regex_or_punct();
            } else {
                self.punct();
            }
        }
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    fn push(&mut self, kind: TokenKind, start: usize, line: u32) {
        self.out.push(Token { kind, text: &self.src[start..self.pos], start, line });
    }

    /// Moves to `end`, counting the newlines passed.
    fn advance_to(&mut self, end: usize) {
        let end = end.min(self.bytes.len());
        self.line += self.bytes[self.pos..end].iter().filter(|&&b| b == b'\n').count() as u32;
        self.pos = end;
        // Never stop inside a UTF-8 sequence.
        while self.pos < self.bytes.len() && !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
    }

    fn starts_comment(&self) -> bool {
        let rest = self.rest();
        match self.lang {
            Language::Python => rest[0] == b'#',
            Language::Rust | Language::JavaScript | Language::TypeScript => {
                rest.starts_with(b"//") || rest.starts_with(b"/*")
            }
            // Plain text: shell, TOML and YAML comments, and C-style ones.
            Language::Other => rest[0] == b'#' || rest.starts_with(b"//") || rest.starts_with(b"/*"),
        }
    }

    fn comment(&mut self) {
        let (start, line) = (self.pos, self.line);
        if self.rest().starts_with(b"/*") {
            // Rust block comments nest.
            let nests = self.lang == Language::Rust;
            let mut depth = 0usize;
            let mut i = self.pos;
            let end = loop {
                if i >= self.bytes.len() {
                    break self.bytes.len();
                }
                if self.bytes[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if self.bytes[i..].starts_with(b"*/") {
                    depth = depth.saturating_sub(1);
                    i += 2;
                    if depth == 0 || !nests {
                        break i;
                    }
                } else {
                    i += 1;
                }
            };
            self.advance_to(end);
        } else {
            let end = memchr_newline(self.bytes, self.pos);
            self.advance_to(end);
        }
        self.push(TokenKind::Comment, start, line);
    }

    /// The length of a string opener at the cursor (prefix letters and quotes), if one starts here.
    fn string_prefix(&self) -> Option<StringOpen> {
        let rest = self.rest();
        let quote_at = |i: usize| rest.get(i).copied().filter(|q| matches!(q, b'"' | b'\''));
        match self.lang {
            Language::Rust => {
                // "…", b"…", r"…", r#"…"#, br#"…"#, c"…"
                let mut i = 0;
                if matches!(rest.first(), Some(b'b' | b'c')) {
                    i += 1;
                }
                let raw = rest.get(i) == Some(&b'r');
                if raw {
                    i += 1;
                    let hashes = rest[i..].iter().take_while(|&&b| b == b'#').count();
                    if rest.get(i + hashes) == Some(&b'"') {
                        return Some(StringOpen { len: i + hashes + 1, quote: Quote::RustRaw(hashes) });
                    }
                    return None;
                }
                if rest.get(i) == Some(&b'"') && (i == 0 || self.word_boundary_before()) {
                    return Some(StringOpen { len: i + 1, quote: Quote::Multi(b'"') });
                }
                // b'x' byte literals
                if i == 1 && rest[0] == b'b' && rest.get(1) == Some(&b'\'') {
                    return Some(StringOpen { len: 2, quote: Quote::Single(b'\'') });
                }
                None
            }
            Language::Python => {
                let letters = rest
                    .iter()
                    .take(3)
                    .take_while(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u'))
                    .count();
                if letters > 0 && !self.word_boundary_before() {
                    return None;
                }
                let q = quote_at(letters)?;
                if rest[letters..].starts_with(&[q, q, q]) {
                    Some(StringOpen { len: letters + 3, quote: Quote::Triple(q) })
                } else {
                    Some(StringOpen { len: letters + 1, quote: Quote::Single(q) })
                }
            }
            Language::JavaScript | Language::TypeScript => match rest[0] {
                b'"' | b'\'' => Some(StringOpen { len: 1, quote: Quote::Single(rest[0]) }),
                b'`' => Some(StringOpen { len: 1, quote: Quote::Multi(b'`') }),
                _ => None,
            },
            Language::Other => quote_at(0).map(|q| StringOpen { len: 1, quote: Quote::Single(q) }),
        }
    }

    fn word_boundary_before(&self) -> bool {
        self.pos == 0 || !is_word_byte(self.bytes[self.pos - 1])
    }

    fn string(&mut self, open: StringOpen) {
        let (start, line) = (self.pos, self.line);
        let body = self.pos + open.len;
        let end = match open.quote {
            Quote::Single(q) => scan_quoted(self.bytes, body, q, true),
            Quote::Multi(q) => scan_quoted(self.bytes, body, q, false),
            Quote::Triple(q) => find_seq(self.bytes, body, &[q, q, q], true),
            Quote::RustRaw(hashes) => {
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                find_seq(self.bytes, body, &close, false)
            }
        };
        self.advance_to(end);
        self.push(TokenKind::String, start, line);
    }

    fn number(&mut self) {
        let (start, line) = (self.pos, self.line);
        let mut i = self.pos;
        while i < self.bytes.len() {
            let b = self.bytes[i];
            let exponent_sign = matches!(b, b'+' | b'-')
                && matches!(self.bytes[i - 1], b'e' | b'E')
                && !self.src[start..i].starts_with("0x");
            // `1..2` is a range, not a float.
            let dot = b == b'.'
                && self.bytes.get(i + 1).is_some_and(|n| n.is_ascii_digit())
                && !self.src[start..i].contains('.');
            if b.is_ascii_alphanumeric() || b == b'_' || dot || exponent_sign {
                i += 1;
            } else {
                break;
            }
        }
        self.advance_to(i);
        self.push(TokenKind::Number, start, line);
    }

    fn word(&mut self) {
        let (start, line) = (self.pos, self.line);
        let mut i = self.pos;
        while i < self.bytes.len() {
            let ch = self.src[i..].chars().next().unwrap_or(' ');
            if ch.is_alphanumeric() || ch == '_' || (ch == '$' && self.lang.is_js_like()) {
                i += ch.len_utf8();
            } else {
                break;
            }
        }
        // Rust macros keep their bang (`panic!`), which the risk rules match on.
        if self.lang == Language::Rust
            && self.bytes.get(i) == Some(&b'!')
            && self.bytes.get(i + 1) != Some(&b'=')
        {
            i += 1;
        }
        self.advance_to(i);
        let kind = if is_keyword(self.lang, &self.src[start..self.pos]) {
            TokenKind::Keyword
        } else {
            TokenKind::Ident
        };
        self.push(kind, start, line);
    }

    /// `'a'` is a char literal, `'a` a lifetime or label.
    fn rust_quote(&mut self) {
        let (start, line) = (self.pos, self.line);
        let rest = self.rest();
        let mut chars = self.src[self.pos + 1..].char_indices();
        let close = match chars.next() {
            Some((_, '\\')) => rest.iter().skip(2).position(|&b| b == b'\'').map(|p| p + 3),
            Some((_, c)) if c != '\n' => {
                let after = 1 + c.len_utf8();
                (rest.get(after) == Some(&b'\'')).then_some(after + 1)
            }
            _ => None,
        };
        match close {
            Some(len) if !rest[..len].contains(&b'\n') => {
                self.advance_to(self.pos + len);
                self.push(TokenKind::String, start, line);
            }
            _ => {
                // A lifetime: the quote and the name make one identifier-like token.
                let mut i = self.pos + 1;
                while i < self.bytes.len() && is_word_byte(self.bytes[i]) {
                    i += 1;
                }
                self.advance_to(i.max(self.pos + 1));
                self.push(TokenKind::Punct, start, line);
            }
        }
    }

    /// A `/` starts a regex literal after an operator, an opening bracket or a keyword such as
    /// `return`; after a value it divides.
    fn regex_allowed(&self) -> bool {
        if self.rest().starts_with(b"/=") && self.out.last().is_some_and(|t| t.kind == TokenKind::Ident) {
            return false;
        }
        match self.out.last() {
            None => true,
            Some(t) => match t.kind {
                TokenKind::Punct => !matches!(t.text, ")" | "]" | "}"),
                TokenKind::Keyword => matches!(
                    t.text,
                    "return"
                        | "typeof"
                        | "case"
                        | "do"
                        | "else"
                        | "in"
                        | "of"
                        | "new"
                        | "delete"
                        | "void"
                        | "throw"
                        | "yield"
                        | "await"
                ),
                _ => false,
            },
        }
    }

    fn regex_or_punct(&mut self) {
        let (start, line) = (self.pos, self.line);
        let mut i = self.pos + 1;
        let mut in_class = false;
        let end = loop {
            match self.bytes.get(i) {
                None | Some(b'\n') => break None,
                Some(b'\\') => i += 2,
                Some(b'[') => {
                    in_class = true;
                    i += 1
                }
                Some(b']') => {
                    in_class = false;
                    i += 1
                }
                Some(b'/') if !in_class => break Some(i + 1),
                Some(_) => i += 1,
            }
        };
        match end {
            Some(mut e) => {
                while e < self.bytes.len() && self.bytes[e].is_ascii_alphabetic() {
                    e += 1;
                }
                self.advance_to(e);
                self.push(TokenKind::String, start, line);
            }
            None => self.punct(),
        }
    }

    fn punct(&mut self) {
        let (start, line) = (self.pos, self.line);
        let rest = self.rest();
        let len = OPERATORS
            .iter()
            .find(|op| rest.starts_with(op.as_bytes()))
            // `//` is floor division only in Python; elsewhere it was a comment (handled above).
            .filter(|op| **op != "//" || self.lang == Language::Python)
            .map(|op| op.len())
            .unwrap_or_else(|| self.src[self.pos..].chars().next().map_or(1, char::len_utf8));
        self.advance_to(self.pos + len);
        self.push(TokenKind::Punct, start, line);
    }
}

#[derive(Clone, Copy)]
struct StringOpen {
    len: usize,
    quote: Quote,
}

#[derive(Clone, Copy)]
enum Quote {
    /// Ends at the quote or at the end of the line.
    Single(u8),
    /// May span lines (Rust strings, JS template literals).
    Multi(u8),
    /// Python's `"""`.
    Triple(u8),
    /// Rust's `r#"…"#` with this many hashes.
    RustRaw(usize),
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// `$` starts a word only in JavaScript; elsewhere (`$x:expr` in a Rust macro) it is punctuation.
fn is_word_start(src: &str, pos: usize, lang: Language) -> bool {
    src[pos..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || (c == '$' && lang.is_js_like()))
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p)
}

/// The end of a quoted string whose body starts at `from`: after the closing quote, or at the end
/// of the line (`stop_at_newline`) or of the text when it is unterminated.
fn scan_quoted(bytes: &[u8], from: usize, quote: u8, stop_at_newline: bool) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if stop_at_newline => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find_seq(bytes: &[u8], from: usize, close: &[u8], escapes: bool) -> usize {
    let mut i = from;
    while i < bytes.len() {
        if escapes && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(close) {
            return i + close.len();
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lang: Language, text: &str) -> Vec<(TokenKind, &str)> {
        lex(lang, text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    use TokenKind::*;

    #[test]
    fn rust_tokens() {
        let toks = kinds(
            Language::Rust,
            "pub fn f<'a>(x: &'a str) -> Option<char> { let c = 'x'; x.get(0..=1).unwrap(); panic!(\"no\") } // done",
        );
        assert!(toks.contains(&(Keyword, "fn")));
        assert!(toks.contains(&(Punct, "'a")));
        assert!(toks.contains(&(String, "'x'")));
        assert!(toks.contains(&(Punct, "..=")));
        assert!(toks.contains(&(Punct, "->")));
        assert!(toks.contains(&(Ident, "unwrap")));
        assert!(toks.contains(&(Ident, "panic!")));
        assert!(toks.contains(&(String, "\"no\"")));
        assert_eq!(toks.last(), Some(&(Comment, "// done")));
    }

    #[test]
    fn rust_raw_strings_and_nested_comments() {
        let toks = kinds(Language::Rust, "r#\"a \" b\"# /* x /* y */ z */ ok");
        assert_eq!(toks, vec![(String, "r#\"a \" b\"#"), (Comment, "/* x /* y */ z */"), (Ident, "ok")]);
    }

    #[test]
    fn python_strings_and_comments() {
        let text = "def f(x):\n    \"\"\"Doc\n    more\"\"\"\n    return f'{x}' # note\n";
        let toks = lex(Language::Python, text);
        let doc = toks.iter().find(|t| t.text.starts_with("\"\"\"")).unwrap();
        assert_eq!(doc.line, 1);
        assert_eq!(doc.kind, String);
        let ret = toks.iter().find(|t| t.text == "return").unwrap();
        assert_eq!(ret.line, 3);
        assert!(toks.iter().any(|t| t.kind == String && t.text == "f'{x}'"));
        assert!(toks.iter().any(|t| t.kind == Comment && t.text == "# note"));
        // Floor division is an operator, not a comment, in Python.
        assert!(kinds(Language::Python, "a // b").contains(&(Punct, "//")));
    }

    #[test]
    fn js_templates_regexes_and_division() {
        let toks =
            kinds(Language::TypeScript, "const q = `SELECT ${id}`; const r = /a\\/b[/]/g; x = a / b / c;");
        assert!(toks.contains(&(String, "`SELECT ${id}`")));
        assert!(toks.contains(&(String, "/a\\/b[/]/g")));
        assert_eq!(toks.iter().filter(|t| **t == (Punct, "/")).count(), 2);
        assert!(kinds(Language::JavaScript, "a !== b").contains(&(Punct, "!==")));
    }

    #[test]
    fn unterminated_input_never_fails() {
        for lang in [Language::Rust, Language::Python, Language::JavaScript, Language::Other] {
            for text in
                ["$x:expr", "a$", "\"open", "/* open", "'", "r#\"x", "\"\"\"x", "`x", "é'ü", "1e+", "/", "\\"]
            {
                let toks = lex(lang, text);
                let covered: usize = toks.iter().map(|t| t.text.len()).sum();
                assert!(covered <= text.len());
            }
        }
        // A single-line string stops at its line's end, so the next line still lexes.
        let toks = lex(Language::Python, "x = 'open\ny = 2\n");
        assert!(toks.iter().any(|t| t.text == "y" && t.line == 1));
    }

    #[test]
    fn lines_are_counted_through_multiline_tokens() {
        let lines = lex_lines(Language::Rust, "/* a\nb */ fn x() {\n  \"s\ns\" }\n");
        assert_eq!(lines.len(), 5);
        assert!(lines[0].iter().any(|t| t.kind == Comment));
        assert!(lines[1].iter().any(|t| t.text == "fn"));
        assert!(lines[2].iter().any(|t| t.kind == String));
        assert!(lines[3].iter().any(|t| t.text == "}"));
    }
}
