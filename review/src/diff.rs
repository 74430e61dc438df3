//! Line diff of one file into hunks, and word-level highlights inside each hunk.
//!
//! Lines are compared with imara-diff's histogram algorithm, then its indentation heuristic slides
//! ambiguous hunks to where a person would put them (a new function is one whole block, not the
//! tail of the previous function plus the head of the new one). Changes separated by at most
//! [`MERGE_GAP`] unchanged lines become one hunk, since a reader takes them in together. Inside a
//! hunk the words are diffed again, so the panel can highlight the few that changed in a long line.

use crate::hunk::{Hunk, Side, WordSpan};
use imara_diff::{Algorithm, Diff, InternedInput};
use std::ops::Range;

/// Changes at most this many unchanged lines apart are read as one hunk.
pub const MERGE_GAP: u32 = 2;

/// Word highlights are skipped for hunks larger than this (lines on both sides): a rewrite that
/// large is read as new code, and the word diff would only add noise.
const WORD_DIFF_MAX_LINES: usize = 400;

/// The lines of `text` without their endings (`\r\n` or `\n`). A final newline does not start an
/// empty last line.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    lines
}

/// The changed line ranges (old, new) of `before` → `after`, unmerged: every stretch of changed
/// lines on its own.
pub fn line_changes(before: &str, after: &str) -> Vec<(Range<u32>, Range<u32>)> {
    let input = InternedInput::new(before, after);
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    diff.hunks().map(|h| (h.before, h.after)).collect()
}

/// The hunks that turn `before` into `after`, top to bottom.
pub fn diff_file(path: &str, before: &str, after: &str) -> Vec<Hunk> {
    let old = split_lines(before);
    let new = split_lines(after);
    let mut ranges: Vec<(Range<u32>, Range<u32>)> = Vec::new();
    for h in line_changes(before, after).into_iter().map(|(before, after)| imara_diff::Hunk { before, after })
    {
        match ranges.last_mut() {
            Some((b, a)) if h.before.start - b.end <= MERGE_GAP => {
                b.end = h.before.end;
                a.end = h.after.end;
            }
            _ => ranges.push((h.before, h.after)),
        }
    }
    ranges
        .into_iter()
        .map(|(b, a)| {
            let lines = |all: &[&str], r: &Range<u32>| -> Vec<String> {
                let end = (r.end as usize).min(all.len());
                let start = (r.start as usize).min(end);
                all[start..end].iter().map(|s| s.to_string()).collect()
            };
            let removed = lines(&old, &b);
            let added = lines(&new, &a);
            let words = word_spans(&removed, &added);
            Hunk { path: path.to_string(), before: b, after: a, removed, added, words }
        })
        .collect()
}

/// Words, runs of spaces and single other characters: the units a word diff compares.
fn words(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let class = |c: char| {
            if c.is_alphanumeric() || c == '_' {
                0
            } else if c.is_whitespace() {
                1
            } else {
                2
            }
        };
        let k = class(c);
        let mut end = start + c.len_utf8();
        if k != 2 {
            while let Some(&(i, n)) = chars.peek() {
                if class(n) != k {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
        }
        out.push(start..end);
    }
    out
}

/// The changed words of a hunk: both sides are diffed as one word sequence each (line breaks are
/// words too), so a word that moved to the next line is not highlighted.
pub fn word_spans(removed: &[String], added: &[String]) -> Vec<WordSpan> {
    if removed.is_empty() || added.is_empty() || removed.len() + added.len() > WORD_DIFF_MAX_LINES {
        return Vec::new();
    }
    // (line, byte range) per unit; a line break is a unit with an empty range at the line's end.
    fn units(lines: &[String]) -> Vec<(u32, Range<usize>)> {
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            out.extend(words(line).into_iter().map(|r| (i as u32, r)));
            out.push((i as u32, line.len()..line.len()));
        }
        out
    }
    let old = units(removed);
    let new = units(added);
    let text = |lines: &[String], (line, r): &(u32, Range<usize>)| -> String {
        if r.is_empty() {
            "\n".to_string()
        } else {
            lines[*line as usize][r.clone()].to_string()
        }
    };
    let old_words: Vec<String> = old.iter().map(|u| text(removed, u)).collect();
    let new_words: Vec<String> = new.iter().map(|u| text(added, u)).collect();
    let mut input = InternedInput::default();
    input.update_before(old_words.iter().map(String::as_str));
    input.update_after(new_words.iter().map(String::as_str));
    let diff = Diff::compute(Algorithm::Myers, &input);
    let mut spans = Vec::new();
    for h in diff.hunks() {
        push_spans(&mut spans, Side::Removed, &old[h.before.start as usize..h.before.end as usize]);
        push_spans(&mut spans, Side::Added, &new[h.after.start as usize..h.after.end as usize]);
    }
    spans
}

/// Adds the changed units as spans, one per line, merging neighbours on the same line.
fn push_spans(out: &mut Vec<WordSpan>, side: Side, units: &[(u32, Range<usize>)]) {
    for (line, r) in units {
        if r.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(s) if s.side == side && s.line == *line && s.end as usize == r.start => {
                s.end = r.end as u32;
            }
            _ => out.push(WordSpan { side, line: *line, start: r.start as u32, end: r.end as u32 }),
        }
    }
}

/// Applies the reverse of `hunk` to `after` (the text the hunk was computed against): the hunk's
/// lines go back to what they were, everything else is untouched. `None` when the text no longer
/// holds the hunk's new lines at its place (it changed since the review was computed).
pub fn revert_hunk(after: &str, hunk: &Hunk) -> Option<String> {
    splice(after, &hunk.after, &hunk.added, &hunk.removed)
}

