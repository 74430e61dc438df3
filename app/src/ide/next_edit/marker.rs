//! How a proposal is drawn: the proposed change as an inline diff at its place (whole deleted
//! lines shaded, removed text struck through, inserted text shown beside it), and the hint that
//! says where the place is and what Tab does ("↓ line 42 · Tab" when it is off-screen).
//!
//! Pure: byte offsets in, the editor's UTF-16 decorations and plain strings out.

use marble_review::hunk::{Risk, Tier};

use super::chain::Phase;
use crate::assist::next_edit::Proposal;
use crate::editor::{byte_to_utf16, Decoration, DecorationKind};
use crate::review::card::rule_label;
use crate::review::decorations::tier_name;

/// Changed-line pairs compared line by line at most this large (old × new lines); a bigger
/// proposal is drawn as one block, which is what a rewrite that large reads as anyway.
const MAX_LINE_PAIRS: usize = 40_000;

/// One part of a proposed change, in bytes of the file's current text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Whole lines `from..to` go (`to` is a line start or the end of the text): shaded.
    DeleteLines { from: usize, to: usize },
    /// The text `from..to` goes: struck through.
    Strike { from: usize, to: usize },
    /// `text` comes at `at`.
    Insert { at: usize, text: String },
}

/// The pieces of replacing `start..end` of `text` with `replacement`: unchanged lines inside the
/// range are left alone (a proposal may merge a format string and its argument a few lines
/// apart), and each changed run is cut to the characters that differ, with deletions slid to
/// whole lines where the same text allows it.
pub fn pieces(text: &str, start: usize, end: usize, replacement: &str) -> Vec<Piece> {
    let old = lines_with_offsets(&text[start..end], start);
    let new = lines_with_offsets(replacement, 0);
    let mut out = Vec::new();
    let old_at = |i: usize| old.get(i).map_or(end, |l| l.0);
    let new_at = |i: usize| new.get(i).map_or(replacement.len(), |l| l.0);
    for (olds, news) in changed_runs(&old, &new) {
        // As many lines changed as replace them: each line against its own (a call changed at
        // three call sites reads as three small changes, not one block).
        if olds.len() == news.len() {
            for (i, j) in olds.zip(news) {
                change_pieces(
                    text,
                    old_at(i),
                    old_at(i + 1),
                    &replacement[new_at(j)..new_at(j + 1)],
                    &mut out,
                );
            }
        } else {
            let new_text = &replacement[new_at(news.start)..new_at(news.end)];
            change_pieces(text, old_at(olds.start), old_at(olds.end), new_text, &mut out);
        }
    }
    out
}

/// The lines of `s` with their endings, each with its byte offset plus `base`.
fn lines_with_offsets(s: &str, base: usize) -> Vec<(usize, &str)> {
    let mut at = base;
    s.split_inclusive('\n')
        .map(|l| {
            let line = (at, l);
            at += l.len();
            line
        })
        .collect()
}

