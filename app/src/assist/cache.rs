//! Keeping suggestions without asking the model again: a shown suggestion survives the user typing
//! what it says ([`Shown`]), suggestions are remembered by the text around the cursor
//! ([`SuggestionCache`]), and the one that would follow an acceptance can be asked for in advance
//! ([`after_accept`]).
//!
//! Positions are byte offsets into the document (the editor bridge converts CodeMirror's UTF-16
//! offsets at the boundary), so that they agree with the lengths of the texts typed.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Characters before the cursor that make up a cache key: enough to tell two places in a file
/// apart, few enough that an edit far above the cursor still finds the suggestion.
pub const PREFIX_WINDOW: usize = 1024;

/// Characters after the cursor that make up a cache key: what the model saw right after the
/// cursor decides where a suggestion should stop.
pub const SUFFIX_WINDOW: usize = 256;

/// Suggestions remembered: a session's recent spots, each a few hundred bytes.
pub const DEFAULT_CAPACITY: usize = 64;

/// A suggestion on screen, with the alternatives the model gave for the same spot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    anchor: usize,
    text: String,
    alternatives: Vec<String>,
    index: usize,
    typed: String,
}

impl Shown {
    /// Shows the first of `alternatives` at `anchor` (the cursor). Empty and repeated alternatives
    /// are dropped; `None` when none is left.
    pub fn new(anchor: usize, alternatives: Vec<String>) -> Option<Shown> {
        let mut unique: Vec<String> = Vec::with_capacity(alternatives.len());
        for alt in alternatives {
            if !alt.is_empty() && !unique.contains(&alt) {
                unique.push(alt);
            }
        }
        let text = unique.first()?.clone();
        Some(Shown { anchor, text, alternatives: unique, index: 0, typed: String::new() })
    }

    /// Where the ghost text starts: the cursor, moved along as the user types through it.
    pub fn anchor(&self) -> usize {
        self.anchor
    }

    /// What is still shown, and what accepting would insert.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every suggestion for this spot, whole, as first shown.
    pub fn alternatives(&self) -> &[String] {
        &self.alternatives
    }

    /// Which alternative is shown.
    pub fn index(&self) -> usize {
        self.index
    }

    /// What the user typed through since the suggestion was first shown.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// The suggestion after the user inserted `inserted` at `pos`: typing what it says keeps the
    /// rest shown (switching to an alternative if only that one still matches). `None` when the
    /// edit is elsewhere, contradicts every alternative, or types the suggestion in full.
    pub fn on_insert(&self, pos: usize, inserted: &str) -> Option<Shown> {
        if pos != self.anchor {
            return None;
        }
        if inserted.is_empty() {
            return Some(self.clone());
        }
        let typed = format!("{}{inserted}", self.typed);
        let index = self.matching(&typed, [self.index].into_iter().chain(0..self.alternatives.len()))?;
        Some(self.at(index, typed, pos + inserted.len()))
    }

    /// The suggestion after the user deleted the bytes `from..to`: backspacing over what was
    /// typed through brings that part back. `None` for any other deletion.
    pub fn on_delete(&self, from: usize, to: usize) -> Option<Shown> {
        if to != self.anchor || from > to {
            return None;
        }
        let keep = self.typed.len().checked_sub(to - from)?;
        if !self.typed.is_char_boundary(keep) {
            return None;
        }
        Some(self.at(self.index, self.typed[..keep].to_string(), from))
    }

    /// Shows the next (Alt+]) or previous (Alt+[) alternative that still agrees with what was typed
    /// through, wrapping around; unchanged when there is none.
    pub fn cycle(&self, next: bool) -> Shown {
        let n = self.alternatives.len();
        let order =
            (1..n).map(|step| if next { (self.index + step) % n } else { (self.index + n - step) % n });
        match self.matching(&self.typed, order) {
            Some(index) => self.at(index, self.typed.clone(), self.anchor),
            None => self.clone(),
        }
    }

    /// The first alternative among `candidates` that starts with `typed` and has more after it.
    fn matching(&self, typed: &str, candidates: impl IntoIterator<Item = usize>) -> Option<usize> {
        candidates.into_iter().find(|&i| {
            let alt = &self.alternatives[i];
            alt.len() > typed.len() && alt.starts_with(typed)
        })
    }

    fn at(&self, index: usize, typed: String, anchor: usize) -> Shown {
        Shown {
            anchor,
            text: self.alternatives[index][typed.len()..].to_string(),
            alternatives: self.alternatives.clone(),
            index,
            typed,
        }
    }
}

/// Where a suggestion was asked for: the file and the text near the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u64);

impl Key {
    /// The key for a cursor between `prefix` and `suffix` in the file at `path`; only the last
    /// [`PREFIX_WINDOW`] and first [`SUFFIX_WINDOW`] characters count.
    pub fn new(path: &str, prefix: &str, suffix: &str) -> Key {
        let mut hasher = DefaultHasher::new();
        // `str`'s `Hash` ends each string with a marker, so the three parts cannot run together.
        path.hash(&mut hasher);
        last_chars(prefix, PREFIX_WINDOW).hash(&mut hasher);
        first_chars(suffix, SUFFIX_WINDOW).hash(&mut hasher);
        Key(hasher.finish())
    }
}

