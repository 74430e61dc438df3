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
use std::collections::{BTreeMap, BTreeSet};

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

/// The distinct token edits of a hunk: (old tokens, new tokens), sorted.
type Signature = Vec<(String, String)>;

/// A repeated edit needs this many hunks: twice can be a coincidence (two imports gaining the same
/// name), three times is a pattern.
const MIN_REPEATED: usize = 3;
/// The same rename in two hunks is already a pattern (the definition and its one use).
const MIN_RENAMED: usize = 2;
/// Share of a hunk's significant lines that must be found on the other side for it to count as
/// moved.
const MOVED_SHARE: f64 = 0.9;
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
        .filter(|&i| {
            free(i, &taken) && is_formatting(&hunks[i], langs.get(i).copied().unwrap_or(Language::Other))
        })
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

    // Moved blocks: lines deleted in some hunks and added, unchanged but for indentation, in
    // others (one function moved, or helpers from two files gathered into a new one).
    for members in moved_blocks(hunks, &|i| free(i, &taken)) {
        for &m in &members {
            taken[m] = true;
        }
        let from: Vec<String> = members
            .iter()
            .filter(|&&m| !hunks[m].removed.is_empty())
            .map(|&m| format!("{}:{}", hunks[m].path, hunks[m].before.start + 1))
            .collect();
        let to: Vec<String> = members
            .iter()
            .filter(|&&m| significant(&hunks[m].added).len() >= MIN_MOVED_LINES)
            .map(|&m| format!("{}:{}", hunks[m].path, hunks[m].after.start + 1))
            .collect();
        let lines: usize = members
            .iter()
            .filter(|&&m| significant(&hunks[m].removed).len() >= MIN_MOVED_LINES)
            .map(|&m| significant(&hunks[m].removed).len())
            .sum();
        groups.push(Group {
            kind: GroupKind::Moved,
            summary: format!(
                "Moves {} unchanged from {} to {}",
                plural(lines, "line"),
                from.join(", "),
                to.join(", ")
            ),
            hunks: members,
        });
    }

    // Renames and repeated edits: hunks whose token edits are the same.
    let mut by_signature: BTreeMap<Signature, Vec<usize>> = BTreeMap::new();
    for (i, h) in hunks.iter().enumerate() {
        if free(i, &taken) {
            if let Some(sig) = edit_signature(h, langs.get(i).copied().unwrap_or(Language::Other)) {
                by_signature.entry(sig).or_default().push(i);
            }
        }
    }
    let mut signed: Vec<(Signature, Vec<usize>)> = by_signature
        .into_iter()
        .filter(|(sig, members)| {
            let rename = sig.iter().all(|(a, b)| is_word(a) && is_word(b));
            members.len() >= if rename { MIN_RENAMED } else { MIN_REPEATED }
        })
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

/// Both sides hold the same code apart from layout: whitespace, line breaks, trailing commas,
/// and (in JavaScript, TypeScript and Python, where they mean the same) the quote style.
pub fn is_formatting(h: &Hunk, lang: Language) -> bool {
    let same_quotes = lang.is_js_like() || lang == Language::Python;
    let squeeze = |lines: &[String]| -> String {
        let chars: Vec<char> = lines
            .iter()
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .map(|c| if same_quotes && c == '\'' { '"' } else { c })
            .collect();
        chars
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !(c == ',' && matches!(chars.get(i + 1), Some(')' | ']' | '}'))))
            .map(|(_, &c)| c)
            .collect()
    };
    let (a, b) = (squeeze(&h.removed), squeeze(&h.added));
    !a.is_empty() && a == b && h.removed != h.added
}

/// The lines that identify a block: trimmed (a moved block may change indentation), without
/// blank lines and lone brackets, which every block shares.
fn significant(lines: &[String]) -> Vec<&str> {
    lines.iter().map(|l| l.trim()).filter(|l| l.chars().any(|c| c.is_alphanumeric())).collect()
}

