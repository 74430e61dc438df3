use std::fmt;

/// A place in the source, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    Ident(String),
    Number(f64),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub pos: Position,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    UnexpectedChar { ch: char, pos: Position },
    UnterminatedString { pos: Position },
    BadNumber { text: String, pos: Position },
    BadEscape { ch: char, pos: Position },
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexError::UnexpectedChar { ch, pos } => {
                write!(f, "{}:{}: unexpected character {ch:?}", pos.line, pos.column)
            }
            LexError::UnterminatedString { pos } => {
                write!(f, "{}:{}: string is never closed", pos.line, pos.column)
            }
            LexError::BadNumber { text, pos } => {
                write!(f, "{}:{}: {text:?} is not a number", pos.line, pos.column)
            }
            LexError::BadEscape { ch, pos } => {
                write!(f, "{}:{}: unknown escape \\{ch}", pos.line, pos.column)
            }
        }
    }
}

impl std::error::Error for LexError {}
