//! marble-app: the Leptos (CSR) web IDE, built by Trunk into `dist/`.
//!
//! It owns everything the user sees and touches: layout, workspace files, the CodeMirror 6 editor
//! bridge, model management, and the engine's Web Worker. It is the only crate that touches the
//! DOM; the model runs in `marble-engine` inside the worker, never on the UI thread.
//!
//! - [`ide`]: the layout (file tree, tabs, side panel, status bar, settings, command palette) and
//!   the model manager's view.
//! - [`editor`]: the typed bridge to the CodeMirror 6 bundle (`app/js/`, bundled by esbuild).
//! - [`workspace`]: the files and folders, persisted in the browser (OPFS), upload and download.
//! - [`review`]: the review panel over `marble-review`: the checkpoint, the ordered hunks with
//!   their risks, accept/revert/viewed, the editor's risk marks, surprisal through the worker.
//! - [`worker`]: the engine worker, its message protocol and the UI-side client.

pub mod assist;
pub mod clock;
pub mod editor;
pub mod ide;
pub mod js_error;
pub mod review;
pub mod worker;
pub mod workspace;
