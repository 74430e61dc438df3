//! What the panel's buttons and keys do to files: accept (the checkpoint takes the hunk), revert
//! (the workspace gives it up — in the editor as an undoable edit when the file is open), open
//! (the editor at the hunk), and the viewed mark. A hunk whose text changed since the analysis is
//! refused with a sentence, never applied to the wrong lines.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use marble_review::diff::{apply_hunk, revert_hunk};
use marble_review::hunk::Hunk;

use super::checkpoint;
use super::viewed;
use crate::editor::byte_to_utf16;
use crate::ide::state::{Ide, NoticeKind};
use crate::ide::{files, persist, prefs};

/// The hunks with these ids in the current analysis, grouped by file.
fn hunks_by_file(ide: Ide, ids: &[usize]) -> BTreeMap<String, Vec<Hunk>> {
    let mut out: BTreeMap<String, Vec<Hunk>> = BTreeMap::new();
    ide.review.analysed.with_untracked(|a| {
        let Some(a) = a else { return };
        for &id in ids {
            if let Some(h) = a.review.by_id(id) {
                out.entry(h.hunk.path.clone()).or_default().push(h.hunk.clone());
            }
        }
    });
    out
}

/// Applies `step` to `text` for each hunk from the bottom of the file up, so the line numbers of
/// the hunks above stay right. Returns the new text and the hunks `step` refused.
pub fn splice_all<'h>(
    text: &str,
    hunks: &'h [Hunk],
    line_of: impl Fn(&Hunk) -> u32,
    step: impl Fn(&str, &Hunk) -> Option<String>,
) -> (String, Vec<&'h Hunk>) {
    let mut order: Vec<&Hunk> = hunks.iter().collect();
    order.sort_by_key(|h| std::cmp::Reverse(line_of(h)));
    let mut text = text.to_string();
    let mut refused = Vec::new();
    for h in order {
        match step(&text, h) {
            Some(next) => text = next,
            None => refused.push(h),
        }
    }
    (text, refused)
}

fn refused_sentence(path: &str, refused: &[&Hunk], what: &str) -> String {
    let lines: Vec<String> = refused.iter().map(|h| (h.after.start + 1).to_string()).collect();
    format!(
        "{path} changed since the review was made, so the change at line {} was not {what}. The review is being refreshed; try again.",
        lines.join(", ")
    )
}

/// Moves the checkpoint to include these hunks: they leave the review.
pub fn accept(ide: Ide, ids: &[usize]) {
    let rs = ide.review;
    for (path, hunks) in hunks_by_file(ide, ids) {
        let Some(before) = rs.checkpoint.with_value(|c| c.as_ref().map(|c| checkpoint::text_of(c, &path)))
        else {
            return;
        };
        let (text, refused) =
            splice_all(before.as_deref().unwrap_or(""), &hunks, |h| h.before.start, apply_hunk);
        if !refused.is_empty() {
            ide.notify(NoticeKind::Warning, refused_sentence(&path, &refused, "accepted"));
        }
        if refused.len() == hunks.len() {
            continue;
        }
        // A file deleted in the workspace, whose deletion is accepted, leaves the checkpoint too.
        let gone = text.is_empty() && !ide.workspace.with_value(|w| w.is_file(&path));
        rs.checkpoint.update_value(|c| {
            if let Some(c) = c {
                let _ = if gone {
                    c.delete(&path).map(drop)
                } else {
                    c.write(&path, text.into_bytes()).map(drop)
                };
            }
        });
        checkpoint::save_file(ide, &path);
    }
    rs.moved();
}

/// Takes these hunks out of the workspace: the file goes back to the checkpoint's lines there.
pub fn revert(ide: Ide, ids: &[usize]) {
    persist::sync_editor(ide);
    for (path, hunks) in hunks_by_file(ide, ids) {
        let current =
            ide.workspace.with_value(|w| w.read(&path).map(|b| String::from_utf8_lossy(b).into_owned()));
        let existed = current.is_some();
        let current = current.unwrap_or_default();
        let (text, refused) = splice_all(&current, &hunks, |h| h.after.start, revert_hunk);
        if !refused.is_empty() {
            ide.notify(NoticeKind::Warning, refused_sentence(&path, &refused, "reverted"));
        }
        if refused.len() == hunks.len() || text == current {
            continue;
        }
        let in_checkpoint =
            ide.review.checkpoint.with_value(|c| c.as_ref().is_some_and(|c| c.is_file(&path)));
        if ide.shown.get_value().as_deref() == Some(path.as_str()) {
            replace_in_editor(ide, &path, &current, &text);
        } else {
            if ide.workspace.try_update_value(|w| w.write(&path, text.clone().into_bytes())).is_none() {
                continue;
            }
            if !existed {
                ide.bump();
            }
            persist::write(ide, &path);
        }
        if text.is_empty() && !in_checkpoint {
            ide.notify(
                NoticeKind::Info,
                format!("{path} was new since the checkpoint and is empty now; delete it in the file tree if you don't need it."),
            );
        }
    }
}