fn last_chars(text: &str, n: usize) -> &str {
    match n.checked_sub(1) {
        Some(skip) => text.char_indices().nth_back(skip).map_or(text, |(i, _)| &text[i..]),
        None => "",
    }
}

fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// Suggestions by [`Key`], least recently used dropped first, so that coming back to a spot shows
/// its suggestion again without asking the model.
#[derive(Debug, Clone)]
pub struct SuggestionCache {
    capacity: usize,
    /// Least recently used first. A linear scan is cheaper than a map at this size.
    entries: VecDeque<(Key, Vec<String>)>,
}

impl Default for SuggestionCache {
    fn default() -> Self {
        SuggestionCache::new(DEFAULT_CAPACITY)
    }
}

impl SuggestionCache {
    /// A cache holding at most `capacity` (at least one) spots.
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        SuggestionCache { capacity, entries: VecDeque::with_capacity(capacity) }
    }

    /// The alternatives stored at `key`, now the most recently used.
    pub fn get(&mut self, key: Key) -> Option<&[String]> {
        let i = self.entries.iter().position(|(k, _)| *k == key)?;
        let entry = self.entries.remove(i)?;
        self.entries.push_back(entry);
        self.entries.back().map(|(_, alts)| alts.as_slice())
    }

    /// Stores `alternatives` at `key`, replacing what was there and dropping the least recently
    /// used spot when full.
    pub fn insert(&mut self, key: Key, alternatives: Vec<String>) {
        if let Some(i) = self.entries.iter().position(|(k, _)| *k == key) {
            self.entries.remove(i);
        } else if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((key, alternatives));
    }

    /// Forgets everything: suggestions from another model (or settings) are not this one's.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Spots remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no spot is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The spot right after an accepted suggestion, to ask the model for the next one before the
/// user needs it and store the answer under [`Followup::key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followup {
    /// The text before the cursor once the suggestion is in; the suffix is unchanged.
    pub prefix: String,
    /// Where the answer goes in the [`SuggestionCache`].
    pub key: Key,
}

