//! Persistence in the browser's Origin Private File System (OPFS), so a reload loses nothing.
//!
//! Layout inside the OPFS root:
//! - `workspace/`: the workspace's files and folders, one OPFS entry each, same paths.
//! - `.marble-workspace.json`: the first-run marker, outside `workspace/` so that deleting every
//!   file does not bring the sample project back.
//! - `checkpoint/` and `.marble-checkpoint.json`: the review's checkpoint, the same way (a [`Store`]
//!   opened with [`Store::open_dir`]; its small files beside it through [`Store::read_beside`]).
//!
//! The in-memory [`Workspace`] stays the source of truth: the UI changes it first, then mirrors the
//! change here. A failed save leaves the model untouched and is reported as a [`StoreError`]
//! sentence. Operations run one at a time in the order they were called (see [`Store`]), so a
//! rename followed by a save of the new path cannot overtake each other.
//!
//! Everything here needs a browser; on other targets [`Store::open`] returns
//! [`StoreError::Unavailable`] and nothing else is reachable.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Blob, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemGetFileOptions, FileSystemRemoveOptions, FileSystemWritableFileStream, StorageEstimate,
    StorageManager,
};

use super::js::{self, Handle};
use super::path::{self, PathProblem};
use super::tree::Workspace;

/// The folder inside the OPFS root that holds the workspace.
pub const WORKSPACE_DIR: &str = "workspace";
/// The first-run marker, in the OPFS root next to [`WORKSPACE_DIR`].
pub const MARKER_FILE: &str = ".marble-workspace.json";
const MARKER_CONTENTS: &str = "{\"version\":1,\"seeded\":true}\n";
/// Chrome's temporary file for an unfinished `createWritable`; one can be left behind by a tab
/// closed mid-save, and it is never workspace content.
const SWAP_SUFFIX: &str = ".crswap";

/// Why browser storage failed. `Display` is a sentence for the user; the in-memory workspace is
/// never affected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// `QuotaExceededError`.
    Full,
    /// No OPFS here (old browser, insecure context, Firefox private window) or access refused
    /// (`SecurityError`, `NotAllowedError`): persistence is off for this tab.
    Unavailable { reason: String },
    /// `NoModificationAllowedError`: another tab holds the file.
    Busy { path: String },
    /// `NotFoundError`: storage lacks something the workspace has.
    NotFound { path: String },
    /// The path cannot be stored (the model should have refused it already).
    InvalidPath { path: String, problem: PathProblem },
    /// Anything else, with the exception's name and message. `op` is a verb: "save", "load"...
    Failed { op: &'static str, path: String, name: String, message: String },
    /// The page dropped the operation before it finished.
    Interrupted,
}

impl StoreError {
    /// Maps a rejected promise's `DOMException` (by `name`) to an error about `op` on `path`.
    pub fn from_dom(op: &'static str, path: &str, name: &str, message: &str) -> Self {
        match name {
            "QuotaExceededError" => Self::Full,
            "SecurityError" | "NotAllowedError" => Self::Unavailable { reason: message.to_owned() },
            "NoModificationAllowedError" => Self::Busy { path: path.to_owned() },
            "NotFoundError" => Self::NotFound { path: path.to_owned() },
            _ => {
                Self::Failed { op, path: path.to_owned(), name: name.to_owned(), message: message.to_owned() }
            }
        }
    }

    fn from_js(op: &'static str, path: &str, error: &JsValue) -> Self {
        let (name, message) = js::error_parts(error);
        Self::from_dom(op, path, &name, &message)
    }

