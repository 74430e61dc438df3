//! A chain of next-edit proposals as the user walks it: which place is marked, whether the cursor
//! has jumped there, applying one (and moving the later places of the same file by what it
//! changed), skipping places whose text changed meanwhile, and what to settle at the end.
//!
//! Plain data over byte offsets; the controller ([`super`]) maps it onto the editor.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::assist::next_edit::{File, Proposal};

/// Where the user stands with the marked place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The place is marked; Tab jumps there.
    Marked,
    /// The cursor is at the place; Tab applies it.
    AtPlace,
}

/// One proposal and the text it replaces, to tell whether the place is still as proposed.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    /// Its index in the proposals the chain was made from.
    id: usize,
    proposal: Proposal,
    expected: String,
}

/// An edit to make in the editor: replace `start..end` (bytes) of `path`'s text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replace {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    steps: Vec<Step>,
    next: usize,
    applied: usize,
    phase: Phase,
    /// The file of the user's edit and its lines in the text the chain started from: a keystroke
    /// there goes on with that edit rather than making a new one.
    origin: (String, Range<u32>),
    touched: BTreeSet<String>,
}

impl Chain {
    /// A chain over `proposals` (in visiting order), whose offsets are in `files`' texts; places
    /// that do not fit their file are left out. `origin` is the edited file and the lines of the
    /// edit. `None` when no place is left.
    pub fn new(proposals: Vec<Proposal>, files: &[File], origin: (String, Range<u32>)) -> Option<Chain> {
        let steps: Vec<Step> = proposals
            .into_iter()
            .enumerate()
            .filter_map(|(id, p)| {
                let text = &files.iter().find(|f| f.path == p.path)?.text;
                let expected = text.get(p.start..p.end)?.to_string();
                Some(Step { id, proposal: p, expected })
            })
            .collect();
        (!steps.is_empty()).then(|| Chain {
            steps,
            next: 0,
            applied: 0,
            phase: Phase::Marked,
            origin,
            touched: BTreeSet::new(),
        })
    }

    /// The marked place, until the chain is finished.
    pub fn current(&self) -> Option<&Proposal> {
        self.steps.get(self.next).map(|s| &s.proposal)
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The cursor reached the marked place.
    pub fn jumped(&mut self) {
        self.phase = Phase::AtPlace;
    }

    /// The cursor left the marked place: Tab jumps again before it applies.
    pub fn left_place(&mut self) {
        self.phase = Phase::Marked;
    }

    /// 1-based number of the marked place, and how many places the chain has.
    pub fn position(&self) -> (usize, usize) {
        ((self.next + 1).min(self.steps.len()), self.steps.len())
    }

    pub fn applied(&self) -> usize {
        self.applied
    }

    pub fn is_finished(&self) -> bool {
        self.next >= self.steps.len()
    }

    /// Whether `text` (the current text of the marked place's file) still has what the place
    /// was proposed over.
    pub fn is_current_valid(&self, text: &str) -> bool {
        self.steps
            .get(self.next)
            .is_some_and(|s| text.get(s.proposal.start..s.proposal.end) == Some(&s.expected))
    }

    /// Passes over the marked place (its text changed); the next one is marked.
    pub fn skip(&mut self) {
        self.next += 1;
        self.phase = Phase::Marked;
    }

    /// Applies the marked place to `text` (its file's current text): the edit to make, after
    /// which the later places of that file are moved by what it changed and the next place is
    /// marked. `None` when the place no longer holds what was proposed (then [`skip`](Self::skip)).
    pub fn apply(&mut self, text: &str) -> Option<Replace> {
        if !self.is_current_valid(text) {
            return None;
        }
        let step = &self.steps[self.next];
        let p = &step.proposal;
        let edit = Replace { path: p.path.clone(), start: p.start, end: p.end, text: p.replacement.clone() };
        let delta = p.replacement.len() as isize - (p.end - p.start) as isize;
        let lines = count_lines(&p.replacement) as i64 - count_lines(&step.expected) as i64;
        let (path, end) = (p.path.clone(), p.end);
        for later in self.steps[self.next + 1..].iter_mut().filter(|s| s.proposal.path == path) {
            let q = &mut later.proposal;
            if q.start >= end {
                q.start = q.start.saturating_add_signed(delta);
                q.end = q.end.saturating_add_signed(delta);
                q.line = (q.line as i64 + lines).max(0) as u32;
            }
        }
        self.touched.insert(path);
        self.applied += 1;
        self.next += 1;
        self.phase = Phase::Marked;
        Some(edit)
    }

    /// Keeps, of the places not applied yet, those whose index in the proposals the chain was
    /// made from is in `ids` (the model's ranking dropped the rest). Returns whether the marked
    /// place changed.
    pub fn retain(&mut self, ids: &BTreeSet<usize>) -> bool {
        let was = self.steps.get(self.next).map(|s| s.id);
        let mut index = 0;
        let next = self.next;
        self.steps.retain(|s| {
            let keep = index < next || ids.contains(&s.id);
            index += 1;
            keep
        });
        let now = self.steps.get(self.next).map(|s| s.id);
        if now != was {
            self.phase = Phase::Marked;
        }
        now != was
    }

    /// Whether a keystroke on `line` (0-based, in the text before it) of `path` goes on with the
    /// user's own edit — nothing of the chain applied yet, and on or next to the edit's lines —
    /// rather than starting a new edit elsewhere.
    pub fn continues_edit(&self, path: &str, line: u32) -> bool {
        let (origin, lines) = &self.origin;
        self.applied == 0
            && origin == path
            && line + 1 >= lines.start
            && line <= lines.end.max(lines.start + 1)
    }

    /// The files to settle when the chain ends: the edited one and every file it changed.
    pub fn files(&self) -> BTreeSet<String> {
        let mut all = self.touched.clone();
        all.insert(self.origin.0.clone());
        all
    }

    /// "3 of 5 applied".
    pub fn summary(&self) -> String {
        format!("{} of {} applied", self.applied, self.steps.len())
    }
}

fn count_lines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::Kind;

