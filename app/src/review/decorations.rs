//! The review's marks in the editor, for the file it shows: the added lines of each risky hunk
//! (a class per tier, the reasons as the tooltip; the lines a risk points at stand out), the place
//! of a risky deletion, and the tokens the model found surprising. Computed against the text the
//! review was made from; the editor maps them through later edits until the next review.

use marble_review::hunk::{Risk, Side, Tier};
use marble_review::Review;

use crate::editor::{byte_to_utf16, Decoration, DecorationKind};

pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::High => "high",
        Tier::Medium => "medium",
        Tier::Low => "low",
    }
}

/// The decorations for `path`, whose text is `text` (what the review was computed from).
pub fn editor_marks(review: &Review, path: &str, text: &str) -> Vec<Decoration> {
    // UTF-16 offset of each line's start, plus the end of the text.
    let mut starts = vec![0usize];
    let mut units = 0usize;
    for ch in text.chars() {
        units += ch.len_utf16();
        if ch == '\n' {
            starts.push(units);
        }
    }
    let line_start = |n: usize| starts.get(n).copied();
    let mut out = Vec::new();
    for h in review.hunks.iter().filter(|h| h.hunk.path == path) {
        let first = h.hunk.after.start as usize;
        if let Some(tier) = h.tier() {
            let tier = tier_name(tier);
            let all: Vec<&str> = h.risks.iter().map(|r| r.reason.as_str()).collect();
            if h.hunk.added.is_empty() {
                // A deletion has no line of its own: mark where the lines were.
                let at = first.min(starts.len().saturating_sub(1));
                if let Some(from) = line_start(at) {
                    out.push(Decoration {
                        from,
                        to: from,
                        kind: DecorationKind::Line,
                        class: format!("review-line review-removed-here review-{tier}"),
                        title: Some(all.join("\n")),
                        text: None,
                    });
                }
            }
            for i in 0..h.hunk.added.len() {
                let Some(from) = line_start(first + i) else { break };
                let own: Vec<&Risk> =
                    h.risks.iter().filter(|r| r.side == Side::Added && r.line as usize == i).collect();
                // The line a risk points at is tinted by that risk's own tier.
                let (class, title) = match own.iter().map(|r| r.tier).max() {
                    None => (format!("review-line review-{tier}"), all.join("\n")),
                    Some(own_tier) => (
                        format!(
                            "review-line review-{tier} review-risk-line review-risk-{}",
                            tier_name(own_tier)
                        ),
                        own.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>().join("\n"),
                    ),
                };
                out.push(Decoration {
                    from,
                    to: from,
                    kind: DecorationKind::Line,
                    class,
                    title: Some(title),
                    text: None,
                });
            }
        }
        let Some(s) = &h.surprisal else { continue };
        for m in &s.marks {
            let Some(line) = h.hunk.added.get(m.line as usize) else { continue };
            let Some(base) = line_start(first + m.line as usize) else { continue };
            let (start, end) = (m.start as usize, m.end as usize);
            if end > line.len() || start >= end {
                continue;
            }
            out.push(Decoration {
                from: base + byte_to_utf16(line, start),
                to: base + byte_to_utf16(line, end),
                kind: DecorationKind::Mark,
                class: "review-surprise".into(),
                title: Some(surprise_title(m.surprisal)),
                text: None,
            });
        }
    }
    out
}

/// The tooltip of an underlined token.
pub fn surprise_title(nats: f32) -> String {
    format!("The model finds this surprising: {nats:.1} nats (about 1 in {:.0})", nats.exp().min(1e9))
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::surprisal::{apply, requests, ScoredToken};
    use marble_review::{analyze, FileChange};

    const BEFORE: &str = "fn main() {\n    let n = 1;\n}\n";
    const AFTER: &str = "fn main() {\n    let n = 1;\n    let é = parse().unwrap();\n}\n";

    fn review() -> Review {
        analyze(&[FileChange {
            path: "src/main.rs".into(),
            before: Some(BEFORE.into()),
            after: Some(AFTER.into()),
        }])
    }

    #[test]
    fn risky_added_lines_get_a_line_mark_with_reasons() {
        let review = review();
        let h = &review.hunks[0];
        assert!(h.tier().is_some(), "an unwrap in non-test code is a risk: {:?}", h.risks);
        let marks = editor_marks(&review, "src/main.rs", AFTER);
        let lines: Vec<&Decoration> = marks.iter().filter(|d| d.kind == DecorationKind::Line).collect();
        assert_eq!(lines.len(), 1);
        // The third line starts after "fn main() {\n" and "    let n = 1;\n".
        assert_eq!(lines[0].from, 12 + 15);
        assert!(lines[0].class.starts_with("review-line review-"), "{}", lines[0].class);
        assert!(lines[0].title.as_deref().is_some_and(|t| t.contains("unwrap")), "{:?}", lines[0].title);
        assert!(editor_marks(&review, "other.rs", AFTER).is_empty());
    }

    #[test]
    fn surprising_tokens_are_marked_in_utf16() {
        let mut review = review();
        let reqs = requests(&review);
        assert_eq!(reqs.len(), 1);
        // Every token ordinary but `parse` (bytes 13..18 of the added line: after "    let é = ").
        let text = &reqs[0].text;
        let at = text.find("parse").unwrap();
        let mut tokens: Vec<ScoredToken> = Vec::new();
        for (i, _) in text.char_indices() {
            let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
            if i >= at && i < at + 5 {
                continue;
            }
            tokens.push(ScoredToken { start: i as u32, end: end as u32, log_prob: -0.5 });
        }
        tokens.push(ScoredToken { start: at as u32, end: (at + 5) as u32, log_prob: -14.0 });
        apply(&mut review, &[(reqs[0].clone(), tokens)]);
        let marks = editor_marks(&review, "src/main.rs", AFTER);
        let mark = marks.iter().find(|d| d.kind == DecorationKind::Mark).expect("a surprisal mark");
        assert_eq!(mark.class, "review-surprise");
        // "é" is 2 bytes but 1 UTF-16 unit: the mark starts one unit earlier than its byte offset.
        let line_start = 12 + 15;
        assert_eq!((mark.from, mark.to), (line_start + at - 1, line_start + at - 1 + 5));
        assert!(mark.title.as_deref().unwrap().contains("14.0 nats"));
    }
}