/// Replaces only what differs between `old` (the editor's text) and `new`, as one undoable edit,
/// so the editor keeps its undo history and the user sees where the text changed.
fn replace_in_editor(ide: Ide, path: &str, old: &str, new: &str) {
    let Some(editor) = ide.editor.get_value() else { return };
    let (start, old_end, new_end) = differing_span(old, new);
    editor.replace(byte_to_utf16(old, start), byte_to_utf16(old, old_end), &new[start..new_end]);
    // Into the workspace now, so the next analysis sees it; saved after the usual pause.
    persist::sync_editor(ide);
    persist::write(ide, path);
}

/// The byte span that differs between `a` and `b`: `a[start..a_end]` becomes `b[start..b_end]`,
/// on character boundaries.
pub fn differing_span(a: &str, b: &str) -> (usize, usize, usize) {
    let mut start = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(start) || !b.is_char_boundary(start) {
        start -= 1;
    }
    let max_tail = (a.len() - start).min(b.len() - start);
    let mut tail = a.bytes().rev().zip(b.bytes().rev()).take(max_tail).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(a.len() - tail) || !b.is_char_boundary(b.len() - tail) {
        tail -= 1;
    }
    (start, a.len() - tail, b.len() - tail)
}

/// Opens the hunk's file in the editor with the cursor at the hunk.
pub fn open(ide: Ide, id: usize) {
    let Some((path, line)) = ide
        .review
        .analysed
        .with_untracked(|a| a.as_ref()?.review.by_id(id).map(|h| (h.hunk.path.clone(), h.hunk.after.start)))
    else {
        return;
    };
    if !ide.workspace.with_value(|w| w.is_file(&path)) {
        ide.notify(
            NoticeKind::Info,
            format!("{path} was deleted since the checkpoint; Revert brings it back."),
        );
        return;
    }
    files::open(ide, &path);
    spawn_local(async move {
        // The editor switches documents in an effect; wait for it (a few frames at most).
        for _ in 0..20 {
            if ide.shown.get_value().as_deref() == Some(path.as_str()) {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(16).await;
        }
        let Some(editor) = ide.editor.get_value() else { return };
        if ide.shown.get_value().as_deref() != Some(path.as_str()) {
            return;
        }
        let text = editor.text();
        let byte = line_start(&text, line as usize);
        editor.set_cursor(byte_to_utf16(&text, byte));
        editor.focus();
    });
}

/// The byte offset where 0-based line `n` starts (the end of the text past the last line).
pub fn line_start(text: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    text.match_indices('\n').nth(n - 1).map_or(text.len(), |(i, _)| i + 1)
}

/// Flips the viewed mark of the hunk with this fingerprint, and stores the marks.
pub fn toggle_viewed(ide: Ide, fingerprint: &str) {
    let rs = ide.review;
    rs.viewed.update(|v| {
        v.toggle(fingerprint);
        rs.analysed.with_untracked(|a| {
            if let Some(a) = a {
                v.retain_present(a.review.hunks.iter().map(|h| h.fingerprint.as_str()));
            }
        });
        prefs::set(viewed::STORAGE_KEY, &v.to_json());
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::diff::diff_file;

    #[test]
    fn several_hunks_of_a_file_revert_and_apply_together() {
        let before: String = (0..20).map(|i| format!("line {i}\n")).collect();
        let after = before.replace("line 2\n", "line two\n").replace("line 15\n", "line 15\nextra\n");
        let hunks = diff_file("f", &before, &after);
        assert_eq!(hunks.len(), 2);
        let (reverted, refused) = splice_all(&after, &hunks, |h| h.after.start, revert_hunk);
        assert!(refused.is_empty());
        assert_eq!(reverted, before);
        let (applied, refused) = splice_all(&before, &hunks, |h| h.before.start, apply_hunk);
        assert!(refused.is_empty());
        assert_eq!(applied, after);
        // Text that changed under one hunk: that one is refused, the other still goes back.
        let edited = after.replace("line two\n", "line 2!\n");
        let (partly, refused) = splice_all(&edited, &hunks, |h| h.after.start, revert_hunk);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].after.start, 2);
        assert_eq!(partly, before.replace("line 2\n", "line 2!\n"));
    }

    #[test]
    fn the_differing_span_is_minimal_and_on_char_boundaries() {
        assert_eq!(differing_span("abcXdef", "abcYYdef"), (3, 4, 5));
        assert_eq!(differing_span("same", "same"), (4, 4, 4));
        assert_eq!(differing_span("", "new"), (0, 0, 3));
        // "é" and "è" share their first byte: the span starts at the character.
        assert_eq!(differing_span("aé", "aè"), (1, 3, 3));
        // Repeated text: the common prefix and suffix do not overlap.
        assert_eq!(differing_span("aa", "aaa"), (2, 2, 3));
    }

    #[test]
    fn line_starts() {
        let text = "a\nbb\nccc";
        assert_eq!(line_start(text, 0), 0);
        assert_eq!(line_start(text, 1), 2);
        assert_eq!(line_start(text, 2), 5);
        assert_eq!(line_start(text, 9), text.len());
    }
}
