//! The workspace model: files and folders in memory, every operation checked, no browser APIs.
//!
//! A [`Workspace`] is the single source of truth while the IDE runs; the OPFS [`super::store`]
//! mirrors it, so a storage failure never loses what is here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::path::{self, PathProblem};
use super::text::{self, NotEditable};

/// Why a workspace operation was refused. `Display` is a sentence for the user that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkspaceError {
    /// `path` breaks a naming rule.
    InvalidPath { path: String, problem: PathProblem },
    /// Something is already at `path`; `is_dir` says what.
    AlreadyExists { path: String, is_dir: bool },
    /// Nothing is at `path`.
    NotFound { path: String },
    /// `path` would go inside `parent`, which is a file.
    ParentIsFile { path: String, parent: String },
    /// A file operation was given a folder.
    IsAFolder { path: String },
    /// A folder operation was given a file.
    NotAFolder { path: String },
    /// The file exists but the editor will not open it.
    NotEditable { path: String, reason: NotEditable },
    /// A folder cannot move below itself.
    MoveIntoItself { from: String, to: String },
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPath { path, problem } => {
                write!(f, "\"{path}\" is not a valid name: {problem}. Choose another name.")
            }
            Self::AlreadyExists { path, is_dir } => write!(
                f,
                "A {} named \"{path}\" already exists. Choose another name, or rename or delete the existing one first.",
                if *is_dir { "folder" } else { "file" }
            ),
            Self::NotFound { path } => write!(
                f,
                "\"{path}\" is not in the workspace; it may have been renamed or deleted. Pick it again in the file tree."
            ),
            Self::ParentIsFile { path, parent } => write!(
                f,
                "\"{path}\" cannot be created because \"{parent}\" is a file, not a folder. Choose another location."
            ),
            Self::IsAFolder { path } => write!(f, "\"{path}\" is a folder, not a file. Pick a file inside it."),
            Self::NotAFolder { path } => write!(f, "\"{path}\" is a file, not a folder. Pick a folder."),
            Self::NotEditable { path, reason } => {
                write!(f, "\"{path}\" is not opened in the editor: {reason}.")
            }
            Self::MoveIntoItself { from, to } => write!(
                f,
                "The folder \"{from}\" cannot be moved into itself (\"{to}\"). Choose a destination outside it."
            ),
        }
    }
}

impl std::error::Error for WorkspaceError {}

/// One row of the file tree, in display order (see [`Workspace::tree`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The full path, the node's identity (`src/main.rs`).
    pub path: String,
    /// The last name, what the row shows (`main.rs`).
    pub name: String,
    /// 0 for entries at the root, 1 inside a top-level folder, and so on.
    pub depth: usize,
    pub is_dir: bool,
}

/// What [`Workspace::import`] did with each uploaded file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Every file written (new or replaced), as normalized paths: persist these.
    pub written: Vec<String>,
    /// The subset of `written` that replaced an existing file.
    pub replaced: Vec<String>,
    /// Files left out, each with the reason (a bad name, or a folder already at that path).
    pub skipped: Vec<(String, WorkspaceError)>,
}

/// Files (path → bytes) and folders. Invariant: every folder above a file or folder is in `dirs`,
/// and no path is both a file and a folder. The root has no entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    files: BTreeMap<String, Vec<u8>>,
    dirs: BTreeSet<String>,
}

