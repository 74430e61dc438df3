//! marble-app: the Leptos (CSR) web IDE, built by Trunk into `dist/`.
//!
//! It owns everything the user sees and touches: layout, workspace files, the CodeMirror 6 editor
//! bridge, model management, the assistance controllers and the review panel's view. It is the only
//! crate that touches the DOM; the model runs in `marble-engine` inside a Web Worker, and diffs and
//! risk come from `marble-review`.
//!
//! Empty for now: the IDE is built on top of the engine (see the issues after the engine's).
