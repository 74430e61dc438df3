//! The files the review reads: every text file that differs between the checkpoint and the
//! workspace, as `marble_review::FileChange`s. Binary, non-UTF-8 and very large files are left out
//! and named, so the panel can say what it did not read.

use std::collections::BTreeSet;

use marble_review::FileChange;

use crate::workspace::{check_editable, Workspace};

/// Files larger than this (on either side) are not reviewed: a file that size is data or
/// generated output, and diffing and lexing it on every pause would be felt while typing.
pub const MAX_REVIEW_BYTES: usize = 1024 * 1024;

/// What to analyse, and what was left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Changed text files, in path order.
    pub files: Vec<FileChange>,
    /// Changed files that were not read, with why ("binary", "not UTF-8", "over 1 MiB").
    pub skipped: Vec<(String, &'static str)>,
}

/// Compares `checkpoint` with `current`. A file only on one side is added or deleted; a file
/// whose bytes are the same is not listed.
pub fn file_changes(checkpoint: &Workspace, current: &Workspace) -> Changes {
    let paths: BTreeSet<&str> = checkpoint.files().chain(current.files()).map(|(p, _)| p).collect();
    let mut out = Changes::default();
    for path in paths {
        let (before, after) = (checkpoint.read(path), current.read(path));
        if before == after {
            continue;
        }
        let text = |bytes: Option<&[u8]>| -> Result<Option<String>, &'static str> {
            let Some(bytes) = bytes else { return Ok(None) };
            if bytes.len() > MAX_REVIEW_BYTES {
                return Err("over 1 MiB");
            }
            match check_editable(bytes) {
                Ok(text) => Ok(Some(text.to_string())),
                Err(crate::workspace::NotEditable::NotUtf8) => Err("not UTF-8 text"),
                Err(_) => Err("binary"),
            }
        };
        match (text(before), text(after)) {
            (Ok(before), Ok(after)) => out.files.push(FileChange { path: path.to_string(), before, after }),
            (Err(why), _) | (_, Err(why)) => out.skipped.push((path.to_string(), why)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(files: &[(&str, &[u8])]) -> Workspace {
        Workspace::from_files(files.iter().map(|(p, b)| (*p, b.to_vec()))).unwrap()
    }

    #[test]
    fn lists_changed_added_and_deleted_text_files() {
        let checkpoint = ws(&[("a.rs", b"fn a() {}\n"), ("same.rs", b"x\n"), ("gone.py", b"x = 1\n")]);
        let current = ws(&[("a.rs", b"fn a() { b() }\n"), ("same.rs", b"x\n"), ("new/b.rs", b"fn b() {}\n")]);
        let changes = file_changes(&checkpoint, &current);
        assert_eq!(
            changes.files,
            vec![
                FileChange {
                    path: "a.rs".into(),
                    before: Some("fn a() {}\n".into()),
                    after: Some("fn a() { b() }\n".into())
                },
                FileChange { path: "gone.py".into(), before: Some("x = 1\n".into()), after: None },
                FileChange { path: "new/b.rs".into(), before: None, after: Some("fn b() {}\n".into()) },
            ]
        );
        assert!(changes.skipped.is_empty());
    }

    #[test]
    fn skips_binary_non_utf8_and_huge_files() {
        let big = vec![b'x'; MAX_REVIEW_BYTES + 1];
        let checkpoint = ws(&[("logo.png", b"\x89PNG\0\0"), ("latin1.txt", b"caf\xe9")]);
        let current = ws(&[("logo.png", b"\x89PNG\0\x01"), ("latin1.txt", b"caf\xe9s"), ("dump.txt", &big)]);
        let changes = file_changes(&checkpoint, &current);
        assert!(changes.files.is_empty());
        assert_eq!(
            changes.skipped,
            vec![
                ("dump.txt".into(), "over 1 MiB"),
                ("latin1.txt".into(), "not UTF-8 text"),
                ("logo.png".into(), "binary")
            ]
        );
    }

    #[test]
    fn an_unchanged_binary_is_not_mentioned() {
        let both = ws(&[("logo.png", b"\x89PNG\0\0")]);
        assert_eq!(file_changes(&both, &both), Changes::default());
    }
}