fn checked(path: &str) -> Result<String, WorkspaceError> {
    path::normalize(path).map_err(|problem| WorkspaceError::InvalidPath { path: path.to_owned(), problem })
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Self {
        Self::default()
    }

    /// A workspace holding `files` (folders are created as needed).
    pub fn from_files<P: AsRef<str>, B: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, B)>,
    ) -> Result<Self, WorkspaceError> {
        let mut workspace = Self::new();
        for (path, bytes) in files {
            workspace.create_file(path.as_ref(), bytes.into())?;
        }
        Ok(workspace)
    }

    /// The bundled sample project (see [`super::sample`]).
    pub fn sample() -> Self {
        Self::from_files(super::sample::sample_files())
            .expect("the bundled sample project has valid, distinct paths (tested)")
    }

    /// Creates a new file and any missing folders above it; refuses to replace anything.
    /// Returns the normalized path.
    pub fn create_file(&mut self, path: &str, bytes: Vec<u8>) -> Result<String, WorkspaceError> {
        let path = checked(path)?;
        self.check_free(&path)?;
        self.add_parents(&path);
        self.files.insert(path.clone(), bytes);
        Ok(path)
    }

    /// Creates a folder and any missing folders above it (an empty folder is kept).
    pub fn create_dir(&mut self, path: &str) -> Result<String, WorkspaceError> {
        let path = checked(path)?;
        self.check_free(&path)?;
        self.add_parents(&path);
        self.dirs.insert(path.clone());
        Ok(path)
    }

    /// Saves `bytes` to a file, creating it (and its folders) if it is missing.
    pub fn write(&mut self, path: &str, bytes: Vec<u8>) -> Result<String, WorkspaceError> {
        let path = checked(path)?;
        if let Some(existing) = self.files.get_mut(&path) {
            *existing = bytes;
            return Ok(path);
        }
        self.create_file(&path, bytes)
    }

    /// The bytes of a file; `None` for a folder or nothing.
    pub fn read(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// A file as text for the editor, or why the editor should show a message instead
    /// (see [`text::check_editable`]).
    pub fn text(&self, path: &str) -> Result<&str, WorkspaceError> {
        let Some(bytes) = self.files.get(path) else {
            return Err(self.missing_file(path));
        };
        text::check_editable(bytes)
            .map_err(|reason| WorkspaceError::NotEditable { path: path.to_owned(), reason })
    }

    /// Moves a file or a folder with everything in it; folders above `to` are created. Returns the
    /// `(old, new)` path of every file moved, so open tabs can follow. Renaming to the same path
    /// does nothing.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<Vec<(String, String)>, WorkspaceError> {
        let from = checked(from)?;
        let to = checked(to)?;
        if !self.exists(&from) {
            return Err(WorkspaceError::NotFound { path: from });
        }
        if from == to {
            return Ok(Vec::new());
        }
        if self.is_file(&from) {
            self.check_free(&to)?;
            let bytes = self.files.remove(&from).unwrap_or_default();
            self.add_parents(&to);
            self.files.insert(to.clone(), bytes);
            return Ok(vec![(from, to)]);
        }
        if path::is_within(&to, &from) {
            return Err(WorkspaceError::MoveIntoItself { from, to });
        }
        self.check_free(&to)?;
        let moved_to = |old: &str| format!("{to}{}", &old[from.len()..]);
        let moved_dirs: Vec<String> =
            self.dirs.iter().filter(|d| path::is_within(d, &from)).cloned().collect();
        let moved_files: Vec<String> =
            self.files.keys().filter(|f| path::is_within(f, &from)).cloned().collect();
        self.add_parents(&to);
        for dir in moved_dirs {
            self.dirs.remove(&dir);
            self.dirs.insert(moved_to(&dir));
        }
        let mut moves = Vec::with_capacity(moved_files.len());
        for old in moved_files {
            let new = moved_to(&old);
            if let Some(bytes) = self.files.remove(&old) {
                self.files.insert(new.clone(), bytes);
            }
            moves.push((old, new));
        }
        Ok(moves)
    }

    /// Deletes a file, or a folder and everything in it. Returns the paths of the files removed.
    pub fn delete(&mut self, path: &str) -> Result<Vec<String>, WorkspaceError> {
        let path = checked(path)?;
        if self.files.remove(&path).is_some() {
            return Ok(vec![path]);
        }
        if !self.dirs.contains(&path) {
            return Err(WorkspaceError::NotFound { path });
        }
        self.dirs.retain(|d| !path::is_within(d, &path));
        let removed: Vec<String> = self.files.keys().filter(|f| path::is_within(f, &path)).cloned().collect();
        for file in &removed {
            self.files.remove(file);
        }
        Ok(removed)
    }

    /// Whether a file or folder is at `path`.
    pub fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.dirs.contains(path)
    }

    /// Whether a folder is at `path` (the root, `""`, counts).
    pub fn is_dir(&self, path: &str) -> bool {
        path.is_empty() || self.dirs.contains(path)
    }

    /// Whether a file is at `path`.
    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every file, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
    }

    /// Every folder, sorted by path (parents before children).
    pub fn dirs(&self) -> impl Iterator<Item = &str> {
        self.dirs.iter().map(String::as_str)
    }

    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files and no folders.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.dirs.is_empty()
    }

    /// The size of all files together, in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|b| b.len() as u64).sum()
    }

    /// The whole tree, flattened in display order: a depth-first walk where each folder's
    /// children follow it, folders before files, each group sorted case-insensitively.
    /// Render it as a list, indenting each row by `depth`.
    pub fn tree(&self) -> Vec<TreeNode> {
        self.tree_expanded(|_| true)
    }

    /// Like [`Self::tree`], but the children of a folder appear only when `is_open(folder)`; a
    /// collapsed folder is still listed.
    pub fn tree_expanded(&self, is_open: impl Fn(&str) -> bool) -> Vec<TreeNode> {
        let mut children: Children<'_> = BTreeMap::new();
        let entries = self.dirs.iter().map(|d| (d.as_str(), true));
        for (entry, is_dir) in entries.chain(self.files.keys().map(|f| (f.as_str(), false))) {
            children.entry(path::parent(entry)).or_default().push((entry, is_dir));
        }
        for list in children.values_mut() {
            list.sort_by_cached_key(|&(entry, is_dir)| {
                let name = path::file_name(entry);
                (!is_dir, name.to_lowercase(), name.to_owned())
            });
        }
        let mut rows = Vec::with_capacity(self.dirs.len() + self.files.len());
        type Children<'a> = BTreeMap<&'a str, Vec<(&'a str, bool)>>;
        /// Pushes `dir`'s children reversed, so they pop in display order.
        fn push_children<'a>(
            stack: &mut Vec<(&'a str, bool, usize)>,
            children: &Children<'a>,
            dir: &str,
            depth: usize,
        ) {
            if let Some(list) = children.get(dir) {
                stack.extend(list.iter().rev().map(|&(entry, is_dir)| (entry, is_dir, depth)));
            }
        }
        let mut stack = Vec::new();
        push_children(&mut stack, &children, "", 0);
        while let Some((entry, is_dir, depth)) = stack.pop() {
            rows.push(TreeNode {
                path: entry.to_owned(),
                name: path::file_name(entry).to_owned(),
                depth,
                is_dir,
            });
            if is_dir && is_open(entry) {
                push_children(&mut stack, &children, entry, depth + 1);
            }
        }
        rows
    }

    /// A free path for "New file" in folder `dir` (`""` is the root): `dir/base` if nothing is
    /// there, else `untitled-2.txt`, `untitled-3.txt`... (the number goes before the extension).
    pub fn unique_name(&self, dir: &str, base: &str) -> Result<String, WorkspaceError> {
        let dir = self.folder(dir)?;
        path::check_name(base)
            .map_err(|problem| WorkspaceError::InvalidPath { path: base.to_owned(), problem })?;
        let first = path::join(&dir, base);
        if !self.exists(&first) {
            return Ok(first);
        }
        // `.gitignore` has no extension: a leading dot starts the name.
        let (stem, ext) = match base.rfind('.') {
            Some(dot) if dot > 0 => base.split_at(dot),
            _ => (base, ""),
        };
        (2..)
            .map(|n| path::join(&dir, &format!("{stem}-{n}{ext}")))
            .find(|candidate| !self.exists(candidate))
            .ok_or(WorkspaceError::AlreadyExists { path: first, is_dir: false })
    }

    /// Adds uploaded files below folder `dir` (`""` is the root), replacing files with the same
    /// path. Paths are relative to `dir` and may contain folders. A file with a bad name, or whose
    /// path is taken by a folder, is skipped with its reason; the others are still added.
    pub fn import(
        &mut self,
        dir: &str,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) -> Result<ImportReport, WorkspaceError> {
        let dir = self.folder(dir)?;
        let mut report = ImportReport::default();
        for (relative, bytes) in files {
            let full = path::join(&dir, &relative);
            let result = checked(&full).and_then(|full| {
                let replaced = self.is_file(&full);
                self.write(&full, bytes).map(|full| (full, replaced))
            });
            match result {
                Ok((full, replaced)) => {
                    if replaced {
                        report.replaced.push(full.clone());
                    }
                    report.written.push(full);
                }
                Err(error) => report.skipped.push((full, error)),
            }
        }
        Ok(report)
    }

    /// Normalizes `dir` and checks that it is an existing folder (`""` is the root).
    fn folder(&self, dir: &str) -> Result<String, WorkspaceError> {
        if dir.is_empty() {
            return Ok(String::new());
        }
        let dir = checked(dir)?;
        if self.files.contains_key(&dir) {
            return Err(WorkspaceError::NotAFolder { path: dir });
        }
        if !self.dirs.contains(&dir) {
            return Err(WorkspaceError::NotFound { path: dir });
        }
        Ok(dir)
    }

    /// Checks that nothing is at `path` and no file sits where a folder above it must go.
    fn check_free(&self, path: &str) -> Result<(), WorkspaceError> {
        if self.exists(path) {
            return Err(WorkspaceError::AlreadyExists { path: path.to_owned(), is_dir: self.is_dir(path) });
        }
        match path::ancestors(path).find(|a| self.files.contains_key(*a)) {
            Some(parent) => {
                Err(WorkspaceError::ParentIsFile { path: path.to_owned(), parent: parent.to_owned() })
            }
            None => Ok(()),
        }
    }

    fn add_parents(&mut self, path: &str) {
        for ancestor in path::ancestors(path) {
            if !self.dirs.contains(ancestor) {
                self.dirs.insert(ancestor.to_owned());
            }
        }
    }

    fn missing_file(&self, path: &str) -> WorkspaceError {
        if self.is_dir(path) {
            WorkspaceError::IsAFolder { path: path.to_owned() }
        } else {
            WorkspaceError::NotFound { path: path.to_owned() }
        }
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
