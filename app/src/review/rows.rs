//! The panel's list: the review's hunks in reading order, with each low-entropy group folded into
//! one row at its first member (its members follow when it is unfolded), and the selection that
//! the keys move.
//!
//! Hunk ids and group indices are positions in one analysis; the selection and the unfolded
//! groups are kept by [`Row::key`], built from fingerprints, so they survive a new analysis.

use std::collections::BTreeSet;

use marble_review::Review;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// A hunk, by id.
    Hunk(usize),
    /// A group's folded line, by index into `review.groups`.
    Group(usize),
}

impl Row {
    /// A name for the row that a new analysis of the same change gives again: the hunk's
    /// fingerprint, or the group's kind with its first member's fingerprint.
    pub fn key(self, review: &Review) -> String {
        match self {
            Row::Hunk(id) => review.by_id(id).map_or_else(String::new, |h| format!("h:{}", h.fingerprint)),
            Row::Group(g) => {
                let first =
                    review.groups.get(g).and_then(|g| g.hunks.first()).and_then(|&id| review.by_id(id));
                let kind = review.groups.get(g).map(|g| format!("{:?}", g.kind)).unwrap_or_default();
                first.map_or_else(String::new, |h| format!("g:{kind}:{}", h.fingerprint))
            }
        }
    }
}

/// The rows to show: `unfolded` holds the keys of groups shown with their members.
pub fn rows(review: &Review, unfolded: &BTreeSet<String>) -> Vec<Row> {
    let mut out = Vec::with_capacity(review.hunks.len());
    let mut seen_groups = BTreeSet::new();
    for h in &review.hunks {
        match h.group {
            Some(g) if review.groups.get(g).is_some() => {
                if seen_groups.insert(g) {
                    out.push(Row::Group(g));
                }
                if unfolded.contains(&Row::Group(g).key(review)) {
                    out.push(Row::Hunk(h.id));
                }
            }
            _ => out.push(Row::Hunk(h.id)),
        }
    }
    out
}

/// Where the selection is: the selected row's key, and its index when it was selected, so that
/// when that row goes away (accepted, reverted) the row that took its place is selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub key: Option<String>,
    pub index: usize,
}

impl Cursor {
    /// The selected row's index among `keys` (the rows' keys, in order), if any row is selected.
    pub fn resolve(&self, keys: &[String]) -> Option<usize> {
        self.key.as_ref()?;
        if keys.is_empty() {
            return None;
        }
        Some(
            self.key
                .as_ref()
                .and_then(|k| keys.iter().position(|x| x == k))
                .unwrap_or(self.index.min(keys.len() - 1)),
        )
    }

    /// Selects the row at `index` of `keys`.
    pub fn select(&mut self, keys: &[String], index: usize) {
        if let Some(k) = keys.get(index) {
            self.key = Some(k.clone());
            self.index = index;
        }
    }

    /// Moves by `delta` rows (stopping at either end); with nothing selected, the first row (or
    /// the last, going up) is selected.
    pub fn step(&mut self, keys: &[String], delta: isize) {
        let Some(last) = keys.len().checked_sub(1) else { return };
        let next = match self.resolve(keys) {
            Some(i) => i.saturating_add_signed(delta).min(last),
            None if delta < 0 => last,
            None => 0,
        };
        self.select(keys, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::{analyze, FileChange};

    /// A rename repeated in three distant places (a low-entropy group) and one real change.
    fn review() -> Review {
        let mut before = String::new();
        for i in 0..3 {
            before += &format!("fn f{i}() -> u32 {{\n    let qty = {i};\n    qty + 1\n}}\n\n");
            before += &"// filler\n".repeat(8);
        }
        before += "fn last() -> u32 {\n    7\n}\n";
        let after = before.replace("qty", "quantity").replace("    7\n", "    8\n");
        analyze(&[FileChange { path: "a.rs".into(), before: Some(before), after: Some(after) }])
    }

    fn keys(review: &Review, rows: &[Row]) -> Vec<String> {
        rows.iter().map(|r| r.key(review)).collect()
    }

    #[test]
    fn a_group_folds_into_one_row_and_unfolds_in_place() {
        let review = review();
        assert_eq!(review.groups.len(), 1, "{:#?}", review.groups);
        let folded = rows(&review, &BTreeSet::new());
        assert_eq!(folded.iter().filter(|r| matches!(r, Row::Group(_))).count(), 1);
        assert_eq!(folded.len(), review.hunks.len() - review.groups[0].hunks.len() + 1);
        let group_key = Row::Group(0).key(&review);
        let open = rows(&review, &BTreeSet::from([group_key]));
        assert_eq!(open.len(), review.hunks.len() + 1);
        let g = open.iter().position(|r| *r == Row::Group(0)).unwrap();
        let members: Vec<Row> = review.groups[0].hunks.iter().map(|&id| Row::Hunk(id)).collect();
        assert_eq!(open[g + 1..g + 1 + members.len()], members[..], "members follow their group's row");
        // Keys are stable across analyses of the same change.
        assert_eq!(keys(&review, &folded), keys(&self::review(), &rows(&self::review(), &BTreeSet::new())));
    }

    #[test]
    fn the_cursor_steps_and_stays_in_place_when_its_row_goes() {
        let keys: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut c = Cursor::default();
        assert_eq!(c.resolve(&keys), None);
        c.step(&keys, 1);
        assert_eq!(c.resolve(&keys), Some(0));
        c.step(&keys, 1);
        c.step(&keys, 1);
        c.step(&keys, 1);
        assert_eq!(c.key.as_deref(), Some("c"), "stops at the end");
        c.step(&keys, -1);
        assert_eq!(c.key.as_deref(), Some("b"));
        // "b" was accepted: the row now at its index is the selected one.
        let after: Vec<String> = ["a", "c"].map(String::from).to_vec();
        assert_eq!(c.resolve(&after), Some(1));
        let mut up = Cursor::default();
        up.step(&keys, -1);
        assert_eq!(up.key.as_deref(), Some("c"), "going up from nothing starts at the end");
        assert_eq!(c.resolve(&[]), None);
    }
}
