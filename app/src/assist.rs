//! Inline completion's logic, as pure functions over text and cursor (tested natively with marked
//! text, and shared by the browser and the native replay benchmark):
//!
//! - [`prompt`]: the prompt per model family (fill-in-the-middle or prefix continuation), with
//!   context from other files inside a token budget, stable part first;
//! - [`context`]: choosing snippets from other open or recently edited files;
//! - [`trigger`]: when to ask (an adaptive pause that learns the typing rhythm);
//! - [`postprocess`]: trimming what the model wrote into a suggestion worth showing;
//! - [`accept`]: accepting all, a word or a line of a suggestion;
//! - [`cache`]: suggestions by context, and typing through a shown suggestion;
//! - [`complete`]: one completion on an engine session (prompt, KV reuse, early stop, post-process);
//! - [`replay`]: the replay benchmark's simulated typist (`src/bin/marble-replay.rs`).

pub mod accept;
pub mod cache;
pub mod complete;
pub mod context;
pub mod marked;
pub mod next_edit;
pub mod postprocess;
pub mod prompt;
pub mod replay;
pub mod trigger;
