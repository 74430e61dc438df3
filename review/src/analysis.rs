//! The whole pipeline: files (or patch fragments) in, a [`Review`] out.
//!
//! diff each file → symbols per hunk → risk rules → low-entropy groups → reading order. The
//! model's surprisal is a separate, asynchronous step ([`crate::surprisal`]) because it needs a
//! model; everything here is synchronous and fast.

use crate::diff::{diff_file, split_lines};
use crate::group::{find_groups, Group};
use crate::hunk::{Hunk, Risk, Symbols, Tier};
use crate::lang::{Language, Role};
use crate::order::{reading_order, Edge, Node};
use crate::patch::Fragment;
use crate::risk::{churn_risks_by_side, hunk_risks, HunkView};
use crate::surprisal::{HunkSurprisal, LEAD_LINES};
use crate::symbols::{hunk_symbols, Outline};
use serde::Serialize;

/// One file at the checkpoint and now. `None` means the file did not exist on that side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A hunk with everything the review found out about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewedHunk {
    /// Index of the hunk in file order (stable for a given diff); groups and cycles refer to it.
    pub id: usize,
    /// Identifies the change itself, for "viewed" marks (see [`Hunk::fingerprint`]).
    pub fingerprint: String,
    #[serde(flatten)]
    pub hunk: Hunk,
    pub language: Language,
    pub role: Role,
    pub symbols: Symbols,
    /// Highest tier first.
    pub risks: Vec<Risk>,
    /// Why the hunk sits at its position in the reading order.
    pub reasons: Vec<String>,
    /// Index into [`Review::groups`] when the hunk is low-entropy.
    pub group: Option<usize>,
    /// Filled by [`crate::surprisal::score_review`].
    pub surprisal: Option<HunkSurprisal>,
    /// The lines just above the hunk in the new text: the model's context for surprisal.
    #[serde(skip)]
    pub lead: Vec<String>,
}

impl ReviewedHunk {
    /// The hunk's badge: its highest risk tier.
    pub fn tier(&self) -> Option<Tier> {
        self.risks.iter().map(|r| r.tier).max()
    }
}

/// A change read in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Review {
    /// In reading order.
    pub hunks: Vec<ReviewedHunk>,
    /// Low-entropy groups; `hunks` holds hunk ids.
    pub groups: Vec<Group>,
    /// Hunks that depend on each other in a circle (ids), each in reading order.
    pub cycles: Vec<Vec<usize>>,
    /// Dependencies between hunks (ids): `from` provides a name `to` uses.
    pub edges: Vec<Edge>,
    pub files: Vec<FileSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub status: FileStatus,
    pub added: usize,
    pub removed: usize,
    pub hunks: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Deleted,
    Modified,
}

impl Review {
    /// The hunk with this id.
    pub fn by_id(&self, id: usize) -> Option<&ReviewedHunk> {
        self.hunks.iter().find(|h| h.id == id)
    }

    /// Reading position (0-based) of the hunk with this id.
    pub fn position(&self, id: usize) -> Option<usize> {
        self.hunks.iter().position(|h| h.id == id)
    }
}

/// Reviews whole files: the checkpoint against now.
pub fn analyze(changes: &[FileChange]) -> Review {
    let mut sorted: Vec<&FileChange> = changes.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let fragments: Vec<Fragment> = sorted
        .iter()
        .filter(|c| c.before != c.after)
        .map(|c| Fragment {
            path: c.path.clone(),
            before: c.before.clone().unwrap_or_default(),
            after: c.after.clone().unwrap_or_default(),
            before_offset: 0,
            after_offset: 0,
        })
        .collect();
    let statuses = sorted
        .iter()
        .map(|c| {
            let status = match (&c.before, &c.after) {
                (None, Some(_)) => FileStatus::Added,
                (Some(_), None) => FileStatus::Deleted,
                _ => FileStatus::Modified,
            };
            (c.path.clone(), status)
        })
        .collect();
    analyze_fragments(&fragments, statuses)
}

/// Reviews a unified diff (see [`crate::patch::parse`]).
pub fn analyze_patch(fragments: &[Fragment]) -> Review {
    let statuses = fragments
        .iter()
        .map(|f| {
            let status = if f.before.is_empty() && f.before_offset == 0 && !f.after.is_empty() {
                FileStatus::Added
            } else if f.after.is_empty() && f.after_offset == 0 {
                FileStatus::Deleted
            } else {
                FileStatus::Modified
            };
            (f.path.clone(), status)
        })
        .collect();
    analyze_fragments(fragments, statuses)
}

struct Raw {
    hunk: Hunk,
    lead: Vec<String>,
    language: Language,
    role: Role,
    symbols: Symbols,
    risks: Vec<Risk>,
}

