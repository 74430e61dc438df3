//! marble-review: reads a change the way a careful reviewer would.
//!
//! It will own the diff between a checkpoint and the current text (histogram diff with an
//! indentation heuristic), the symbols each hunk defines and uses, the reading order (definitions
//! before uses, tests after code) and the risk of each hunk (rules plus the model's surprisal).
//! It knows no DOM and no model: surprisal comes through a small "score these tokens" trait that
//! the app implements with `marble-engine`.
//!
//! Empty for now: the review panel has its own issue.