    /// Whether saving is off for the whole tab (so the UI says it once, not after every edit).
    pub fn is_persistence_off(&self) -> bool {
        matches!(self, Self::Unavailable { .. })
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted =
            |path: &str| if path.is_empty() { "the workspace".to_owned() } else { format!("\"{path}\"") };
        let subject =
            |path: &str| if path.is_empty() { "The workspace".to_owned() } else { format!("\"{path}\"") };
        match self {
            Self::Full => f.write_str(
                "Browser storage is full: your changes are kept in this tab only. Free space (or download the workspace) and try again.",
            ),
            Self::Unavailable { reason } => write!(
                f,
                "Browser storage is not available ({reason}), so saving is off: your changes stay in this tab only. Download the workspace to keep them."
            ),
            Self::Busy { path } => write!(
                f,
                "{} is being written by another Marble tab, so it was not saved here. Close the other tabs and save again.",
                subject(path)
            ),
            Self::NotFound { path } => write!(
                f,
                "{} is missing from browser storage; your copy in this tab is intact. Save it again to store it.",
                subject(path)
            ),
            Self::InvalidPath { path, problem } => {
                write!(f, "\"{path}\" cannot be stored: {problem}. Rename it and save again.")
            }
            Self::Failed { op, path, name, message } => write!(
                f,
                "Browser storage could not {op} {} ({name}: {message}). Your changes are kept in this tab; download the workspace to be safe, then reload and try again.",
                quoted(path)
            ),
            Self::Interrupted => f.write_str(
                "Saving was interrupted before it finished. Your changes are kept in this tab; save again.",
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// What [`Store::load_or_seed`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub workspace: Workspace,
    /// True on the first visit: the sample project was just written (open
    /// [`super::sample::SAMPLE_FIRST_FILE`]), or a workspace already there was adopted.
    pub first_run: bool,
}

/// Browser storage use, for the status bar or settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageInfo {
    /// Bytes this site uses (all storage: OPFS, caches, model files).
    pub usage: u64,
    /// Bytes this site may use.
    pub quota: u64,
    /// Whether the browser promised not to evict this site's data under storage pressure.
    pub persisted: bool,
}

/// The tail of the operation queue: each operation waits for the previous one.
type Tail = Rc<RefCell<Option<Shared<LocalBoxFuture<'static, ()>>>>>;

/// The workspace folder in OPFS. Cheap to clone (handles and the queue are shared). Holds JS
/// handles, so it is `!Send`: keep it in `StoredValue::new_local` or a local context.
///
/// Each operation starts when it is called, not when its future is first polled, and runs after
/// every operation called before it; dropping the returned future does not cancel it.
#[derive(Clone)]
pub struct Store {
    opfs: FileSystemDirectoryHandle,
    root: FileSystemDirectoryHandle,
    /// The folder's name in the OPFS root.
    dir: &'static str,
    tail: Tail,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Store(opfs:/{})", self.dir)
    }
}

thread_local! {
    static PERSIST_ASKED: Cell<bool> = const { Cell::new(false) };
}

impl Store {
    /// Opens (creating if needed) `workspace/` in the OPFS root, and asks once per page for
    /// persistent storage in the background.
    pub async fn open() -> Result<Store, StoreError> {
        Self::open_dir(WORKSPACE_DIR).await
    }

    /// Opens (creating if needed) the folder `dir` in the OPFS root: another tree of files kept
    /// like the workspace (the review's checkpoint). Each store has its own operation queue.
    pub async fn open_dir(dir: &'static str) -> Result<Store, StoreError> {
        let unavailable = |reason: &str| StoreError::Unavailable { reason: reason.to_owned() };
        if !cfg!(target_arch = "wasm32") {
            return Err(unavailable("not running in a browser"));
        }
        let storage = storage_manager().ok_or_else(|| {
            unavailable("this page has no storage API; it needs a recent browser and an https:// or localhost address")
        })?;
        if !js::has_method(&storage, "getDirectory") {
            return Err(unavailable("this browser has no private file system"));
        }
        let global = js_sys::global();
        let prototype = |class: &str| {
            Reflect::get(&global, &JsValue::from_str(class))
                .and_then(|c| Reflect::get(&c, &JsValue::from_str("prototype")))
                .unwrap_or(JsValue::UNDEFINED)
        };
        if !js::has_method(&prototype("FileSystemFileHandle"), "createWritable")
            || !js::has_method(&prototype("FileSystemDirectoryHandle"), "entries")
        {
            return Err(unavailable("this browser cannot write files to its private file system"));
        }
        let opfs: FileSystemDirectoryHandle = js::resolve(storage.get_directory())
            .await
            .map_err(|e| StoreError::from_js("open", "", &e))?
            .unchecked_into();
        let root = child_dir(&opfs, dir, true).await.map_err(|e| StoreError::from_js("open", "", &e))?;
        if !PERSIST_ASKED.replace(true) {
            // Firefox shows a prompt and resolves only once it is answered: never wait for it.
            wasm_bindgen_futures::spawn_local(async {
                request_persistence().await;
            });
        }
        Ok(Store { opfs, root, dir, tail: Rc::default() })
    }

