//! Builds a manifest of the files under a directory.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::hash::file_digest;

/// What the sync tool knows about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    pub size: u64,
    pub modified: SystemTime,
    pub digest: [u8; 32],
}

/// Relative path → record, sorted so that manifests compare deterministically.
pub type Manifest = BTreeMap<PathBuf, FileRecord>;

/// Walks `root` recursively and records every regular file.
/// Symbolic links are skipped rather than followed.
pub fn scan_tree(root: &Path) -> io::Result<Manifest> {
    let mut manifest = Manifest::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for item in fs::read_dir(&dir)? {
            let item = item?;
            let kind = item.file_type()?;
            let path = item.path();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                let meta = item.metadata()?;
                let rel = path
                    .strip_prefix(root)
                    .map_err(|e| io::Error::new(io::ErrorKind::Other, e))?
                    .to_path_buf();
                manifest.insert(rel, read_record(&path, &meta)?);
            }
        }
    }
    Ok(manifest)
}

fn read_record(path: &Path, meta: &fs::Metadata) -> io::Result<FileRecord> {
    Ok(FileRecord {
        size: meta.len(),
        modified: meta.modified()?,
        digest: file_digest(path)?,
    })
}