/// Runs of lines that differ between `old` and `new` (by a longest common subsequence of whole
/// lines), as index ranges into each.
fn changed_runs(
    old: &[(usize, &str)],
    new: &[(usize, &str)],
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let (n, m) = (old.len(), new.len());
    if n * m > MAX_LINE_PAIRS {
        return vec![(0..n, 0..m)];
    }
    // lcs[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] =
                if old[i].1 == new[j].1 { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut runs = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    while i < n || j < m {
        if i < n && j < m && old[i].1 == new[j].1 {
            if let Some((si, sj)) = run.take() {
                runs.push((si..i, sj..j));
            }
            i += 1;
            j += 1;
            continue;
        }
        run.get_or_insert((i, j));
        if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    if let Some((si, sj)) = run {
        runs.push((si..n, sj..m));
    }
    runs
}

fn at_line_start(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n')
}

/// `text[a..b]` replaced by `new`, cut to what differs.
fn change_pieces(text: &str, a: usize, b: usize, new: &str, out: &mut Vec<Piece>) {
    let old = &text[a..b];
    let prefix: usize =
        old.chars().zip(new.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let room = old.len().min(new.len()) - prefix;
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .scan(0, |sum, n| {
            *sum += n;
            Some(*sum)
        })
        .take_while(|&sum| sum <= room)
        .last()
        .unwrap_or(0);
    let (a, b) = (a + prefix, b - suffix);
    let new = &new[prefix..new.len() - suffix];
    match (a < b, new.is_empty()) {
        (false, true) => {}
        (true, true) => {
            let (x, y) = slide_to_line_start(text, a, b);
            if at_line_start(text, x) && (at_line_start(text, y) || y == text.len()) {
                out.push(Piece::DeleteLines { from: x, to: y });
            } else {
                out.push(Piece::Strike { from: a, to: b });
            }
        }
        (false, false) => {
            let (at, text) = slide_insertion(text, a, new);
            out.push(Piece::Insert { at, text });
        }
        (true, false) => {
            out.push(Piece::Strike { from: a, to: b });
            out.push(Piece::Insert { at: b, text: new.to_string() });
        }
    }
}

/// Deleting `a..b` is the same as deleting it shifted by a character where the text repeats
/// there; shifts it (left first) until it starts a line, if it can.
fn slide_to_line_start(text: &str, a: usize, b: usize) -> (usize, usize) {
    let (mut x, mut y) = (a, b);
    while !at_line_start(text, x) && text[..x].chars().last().is_some_and(|c| text[..y].ends_with(c)) {
        let n = text[..x].chars().last().map_or(1, char::len_utf8);
        x -= n;
        y -= n;
    }
    if at_line_start(text, x) {
        return (x, y);
    }
    let (mut x, mut y) = (a, b);
    while !at_line_start(text, x) && y < text.len() && text[x..].chars().next() == text[y..].chars().next() {
        let n = text[x..].chars().next().map_or(1, char::len_utf8);
        x += n;
        y += n;
    }
    if at_line_start(text, x) {
        (x, y)
    } else {
        (a, b)
    }
}

/// Inserting `new` at `at` is the same as inserting it rotated where the text before `at` ends
/// like `new`; moves a whole-line insertion to the start of a line, if it can.
fn slide_insertion(text: &str, at: usize, new: &str) -> (usize, String) {
    let (mut x, mut s) = (at, new.to_string());
    while !at_line_start(text, x) {
        let Some(c) = text[..x].chars().last() else { break };
        if !s.ends_with(c) {
            break;
        }
        s.truncate(s.len() - c.len_utf8());
        s.insert(0, c);
        x -= c.len_utf8();
    }
    if at_line_start(text, x) {
        (x, s)
    } else {
        (at, new.to_string())
    }
}

/// The editor's decorations for `p` over `text` (its file's current text): the inline diff, and
/// the place's first line marked (more strongly once the cursor is there).
pub fn decorations(text: &str, p: &Proposal, phase: Phase) -> Vec<Decoration> {
    let title = Some(p.reason.clone());
    let deco =
        |from: usize, to: usize, kind: DecorationKind, class: &str, widget: Option<String>| Decoration {
            from: byte_to_utf16(text, from),
            to: byte_to_utf16(text, to),
            kind,
            class: class.into(),
            title: title.clone(),
            text: widget,
        };
    let place = match phase {
        Phase::Marked => "ne-place",
        Phase::AtPlace => "ne-place ne-at-place",
    };
    let mut out = vec![deco(p.start, p.start, DecorationKind::Line, place, None)];
    for piece in pieces(text, p.start, p.end, &p.replacement) {
        out.push(match piece {
            Piece::DeleteLines { from, to } => deco(from, to, DecorationKind::Line, "ne-del-line", None),
            Piece::Strike { from, to } => deco(from, to, DecorationKind::Mark, "ne-del", None),
            Piece::Insert { at, text } => deco(at, at, DecorationKind::Widget, "ne-ins", Some(text)),
        });
    }
    out
}

/// Where the marked place is, seen from the editor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// On screen: the hint sits at the end of its line (`left: None` when the line reaches the
    /// right edge, so the hint is pinned there), `top` in pixels from the editor's top.
    Here {
        top: f64,
        left: Option<f64>,
    },
    /// Above or below what is on screen.
    Above,
    Below,
    /// In another file.
    OtherFile,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Here { .. } => "here",
            Placement::Above => "above",
            Placement::Below => "below",
            Placement::OtherFile => "file",
        }
    }
}