    /// Reads the whole workspace. Entries whose names the workspace refuses are left out.
    pub fn load(&self) -> impl Future<Output = Result<Workspace, StoreError>> {
        let root = self.root.clone();
        self.enqueue(async move { load_dir(&root).await.map_err(|e| StoreError::from_js("load", "", &e)) })
    }

    /// Loads the workspace; on the first visit (no marker yet) an empty workspace gets the sample
    /// project, written to storage. The marker is written afterwards, so the sample never returns
    /// once the user deletes it.
    pub fn load_or_seed(&self) -> impl Future<Output = Result<Loaded, StoreError>> {
        let (opfs, root) = (self.opfs.clone(), self.root.clone());
        self.enqueue(async move {
            let workspace = load_dir(&root).await.map_err(|e| StoreError::from_js("load", "", &e))?;
            let marker =
                file_exists(&opfs, MARKER_FILE).await.map_err(|e| StoreError::from_js("load", "", &e))?;
            if marker {
                return Ok(Loaded { workspace, first_run: false });
            }
            let workspace = if workspace.is_empty() {
                let sample = Workspace::sample();
                write_all(&root, &sample).await?;
                sample
            } else {
                workspace
            };
            write_at(&opfs, MARKER_FILE, Uint8Array::from(MARKER_CONTENTS.as_bytes()))
                .await
                .map_err(|e| StoreError::from_js("save", MARKER_FILE, &e))?;
            Ok(Loaded { workspace, first_run: true })
        })
    }

    /// Reads the file `name` in the OPFS root, beside this store's folder (a marker or a small
    /// description of the folder); `None` when there is none.
    pub fn read_beside(&self, name: &str) -> impl Future<Output = Result<Option<Vec<u8>>, StoreError>> {
        let (opfs, name) = (self.opfs.clone(), name.to_owned());
        self.enqueue(async move {
            let read = async {
                if !file_exists(&opfs, &name).await? {
                    return Ok(None);
                }
                js::read_handle(&child_file(&opfs, &name, false).await?).await.map(Some)
            };
            read.await.map_err(|e| StoreError::from_js("load", &name, &e))
        })
    }

    /// Writes the file `name` in the OPFS root, beside this store's folder, after every operation
    /// called before it (so a description written after a [`Store::replace_all`] describes it).
    pub fn write_beside(&self, name: &str, bytes: &[u8]) -> impl Future<Output = Result<(), StoreError>> {
        let (opfs, name) = (self.opfs.clone(), name.to_owned());
        let data = Uint8Array::from(bytes);
        self.enqueue(async move {
            write_at(&opfs, &name, data).await.map_err(|e| StoreError::from_js("save", &name, &e))
        })
    }

    /// Saves a file (creating it and its folders). The bytes are copied when this is called.
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        let checked = checked(path);
        let data = Uint8Array::from(bytes);
        self.enqueue(async move {
            let path = checked?;
            write_at(&root, &path, data).await.map_err(|e| StoreError::from_js("save", &path, &e))
        })
    }