/// Groups of hunks that together move lines: each member mostly deletes lines that other
/// members add, or mostly adds lines that others delete.
fn moved_blocks(hunks: &[Hunk], free: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
    use std::collections::HashMap;
    // Sources mostly delete, targets mostly add.
    let is_source = |h: &Hunk| {
        let (r, a) = (significant(&h.removed).len(), significant(&h.added).len());
        r >= MIN_MOVED_LINES && (a as f64) <= 0.2 * r as f64
    };
    let is_target = |h: &Hunk| {
        let (r, a) = (significant(&h.removed).len(), significant(&h.added).len());
        a >= MIN_MOVED_LINES && (r as f64) <= 0.2 * a as f64
    };
    let sources: Vec<usize> = (0..hunks.len()).filter(|&i| free(i) && is_source(&hunks[i])).collect();
    let targets: Vec<usize> = (0..hunks.len()).filter(|&i| free(i) && is_target(&hunks[i])).collect();
    if sources.is_empty() || targets.is_empty() {
        return Vec::new();
    }
    // Which hunks hold each line, on each side.
    let mut removed_in: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &sources {
        for l in significant(&hunks[i].removed) {
            removed_in.entry(l).or_default().push(i);
        }
    }
    let mut added_in: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &targets {
        for l in significant(&hunks[i].added) {
            added_in.entry(l).or_default().push(i);
        }
    }
    // A hunk moves when nearly all its lines are found on the other side; it is linked to the
    // hunks holding them.
    fn moved(i: usize, lines: Vec<&str>, other: &HashMap<&str, Vec<usize>>) -> Vec<(usize, usize)> {
        let found = lines.iter().filter(|l| other.contains_key(*l)).count();
        if (found as f64) < MOVED_SHARE * lines.len() as f64 {
            return Vec::new();
        }
        let mut links = Vec::new();
        for l in lines {
            for &j in other.get(l).into_iter().flatten() {
                if j != i {
                    links.push((i.min(j), i.max(j)));
                }
            }
        }
        links
    }
    let source_links: BTreeSet<(usize, usize)> =
        sources.iter().flat_map(|&i| moved(i, significant(&hunks[i].removed), &added_in)).collect();
    // Keep the links both ends agree on: the source moved out, and the target moved in.
    let agreed: Vec<(usize, usize)> = targets
        .iter()
        .flat_map(|&i| moved(i, significant(&hunks[i].added), &removed_in))
        .filter(|l| source_links.contains(l))
        .collect();
    // Connected components of the agreed links.
    let mut parent: Vec<usize> = (0..hunks.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(a, b) in &agreed {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra] = rb;
    }
    let mut comps: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &(a, b) in &agreed {
        let r = root(&mut parent, a);
        comps.entry(r).or_default().extend([a, b]);
    }
    let mut out: Vec<Vec<usize>> = comps.into_values().map(|c| c.into_iter().collect()).collect();
    out.sort();
    out
}

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| !c.is_ascii_digit())
        && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The distinct token edits that turn the hunk's old code into its new code, e.g.
