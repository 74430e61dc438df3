//! Files in and out of the browser: download a file or a ZIP, read uploaded files and folders,
//! open a local folder (File System Access API, where the browser has it).
//!
//! Imports return `(path, bytes)` lists for [`Workspace::import`]: paths are relative and, for a
//! folder, start with the folder's name (`myproj/src/main.rs`), the same shape whether it came from
//! `<input webkitdirectory>` or from [`open_local_folder`]. Heavy tool folders ([`SKIPPED_DIRS`])
//! are left out, and the total is capped ([`MAX_IMPORT_BYTES`], [`MAX_IMPORT_FILES`]) so an
//! accidental pick of a home folder fails quickly with a sentence instead of filling memory.

use std::fmt;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, FileList, FileSystemDirectoryHandle, HtmlAnchorElement, Url};

use super::js::{self, Handle};
use super::path;
use super::text::human_size;
use super::tree::Workspace;
use super::zip::{self, DosDateTime, Entry, ZipError};

/// Folders never imported: version control data, dependencies and build output, which are big,
/// regenerable and not what anyone means to edit here.
pub const SKIPPED_DIRS: [&str; 8] =
    [".git", ".hg", ".svn", "node_modules", "target", "__pycache__", ".venv", ".mypy_cache"];
/// The most bytes one import may bring in (the workspace lives in memory and in OPFS).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
/// The most files one import may bring in (each becomes a row in the tree and an OPFS file).
pub const MAX_IMPORT_FILES: usize = 5_000;
/// How long an object URL lives after its download starts: revoking at once can cancel the
/// download in Firefox, which fetches the URL after the click returns.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Why a transfer failed. `Display` is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferError {
    /// The user closed the folder picker: show nothing.
    Cancelled,
    /// This browser has no folder picker.
    Unsupported,
    /// The browser refused access to the folder (no click, or permission denied).
    NotAllowed { message: String },
    /// More than [`MAX_IMPORT_BYTES`].
    TooLarge,
    /// More than [`MAX_IMPORT_FILES`].
    TooManyFiles,
    /// A file could not be read.
    Read { path: String, message: String },
    /// The browser refused to start the download.
    Download { message: String },
    /// The ZIP would be too big.
    Zip(ZipError),
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let skipped = SKIPPED_DIRS.join(", ");
        match self {
            Self::Cancelled => f.write_str("No folder was chosen. Choose one to open it."),
            Self::Unsupported => {
                f.write_str("Opening a local folder is not supported in this browser: use Upload folder instead.")
            }
            Self::NotAllowed { message } => write!(
                f,
                "The browser did not allow access to the folder ({message}). Choose Open folder again and allow access."
            ),
            Self::TooLarge => write!(
                f,
                "The files add up to more than {} (even without {skipped}). Choose a smaller folder or only the files you need.",
                human_size(MAX_IMPORT_BYTES)
            ),
            Self::TooManyFiles => write!(
                f,
                "There are more than {MAX_IMPORT_FILES} files (even without {skipped}). Choose a smaller folder or only the files you need."
            ),
            Self::Read { path, message } => write!(
                f,
                "\"{path}\" could not be read ({message}). Check that it still exists and is readable, then try again."
            ),
            Self::Download { message } => write!(
                f,
                "The download could not start ({message}). Try again, or allow downloads for this site."
            ),
            Self::Zip(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for TransferError {}

impl From<ZipError> for TransferError {
    fn from(error: ZipError) -> Self {
        Self::Zip(error)
    }
}

/// Whether a folder with this name is left out of imports.
pub fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name)
}

/// Whether a relative file path lies inside a skipped folder.
pub fn is_in_skipped_dir(path: &str) -> bool {
    path.split('/').rev().skip(1).any(is_skipped_dir)
}

/// Counts an import against [`MAX_IMPORT_FILES`] and [`MAX_IMPORT_BYTES`] before each file is read.
#[derive(Debug, Default)]
pub struct ImportBudget {
    files: usize,
    bytes: u64,
}

impl ImportBudget {
    /// Admits one more file of `size` bytes, or says which limit it passes.
    pub fn admit(&mut self, size: u64) -> Result<(), TransferError> {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(size);
        if self.files > MAX_IMPORT_FILES {
            return Err(TransferError::TooManyFiles);
        }
        if self.bytes > MAX_IMPORT_BYTES {
            return Err(TransferError::TooLarge);
        }
        Ok(())
    }
}

/// Starts a download of `bytes` named `name` (Blob, object URL, a hidden link's click).
pub fn download_file(name: &str, bytes: &[u8]) -> Result<(), TransferError> {
    download(name, bytes, "application/octet-stream")
}

/// Zips `files` (path, bytes) without compression and downloads the archive as `name`.
pub fn download_zip(name: &str, files: &[(&str, &[u8])]) -> Result<(), TransferError> {
    let entries: Vec<Entry<'_>> = files.iter().map(|&(path, bytes)| Entry::File(path, bytes)).collect();
    download(name, &zip::write_zip(&entries, now())?, "application/zip")
}

/// Downloads the whole workspace, empty folders included, as the ZIP `name`.
pub fn download_workspace(name: &str, workspace: &Workspace) -> Result<(), TransferError> {
    download(name, &zip::zip_workspace(workspace, now())?, "application/zip")
}