    /// Creates a folder and the folders above it.
    pub fn create_dir(&self, path: &str) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        let checked = checked(path);
        self.enqueue(async move {
            let path = checked?;
            let segments: Vec<&str> = path.split('/').collect();
            dir_at(&root, &segments, true)
                .await
                .map(drop)
                .map_err(|e| StoreError::from_js("create", &path, &e))
        })
    }

    /// Deletes a file, or a folder with everything in it. Deleting what is not stored succeeds.
    pub fn delete(&self, path: &str) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        let checked = checked(path);
        self.enqueue(async move {
            let path = checked?;
            remove_at(&root, &path).await.map_err(|e| StoreError::from_js("delete", &path, &e))
        })
    }

    /// Moves a file or folder. OPFS `move()` is missing in some browsers, so this copies (folders
    /// recursively) and then deletes the original; if the copy fails, the original stays and the
    /// partial copy is removed.
    pub fn rename(&self, from: &str, to: &str) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        let checked = checked(from).and_then(|from| Ok((from, checked(to)?)));
        self.enqueue(async move {
            let (from, to) = checked?;
            if from == to {
                return Ok(());
            }
            // Anything already at `to` is stale: the workspace checked that `to` was free.
            remove_at(&root, &to).await.map_err(|e| StoreError::from_js("move", &to, &e))?;
            if let Err(e) = copy_entry(&root, &from, &to).await {
                let _ = remove_at(&root, &to).await;
                return Err(StoreError::from_js("move", &from, &e));
            }
            remove_at(&root, &from).await.map_err(|e| StoreError::from_js("move", &from, &e))
        })
    }

    /// Deletes every file and folder of the workspace (the first-run marker stays).
    pub fn clear(&self) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        self.enqueue(async move { clear_dir(&root).await.map_err(|e| StoreError::from_js("clear", "", &e)) })
    }

    /// Makes storage hold exactly `workspace`: clears it, then writes every folder and file. Use
    /// it after replacing the workspace (opening a local folder, resetting to the sample) or to
    /// resync after a failed save.
    pub fn replace_all(&self, workspace: &Workspace) -> impl Future<Output = Result<(), StoreError>> {
        let root = self.root.clone();
        // Cloned now: the queue may run this after the caller changed the workspace again.
        let snapshot = workspace.clone();
        self.enqueue(async move {
            clear_dir(&root).await.map_err(|e| StoreError::from_js("clear", "", &e))?;
            write_all(&root, &snapshot).await
        })
    }

    /// Runs `job` after every job queued before it, starting now even if the result is never
    /// awaited.
    fn enqueue<T: 'static>(
        &self,
        job: impl Future<Output = Result<T, StoreError>> + 'static,
    ) -> impl Future<Output = Result<T, StoreError>> {
        let (done, result) = oneshot::channel();
        let previous = self.tail.borrow_mut().take();
        let step = async move {
            if let Some(previous) = previous {
                previous.await;
            }
            // The caller may have dropped its future; the job still ran, in order.
            let _ = done.send(job.await);
        }
        .boxed_local()
        .shared();
        *self.tail.borrow_mut() = Some(step.clone());
        wasm_bindgen_futures::spawn_local(step);
        async move { result.await.unwrap_or(Err(StoreError::Interrupted)) }
    }
}

