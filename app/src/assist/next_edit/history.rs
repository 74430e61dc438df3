//! The session's recent edits: each file's text at a baseline (when it was opened, or when the
//! last chain of suggestions ended) and the hunks that turn it into the current text.
//!
//! A hunk rather than a keystroke log: "what changed here" is what the patterns generalise, and
//! the review's histogram diff already cuts a file's changes the way a person reads them.

use marble_review::diff::diff_file;
use marble_review::hunk::Hunk;
use std::collections::HashMap;

/// One edit: a hunk of `path` against its baseline, with where its new lines start in the
/// current text.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub path: String,
    pub hunk: Hunk,
    /// Byte offset of the hunk's first new line in the current text.
    pub after_start_byte: usize,
    /// The file's baseline text, which `hunk.before` indexes.
    pub baseline: String,
}

/// Byte offset where each line starts (plus one past the end).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if !text.ends_with('\n') {
        starts.push(text.len());
    }
    starts
}

/// The hunks that turn `baseline` into `current`, as edits.
pub fn edits_between(path: &str, baseline: &str, current: &str) -> Vec<Edit> {
    let starts = line_starts(current);
    diff_file(path, baseline, current)
        .into_iter()
        .map(|hunk| Edit {
            path: path.to_string(),
            after_start_byte: starts.get(hunk.after.start as usize).copied().unwrap_or(current.len()),
            hunk,
            baseline: baseline.to_string(),
        })
        .collect()
}

/// Baselines per file.
#[derive(Clone, Debug, Default)]
pub struct History {
    baselines: HashMap<String, String>,
}

impl History {
    /// Remembers `text` as the file's baseline unless it has one already.
    pub fn open(&mut self, path: &str, text: &str) {
        self.baselines.entry(path.to_string()).or_insert_with(|| text.to_string());
    }

    /// The file's edits since its baseline; the one nearest `cursor` (a byte offset in
    /// `current`) last, since that is what the user just did.
    pub fn edits(&self, path: &str, current: &str, cursor: usize) -> Vec<Edit> {
        let Some(base) = self.baselines.get(path) else { return Vec::new() };
        let mut edits = edits_between(path, base, current);
        let distance = |e: &Edit| {
            let end = e.after_start_byte + e.hunk.added.iter().map(|l| l.len() + 1).sum::<usize>();
            if cursor < e.after_start_byte {
                e.after_start_byte - cursor
            } else {
                cursor.saturating_sub(end)
            }
        };
        edits.sort_by_key(|e| std::cmp::Reverse(distance(e)));
        edits
    }

    /// Moves the baseline to `text`: the chain ended, its edits are history.
    pub fn settle(&mut self, path: &str, text: &str) {
        self.baselines.insert(path.to_string(), text.to_string());
    }

    /// Forgets a file (closed, renamed or deleted).
    pub fn forget(&mut self, path: &str) {
        self.baselines.remove(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_since_the_baseline_nearest_the_cursor_last() {
        let mut h = History::default();
        let base = "a\nb\nc\nd\ne\nf\ng\nh\n";
        h.open("x.rs", base);
        let now = "A\nb\nc\nd\ne\nf\ng\nH\n";
        let edits = h.edits("x.rs", now, 0);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[1].hunk.added, vec!["A"]);
        assert_eq!(edits[1].after_start_byte, 0);
        let edits = h.edits("x.rs", now, now.len() - 1);
        assert_eq!(edits[1].hunk.added, vec!["H"]);
        assert_eq!(edits[1].after_start_byte, 14);
        h.settle("x.rs", now);
        assert!(h.edits("x.rs", now, 0).is_empty());
        // A second open keeps the first baseline.
        h.open("x.rs", "other");
        assert!(h.edits("x.rs", now, 0).is_empty());
    }
}