/// The spot after `accepted` is inserted at the cursor between `prefix` and `suffix` in `path`.
pub fn after_accept(path: &str, prefix: &str, suffix: &str, accepted: &str) -> Followup {
    let prefix = format!("{prefix}{accepted}");
    let key = Key::new(path, &prefix, suffix);
    Followup { prefix, key }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::marked;

    fn shown(marked: &str, alternatives: &[&str]) -> Shown {
        let (_, cursor) = marked::parse(marked);
        Shown::new(cursor, alternatives.iter().map(|a| a.to_string()).collect()).expect("a suggestion")
    }

    fn key(path: &str, marked: &str) -> Key {
        let (prefix, suffix) = marked::split(marked);
        Key::new(path, prefix, suffix)
    }

    #[test]
    fn typing_what_the_suggestion_says_keeps_the_rest() {
        // "let x = ˇ;" shows "42 + y".
        let s = shown("let x = ˇ;", &["42 + y"]);
        let s = s.on_insert(8, "4").expect("still shown");
        assert_eq!((s.anchor(), s.text(), s.typed()), (9, "2 + y", "4"));
        let s = s.on_insert(9, "2 +").expect("still shown");
        assert_eq!((s.anchor(), s.text()), (12, " y"));
    }

    #[test]
    fn typing_something_else_or_elsewhere_dismisses_it() {
        let s = shown("let x = ˇ;", &["42"]);
        assert_eq!(s.on_insert(8, "5"), None);
        assert_eq!(s.on_insert(3, "4"), None);
        assert_eq!(s.on_insert(8, ""), Some(s.clone()));
    }

    #[test]
    fn typing_it_in_full_is_done() {
        let s = shown("let x = ˇ;", &["42"]);
        assert_eq!(s.on_insert(8, "4").and_then(|s| s.on_insert(9, "2")), None);
        assert_eq!(s.on_insert(8, "42"), None);
    }

    #[test]
    fn typing_what_only_an_alternative_says_switches_to_it() {
        let s = shown("x = ˇ", &["foo()", "bar()"]);
        let s = s.on_insert(4, "b").expect("the alternative");
        assert_eq!((s.index(), s.text()), (1, "ar()"));
    }

    #[test]
    fn backspace_over_typed_text_brings_it_back() {
        let s = shown("let x = ˇ;", &["42 + y"]);
        let typed = s.on_insert(8, "42").expect("still shown");
        let back = typed.on_delete(9, 10).expect("restored");
        assert_eq!((back.anchor(), back.text(), back.typed()), (9, "2 + y", "4"));
        assert_eq!(typed.on_delete(8, 10), Some(s.clone()));
    }

    #[test]
    fn other_deletions_dismiss_it() {
        let s = shown("let x = ˇ;", &["42"]);
        // Before what was typed through, and the Delete key after the cursor.
        assert_eq!(s.on_delete(7, 8), None);
        assert_eq!(s.on_delete(8, 9), None);
        let typed = s.on_insert(8, "4").expect("still shown");
        assert_eq!(typed.on_delete(7, 9), None);
    }

    #[test]
    fn backspace_respects_multi_byte_characters() {
        let s = shown("s = ˇ", &["größe"]);
        let typed = s.on_insert(4, "grö").expect("still shown");
        assert_eq!(typed.on_delete(6, 8).map(|s| s.text().to_string()), Some("öße".into()));
        assert_eq!(typed.on_delete(7, 8), None);
    }

    #[test]
    fn cycling_wraps_and_skips_alternatives_that_contradict_the_typing() {
        let s = shown("x = ˇ", &["foo()", "bar()", "fizz()"]);
        assert_eq!(s.cycle(true).index(), 1);
        assert_eq!(s.cycle(true).cycle(true).cycle(true).index(), 0);
        assert_eq!(s.cycle(false).index(), 2);
        let typed = s.on_insert(4, "f").expect("still shown");
        let next = typed.cycle(true);
        assert_eq!((next.index(), next.text(), next.anchor()), (2, "izz()", 5));
        assert_eq!(next.cycle(true).index(), 0);
    }

    #[test]
    fn cycling_alone_changes_nothing() {
        let s = shown("x = ˇ", &["foo()", "", "foo()"]);
        assert_eq!(s.alternatives().len(), 1);
        assert_eq!(s.cycle(true), s);
        assert_eq!(Shown::new(0, vec![String::new()]), None);
    }

    #[test]
    fn the_same_spot_gets_the_same_key() {
        assert_eq!(key("a.rs", "fn a() {ˇ}"), key("a.rs", "fn a() {ˇ}"));
        assert_ne!(key("a.rs", "fn a() {ˇ}"), key("b.rs", "fn a() {ˇ}"));
        assert_ne!(key("a.rs", "fn a() {ˇ}"), key("a.rs", "fn a() ˇ{}"));
        assert_ne!(key("a.rs", "fn a() {ˇ}"), key("a.rs", "fn a() {ˇ }"));
    }

    #[test]
    fn edits_far_from_the_cursor_do_not_change_the_key() {
        let far = "x".repeat(PREFIX_WINDOW);
        let tail = "y".repeat(SUFFIX_WINDOW);
        let here = key("a.py", &format!("{far}ˇ{tail}"));
        assert_eq!(here, key("a.py", &format!("edited{far}ˇ{tail}more")));
        assert_ne!(here, key("a.py", &format!("{}zˇ{tail}", &far[1..])));
        assert_eq!(last_chars("aéb", 2), "éb");
        assert_eq!(first_chars("aéb", 2), "aé");
        assert_eq!(last_chars("ab", 0), "");
    }

    #[test]
    fn coming_back_to_a_spot_finds_its_suggestion() {
        let mut cache = SuggestionCache::new(4);
        cache.insert(key("a.rs", "let x = ˇ;"), vec!["42".into()]);
        cache.insert(key("a.rs", "let y = ˇ;"), vec!["7".into()]);
        assert_eq!(cache.get(key("a.rs", "let x = ˇ;")), Some(&["42".to_string()][..]));
        assert_eq!(cache.get(key("a.rs", "let z = ˇ;")), None);
        cache.insert(key("a.rs", "let x = ˇ;"), vec!["43".into()]);
        assert_eq!(cache.get(key("a.rs", "let x = ˇ;")), Some(&["43".to_string()][..]));
        assert_eq!(cache.len(), 2);
        cache.clear();
        assert!(cache.is_empty());
    }

    #[test]
    fn the_least_recently_used_spot_goes_first() {
        let mut cache = SuggestionCache::new(2);
        let (a, b, c) = (key("f", "aˇ"), key("f", "bˇ"), key("f", "cˇ"));
        cache.insert(a, vec!["1".into()]);
        cache.insert(b, vec!["2".into()]);
        // Reading `a` makes `b` the oldest.
        assert!(cache.get(a).is_some());
        cache.insert(c, vec!["3".into()]);
        assert_eq!(cache.len(), 2);
        assert!(cache.get(b).is_none());
        assert!(cache.get(a).is_some() && cache.get(c).is_some());
        assert_eq!(SuggestionCache::new(0).capacity, 1);
    }

    #[test]
    fn the_followup_is_found_once_the_suggestion_is_accepted() {
        let (prefix, suffix) = marked::split("fn main() {\n    ˇ\n}");
        let next = after_accept("main.rs", prefix, suffix, "let x = 1;");
        assert_eq!(next.prefix, "fn main() {\n    let x = 1;");
        let mut cache = SuggestionCache::default();
        cache.insert(next.key, vec!["\n    let y = x;".into()]);
        // The user accepted; the document now reads as follows.
        let accepted = key("main.rs", "fn main() {\n    let x = 1;ˇ\n}");
        assert_eq!(accepted, next.key);
        assert_eq!(cache.get(accepted), Some(&["\n    let y = x;".to_string()][..]));
        assert_ne!(next.key, key("main.rs", "fn main() {\n    ˇ\n}"));
    }
}
