use crate::token::{LexError, Position, Token, TokenKind};

const OPERATORS: [&str; 10] = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "="];

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer { src: src.as_bytes(), pos: 0, line: 1, line_start: 0 }
    }

    fn here(&self) -> Position {
        Position { line: self.line, column: self.pos - self.line_start + 1 }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                _ => break,
            }
        }
    }

    pub fn next_token(&mut self) -> Option<Result<Token, LexError>> {
        self.skip_whitespace();
        let pos = self.here();
        let b = self.peek()?;
        let kind = match b {
            b'(' => {
                self.pos += 1;
                Ok(TokenKind::LParen)
            }
            b')' => {
                self.pos += 1;
                Ok(TokenKind::RParen)
            }
            b'"' => self.string(pos),
            b'0'..=b'9' => self.number(pos),
            b if b.is_ascii_alphabetic() || b == b'_' => Ok(self.ident()),
            _ => self.operator(pos),
        };
        Some(kind.map(|kind| Token { kind, pos }))
    }

    fn string(&mut self, start: Position) -> Result<TokenKind, LexError> {
        self.pos += 1; // opening quote
        let begin = self.pos;
        while let Some(b) = self.peek() {
            if b == b'"' {
                let text = String::from_utf8_lossy(&self.src[begin..self.pos]).into_owned();
                self.pos += 1;
                return Ok(TokenKind::Str(text));
            }
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
        Err(LexError::UnterminatedString { pos: start })
    }

    fn number(&mut self, start: Position) -> Result<TokenKind, LexError> {
        let begin = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'.')) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.src[begin..self.pos]).unwrap_or_default();
        text.parse()
            .map(TokenKind::Number)
            .map_err(|_| LexError::BadNumber { text: text.to_string(), pos: start })
    }

    fn ident(&mut self) -> TokenKind {
        let begin = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        TokenKind::Ident(String::from_utf8_lossy(&self.src[begin..self.pos]).into_owned())
    }

    fn operator(&mut self, start: Position) -> Result<TokenKind, LexError> {
        let rest = &self.src[self.pos..];
        for op in OPERATORS {
            if rest.starts_with(op.as_bytes()) {
                self.pos += op.len();
                return Ok(TokenKind::Op(op));
            }
        }
        let ch = std::str::from_utf8(rest).ok().and_then(|s| s.chars().next()).unwrap_or('?');
        Err(LexError::UnexpectedChar { ch, pos: start })
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_token()
    }
}

/// Tokenizes the whole input, stopping at the first error.
pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    Lexer::new(src).collect()
}