/// Asks the browser not to evict this site's storage. Best effort: false when refused or
/// unsupported. Chrome decides silently; Firefox asks the user (and resolves when answered).
pub async fn request_persistence() -> bool {
    let Some(storage) = storage_manager() else { return false };
    if is_persisted(&storage).await {
        return true;
    }
    match storage.persist() {
        Ok(promise) => js::resolve(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
        Err(_) => false,
    }
}

/// How much storage this site uses and may use.
pub async fn storage_info() -> Result<StorageInfo, StoreError> {
    let storage = storage_manager().ok_or_else(|| StoreError::Unavailable {
        reason: "this browser does not report storage use".to_owned(),
    })?;
    let estimate: StorageEstimate = match storage.estimate() {
        Ok(promise) => js::resolve(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| StoreError::from_js("measure", "", &e))?
    .unchecked_into();
    Ok(StorageInfo {
        usage: estimate.get_usage().unwrap_or(0.0) as u64,
        quota: estimate.get_quota().unwrap_or(0.0) as u64,
        persisted: is_persisted(&storage).await,
    })
}

/// `navigator.storage`, if this context has it (only secure contexts do).
fn storage_manager() -> Option<StorageManager> {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let storage = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    storage.is_object().then(|| storage.unchecked_into())
}

async fn is_persisted(storage: &StorageManager) -> bool {
    match storage.persisted() {
        Ok(promise) => js::resolve(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
        Err(_) => false,
    }
}

fn checked(path: &str) -> Result<String, StoreError> {
    path::normalize(path).map_err(|problem| StoreError::InvalidPath { path: path.to_owned(), problem })
}

async fn child_dir(
    dir: &FileSystemDirectoryHandle,
    name: &str,
    create: bool,
) -> Result<FileSystemDirectoryHandle, JsValue> {
    let options = FileSystemGetDirectoryOptions::new();
    options.set_create(create);
    Ok(js::resolve(dir.get_directory_handle_with_options(name, &options)).await?.unchecked_into())
}

async fn child_file(
    dir: &FileSystemDirectoryHandle,
    name: &str,
    create: bool,
) -> Result<FileSystemFileHandle, JsValue> {
    let options = FileSystemGetFileOptions::new();
    options.set_create(create);
    Ok(js::resolve(dir.get_file_handle_with_options(name, &options)).await?.unchecked_into())
}

/// The folder at `segments` below `root`.
async fn dir_at(
    root: &FileSystemDirectoryHandle,
    segments: &[&str],
    create: bool,
) -> Result<FileSystemDirectoryHandle, JsValue> {
    let mut dir = root.clone();
    for name in segments {
        dir = child_dir(&dir, name, create).await?;
    }
    Ok(dir)
}

/// The folder holding `path` (created if `create`) and the last name of `path`.
async fn parent_of<'p>(
    root: &FileSystemDirectoryHandle,
    path: &'p str,
    create: bool,
) -> Result<(FileSystemDirectoryHandle, &'p str), JsValue> {
    let parent = path::parent(path);
    let segments: Vec<&str> = if parent.is_empty() { Vec::new() } else { parent.split('/').collect() };
    Ok((dir_at(root, &segments, create).await?, path::file_name(path)))
}

/// createWritable → write → close. On failure the stream is aborted, which discards the partial
/// write and releases the file, so the previous contents stay.
///
/// The bytes go in as a `Blob`: Chromium reports a full disk on a `Blob` write as
/// `QuotaExceededError`, but on a `Uint8Array` write only as "AbortError: Failed to write data to
/// data pipe" (seen in Chromium with `Storage.overrideQuotaForOrigin`).
async fn write_at(root: &FileSystemDirectoryHandle, path: &str, data: Uint8Array) -> Result<(), JsValue> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&data))?;
    let (dir, name) = parent_of(root, path, true).await?;
    let file = child_file(&dir, name, true).await?;
    let stream: FileSystemWritableFileStream = js::resolve(file.create_writable()).await?.unchecked_into();
    let written = async {
        js::resolve(stream.write_with_blob(&blob)?).await?;
        js::call_async(&stream, "close", &[]).await
    }
    .await;
    if let Err(error) = written {
        let _ = js::call_async(&stream, "abort", &[]).await;
        return Err(error);
    }
    Ok(())
}

/// Removes a file or folder (recursively); a missing one is not an error.
async fn remove_at(root: &FileSystemDirectoryHandle, path: &str) -> Result<(), JsValue> {
    let result = async {
        let (dir, name) = parent_of(root, path, false).await?;
        let options = FileSystemRemoveOptions::new();
        options.set_recursive(true);
        js::resolve(dir.remove_entry_with_options(name, &options)).await
    }
    .await;
    match result {
        Err(error) if js::error_parts(&error).0 == "NotFoundError" => Ok(()),
        other => other.map(drop),
    }
}

async fn file_exists(dir: &FileSystemDirectoryHandle, name: &str) -> Result<bool, JsValue> {
    match child_file(dir, name, false).await {
        Ok(_) => Ok(true),
        Err(error) if js::error_parts(&error).0 == "NotFoundError" => Ok(false),
        Err(error) => Err(error),
    }
}

/// Copies the file or folder at `from` to `to`, folders with all their contents.
async fn copy_entry(root: &FileSystemDirectoryHandle, from: &str, to: &str) -> Result<(), JsValue> {
    let (dir, name) = parent_of(root, from, false).await?;
    let source = match child_file(&dir, name, false).await {
        Ok(file) => Handle::File(file),
        Err(error) if js::error_parts(&error).0 == "TypeMismatchError" => {
            Handle::Dir(child_dir(&dir, name, false).await?)
        }
        Err(error) => return Err(error),
    };
    // An explicit stack rather than recursion: async recursion would need boxing.
    let mut pending = vec![(to.to_owned(), source)];
    while let Some((target, handle)) = pending.pop() {
        match handle {
            Handle::File(file) => {
                let blob: Blob = js::resolve(file.get_file()).await?.unchecked_into();
                let buffer = js::resolve(blob.array_buffer()).await?;
                write_at(root, &target, Uint8Array::new(&buffer)).await?;
            }
            Handle::Dir(dir) => {
                let segments: Vec<&str> = target.split('/').collect();
                dir_at(root, &segments, true).await?;
                for (name, child) in js::list_dir(&dir).await? {
                    pending.push((path::join(&target, &name), child));
                }
            }
        }
    }
    Ok(())
}