    fn proposal(path: &str, text: &str, old: &str, new: &str, nth: usize) -> Proposal {
        let start = text.match_indices(old).nth(nth).expect("the place is in the text").0;
        Proposal {
            path: path.into(),
            start,
            end: start + old.len(),
            replacement: new.into(),
            line: text[..start].matches('\n').count() as u32,
            kind: Kind::Rename,
            reason: "Same rename".into(),
            risks: Vec::new(),
            score: 1.0,
        }
    }

    fn file(path: &str, text: &str) -> File {
        File { path: path.into(), text: text.into() }
    }

    /// Applies every place of the chain to `text` as the editor would.
    fn walk(chain: &mut Chain, text: &mut String) -> Vec<Replace> {
        let mut done = Vec::new();
        while let Some(p) = chain.current() {
            assert_eq!(p.line as usize, text[..p.start].matches('\n').count(), "the line follows the edits");
            match chain.apply(text) {
                Some(r) => {
                    text.replace_range(r.start..r.end, &r.text);
                    done.push(r);
                }
                None => chain.skip(),
            }
        }
        done
    }

    #[test]
    fn later_places_move_by_what_each_application_changed() {
        let text = "let qty = 1;\nuse(qty);\nprint(qty, qty);\n";
        let files = [file("a.rs", text)];
        let proposals = vec![
            proposal("a.rs", text, "qty", "quantity", 1),
            proposal("a.rs", text, "qty", "quantity", 2),
            proposal("a.rs", text, "qty", "quantity", 3),
        ];
        let mut chain = Chain::new(proposals, &files, ("a.rs".into(), 0..1)).unwrap();
        assert_eq!(chain.position(), (1, 3));
        let mut now = text.to_string();
        let done = walk(&mut chain, &mut now);
        assert_eq!(done.len(), 3);
        assert_eq!(now, "let qty = 1;\nuse(quantity);\nprint(quantity, quantity);\n");
        assert!(chain.is_finished());
        assert_eq!(chain.summary(), "3 of 3 applied");
    }

    #[test]
    fn a_wrapped_place_above_the_edit_keeps_its_offsets_and_lines_shift_with_deletions() {
        let text = "a: u8,\nb: u8,\nx(a);\ny(a);\nz(a);\n";
        let files = [file("s.rs", text)];
        // Visiting order: from the edit (line 2) down, then wrapping to the top.
        let proposals = vec![
            proposal("s.rs", text, "y(a);\n", "", 0),
            proposal("s.rs", text, "z(a);\n", "", 0),
            proposal("s.rs", text, "a: u8,\n", "", 0),
        ];
        let mut chain = Chain::new(proposals, &files, ("s.rs".into(), 2..3)).unwrap();
        let mut now = text.to_string();
        walk(&mut chain, &mut now);
        assert_eq!(now, "b: u8,\nx(a);\n");
    }