/// What the hint says: where the place is and what Tab does.
pub fn label(placement: Placement, phase: Phase, path: &str, line: usize) -> String {
    match (placement, phase) {
        (Placement::Here { .. }, Phase::Marked) => "Tab ⇥ jump".to_string(),
        (Placement::Here { .. }, Phase::AtPlace) => "Tab ⇥ apply".to_string(),
        (Placement::Above, _) => format!("↑ line {line} · Tab"),
        (Placement::Below, _) => format!("↓ line {line} · Tab"),
        (Placement::OtherFile, _) => {
            format!("→ {} line {line} · Tab", crate::workspace::path::file_name(path))
        }
    }
}

/// One risk as the hint's card shows it, styled like the review panel's badges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskRow {
    /// "high", "medium", "low".
    pub tier: &'static str,
    pub label: &'static str,
    pub reason: String,
}

/// The proposal's risks, highest tier first.
pub fn risk_rows(risks: &[Risk]) -> Vec<RiskRow> {
    let mut sorted: Vec<&Risk> = risks.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.tier));
    sorted
        .into_iter()
        .map(|r| RiskRow { tier: tier_name(r.tier), label: rule_label(r.rule), reason: r.reason.clone() })
        .collect()
}

/// The plain-text tooltip: the reason, then each risk's sentence.
pub fn tooltip(reason: &str, risks: &[Risk]) -> String {
    let mut out = reason.to_string();
    for r in risk_rows(risks) {
        out.push_str(&format!("\n{} risk ({}): {}", r.tier, r.label, r.reason));
    }
    out
}