/// Reads the files of an `<input type=file multiple>` (paths are file names), an
/// `<input type=file webkitdirectory>` (paths are `webkitRelativePath`, starting with the folder's
/// name) or a drop's `DataTransfer.files`. Files in [`SKIPPED_DIRS`] are not read.
pub async fn read_file_list(list: &FileList) -> Result<Vec<(String, Vec<u8>)>, TransferError> {
    let mut budget = ImportBudget::default();
    let mut files = Vec::new();
    for index in 0..list.length() {
        let Some(file) = list.item(index) else { continue };
        let relative = Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| file.name());
        if is_in_skipped_dir(&relative) {
            continue;
        }
        budget.admit(file.size() as u64)?;
        let bytes = js::blob_bytes(&file).await.map_err(|e| read_error(&relative, &e))?;
        files.push((relative, bytes));
    }
    Ok(files)
}

/// Lets the user pick a local folder (`showDirectoryPicker`, Chromium browsers) and reads it.
/// Must be called from a click handler. Paths start with the folder's name, sorted.
pub async fn open_local_folder() -> Result<Vec<(String, Vec<u8>)>, TransferError> {
    let window = web_sys::window().ok_or(TransferError::Unsupported)?;
    let picker: Function = Reflect::get(&window, &JsValue::from_str("showDirectoryPicker"))
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .ok_or(TransferError::Unsupported)?;
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("mode"), &JsValue::from_str("read"));
    let picked = match picker.call1(&window, &options).and_then(|p| p.dyn_into::<Promise>()) {
        Ok(promise) => js::resolve(promise).await,
        Err(error) => Err(error),
    };
    let folder: FileSystemDirectoryHandle = match picked {
        Ok(handle) => handle.unchecked_into(),
        Err(error) => {
            let (name, message) = js::error_parts(&error);
            return Err(match name.as_str() {
                "AbortError" => TransferError::Cancelled,
                "SecurityError" | "NotAllowedError" => TransferError::NotAllowed { message },
                _ => TransferError::Read { path: "the chosen folder".to_owned(), message },
            });
        }
    };
    let mut budget = ImportBudget::default();
    let mut files = Vec::new();
    let mut pending = vec![(folder.name(), folder)];
    while let Some((prefix, dir)) = pending.pop() {
        let entries = js::list_dir(&dir).await.map_err(|e| read_error(&prefix, &e))?;
        for (name, handle) in entries {
            let relative = path::join(&prefix, &name);
            match handle {
                Handle::Dir(_) if is_skipped_dir(&name) => {}
                Handle::Dir(child) => pending.push((relative, child)),
                Handle::File(file) => {
                    let blob: Blob = js::resolve(file.get_file())
                        .await
                        .map_err(|e| read_error(&relative, &e))?
                        .unchecked_into();
                    budget.admit(blob.size() as u64)?;
                    let bytes = js::blob_bytes(&blob).await.map_err(|e| read_error(&relative, &e))?;
                    files.push((relative, bytes));
                }
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

fn read_error(path: &str, error: &JsValue) -> TransferError {
    let (name, message) = js::error_parts(error);
    TransferError::Read { path: path.to_owned(), message: format!("{name}: {message}") }
}

fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), TransferError> {
    let failed = |error: JsValue| TransferError::Download { message: js::error_parts(&error).1 };
    let window =
        web_sys::window().ok_or_else(|| TransferError::Download { message: "no window".to_owned() })?;
    let document =
        window.document().ok_or_else(|| TransferError::Download { message: "no document".to_owned() })?;
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let link: HtmlAnchorElement = document.create_element("a").map_err(failed)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    // Firefox only follows a link that is in the document.
    let body =
        document.body().ok_or_else(|| TransferError::Download { message: "no page body".to_owned() })?;
    body.append_child(&link).map_err(failed)?;
    link.click();
    link.remove();
    gloo_timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The local time now, for ZIP entries.
fn now() -> DosDateTime {
    let date = js_sys::Date::new_0();
    DosDateTime::new(
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_folders_are_skipped_anywhere_but_the_file_name() {
        assert!(is_in_skipped_dir("proj/node_modules/left-pad/index.js"));
        assert!(is_in_skipped_dir("proj/.git/HEAD"));
        assert!(is_in_skipped_dir("target/debug/app"));
        assert!(!is_in_skipped_dir("proj/src/target.rs"));
        assert!(!is_in_skipped_dir("proj/target"), "a file named target is kept");
        assert!(!is_in_skipped_dir("proj/.github/workflows/ci.yml"));
        assert!(!is_in_skipped_dir("README.md"));
    }

    #[test]
    fn budget_caps_bytes_and_files() {
        let mut budget = ImportBudget::default();
        assert_eq!(budget.admit(MAX_IMPORT_BYTES - 1), Ok(()));
        assert_eq!(budget.admit(1), Ok(()));
        assert_eq!(budget.admit(1), Err(TransferError::TooLarge));
        let mut budget = ImportBudget::default();
        for _ in 0..MAX_IMPORT_FILES {
            assert_eq!(budget.admit(0), Ok(()));
        }
        assert_eq!(budget.admit(0), Err(TransferError::TooManyFiles));
    }

    #[test]
    fn errors_are_sentences() {
        assert_eq!(
            TransferError::Unsupported.to_string(),
            "Opening a local folder is not supported in this browser: use Upload folder instead."
        );
        let too_large = TransferError::TooLarge.to_string();
        assert!(too_large.contains("64.0 MiB") && too_large.contains("node_modules"), "{too_large}");
        assert!(TransferError::Zip(ZipError::TooManyEntries { count: 70_000 }).to_string().ends_with('.'));
    }
}
