//! marble-review: reads a change the way a careful reviewer would.
//!
//! It owns the diff between a checkpoint and the current text (histogram diff with an indentation
//! heuristic, word-level highlights), the symbols each hunk defines and uses, the reading order
//! (definitions before uses, tests after code, configuration and docs last, every position with its
//! reason), the risk of each hunk (tiered rules plus the model's surprisal) and the grouping of
//! low-entropy hunks (renames, repeated edits, formatting, moves).
//!
//! It knows no DOM and no model: surprisal comes through the small [`surprisal::Scorer`] trait that
//! the app implements with `marble-engine` in its worker, and the CLI with the engine directly.
//!
//! Pipeline ([`analysis`]): [`diff`] → [`symbols`] → [`risk`] → [`group`] → [`order`], then,
//! asynchronously, [`surprisal`]. [`patch`] reads unified diffs for the CLI; [`lex`] is the
//! forgiving lexer the symbol and risk rules share; [`hunk`] the vocabulary they all speak;
//! [`tree`] lists a directory's files for the CLI, the benchmark and the tests.

pub mod analysis;
pub mod diff;
pub mod group;
pub mod hunk;
pub mod lang;
pub mod lex;
pub mod order;
pub mod patch;
pub mod risk;
pub mod surprisal;
pub mod symbols;
pub mod tree;

pub use analysis::{analyze, analyze_patch, FileChange, FileStatus, Review, ReviewedHunk};