fn analyze_fragments(fragments: &[Fragment], statuses: Vec<(String, FileStatus)>) -> Review {
    let mut raw: Vec<Raw> = Vec::new();
    for frag in fragments {
        let language = Language::from_path(&frag.path);
        let role = Role::from_path(&frag.path);
        let hunks = diff_file(&frag.path, &frag.before, &frag.after);
        if hunks.is_empty() {
            continue;
        }
        let before = Outline::new(language, &frag.before);
        let after = Outline::new(language, &frag.after);
        let first = raw.len();
        let after_lines = split_lines(&frag.after);
        for mut hunk in hunks {
            let removed = hunk.removed_lines();
            let added = hunk.added_lines();
            let symbols = hunk_symbols(
                language,
                &before,
                &after,
                hunk.before.clone(),
                hunk.after.clone(),
                &removed,
                &added,
            );
            let view = HunkView {
                lang: language,
                path: &frag.path,
                removed: &removed,
                added: &added,
                in_test: symbols.in_test || role == Role::Test,
            };
            let risks = if matches!(role, Role::Generated) { Vec::new() } else { hunk_risks(&view) };
            let top = hunk.after.start as usize;
            let lead = after_lines
                [top.saturating_sub(LEAD_LINES).min(after_lines.len())..top.min(after_lines.len())]
                .iter()
                .map(|l| l.to_string())
                .collect();
            // Positions in the real file, not the fragment.
            hunk.before = hunk.before.start + frag.before_offset..hunk.before.end + frag.before_offset;
            hunk.after = hunk.after.start + frag.after_offset..hunk.after.end + frag.after_offset;
            raw.push(Raw { hunk, lead, language, role, symbols, risks });
        }
        // Churn is a property of the file's hunks together. Patch fragments of one file are
        // consecutive, so this sees all of them once the last fragment of the file is in.
        let same_file_start =
            raw[..first].iter().rposition(|r| r.hunk.path != frag.path).map_or(0, |p| p + 1);
        let file_hunks = &mut raw[same_file_start..];
        if !matches!(role, Role::Generated) {
            let sizes: Vec<(usize, usize)> =
                file_hunks.iter().map(|r| (r.hunk.removed.len(), r.hunk.added.len())).collect();
            for (r, churn) in file_hunks.iter_mut().zip(churn_risks_by_side(&sizes)) {
                r.risks.retain(|x| x.rule != crate::hunk::Rule::Churn);
                r.risks.extend(churn);
            }
        }
    }
    for r in &mut raw {
        r.risks.sort_by_key(|r| std::cmp::Reverse(r.tier));
    }

    let hunks: Vec<Hunk> = raw.iter().map(|r| r.hunk.clone()).collect();
    let langs: Vec<Language> = raw.iter().map(|r| r.language).collect();
    let eligible: Vec<bool> = raw.iter().map(|r| r.risks.iter().all(|x| x.tier < Tier::Medium)).collect();
    let groups = find_groups(&hunks, &langs, &eligible);
    let nodes: Vec<Node> =
        raw.iter().map(|r| Node { path: &r.hunk.path, role: r.role, symbols: &r.symbols }).collect();
    let placement = reading_order(&nodes, &groups);
    let mut group_of = vec![None; raw.len()];
    for (g, group) in groups.iter().enumerate() {
        for &h in &group.hunks {
            group_of[h] = Some(g);
        }
    }
    let files = statuses
        .into_iter()
        .filter_map(|(path, status)| {
            let of: Vec<&Raw> = raw.iter().filter(|r| r.hunk.path == path).collect();
            (!of.is_empty()).then(|| FileSummary {
                added: of.iter().map(|r| r.hunk.added.len()).sum(),
                removed: of.iter().map(|r| r.hunk.removed.len()).sum(),
                hunks: of.len(),
                path,
                status,
            })
        })
        .fold(Vec::<FileSummary>::new(), |mut acc, f| {
            // Patch fragments repeat a path; keep one summary per file.
            if !acc.iter().any(|x| x.path == f.path) {
                acc.push(f);
            }
            acc
        });
    let mut slots: Vec<Option<Raw>> = raw.into_iter().map(Some).collect();
    let ordered = placement
        .order
        .iter()
        .map(|&id| {
            let r = slots[id].take().expect("each hunk is placed once");
            ReviewedHunk {
                id,
                fingerprint: r.hunk.fingerprint(),
                hunk: r.hunk,
                language: r.language,
                role: r.role,
                symbols: r.symbols,
                risks: r.risks,
                reasons: placement.reasons[id].clone(),
                group: group_of[id],
                surprisal: None,
                lead: r.lead,
            }
        })
        .collect();
    Review { hunks: ordered, groups, cycles: placement.cycles, edges: placement.edges, files }
}
