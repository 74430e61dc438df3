//! The workspace: the user's files and folders, kept in memory, persisted in the browser (OPFS),
//! moved in and out by upload, download and "open local folder".
//!
//! It owns no UI: the IDE's views call this API and show the errors' `Display` sentences. The model
//! ([`Workspace`]) is plain Rust and tested natively; [`store`] and [`transfer`] need a browser.
//!
//! How the IDE uses it:
//! 1. Start: `Store::open().await`, then `store.load_or_seed().await`. If either fails, show the
//!    error once and run on `Workspace::sample()` in memory (saving is off for this tab).
//! 2. Every change: apply it to the `Workspace` first, then mirror it to the store (`write_file`,
//!    `create_dir`, `rename`, `delete`). Store operations run in call order; a failure leaves the
//!    model as it is, and `Store::replace_all` resyncs storage from the model later.
//! 3. Opening a file: `Workspace::text` gives the text, or a sentence saying why the editor shows
//!    a message instead (binary, not UTF-8, or over [`MAX_EDITOR_BYTES`]).
//!
//! - [`path`]: path rules and helpers (`parent`, `file_name`, `join`).
//! - [`text`]: what the editor can open.
//! - [`tree`]: the [`Workspace`] model and its [`TreeNode`] rows.
//! - [`store`]: OPFS persistence.
//! - [`transfer`]: downloads, uploads, local folders.
//! - [`zip`]: the STORE-only ZIP writer behind "Download workspace".
//! - [`sample`]: the project seeded on first run.

mod js;
pub mod path;
pub mod sample;
pub mod store;
pub mod text;
pub mod transfer;
pub mod tree;
pub mod zip;

pub use path::PathProblem;
pub use sample::{sample_files, SAMPLE_FIRST_FILE};
pub use store::{request_persistence, storage_info, Loaded, StorageInfo, Store, StoreError};
pub use text::{check_editable, human_size, is_editable_text, NotEditable, MAX_EDITOR_BYTES};
pub use transfer::{
    download_file, download_workspace, download_zip, open_local_folder, read_file_list, TransferError,
};
pub use tree::{ImportReport, TreeNode, Workspace, WorkspaceError};
