//! Low-entropy hunks: changes a reviewer can take in at a glance once they have seen one of them.
//!
//! Four kinds are recognised: formatting (the same code with different whitespace), moved blocks
//! (lines deleted in one place and added, unchanged, in another), renames (the only edit is one
//! identifier replaced by another, the same way in every hunk) and repeated edits (the same token
//! edit in several hunks, e.g. `?` appended to calls). The panel grays a group and folds it into
//! one line; the order keeps its members together. Hunks with a risk of medium tier or above are
//! never grayed, however mechanical they look: a repeated `.unwrap()` is still a repeated panic.

use crate::hunk::Hunk;
use crate::lang::Language;
use crate::lex::{lex, TokenKind};
use imara_diff::{Algorithm, Diff, InternedInput};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKind {
    Formatting,
    Moved,
    Rename,
    Repeated,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub kind: GroupKind,
    /// A sentence for the folded line, e.g. "Rename `qty` → `quantity` in 4 hunks".
    pub summary: String,
    /// Indices of the member hunks, in the order they were given.
    pub hunks: Vec<usize>,
}

/// Repeated edits need this many hunks; renames and moves need two.
const MIN_REPEATED: usize = 2;
/// A moved block must have this many non-blank lines, so that moving `}` is not a "move".
const MIN_MOVED_LINES: usize = 2;
/// Hunks larger than this are not searched for a token edit signature.
const MAX_SIGNATURE_LINES: usize = 60;
/// An edit signature with more distinct token edits than this is not mechanical.
const MAX_SIGNATURE_EDITS: usize = 4;

/// Finds the groups among `hunks`; `eligible[i]` is false for hunks that must stay visible.
pub fn find_groups(hunks: &[Hunk], langs: &[Language], eligible: &[bool]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut taken = vec![false; hunks.len()];
    let free = |i: usize, taken: &[bool]| eligible.get(i).copied().unwrap_or(false) && !taken[i];

    // Formatting: all of it in one group, since "whitespace only" needs no second look.
    let formatting: Vec<usize> = (0..hunks.len())
        .filter(|&i| free(i, &taken) && is_formatting(&hunks[i]))
        .collect();
    if !formatting.is_empty() {
        for &i in &formatting {
            taken[i] = true;
        }
        groups.push(Group {
            kind: GroupKind::Formatting,
            summary: format!(
                "Formatting only (whitespace and line breaks) in {}",
                plural(formatting.len(), "hunk")
            ),
            hunks: formatting,
        });
    }

    // Moved blocks: a pure removal and a pure addition with the same non-blank lines.
    let mut removals: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, h) in hunks.iter().enumerate() {
        if free(i, &taken) && !h.removed.is_empty() {
            if let Some(key) = block_key(&h.removed) {
                if !block_key(&h.added).is_some_and(|k| k == key) {
                    removals.entry(key).or_default().push(i);
                }
            }
        }
    }
    for (j, h) in hunks.iter().enumerate() {
        if !free(j, &taken) || h.added.is_empty() {
            continue;
        }
        let Some(key) = block_key(&h.added) else { continue };
        let Some(from) = removals.get_mut(&key) else { continue };
        let Some(pos) = from.iter().position(|&i| i != j && !taken[i]) else { continue };
        let i = from.remove(pos);
        taken[i] = true;
        taken[j] = true;
        let lines = h.added.iter().filter(|l| !l.trim().is_empty()).count();
        groups.push(Group {
            kind: GroupKind::Moved,
            summary: format!(
                "Moves {} unchanged from {}:{} to {}:{}",
                plural(lines, "line"),
                hunks[i].path,
                hunks[i].before.start + 1,
                h.path,
                h.after.start + 1
            ),
            hunks: vec![i.min(j), i.max(j)],
        });
    }

    // Renames and repeated edits: hunks whose token edits are the same.
    let mut by_signature: BTreeMap<Vec<(String, String)>, Vec<usize>> = BTreeMap::new();
    for (i, h) in hunks.iter().enumerate() {
        if free(i, &taken) {
            if let Some(sig) = edit_signature(h, langs.get(i).copied().unwrap_or(Language::Other)) {
                by_signature.entry(sig).or_default().push(i);
            }
        }
    }
    let mut signed: Vec<(Vec<(String, String)>, Vec<usize>)> = by_signature
        .into_iter()
        .filter(|(_, members)| members.len() >= MIN_REPEATED)
        .collect();
    // Biggest groups first, then input order, so the result doesn't depend on map order.
    signed.sort_by_key(|(_, m)| (std::cmp::Reverse(m.len()), m[0]));
    for (sig, members) in signed {
        let rename = sig.iter().all(|(a, b)| is_word(a) && is_word(b));
        let edits: Vec<String> = sig
            .iter()
            .map(|(a, b)| match (a.is_empty(), b.is_empty()) {
                (true, _) => format!("add `{b}`"),
                (_, true) => format!("remove `{a}`"),
                _ => format!("`{a}` → `{b}`"),
            })
            .collect();
        let n = plural(members.len(), "hunk");
        let summary = if rename {
            format!("Rename {} in {n}", edits.join(", "))
        } else {
            format!("Same edit in {n}: {}", edits.join("; "))
        };
        groups.push(Group {
            kind: if rename { GroupKind::Rename } else { GroupKind::Repeated },
            summary,
            hunks: members,
        });
    }
    for g in &mut groups {
        g.hunks.sort_unstable();
    }
    groups.sort_by_key(|g| g.hunks[0]);
    groups
}

