//! The model's surprisal for the review, through the engine worker: each hunk's new lines are sent
//! as a `Request::ScoreText` (with the lines above them as context), one at a time so inline
//! completions can run between them, and the scores go through `marble_review::surprisal::apply`.
//!
//! Scores are cached by (context, text), so analysing again after a keystroke asks the model only
//! for the hunks that changed. A new run (a new analysis) cancels the one in flight.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use marble_review::surprisal::{apply, requests, ScoreRequest, ScoredToken};
use marble_review::Review;

use super::state::{next_version, Scoring};
use crate::clock::now_ms;
use crate::ide::state::{Ide, ModelStatus};
use crate::worker::protocol::{Event, Request, RequestId};
use crate::worker::EngineClient;

/// A hunk's text is scored up to this many bytes (cut at a line end): enough for any hunk a
/// person reviews line by line, and a bound on the time a whole new file costs.
pub const MAX_SCORE_BYTES: usize = 4096;
/// Scored texts remembered.
const CACHE_ENTRIES: usize = 512;

/// Scores already known, by (context, text); the oldest go first.
#[derive(Default)]
pub struct ScoreCache {
    map: HashMap<(String, String), Vec<ScoredToken>>,
    order: VecDeque<(String, String)>,
}

impl ScoreCache {
    fn key(req: &ScoreRequest) -> (String, String) {
        (req.context.clone(), req.text.clone())
    }

    pub fn get(&self, req: &ScoreRequest) -> Option<&Vec<ScoredToken>> {
        self.map.get(&Self::key(req))
    }

