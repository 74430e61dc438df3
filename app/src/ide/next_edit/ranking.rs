//! The model's say on a chain: once its first marker is up (the marker does not wait for the
//! model), the proposals are ranked through the engine worker — `assist::next_edit::rank` scores
//! each place's lines before and after the change — and the places the model finds implausible
//! leave the chain before the user reaches them.

use std::collections::BTreeSet;

use futures::channel::oneshot;
use marble_review::surprisal::{ScoredToken, Scorer};

use crate::assist::next_edit::Proposal;
use crate::worker::protocol::{Event, Request, RequestId};
use crate::worker::EngineClient;

/// `Scorer` over the engine worker's `ScoreText`; `on_request` hears each request's id (so the
/// request in flight can be cancelled when the chain ends).
pub struct WorkerScorer<F: FnMut(RequestId)> {
    pub engine: EngineClient,
    pub on_request: F,
}

impl<F: FnMut(RequestId)> Scorer for WorkerScorer<F> {
    async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
        let (tx, rx) = oneshot::channel::<Event>();
        let mut tx = Some(tx);
        let request = Request::ScoreText { context: context.to_string(), text: text.to_string() };
        let id = self.engine.request(request, move |event| {
            if let Some(tx) = tx.take() {
                let _ = tx.send(event.clone());
            }
        });
        (self.on_request)(id);
        match rx.await {
            Ok(Event::TextScored { tokens }) => Ok(tokens
                .into_iter()
                .map(|t| ScoredToken { start: t.start, end: t.end, log_prob: t.log_prob })
                .collect()),
            Ok(Event::Error(e)) => Err(e.message),
            Ok(_) | Err(_) => Err("cancelled".to_string()),
        }
    }
}

/// The indices in `proposals` of the ones `kept` (what the ranking returned: the same proposals,
/// rescored, some left out).
pub fn kept_ids(proposals: &[Proposal], kept: &[Proposal]) -> BTreeSet<usize> {
    let mut ids = BTreeSet::new();
    for k in kept {
        let same = |(i, p): &(usize, &Proposal)| {
            !ids.contains(i)
                && p.path == k.path
                && p.start == k.start
                && p.end == k.end
                && p.replacement == k.replacement
        };
        if let Some((i, _)) = proposals.iter().enumerate().find(same) {
            ids.insert(i);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::next_edit::Kind;

    fn p(path: &str, start: usize, replacement: &str) -> Proposal {
        Proposal {
            path: path.into(),
            start,
            end: start + 1,
            replacement: replacement.into(),
            line: 0,
            kind: Kind::Rename,
            reason: String::new(),
            risks: Vec::new(),
            score: 0.0,
        }
    }

    #[test]
    fn kept_proposals_are_found_by_place_and_change_not_by_score() {
        let all = [p("a.rs", 1, "x"), p("a.rs", 5, "x"), p("b.rs", 1, "x"), p("a.rs", 1, "y")];
        let mut kept = vec![all[1].clone(), all[2].clone()];
        kept[0].score = -0.7;
        assert_eq!(kept_ids(&all, &kept), [1, 2].into_iter().collect());
        assert!(kept_ids(&all, &[p("c.rs", 1, "x")]).is_empty());
    }
}
