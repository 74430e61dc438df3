//! Models with a next-edit prompt format (Zed's Zeta is the model of the kind): the prompt shows
//! the user's recent edits as diffs and an editable region around the cursor; the model answers
//! with the region rewritten. Each changed stretch of the rewrite becomes a proposal of kind
//! [`Kind::Model`](super::Kind::Model) and joins the pattern-based ones (the controller asks the
//! worker for the completion when the loaded model's vocabulary has the markers).
//!
//! The default model (SmolLM2-135M) has no such markers and is too small to rewrite regions
//! well, so this path is off for it; the interface is here so a model that has them plugs in.

use super::history::{line_starts, Edit};
use super::{File, Kind, Proposal};
use marble_review::diff::line_changes;

pub const EDITABLE_START: &str = "<|editable_region_start|>";
pub const EDITABLE_END: &str = "<|editable_region_end|>";
pub const CURSOR: &str = "<|user_cursor_is_here|>";

/// Whether a model's special tokens include the markers this format needs.
pub fn supported<'a>(special_tokens: impl IntoIterator<Item = &'a str>) -> bool {
    let specials: Vec<&str> = special_tokens.into_iter().collect();
    [EDITABLE_START, EDITABLE_END, CURSOR].iter().all(|m| specials.contains(m))
}

/// A prompt, and where its editable region sits in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// Byte range of the editable region in the file's text.
    pub region: (usize, usize),
}

/// The prompt for `file` with the cursor at byte `cursor`: recent edits as unified diffs, then the
/// file's lines around the cursor with `lines` lines of editable region on each side.
pub fn prompt(edits: &[Edit], file: &File, cursor: usize, lines: usize) -> Prompt {
    let mut text = String::from("### User Edits:\n\n");
    for e in edits {
        text.push_str(&format!(
            "User edited \"{}\":\n```diff\n@@ -{},{} +{},{} @@\n",
            e.path,
            e.hunk.before.start + 1,
            e.hunk.removed.len(),
            e.hunk.after.start + 1,
            e.hunk.added.len()
        ));
        for l in &e.hunk.removed {
            text.push_str(&format!("-{l}\n"));
        }
        for l in &e.hunk.added {
            text.push_str(&format!("+{l}\n"));
        }
        text.push_str("```\n\n");
    }
    let starts = line_starts(&file.text);
    let line = starts.partition_point(|&s| s <= cursor).saturating_sub(1);
    let first = line.saturating_sub(lines);
    let last = (line + lines + 1).min(starts.len() - 1);
    let (s, e) = (starts[first], starts[last]);
    let cursor = cursor.clamp(s, e);
    text.push_str(&format!("### User Excerpt:\n\n```{}\n", file.path));
    text.push_str(&file.text[..s]);
    text.push_str(EDITABLE_START);
    text.push('\n');
    text.push_str(&file.text[s..cursor]);
    text.push_str(CURSOR);
    text.push_str(&file.text[cursor..e]);
    text.push_str(EDITABLE_END);
    text.push('\n');
    text.push_str(&file.text[e..]);
    text.push_str("```\n\n### Response:\n");
    Prompt { text, region: (s, e) }
}

/// The model's rewrite of the region (the text between the markers in its answer; markers and
/// the cursor marker may be present or not) as proposals, one per changed stretch of lines.
pub fn proposals(prompt: &Prompt, file: &File, output: &str) -> Vec<Proposal> {
    let body = output.split(EDITABLE_START).nth(1).unwrap_or(output);
    let body = body.split(EDITABLE_END).next().unwrap_or(body);
    let body = body.strip_prefix('\n').unwrap_or(body).replace(CURSOR, "");
    let (s, e) = prompt.region;
    let old = &file.text[s..e];
    let old_starts = line_starts(old);
    let new_starts = line_starts(&body);
    line_changes(old, &body)
        .into_iter()
        .map(|(b, a)| {
            let at = |starts: &[usize], l: u32, len: usize| starts.get(l as usize).copied().unwrap_or(len);
            let start = s + at(&old_starts, b.start, old.len());
            let end = s + at(&old_starts, b.end, old.len());
            let replacement =
                body[at(&new_starts, a.start, body.len())..at(&new_starts, a.end, body.len())].to_string();
            let line = line_starts(&file.text).partition_point(|&x| x <= start).saturating_sub(1) as u32;
            Proposal {
                path: file.path.clone(),
                start,
                end,
                replacement,
                line,
                kind: Kind::Model,
                reason: "Predicted by the model from your recent edits".into(),
                risks: Vec::new(),
                score: 0.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::history::edits_between;

    #[test]
    fn supported_needs_all_markers() {
        assert!(supported([EDITABLE_START, EDITABLE_END, CURSOR, "<|endoftext|>"]));
        assert!(!supported(["<|fim_prefix|>", EDITABLE_START]));
    }

    #[test]
    fn prompt_has_the_edits_and_the_region_and_the_answer_becomes_proposals() {
        let before =
            "struct S {\n    a: u32,\n    b: u32,\n}\nfn f(s: &S) {\n    print(s.a);\n    print(s.b);\n}\n";
        let now = before.replace("    b: u32,\n", "");
        let edits = edits_between("s.rs", before, &now);
        let file = File { path: "s.rs".into(), text: now.clone() };
        let cursor = now.find("print(s.a)").unwrap();
        let p = prompt(&edits, &file, cursor, 2);
        assert!(p.text.contains("-    b: u32,\n"));
        assert!(p.text.contains(&format!("{EDITABLE_START}\n")));
        assert!(p.text.contains(&format!("{CURSOR}print(s.a);")));
        // The model answers with the region minus the line that printed `b`.
        let region = &now[p.region.0..p.region.1];
        let answer = format!("{EDITABLE_START}\n{}{EDITABLE_END}", region.replace("    print(s.b);\n", ""));
        let ps = proposals(&p, &file, &answer);
        assert_eq!(ps.len(), 1);
        assert_eq!(&now[ps[0].start..ps[0].end], "    print(s.b);\n");
        assert_eq!(ps[0].replacement, "");
        assert_eq!(ps[0].kind, Kind::Model);
    }
}