/// Applies `hunk` to `before` (the checkpoint's text): accepting a hunk moves the checkpoint.
pub fn apply_hunk(before: &str, hunk: &Hunk) -> Option<String> {
    splice(before, &hunk.before, &hunk.removed, &hunk.added)
}

/// Replaces lines `at` of `text`, which must read `expect`, by `with`, keeping the text's line
/// ending style and whether it ends with a newline.
fn splice(text: &str, at: &Range<u32>, expect: &[String], with: &[String]) -> Option<String> {
    let lines = split_lines(text);
    let (start, end) = (at.start as usize, at.end as usize);
    if end > lines.len() || start > end || lines[start..end] != *expect {
        return None;
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let final_newline = text.ends_with('\n') || (text.is_empty() && !with.is_empty());
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() - expect.len() + with.len());
    out.extend_from_slice(&lines[..start]);
    out.extend(with.iter().map(String::as_str));
    out.extend_from_slice(&lines[end..]);
    let mut joined = out.join(eol);
    if final_newline && !out.is_empty() {
        joined.push_str(eol);
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(h: &Hunk, side: Side) -> Vec<&str> {
        h.words
            .iter()
            .filter(|w| w.side == side)
            .map(|w| {
                let lines = if side == Side::Added { &h.added } else { &h.removed };
                &lines[w.line as usize][w.start as usize..w.end as usize]
            })
            .collect()
    }

    #[test]
    fn split_lines_handles_endings() {
        assert_eq!(split_lines("a\nb\n"), vec!["a", "b"]);
        assert_eq!(split_lines("a\r\nb"), vec!["a", "b"]);
        assert_eq!(split_lines(""), Vec::<&str>::new());
        assert_eq!(split_lines("\n"), vec![""]);
    }

    #[test]
    fn one_changed_line_is_one_hunk_with_word_highlights() {
        let before = "fn a() {\n    let total = price * qty;\n}\n";
        let after = "fn a() {\n    let total = price * quantity;\n}\n";
        let hunks = diff_file("a.rs", before, after);
        assert_eq!(hunks.len(), 1);
        let h = &hunks[0];
        assert_eq!((h.before.clone(), h.after.clone()), (1..2, 1..2));
        assert_eq!(highlighted(h, Side::Removed), vec!["qty"]);
        assert_eq!(highlighted(h, Side::Added), vec!["quantity"]);
    }

    #[test]
    fn indent_heuristic_keeps_a_new_function_whole() {
        // Without the heuristic the closing brace and blank line of `one` slide into the hunk.
        let before = "fn one() {\n    1\n}\n\nfn three() {\n    3\n}\n";
        let after = "fn one() {\n    1\n}\n\nfn two() {\n    2\n}\n\nfn three() {\n    3\n}\n";
        let hunks = diff_file("a.rs", before, after);
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].added, vec!["fn two() {", "    2", "}", ""]);
        assert!(hunks[0].removed.is_empty());
    }

    #[test]
    fn close_changes_merge_and_distant_ones_do_not() {
        let before: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let after = before
            .replace("line 3\n", "line three\n")
            .replace("line 5\n", "line five\n")
            .replace("line 20\n", "line twenty\n");
        let hunks = diff_file("t.txt", &before, &after);
        assert_eq!(hunks.len(), 2);
        assert_eq!(hunks[0].before, 3..6);
        assert_eq!(hunks[0].added, vec!["line three", "line 4", "line five"]);
        assert_eq!(hunks[1].before, 20..21);
        // The unchanged line inside a merged hunk is not highlighted.
        assert_eq!(highlighted(&hunks[0], Side::Added), vec!["three", "five"]);
    }

    #[test]
    fn added_and_deleted_files() {
        let added = diff_file("new.py", "", "x = 1\ny = 2\n");
        assert_eq!(added.len(), 1);
        assert_eq!((added[0].before.clone(), added[0].after.clone()), (0..0, 0..2));
        let deleted = diff_file("old.py", "x = 1\n", "");
        assert_eq!(deleted[0].removed, vec!["x = 1"]);
        assert!(diff_file("same.rs", "a\n", "a\n").is_empty());
    }

    #[test]
    fn words_move_across_lines_without_highlight() {
        let removed = vec!["call(a, b, c)".to_string()];
        let added = vec!["call(a,".to_string(), "     b, c)".to_string()];
        let spans = word_spans(&removed, &added);
        // Only whitespace changed: the words themselves are not highlighted.
        for s in &spans {
            let line = if s.side == Side::Added { &added } else { &removed };
            assert!(line[s.line as usize][s.start as usize..s.end as usize].trim().is_empty());
        }
    }

    #[test]
    fn revert_and_apply_are_inverse() {
        let before = "a\nb\nc\nd\n";
        let after = "a\nB\nB2\nc\nd\n";
        let hunks = diff_file("f", before, after);
        assert_eq!(hunks.len(), 1);
        assert_eq!(revert_hunk(after, &hunks[0]).as_deref(), Some(before));
        assert_eq!(apply_hunk(before, &hunks[0]).as_deref(), Some(after));
        // A text that changed under the hunk is refused rather than corrupted.
        assert_eq!(revert_hunk("a\nX\nB2\nc\nd\n", &hunks[0]), None);
        // Windows line endings and a missing final newline are kept.
        let before = "a\r\nb";
        let after = "a\r\nc";
        let h = &diff_file("f", before, after)[0];
        assert_eq!(revert_hunk(after, h).as_deref(), Some(before));
    }

    #[test]
    fn revert_of_an_added_file_empties_it() {
        let h = &diff_file("f", "", "x\n")[0];
        assert_eq!(revert_hunk("x\n", h).as_deref(), Some(""));
        assert_eq!(apply_hunk("", h).as_deref(), Some("x\n"));
    }
}
