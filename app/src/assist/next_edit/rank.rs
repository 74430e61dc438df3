//! The model's view of each proposal: how natural the code reads with the change applied,
//! against how it read before. A place where the edited text is much less likely than the text it
//! replaces is probably not a place the change belongs, and is not offered.
//!
//! The model is reached through the review's `Scorer` trait (the worker in the browser, an engine
//! session natively), so this module stays pure and testable.

use super::history::line_starts;
use super::{File, Proposal};
use marble_review::surprisal::{ScoredToken, Scorer};

/// Lines of context read before the changed lines.
const CONTEXT_LINES: usize = 8;
/// A proposal is dropped when the changed lines read this much worse (mean log-probability per
/// token, in nats) than before.
pub const MAX_LOSS_NATS: f32 = 3.0;

/// The texts to score for one proposal: context, the lines as they are, the lines as proposed.
pub fn texts(p: &Proposal, files: &[File]) -> Option<(String, String, String)> {
    let f = files.iter().find(|f| f.path == p.path)?;
    let starts = line_starts(&f.text);
    let line_of = |b: usize| starts.partition_point(|&s| s <= b).saturating_sub(1);
    let first = line_of(p.start);
    // Through the line after the change, so a deletion leaves something to read.
    let last = (line_of(p.end.saturating_sub(1).max(p.start)) + 1).min(starts.len().saturating_sub(2));
    let (s, e) = (starts[first], starts.get(last + 1).copied().unwrap_or(f.text.len()).max(p.end));
    let ctx_start = starts[first.saturating_sub(CONTEXT_LINES)];
    let context = f.text[ctx_start..s].to_string();
    let old = f.text[s..e].to_string();
    let new = format!("{}{}{}", &f.text[s..p.start], p.replacement, &f.text[p.end..e]);
    Some((context, old, new))
}

fn mean(tokens: &[ScoredToken], text: &str) -> Option<f32> {
    let lps: Vec<f32> = tokens
        .iter()
        .filter(|t| text.get(t.start as usize..t.end as usize).is_some_and(|s| !s.trim().is_empty()))
        .map(|t| t.log_prob)
        .collect();
    (!lps.is_empty()).then(|| lps.iter().sum::<f32>() / lps.len() as f32)
}

/// Scores every proposal (its `score` becomes the change in mean log-probability, higher is
/// better) and drops those the model finds implausible. Order is kept: it is the chain's.
pub async fn rank<S: Scorer>(
    proposals: Vec<Proposal>,
    files: &[File],
    scorer: &mut S,
) -> Result<Vec<Proposal>, String> {
    let mut out = Vec::with_capacity(proposals.len());
    for mut p in proposals {
        let Some((context, old, new)) = texts(&p, files) else { continue };
        let before = mean(&scorer.score(&context, &old).await?, &old);
        let after = mean(&scorer.score(&context, &new).await?, &new);
        match (before, after) {
            (Some(b), Some(a)) => {
                p.score = a - b;
                if p.score >= -MAX_LOSS_NATS {
                    out.push(p);
                }
            }
            // Nothing left to read on one side: the model has no say.
            _ => out.push(p),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::Kind;

    /// A scorer that dislikes one word: enough to test the bookkeeping (the scenario suite runs
    /// the real model).
    struct Dislikes(&'static str);

    impl Scorer for Dislikes {
        async fn score(&mut self, _context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
            let mut out = Vec::new();
            let mut at = 0u32;
            for w in text.split_inclusive(' ') {
                let lp = if w.contains(self.0) { -40.0 } else { -1.0 };
                out.push(ScoredToken { start: at, end: at + w.len() as u32, log_prob: lp });
                at += w.len() as u32;
            }
            Ok(out)
        }
    }

    fn proposal(text: &str, from: &str, to: &str) -> Proposal {
        let start = text.find(from).unwrap();
        Proposal {
            path: "a.rs".into(),
            start,
            end: start + from.len(),
            replacement: to.into(),
            line: 0,
            kind: Kind::Rename,
            reason: String::new(),
            risks: vec![],
            score: 1.0,
        }
    }

    #[test]
    fn implausible_places_are_dropped_and_order_kept() {
        let text = "let a = one;\nlet b = two;\nlet c = three;\n";
        let files = vec![File { path: "a.rs".into(), text: text.into() }];
        let ps =
            vec![proposal(text, "one", "uno"), proposal(text, "two", "zzz"), proposal(text, "three", "tres")];
        let kept = pollster::block_on(rank(ps, &files, &mut Dislikes("zzz"))).unwrap();
        let reps: Vec<&str> = kept.iter().map(|p| p.replacement.as_str()).collect();
        assert_eq!(reps, vec!["uno", "tres"]);
        assert!(kept.iter().all(|p| p.score.abs() < 1e-6));
    }

    #[test]
    fn texts_cover_the_changed_lines_and_the_next() {
        let text = "a\nb\nc\nd\n";
        let files = vec![File { path: "a.rs".into(), text: text.into() }];
        let (ctx, old, new) = texts(&proposal(text, "b\n", ""), &files).unwrap();
        assert_eq!((ctx.as_str(), old.as_str(), new.as_str()), ("a\n", "b\nc\n", "c\n"));
    }
}