/// Both sides hold the same characters apart from whitespace.
pub fn is_formatting(h: &Hunk) -> bool {
    let squeeze = |lines: &[String]| -> String {
        lines.iter().flat_map(|l| l.chars()).filter(|c| !c.is_whitespace()).collect()
    };
    let (a, b) = (squeeze(&h.removed), squeeze(&h.added));
    !a.is_empty() && a == b && h.removed != h.added
}

/// The block's non-blank lines, trimmed: a moved block may change indentation.
fn block_key(lines: &[String]) -> Option<String> {
    let kept: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    (kept.len() >= MIN_MOVED_LINES).then(|| kept.join("\n"))
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The distinct token edits that turn the hunk's old code into its new code, e.g.
/// `[("qty", "quantity")]` for a rename, or `[("", "?")]` for appended `?`s. `None` when the
/// hunk only adds or removes, is too large, or makes too many different edits to be mechanical.
fn edit_signature(h: &Hunk, lang: Language) -> Option<Vec<(String, String)>> {
    if h.removed.is_empty()
        || h.added.is_empty()
        || h.removed.len() + h.added.len() > MAX_SIGNATURE_LINES
    {
        return None;
    }
    let old_text = h.removed.join("\n");
    let new_text = h.added.join("\n");
    let tokens = |text: &str| -> Vec<String> {
        lex(lang, text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Comment)
            .map(|t| t.text.to_string())
            .collect()
    };
    let (old, new) = (tokens(&old_text), tokens(&new_text));
    let mut input = InternedInput::default();
    input.update_before(old.iter().map(String::as_str));
    input.update_after(new.iter().map(String::as_str));
    let diff = Diff::compute(Algorithm::Myers, &input);
    let mut edits: Vec<(String, String)> = diff
        .hunks()
        .map(|d| {
            let join = |toks: &[String], r: std::ops::Range<u32>| {
                toks[r.start as usize..r.end as usize].join(" ")
            };
            (join(&old, d.before), join(&new, d.after))
        })
        .collect();
    if edits.is_empty() {
        return None;
    }
    edits.sort();
    edits.dedup();
    (edits.len() <= MAX_SIGNATURE_EDITS).then_some(edits)
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff_file;

    fn groups_of(files: &[(&str, &str, &str)]) -> (Vec<Hunk>, Vec<Group>) {
        let hunks: Vec<Hunk> = files
            .iter()
            .flat_map(|(p, b, a)| diff_file(p, b, a))
            .collect();
        let langs: Vec<Language> = hunks.iter().map(|h| Language::from_path(&h.path)).collect();
        let groups = find_groups(&hunks, &langs, &vec![true; hunks.len()]);
        (hunks, groups)
    }

    #[test]
    fn rename_across_files_is_one_group() {
        let a_before = "pub fn total(qty: u32) -> u32 {\n    qty * 2\n}\n";
        let a_after = "pub fn total(quantity: u32) -> u32 {\n    quantity * 2\n}\n";
        let b_before = "fn f() {\n    let qty = 3;\n}\n";
        let b_after = "fn f() {\n    let quantity = 3;\n}\n";
        let (hunks, groups) = groups_of(&[("a.rs", a_before, a_after), ("b.rs", b_before, b_after)]);
        assert_eq!(hunks.len(), 2);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Rename);
        assert_eq!(groups[0].hunks, vec![0, 1]);
        assert_eq!(groups[0].summary, "Rename `qty` → `quantity` in 2 hunks");
    }

    #[test]
    fn a_single_rename_is_not_grayed() {
        // Swapping one variable for another in one place can be the bug itself.
        let (_, groups) = groups_of(&[("a.rs", "let x = a + b;\n", "let x = a + c;\n")]);
        assert!(groups.is_empty());
    }

    #[test]
    fn repeated_edit_is_grouped() {
        let before = "fn a() {\n    load(p);\n}\n\n\n\nfn b() {\n    save(p);\n}\n";
        let after = "fn a() {\n    load(p)?;\n}\n\n\n\nfn b() {\n    save(p)?;\n}\n";
        let (hunks, groups) = groups_of(&[("a.rs", before, after)]);
        assert_eq!(hunks.len(), 2);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Repeated);
        assert_eq!(groups[0].summary, "Same edit in 2 hunks: add `?`");
    }

    #[test]
    fn different_edits_are_not_grouped() {
        let before = "a(1);\n\n\n\n\nb(2);\n";
        let after = "a(3);\n\n\n\n\nb(4);\n";
        let (_, groups) = groups_of(&[("a.js", before, after)]);
        assert!(groups.is_empty());
    }

    #[test]
    fn formatting_only() {
        let (_, groups) = groups_of(&[(
            "a.py",
            "x = f(a,b)\n",
            "x = f(a, b)\n",
        )]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Formatting);
        // A changed character is not formatting.
        let (_, groups) = groups_of(&[("a.py", "x = f(a,b)\n", "x = f(a, c)\n")]);
        assert!(groups.is_empty());
    }

    #[test]
    fn moved_block_between_files() {
        let body = "def helper(x):\n    return x * 2\n";
        let (hunks, groups) = groups_of(&[
            ("a.py", &format!("import os\n\n{body}"), "import os\n"),
            ("b.py", "import sys\n", &format!("import sys\n\n{body}")),
        ]);
        assert_eq!(groups.len(), 1, "{hunks:#?}");
        assert_eq!(groups[0].kind, GroupKind::Moved);
        assert_eq!(groups[0].hunks, vec![0, 1]);
        assert!(groups[0].summary.starts_with("Moves 2 lines unchanged from a.py:2 to b.py:2"));
    }

    #[test]
    fn ineligible_hunks_stay_out() {
        let before = "fn a() {\n    load(p);\n}\n\n\n\nfn b() {\n    save(p);\n}\n";
        let after = "fn a() {\n    load(p).unwrap();\n}\n\n\n\nfn b() {\n    save(p).unwrap();\n}\n";
        let hunks = diff_file("a.rs", before, after);
        let langs = vec![Language::Rust; hunks.len()];
        assert!(find_groups(&hunks, &langs, &[false, false]).is_empty());
        assert_eq!(find_groups(&hunks, &langs, &[true, true]).len(), 1);
    }
}
