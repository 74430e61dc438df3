//! The review panel: the change since a checkpoint, read the way `marble-review` orders it, with
//! risk badges, the reason for each position, low-entropy groups folded, per-hunk accept, revert
//! and "viewed", the same risk marks in the editor, and the model's surprisal from the worker.
//!
//! It owns the checkpoint (a second copy of the workspace's text, kept in OPFS beside it), turning
//! checkpoint and workspace into `FileChange`s, the panel's view and keys, the editor's review
//! decoration layer, and sending `ScoreRequest`s to the engine worker. It does not own the
//! analysis itself — diff, symbols, order, risk and grouping are `marble-review`'s, used through
//! its public API — nor the files: edits go through the IDE's workspace and its persistence.
//!
//! The data flow: checkpoint + workspace (+ the editor's unsaved text) ─► [`changes`] ─►
//! `marble_review::analyze` (debounced while the panel is visible) ─► [`state::Analysed`] ─► the
//! panel ([`panel`]), the editor's marks ([`decorations`]) and, with a model, [`scoring`] ─►
//! `surprisal::apply` ─► the same views again.
//!
//! - [`state`]: the panel's signals (in [`crate::ide::state::Ide`]), and the analysis loop.
//! - [`checkpoint`]: loading, making and saving the checkpoint (OPFS `checkpoint/`).
//! - [`changes`]: checkpoint vs workspace → the files to analyse (pure).
//! - [`actions`]: accept, revert, open, viewed — on the workspace, the checkpoint and the editor.
//! - [`rows`], [`keys`], [`viewed`], [`lines`]: the list's rows and selection, the panel's keys,
//!   the viewed marks, a diff line's highlighted pieces (all pure).
//! - [`decorations`]: the editor's marks for the shown file (pure).
//! - [`scoring`]: surprisal through the engine worker, with a cache and cancellation.
//! - [`panel`], [`card`]: the Leptos views.

pub mod actions;
pub mod card;
pub mod changes;
pub mod checkpoint;
pub mod decorations;
pub mod keys;
pub mod lines;
pub mod panel;
pub mod rows;
pub mod scoring;
pub mod state;
pub mod viewed;

pub use state::ReviewState;

/// The editor decoration layer the review's marks live in (other layers are left alone).
pub const DECORATION_LAYER: &str = "review";
