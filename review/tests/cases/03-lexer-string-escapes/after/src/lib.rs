//! Tokenizer for the filter language used in saved searches, e.g.
//! `status == "open" && priority >= 2`.

mod lexer;
mod token;

pub use lexer::{tokenize, Lexer};
pub use token::{LexError, Position, Token, TokenKind};