/// The highest tier among `risks`, for the hint's colour.
pub fn top_tier(risks: &[Risk]) -> Option<Tier> {
    risks.iter().map(|r| r.tier).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::Kind;
    use marble_review::hunk::{Rule, Side};

    /// `text` with (the first) `old` replaced by `new`: the pieces, and the text they give.
    fn draw(text: &str, old: &str, new: &str) -> (Vec<Piece>, String) {
        let start = text.find(old).expect("old is in the text");
        let got = pieces(text, start, start + old.len(), new);
        // Replaying the pieces gives the proposal's result.
        let mut edits: Vec<(usize, usize, String)> = got
            .iter()
            .map(|p| match p {
                Piece::DeleteLines { from, to } | Piece::Strike { from, to } => (*from, *to, String::new()),
                Piece::Insert { at, text } => (*at, *at, text.clone()),
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
        let mut result = text.to_string();
        for (a, b, s) in edits {
            result.replace_range(a..b, &s);
        }
        (got, result)
    }

    #[test]
    fn a_deleted_line_is_shaded_whole_even_when_the_range_starts_mid_line() {
        let text = "    a: u8,\n    b: u8,\n    c: u8,\n";
        // Deleting "b: u8,\n    " (the same change as deleting the line) slides to the line.
        let (got, result) = draw(text, "b: u8,\n    ", "");
        assert_eq!(got, [Piece::DeleteLines { from: 11, to: 22 }]);
        assert_eq!(result, "    a: u8,\n    c: u8,\n");
        let (got, _) = draw(text, "    c: u8,\n", "");
        assert_eq!(got, [Piece::DeleteLines { from: 22, to: 33 }]);
    }

    #[test]
    fn part_of_a_line_is_struck_and_a_replacement_shows_beside_it() {
        let text = "Invoice::new(1, \"Ada\", 12_000, 10),\n";
        let (got, result) = draw(text, ", 10)", ")");
        assert_eq!(got, [Piece::Strike { from: 29, to: 33 }]);
        assert_eq!(result, "Invoice::new(1, \"Ada\", 12_000),\n");
        let (got, result) = draw("let qty = 1;\n", "qty", "quantity");
        assert_eq!(got, [Piece::Insert { at: 5, text: "uanti".into() }]);
        assert_eq!(result, "let quantity = 1;\n");
        let (got, _) = draw("x = fóo;\n", "fóo", "bár");
        assert_eq!(got, [Piece::Strike { from: 4, to: 8 }, Piece::Insert { at: 8, text: "bár".into() }]);
    }

    #[test]
    fn unchanged_lines_inside_a_merged_proposal_are_left_alone() {
        let text = "write!(\n    f,\n    \"{} ({}% off)\",\n    self.total,\n    self.discount,\n)\n";
        let start = text.find("\"{} (").unwrap();
        let end = text.find(")\n").unwrap();
        let new = "\"{}\",\n    self.total,\n";
        let got = pieces(text, start, end, new);
        let discount = text.find("    self.discount").unwrap();
        assert_eq!(
            got,
            [
                Piece::Strike { from: start + 3, to: start + 13 },
                Piece::DeleteLines { from: discount, to: discount + "    self.discount,\n".len() },
            ],
            "{got:?}"
        );
    }

    #[test]
    fn a_change_at_several_lines_is_drawn_line_by_line() {
        let text = "v = [\n    new(1, 10),\n    new(2, 0),\n];\n";
        let start = text.find(", 10)").unwrap();
        let end = text.find(", 0)").unwrap() + ", 0".len();
        let got = pieces(text, start, end, "),\n    new(2");
        assert_eq!(
            got,
            [Piece::Strike { from: start, to: start + 4 }, Piece::Strike { from: end - 3, to: end }],
            "{got:?}"
        );
    }

    #[test]
    fn an_inserted_line_moves_to_a_line_start() {
        let text = "match x {\n    A => {\n        a();\n    }\n}\n";
        let at = text.find("        a();\n").unwrap() + "        a();\n".len();
        let got = pieces(text, at, at, "        log();\n");
        assert_eq!(got, [Piece::Insert { at, text: "        log();\n".into() }]);
        // The same insertion proposed mid-line, after the indentation it repeats.
        let got = pieces(text, at + 4, at + 4, "    log();\n    ");
        assert_eq!(got, [Piece::Insert { at, text: "        log();\n".into() }]);
    }

    fn proposal(text: &str, old: &str, new: &str) -> Proposal {
        let start = text.find(old).unwrap();
        Proposal {
            path: "src/a.rs".into(),
            start,
            end: start + old.len(),
            replacement: new.into(),
            line: text[..start].matches('\n').count() as u32,
            kind: Kind::RemoveMember,
            reason: "Remove `é`".into(),
            risks: vec![
                Risk {
                    rule: Rule::Churn,
                    tier: Tier::Low,
                    reason: "Large".into(),
                    side: Side::Removed,
                    line: 0,
                },
                Risk {
                    rule: Rule::Panic,
                    tier: Tier::Medium,
                    reason: "unwrap".into(),
                    side: Side::Added,
                    line: 0,
                },
            ],
            score: 1.0,
        }
    }

    #[test]
    fn decorations_are_in_utf16_with_the_place_marked() {
        let text = "// é\nlet a = 1;\nlet b = 2;\n";
        let p = proposal(text, "let b = 2;\n", "");
        let got = decorations(text, &p, Phase::Marked);
        // "// é\n" is 6 bytes but 5 UTF-16 units.
        assert_eq!(got[0].from, 16);
        assert_eq!((got[0].kind, got[0].class.as_str()), (DecorationKind::Line, "ne-place"));
        assert_eq!((got[1].from, got[1].to, got[1].class.as_str()), (16, 27, "ne-del-line"));
        assert_eq!(got[1].title.as_deref(), Some("Remove `é`"));
        let at = decorations(text, &proposal(text, "1", "10"), Phase::AtPlace);
        assert_eq!(at[0].class, "ne-place ne-at-place");
        assert_eq!((at[1].kind, at[1].from, at[1].text.as_deref()), (DecorationKind::Widget, 14, Some("0")));
    }

    #[test]
    fn labels_and_risks() {
        assert_eq!(label(Placement::Below, Phase::Marked, "src/a.rs", 42), "↓ line 42 · Tab");
        assert_eq!(label(Placement::Above, Phase::AtPlace, "src/a.rs", 3), "↑ line 3 · Tab");
        assert_eq!(label(Placement::OtherFile, Phase::Marked, "src/main.rs", 7), "→ main.rs line 7 · Tab");
        assert_eq!(label(Placement::Here { top: 0.0, left: None }, Phase::AtPlace, "a", 1), "Tab ⇥ apply");
        let p = proposal("x", "x", "");
        let rows = risk_rows(&p.risks);
        assert_eq!((rows[0].tier, rows[0].label), ("medium", "panic"));
        assert_eq!(
            tooltip(&p.reason, &p.risks),
            "Remove `é`\nmedium risk (panic): unwrap\nlow risk (churn): Large"
        );
        assert_eq!(top_tier(&p.risks), Some(Tier::Medium));
    }
}