/// Writes every folder and file of `workspace` below `root`.
async fn write_all(root: &FileSystemDirectoryHandle, workspace: &Workspace) -> Result<(), StoreError> {
    for dir in workspace.dirs() {
        let segments: Vec<&str> = dir.split('/').collect();
        dir_at(root, &segments, true).await.map_err(|e| StoreError::from_js("create", dir, &e))?;
    }
    for (path, bytes) in workspace.files() {
        write_at(root, path, Uint8Array::from(bytes))
            .await
            .map_err(|e| StoreError::from_js("save", path, &e))?;
    }
    Ok(())
}

async fn clear_dir(dir: &FileSystemDirectoryHandle) -> Result<(), JsValue> {
    let options = FileSystemRemoveOptions::new();
    options.set_recursive(true);
    for (name, _) in js::list_dir(dir).await? {
        js::resolve(dir.remove_entry_with_options(&name, &options)).await?;
    }
    Ok(())
}

/// Reads every folder and file below `root` into a workspace.
async fn load_dir(root: &FileSystemDirectoryHandle) -> Result<Workspace, JsValue> {
    let mut workspace = Workspace::new();
    let mut pending = vec![(String::new(), root.clone())];
    while let Some((prefix, dir)) = pending.pop() {
        for (name, handle) in js::list_dir(&dir).await? {
            let entry = path::join(&prefix, &name);
            if path::normalize(&entry).is_err() {
                continue;
            }
            match handle {
                Handle::Dir(child) => {
                    if !workspace.is_dir(&entry) && workspace.create_dir(&entry).is_err() {
                        continue;
                    }
                    pending.push((entry, child));
                }
                Handle::File(_) if name.ends_with(SWAP_SUFFIX) => {}
                Handle::File(file) => {
                    let bytes = js::read_handle(&file).await?;
                    // Only a name clash with a folder can fail here; that entry is left out.
                    let _ = workspace.write(&entry, bytes);
                }
            }
        }
    }
    Ok(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_exceptions_map_to_actions() {
        assert_eq!(StoreError::from_dom("save", "a.rs", "QuotaExceededError", "quota"), StoreError::Full);
        assert!(StoreError::from_dom("open", "", "SecurityError", "denied").is_persistence_off());
        assert!(StoreError::from_dom("open", "", "NotAllowedError", "denied").is_persistence_off());
        assert_eq!(
            StoreError::from_dom("save", "a.rs", "NoModificationAllowedError", "locked"),
            StoreError::Busy { path: "a.rs".into() }
        );
        assert_eq!(
            StoreError::from_dom("move", "a.rs", "NotFoundError", "gone"),
            StoreError::NotFound { path: "a.rs".into() }
        );
        assert_eq!(
            StoreError::from_dom("save", "a.rs", "InvalidStateError", "stale"),
            StoreError::Failed {
                op: "save",
                path: "a.rs".into(),
                name: "InvalidStateError".into(),
                message: "stale".into()
            }
        );
    }

    #[test]
    fn messages_say_what_happens_to_changes() {
        assert_eq!(
            StoreError::Full.to_string(),
            "Browser storage is full: your changes are kept in this tab only. Free space (or download the workspace) and try again."
        );
        assert_eq!(
            StoreError::Failed { op: "save", path: "src/a.rs".into(), name: "InvalidStateError".into(), message: "stale".into() }
                .to_string(),
            "Browser storage could not save \"src/a.rs\" (InvalidStateError: stale). Your changes are kept in this tab; download the workspace to be safe, then reload and try again."
        );
        let unavailable = StoreError::Unavailable { reason: "private window".into() }.to_string();
        assert!(
            unavailable.contains("saving is off") && unavailable.contains("this tab only"),
            "{unavailable}"
        );
        assert!(StoreError::NotFound { path: String::new() }
            .to_string()
            .starts_with("The workspace is missing"));
    }
}
