//! "Viewed" marks, one per hunk fingerprint (path and both sides' lines, not positions — see
//! `marble_review::hunk::Hunk::fingerprint`). A mark survives edits elsewhere in the file and a
//! reload (it is kept in `localStorage`), and clears itself when the hunk changes, because the
//! changed hunk has another fingerprint.

use std::collections::BTreeSet;

/// The `localStorage` key (under the IDE's `marble.` prefix).
pub const STORAGE_KEY: &str = "review.viewed";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewed {
    marks: BTreeSet<String>,
}

impl Viewed {
    /// Reads what [`Viewed::to_json`] wrote; anything unreadable is no marks.
    pub fn from_json(json: &str) -> Self {
        let marks: Vec<String> = serde_json::from_str(json).unwrap_or_default();
        Viewed { marks: marks.into_iter().collect() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.marks).unwrap_or_else(|_| "[]".into())
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.marks.contains(fingerprint)
    }

    pub fn set(&mut self, fingerprint: &str, viewed: bool) {
        if viewed {
            self.marks.insert(fingerprint.to_string());
        } else {
            self.marks.remove(fingerprint);
        }
    }

    /// Flips the mark; returns whether the hunk is now viewed.
    pub fn toggle(&mut self, fingerprint: &str) -> bool {
        let now = !self.contains(fingerprint);
        self.set(fingerprint, now);
        now
    }

    /// Forgets marks of hunks that are not in the review any more (accepted, reverted, or changed
    /// into another hunk), so storage holds only what can still be shown.
    pub fn retain_present<'a>(&mut self, present: impl IntoIterator<Item = &'a str>) {
        let present: BTreeSet<&str> = present.into_iter().collect();
        self.marks.retain(|m| present.contains(m.as_str()));
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::{analyze, FileChange};

    fn fingerprints(before: &str, after: &str) -> Vec<String> {
        let review = analyze(&[FileChange {
            path: "a.rs".into(),
            before: Some(before.into()),
            after: Some(after.into()),
        }]);
        review.hunks.iter().map(|h| h.fingerprint.clone()).collect()
    }

    #[test]
    fn toggles_and_round_trips_through_storage() {
        let mut v = Viewed::default();
        assert!(v.toggle("abc"));
        assert!(v.contains("abc"));
        let back = Viewed::from_json(&v.to_json());
        assert_eq!(back, v);
        assert!(!v.toggle("abc"));
        assert!(v.is_empty());
        assert_eq!(Viewed::from_json("not json"), Viewed::default());
    }

    #[test]
    fn a_mark_survives_edits_elsewhere_and_clears_when_its_hunk_changes() {
        let before: String = (0..30).map(|i| format!("let v{i} = {i};\n")).collect();
        let one = before.replace("let v3 = 3;", "let v3 = 33;");
        let mut viewed = Viewed::default();
        let marked = fingerprints(&before, &one)[0].clone();
        viewed.set(&marked, true);
        // An edit far below adds a hunk; the first hunk keeps its fingerprint, so its mark.
        let two = one.replace("let v25 = 25;", "let v25 = 0;");
        let now = fingerprints(&before, &two);
        assert_eq!(now.len(), 2);
        assert!(viewed.contains(&now[0]));
        assert!(!viewed.contains(&now[1]));
        // Changing the marked hunk itself gives it a new fingerprint: unmarked.
        let three = two.replace("let v3 = 33;", "let v3 = 34;");
        let now = fingerprints(&before, &three);
        assert!(!viewed.contains(&now[0]));
        viewed.retain_present(now.iter().map(String::as_str));
        assert!(viewed.is_empty(), "the stale mark is forgotten");
    }
}