/// `[("qty", "quantity")]` for a rename, or `[("", "?")]` for appended `?`s. `None` when the
/// hunk only adds or removes, is too large, or makes too many different edits to be mechanical.
fn edit_signature(h: &Hunk, lang: Language) -> Option<Signature> {
    if h.removed.is_empty() || h.added.is_empty() || h.removed.len() + h.added.len() > MAX_SIGNATURE_LINES {
        return None;
    }
    let old_text = h.removed.join("\n");
    let new_text = h.added.join("\n");
    // Code tokens, with strings split into words: a rename inside a template literal
    // (`${escape(x)}`) is the same edit as outside it.
    let tokens = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        for t in lex(lang, text) {
            match t.kind {
                TokenKind::Comment => {}
                TokenKind::String => out.extend(string_words(t.text)),
                _ => out.push(t.text.to_string()),
            }
        }
        out
    };
    let (old, new) = (tokens(&old_text), tokens(&new_text));
    let mut input = InternedInput::default();
    input.update_before(old.iter().map(String::as_str));
    input.update_after(new.iter().map(String::as_str));
    let diff = Diff::compute(Algorithm::Myers, &input);
    let mut edits: Vec<(String, String)> = diff
        .hunks()
        .map(|d| {
            let join =
                |toks: &[String], r: std::ops::Range<u32>| toks[r.start as usize..r.end as usize].join(" ");
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

/// Words and single punctuation characters of a string literal.
fn string_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
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
        let hunks: Vec<Hunk> = files.iter().flat_map(|(p, b, a)| diff_file(p, b, a)).collect();
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
        let before =
            "fn a() {\n    load(p);\n}\n\n\n\nfn b() {\n    save(p);\n}\n\n\n\nfn c() {\n    sync(p);\n}\n";
        let after = before.replace("(p);", "(p)?;");
        let (hunks, groups) = groups_of(&[("a.rs", before, &after)]);
        assert_eq!(hunks.len(), 3);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Repeated);
        assert_eq!(groups[0].summary, "Same edit in 3 hunks: add `?`");
        // Twice is not yet a pattern.
        let two = "fn a() {\n    load(p);\n}\n\n\n\nfn b() {\n    save(p);\n}\n";
        let (_, groups) = groups_of(&[("a.rs", two, &two.replace("(p);", "(p)?;"))]);
        assert!(groups.is_empty());
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
        let (_, groups) = groups_of(&[("a.py", "x = f(a,b)\n", "x = f(a, b)\n")]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Formatting);
        // A changed character is not formatting.
        let (_, groups) = groups_of(&[("a.py", "x = f(a,b)\n", "x = f(a, c)\n")]);
        assert!(groups.is_empty());
        // Prettier's quotes and trailing commas are layout in JavaScript…
        let (_, groups) = groups_of(&[("a.js", "f(\"x\", [1, 2])\n", "f(\n  'x',\n  [1, 2],\n)\n")]);
        assert_eq!(groups.len(), 1);
        // …but not in Rust, where 'x' is a char and "x" a string.
        let (_, groups) = groups_of(&[("a.rs", "f(\"x\");\n", "f('x');\n")]);
        assert!(groups.is_empty());
    }

    #[test]
    fn rename_inside_template_literals_is_the_same_rename() {
        let a = ("a.js", "const x = `<b>${escape(v)}</b>`;\n", "const x = `<b>${escapeHtml(v)}</b>`;\n");
        let b = ("b.js", "out.push(escape(y));\n", "out.push(escapeHtml(y));\n");
        let (_, groups) = groups_of(&[a, b]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].summary, "Rename `escape` → `escapeHtml` in 2 hunks");
    }

    #[test]
    fn helpers_gathered_from_two_files_are_one_move() {
        let f = "def fmt_date(d):\n    return d.isoformat()\n";
        let g = "def parse_date(s):\n    return date.fromisoformat(s)\n";
        let (_, groups) = groups_of(&[
            ("a.py", &format!("import os\n\n{f}"), "import os\n"),
            ("b.py", &format!("import sys\n\n{g}"), "import sys\n"),
            ("dates.py", "", &format!("{f}\n\n{g}")),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Moved);
        assert_eq!(groups[0].hunks, vec![0, 1, 2]);
        assert_eq!(groups[0].summary, "Moves 4 lines unchanged from a.py:2, b.py:2 to dates.py:1");
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
        assert_eq!(groups[0].summary, "Moves 2 lines unchanged from a.py:2 to b.py:2");
    }

    #[test]
    fn ineligible_hunks_stay_out() {
        let before =
            "fn a() {\n    load(p);\n}\n\n\n\nfn b() {\n    save(p);\n}\n\n\n\nfn c() {\n    sync(p);\n}\n";
        let after = before.replace("(p);", "(p).unwrap();");
        let hunks = diff_file("a.rs", before, &after);
        let langs = vec![Language::Rust; hunks.len()];
        assert!(find_groups(&hunks, &langs, &[false, false, false]).is_empty());
        assert_eq!(find_groups(&hunks, &langs, &[true, true, true]).len(), 1);
    }
}
