//! Next-edit suggestions: after the user changes one place, the same change everywhere else it
//! applies, offered one place at a time (Tab jumps there, Tab applies and moves on).
//!
//! Pure logic over file texts, tested natively against the scenario suite
//! (`app/tests/next_edit/`):
//!
//! - [`history`]: the session's recent edits, as hunks of a file against its baseline text;
//! - [`pattern`]: what the last edit was — a rename, a removed member, a statement inserted into
//!   one of several similar blocks, a deleted statement with look-alikes, the same token edit on
//!   similar lines, a changed signature — generalised so it can be matched elsewhere;
//! - [`places`]: where a pattern applies in the open file and the workspace, as [`Proposal`]s,
//!   with [`members`] (a removed or added member's mentions) and [`calls`] (call sites);
//! - [`rank`]: the model's view (likelihood of the edited text at each place, through the review's
//!   `Scorer` trait), which drops places the model finds implausible;
//! - [`model_edits`]: the interface for models with a next-edit prompt format (Zeta-style editable
//!   region + cursor marker + recent edits): their predictions join the candidates.
//!
//! Everything here works on whole texts and byte offsets; the controller
//! (`ide::next_edit`) maps proposals onto the editor.

pub mod calls;
pub mod history;
pub mod members;
pub mod model_edits;
pub mod pattern;
pub mod places;
pub mod rank;

use marble_review::hunk::Risk;
use serde::Serialize;

/// What kind of follow-up a proposal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Rename,
    RemoveMember,
    InsertInSimilarBlocks,
    SameLineChange,
    DeleteSimilar,
    SignatureChange,
    AddMember,
    /// Predicted by a model with a next-edit prompt format.
    Model,
}

/// One offered edit: replace `start..end` of `path`'s current text with `replacement`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposal {
    pub path: String,
    /// Byte range in the file's current text.
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    /// 0-based line of `start`, for the marker.
    pub line: u32,
    pub kind: Kind,
    /// A sentence for the marker's tooltip, e.g. "Same rename: `qty` → `quantity`".
    pub reason: String,
    /// Review's risk rules on the proposed change, shown before it is accepted.
    pub risks: Vec<Risk>,
    /// Higher is more confident: the pattern's own certainty, adjusted by the model's ranking.
    pub score: f32,
}

/// A file of the workspace as the proposals see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// The follow-ups of the user's recent edits in `active` (whose hunks against its baseline are
/// `edits`), over every file of the workspace. In the order the chain visits them: the active
/// file from the last edit downwards, wrapping to its top, then the other files by path.
pub fn propose(files: &[File], active: &str, edits: &[history::Edit]) -> Vec<Proposal> {
    let Some(file) = files.iter().find(|f| f.path == active) else {
        return Vec::new();
    };
    let Some(last) = edits.last() else {
        return Vec::new();
    };
    let patterns = pattern::infer(file, last);
    let mut out: Vec<Proposal> = Vec::new();
    for p in &patterns {
        for proposal in places::find(p, files, active, last) {
            let overlaps = out.iter().any(|o| {
                o.path == proposal.path
                    && o.start < proposal.end.max(proposal.start + 1)
                    && proposal.start < o.end.max(o.start + 1)
            });
            if !overlaps {
                out.push(proposal);
            }
        }
    }
    let mut out = places::merge_adjacent(out, files);
    for p in &mut out {
        p.risks = places::risks_of(p, files);
    }
    let from = last.after_start_byte;
    out.sort_by_key(|p| {
        let other_file = p.path != active;
        let wrapped = !other_file && p.start < from;
        (other_file, p.path.clone(), wrapped, p.start)
    });
    out
}