    #[test]
    fn a_place_whose_text_changed_is_skipped_and_other_files_are_untouched() {
        let text = "f(old);\ng(old);\n";
        let other = "h(old);\n";
        let files = [file("a.rs", text), file("b.rs", other)];
        let proposals =
            vec![proposal("a.rs", text, "old", "new", 1), proposal("b.rs", other, "old", "new", 0)];
        let mut chain = Chain::new(proposals, &files, ("a.rs".into(), 0..1)).unwrap();
        // The user changed the place before Tab.
        let changed = "f(old);\ng(odd);\n";
        assert!(!chain.is_current_valid(changed));
        assert_eq!(chain.apply(changed), None);
        chain.skip();
        assert_eq!(chain.current().unwrap().path, "b.rs");
        let r = chain.apply(other).unwrap();
        assert_eq!((r.start, r.end, r.text.as_str()), (2, 5, "new"));
        assert!(chain.is_finished());
        assert_eq!(chain.summary(), "1 of 2 applied");
        assert_eq!(chain.files().into_iter().collect::<Vec<_>>(), ["a.rs", "b.rs"]);
    }

    #[test]
    fn places_the_model_drops_leave_the_rest_of_the_walk() {
        let text = "a(x);\nb(x);\nc(x);\nd(x);\n";
        let files = [file("a.rs", text)];
        let proposals = (0..4).map(|i| proposal("a.rs", text, "x", "y", i)).collect();
        let mut chain = Chain::new(proposals, &files, ("a.rs".into(), 0..1)).unwrap();
        let mut now = text.to_string();
        let r = chain.apply(&now).unwrap();
        now.replace_range(r.start..r.end, &r.text);
        chain.jumped();
        // The model keeps the first (applied already) and the last two: the marked one goes.
        assert!(chain.retain(&[2, 3].into_iter().collect()));
        assert_eq!(chain.phase(), Phase::Marked);
        assert_eq!(chain.position(), (2, 3));
        assert!(!chain.retain(&[2, 3].into_iter().collect()), "the same answer again changes nothing");
        walk(&mut chain, &mut now);
        assert_eq!(now, "a(y);\nb(x);\nc(y);\nd(y);\n");
        assert_eq!(chain.summary(), "3 of 3 applied");
    }

    #[test]
    fn places_outside_their_file_are_dropped() {
        let text = "short\n";
        let mut p = proposal("a.rs", text, "short", "long", 0);
        p.end = 99;
        assert!(Chain::new(vec![p.clone()], &[file("a.rs", text)], ("a.rs".into(), 0..1)).is_none());
        p.end = 5;
        assert!(Chain::new(vec![p], &[], ("a.rs".into(), 0..1)).is_none(), "a file the workspace lacks");
    }

    #[test]
    fn phases_and_what_counts_as_going_on_with_the_edit() {
        let text = "a\nb\nc\nd\ne\nf\n";
        let files = [file("a.rs", text)];
        let mut chain =
            Chain::new(vec![proposal("a.rs", text, "e", "E", 0)], &files, ("a.rs".into(), 2..3)).unwrap();
        assert_eq!(chain.phase(), Phase::Marked);
        chain.jumped();
        assert_eq!(chain.phase(), Phase::AtPlace);
        chain.left_place();
        assert_eq!(chain.phase(), Phase::Marked);
        // The edit is line 2: lines 1..=3 go on with it; line 0, 4 and other files do not.
        assert!(
            chain.continues_edit("a.rs", 1)
                && chain.continues_edit("a.rs", 2)
                && chain.continues_edit("a.rs", 3)
        );
        assert!(!chain.continues_edit("a.rs", 0) && !chain.continues_edit("a.rs", 4));
        assert!(!chain.continues_edit("b.rs", 2));
        // A deletion has no lines of its own: the lines around where it was go on with it.
        let deleted =
            Chain::new(vec![proposal("a.rs", text, "e", "E", 0)], &files, ("a.rs".into(), 3..3)).unwrap();
        assert!(deleted.continues_edit("a.rs", 2) && deleted.continues_edit("a.rs", 3));
        assert!(!deleted.continues_edit("a.rs", 5));
        // Once something is applied, any keystroke is a new edit.
        let mut applied = chain.clone();
        applied.apply(text).unwrap();
        assert!(!applied.continues_edit("a.rs", 2));
    }
}