    pub fn insert(&mut self, req: &ScoreRequest, tokens: Vec<ScoredToken>) {
        let key = Self::key(req);
        if self.map.insert(key.clone(), tokens).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > CACHE_ENTRIES {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Applies every score known for `review`'s hunks; returns how many hunks had one.
    pub fn apply_to(&self, review: &mut Review) -> usize {
        let results: Vec<(ScoreRequest, Vec<ScoredToken>)> = requests(review)
            .into_iter()
            .map(trimmed)
            .filter_map(|r| self.get(&r).cloned().map(|t| (r, t)))
            .collect();
        if !results.is_empty() {
            apply(review, &results);
        }
        results.len()
    }
}

/// `req` with its text cut to [`MAX_SCORE_BYTES`] at a line end (or a character boundary when
/// the first line alone is longer). Lines keep their indices, so marks still land on the hunk's
/// added lines.
pub fn trimmed(mut req: ScoreRequest) -> ScoreRequest {
    if req.text.len() <= MAX_SCORE_BYTES {
        return req;
    }
    let cut = match req.text[..MAX_SCORE_BYTES].rfind('\n') {
        Some(nl) => nl + 1,
        None => (0..=MAX_SCORE_BYTES).rev().find(|&i| req.text.is_char_boundary(i)).unwrap_or(0),
    };
    req.text.truncate(cut);
    req
}

thread_local! {
    static CACHE: RefCell<ScoreCache> = RefCell::new(ScoreCache::default());
    /// The newest run; older runs stop at their next step.
    static RUN: Cell<u64> = const { Cell::new(0) };
    static IN_FLIGHT: Cell<Option<RequestId>> = const { Cell::new(None) };
}

pub fn model_ready(ide: Ide) -> bool {
    ide.model.with_untracked(|m| matches!(m, ModelStatus::Ready(_)))
}

/// Applies the cached scores to `review` (see [`ScoreCache::apply_to`]).
pub fn apply_cached(review: &mut Review) -> usize {
    CACHE.with_borrow(|c| c.apply_to(review))
}

/// Scores the hunks of the current analysis the cache lacks, then applies every score to it.
/// Cancels the run in flight; does nothing without a model.
pub fn run(ide: Ide) {
    let rs = ide.review;
    let generation = RUN.with(|r| {
        r.set(r.get() + 1);
        r.get()
    });
    let engine = ide.engine.get_value();
    if let (Some(id), Some(engine)) = (IN_FLIGHT.take(), engine.as_ref()) {
        engine.cancel(id);
    }
    let Some(engine) = engine.filter(|_| model_ready(ide)) else { return };
    let Some(analysed) = rs.analysed.get_untracked() else { return };
    let all: Vec<ScoreRequest> = requests(&analysed.review).into_iter().map(trimmed).collect();
    let (cached, missing): (Vec<ScoreRequest>, Vec<ScoreRequest>) =
        all.into_iter().partition(|r| CACHE.with_borrow(|c| c.get(r).is_some()));
    if missing.is_empty() {
        // Nothing new to ask: keep a finished run's figures, replace anything else (a run that a
        // newer one cancelled must not stay "running").
        let finished = matches!(rs.scoring.get_untracked(), Scoring::Done { scored, .. } if scored > 0);
        if cached.is_empty() {
            rs.scoring.set(Scoring::Idle);
        } else if !finished {
            rs.scoring.set(Scoring::Done { scored: 0, cached: cached.len(), ms: 0.0 });
        }
        return;
    }
    let total = missing.len();
    rs.scoring.set(Scoring::Running { done: 0, total });
    let current = move || RUN.get() == generation;
    spawn_local(async move {
        let t0 = now_ms();
        for (k, req) in missing.iter().enumerate() {
            match score_one(&engine, req).await {
                Ok(tokens) => CACHE.with_borrow_mut(|c| c.insert(req, tokens)),
                // A newer run took over (it cancelled this request).
                Err(None) => return,
                Err(Some(message)) => {
                    if current() {
                        rs.scoring.set(Scoring::Failed(message));
                    }
                    return;
                }
            }
            if !current() {
                return;
            }
            rs.scoring.set(Scoring::Running { done: k + 1, total });
        }
        let ms = now_ms() - t0;
        rs.analysed.update(|a| {
            if let Some(a) = a {
                let mut next = (**a).clone();
                apply_cached(&mut next.review);
                next.version = next_version();
                *a = Arc::new(next);
            }
        });
        rs.scoring.set(Scoring::Done { scored: total, cached: cached.len(), ms });
    });
}

/// One request to the worker. `Err(None)`: cancelled; `Err(Some(sentence))`: failed.
async fn score_one(engine: &EngineClient, req: &ScoreRequest) -> Result<Vec<ScoredToken>, Option<String>> {
    let (tx, rx) = oneshot::channel::<Event>();
    let mut tx = Some(tx);
    let request = Request::ScoreText { context: req.context.clone(), text: req.text.clone() };
    let id = engine.request(request, move |event| {
        if let Some(tx) = tx.take() {
            let _ = tx.send(event.clone());
        }
    });
    IN_FLIGHT.set(Some(id));
    let answer = rx.await;
    if IN_FLIGHT.get() == Some(id) {
        IN_FLIGHT.set(None);
    }
    match answer {
        Ok(Event::TextScored { tokens }) => Ok(tokens
            .into_iter()
            .map(|t| ScoredToken { start: t.start, end: t.end, log_prob: t.log_prob })
            .collect()),
        Ok(Event::Error(e)) => Err(Some(format!("Surprisal could not be computed: {}", e.message))),
        Ok(_) | Err(_) => Err(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::{analyze, FileChange};

    fn req(text: &str) -> ScoreRequest {
        ScoreRequest { hunk: 0, context: "ctx\n".into(), text: text.into() }
    }

    #[test]
    fn long_texts_are_cut_at_a_line_end() {
        let line = "x".repeat(100) + "\n";
        let long = line.repeat(50);
        let cut = trimmed(req(&long));
        assert!(cut.text.len() <= MAX_SCORE_BYTES && cut.text.ends_with('\n'));
        assert_eq!(cut.text.len() % line.len(), 0, "whole lines only");
        let short = req("a\n");
        assert_eq!(trimmed(short.clone()), short);
        // One huge line of multi-byte characters: cut on a character boundary.
        let wide = trimmed(req(&"é".repeat(MAX_SCORE_BYTES)));
        assert!(wide.text.len() <= MAX_SCORE_BYTES && wide.text.chars().all(|c| c == 'é'));
    }

    #[test]
    fn the_cache_keeps_the_newest_entries() {
        let mut cache = ScoreCache::default();
        for i in 0..CACHE_ENTRIES + 5 {
            cache.insert(&req(&format!("{i}\n")), vec![]);
        }
        assert_eq!(cache.len(), CACHE_ENTRIES);
        assert!(cache.get(&req("0\n")).is_none());
        assert!(cache.get(&req(&format!("{}\n", CACHE_ENTRIES + 4))).is_some());
    }

    #[test]
    fn cached_scores_apply_to_a_new_analysis_of_the_same_hunk() {
        let before: String = (0..12).map(|i| format!("let a{i} = {i};\n")).collect();
        let after = before.replace("let a9 = 9;\n", "let a9 = 9;\nlet odd = zebra;\n");
        let change = |after: &str| {
            analyze(&[FileChange {
                path: "x.js".into(),
                before: Some(before.clone()),
                after: Some(after.into()),
            }])
        };
        let review = change(&after);
        let r = trimmed(requests(&review).remove(0));
        // One token per character, all ordinary but `zebra`.
        let at = r.text.find("zebra").unwrap();
        let mut tokens: Vec<ScoredToken> = (0..r.text.len())
            .filter(|i| !(at..at + 5).contains(i))
            .map(|i| ScoredToken { start: i as u32, end: i as u32 + 1, log_prob: -0.5 })
            .collect();
        tokens.push(ScoredToken { start: at as u32, end: at as u32 + 5, log_prob: -13.0 });
        let mut cache = ScoreCache::default();
        cache.insert(&r, tokens);
        // The same change analysed again (as after an unrelated keystroke) finds its scores.
        let mut again = change(&after);
        assert_eq!(cache.apply_to(&mut again), 1);
        let marks = &again.hunks[0].surprisal.as_ref().unwrap().marks;
        assert_eq!(marks.len(), 1);
        // A different change has no scores yet.
        let mut other = change(&after.replace("zebra", "zebu"));
        assert_eq!(cache.apply_to(&mut other), 0);
        assert!(other.hunks[0].surprisal.is_none());
    }
}
