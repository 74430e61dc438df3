//! Churn: hunks too large, rewrites, and files changed in too many places to review hunk by hunk.

use crate::hunk::{Risk, Rule, Side, Tier};

/// A hunk with more changed lines than this (removed plus added) is read as new code.
pub const LARGE_HUNK_LINES: usize = 80;
/// A file with this many non-trivial hunks is too scattered to review hunk by hunk.
pub const SCATTERED_HUNKS: usize = 8;
/// A hunk that removes and adds at least this many lines each...
pub const REWRITE_MIN_SIDE: usize = 15;
/// ...and changes this many in all rewrites the code it touches (labelled rewrites of 51 and 65
/// lines replaced 16 to 19 lines; new 50-line modules were not churn).
pub const REWRITE_LINES: usize = 50;
/// Hunks smaller than this don't count towards scattering: a one-line edit (2 changed lines)
/// repeated through a file is a rename, which is mechanical, not churn.
pub const SCATTERED_MIN_LINES: usize = 4;

/// File-level churn: given the hunks of one file (changed line counts) flag the ones that make the
/// file unreviewable: a hunk over [`LARGE_HUNK_LINES`], and, when the file has at least
/// [`SCATTERED_HUNKS`] hunks of [`SCATTERED_MIN_LINES`] or more, the first of those (one flag per
/// file is enough to say "read it whole"). Sizes are all it sees, so a new file counts like a
/// rewrite; [`churn_risks_by_side`] tells them apart.
pub fn churn_risks(hunk_sizes: &[usize]) -> Vec<Option<Risk>> {
    churn(hunk_sizes.iter().map(|&n| (n, false)))
}

/// [`churn_risks`] given each hunk's removed and added line counts, which also flags rewrites: a
/// hunk that replaces at least [`REWRITE_MIN_SIDE`] lines with at least as many, [`REWRITE_LINES`]
/// or more in all. Whole new code (a new module's one hunk) is read as new anyway and is not churn.
pub fn churn_risks_by_side(hunks: &[(usize, usize)]) -> Vec<Option<Risk>> {
    churn(hunks.iter().map(|&(removed, added)| {
        let rewrite = removed.min(added) >= REWRITE_MIN_SIDE && removed + added >= REWRITE_LINES;
        (removed + added, rewrite)
    }))
}

fn churn(hunks: impl Iterator<Item = (usize, bool)> + Clone) -> Vec<Option<Risk>> {
    let scattered = hunks.clone().filter(|&(n, _)| n >= SCATTERED_MIN_LINES).count();
    let flag_at = (scattered >= SCATTERED_HUNKS)
        .then(|| hunks.clone().position(|(n, _)| n >= SCATTERED_MIN_LINES))
        .flatten();
    let risk =
        |reason: String| Risk { rule: Rule::Churn, tier: Tier::Low, reason, side: Side::Added, line: 0 };
    hunks
        .enumerate()
        .map(|(k, (n, rewrite))| {
            if n > LARGE_HUNK_LINES {
                Some(risk(format!("Changes {n} lines in one hunk: review it as new code")))
            } else if rewrite {
                Some(risk(format!("Rewrites {n} lines in one hunk: review it as new code")))
            } else if flag_at == Some(k) {
                Some(risk(format!(
                    "Changes this file in {scattered} separate places: read the whole file, not hunk by hunk"
                )))
            } else {
                None
            }
        })
        .collect()
}
