//! Marked text for the assist tests: `ˇ` stands for the cursor, so a case reads as the editor shows
//! it (`"let x = ˇ;"` → `"let x = 42ˇ;"`), the way Zed's editor tests spell positions.
//!
//! Test-only: nothing in the app parses marks.
#![cfg(test)]

/// The cursor mark.
pub const CURSOR: char = 'ˇ';

/// The text before and after the one cursor mark.
///
/// Panics unless there is exactly one mark: a malformed case is a bug in the test.
pub fn split(marked: &str) -> (&str, &str) {
    let (before, after) = marked.split_once(CURSOR).unwrap_or_else(|| panic!("no cursor mark in {marked:?}"));
    assert!(!after.contains(CURSOR), "more than one cursor mark in {marked:?}");
    (before, after)
}

/// The text without its mark, and the cursor's byte offset in it.
pub fn parse(marked: &str) -> (String, usize) {
    let (before, after) = split(marked);
    (format!("{before}{after}"), before.len())
}

/// `text` with the mark put at byte offset `cursor`.
pub fn mark(text: &str, cursor: usize) -> String {
    format!("{}{CURSOR}{}", &text[..cursor], &text[cursor..])
}

mod tests {
    use super::*;

    #[test]
    fn parse_and_mark_round_trip() {
        let (text, cursor) = parse("let x = ˇ;");
        assert_eq!((text.as_str(), cursor), ("let x = ;", 8));
        assert_eq!(mark(&text, cursor), "let x = ˇ;");
        assert_eq!(split("aˇb"), ("a", "b"));
    }

    #[test]
    #[should_panic(expected = "more than one cursor mark")]
    fn two_marks_are_a_test_bug() {
        split("aˇbˇ");
    }
}
