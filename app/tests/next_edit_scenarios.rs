//! The next-edit scenario suite (`tests/next_edit/`, format in its README): for each scenario, the
//! user's edit (before → edited) goes through `propose`, and each offered edit is checked against
//! the expected follow-ups (edited → after). Prints precision and recall per kind, and the time
//! from the edit to the first proposal; holds the figures reached.
//!
//!     cargo test --release -p marble-app --test next_edit_scenarios -- --nocapture

use marble_app::assist::next_edit::history::edits_between;
use marble_app::assist::next_edit::rank::rank;
use marble_app::assist::next_edit::{propose, File, Proposal};
use marble_engine::{Model, Session};
use marble_review::diff::{line_changes, split_lines};
use marble_review::surprisal::{ScoredToken, Scorer};
use marble_review::tree::file_paths;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

// The figures reached (see the README); a change that lowers one fails here.
const MIN_SCENARIOS: usize = 30;
const MIN_PRECISION: f64 = 0.94;
const MIN_RECALL: f64 = 0.74;
const MIN_PRECISION_WITH_MODEL: f64 = 0.94;
const MIN_RECALL_WITH_MODEL: f64 = 0.74;

/// The real default model on the CPU, as the ranking's scorer.
struct EngineScorer(Session);

impl Scorer for EngineScorer {
    async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
        let scored = self.0.score_text(context, text).await.map_err(|e| e.to_string())?;
        Ok(scored
            .into_iter()
            .map(|t| ScoredToken { start: t.start as u32, end: t.end as u32, log_prob: t.log_prob })
            .collect())
    }
}

#[derive(Deserialize)]
struct Meta {
    #[allow(dead_code)]
    description: String,
    language: String,
    kind: String,
}

fn tree(dir: &Path) -> BTreeMap<String, String> {
    file_paths(dir)
        .unwrap()
        .into_iter()
        .map(|p| (p.clone(), std::fs::read_to_string(dir.join(&p)).unwrap()))
        .collect()
}

/// A change to one file as the diff sees it: where, and the new lines.
type Change = (String, u32, u32, Vec<String>);

/// Every stretch of changed lines on its own (follow-ups two lines apart are two places).
fn changes(path: &str, from: &str, to: &str) -> Vec<Change> {
    let new: Vec<&str> = split_lines(to);
    line_changes(from, to)
        .into_iter()
        .map(|(b, a)| {
            (
                path.to_string(),
                b.start,
                b.end,
                new[a.start as usize..a.end as usize].iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

fn apply(text: &str, p: &Proposal) -> String {
    format!("{}{}{}", &text[..p.start], p.replacement, &text[p.end..])
}

#[derive(Default, Clone, Copy)]
struct Counts {
    offered: usize,
    correct: usize,
    expected: usize,
    found: usize,
}

#[test]
fn scenario_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/next_edit");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("scenario.json").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= MIN_SCENARIOS, "{} scenarios", dirs.len());
    let mut by_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    let mut latencies = Vec::new();
    let mut details = Vec::new();
    let model_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    let model = Arc::new(Model::load(&model_path).expect("the default model (scripts/fetch-model.sh)"));
    let mut scorer = EngineScorer(Session::new(model));
    let mut with_model = Counts::default();
    let mut first_marker = Vec::new();
    let mut rank_total_ms = 0.0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let meta: Meta =
            serde_json::from_str(&std::fs::read_to_string(dir.join("scenario.json")).unwrap()).unwrap();
        let (before, edited, after) =
            (tree(&dir.join("before")), tree(&dir.join("edited")), tree(&dir.join("after")));
        let active =
            edited.keys().find(|p| before.get(*p) != edited.get(*p)).expect("the user edited a file").clone();
        let files: Vec<File> =
            edited.iter().map(|(p, t)| File { path: p.clone(), text: t.clone() }).collect();
        let edits = edits_between(&active, &before[&active], &edited[&active]);
        let t0 = Instant::now();
        let proposals = propose(&files, &active, &edits);
        latencies.push(t0.elapsed().as_secs_f64() * 1e3);

        let expected: BTreeSet<Change> =
            edited.iter().flat_map(|(p, t)| changes(p, t, after.get(p).map_or("", String::as_str))).collect();
        // With the model: the same proposals, ranked and filtered by the real default model.
        let t1 = Instant::now();
        let ranked = pollster::block_on(rank(proposals.clone(), &files, &mut scorer)).unwrap();
        let rank_ms = t1.elapsed().as_secs_f64() * 1e3;
        if let Some(first) = proposals.first() {
            let t2 = Instant::now();
            pollster::block_on(rank(vec![first.clone()], &files, &mut scorer)).unwrap();
            first_marker.push(latencies.last().unwrap() + t2.elapsed().as_secs_f64() * 1e3);
        }
        rank_total_ms += rank_ms;
        let score = |list: &[Proposal]| -> Counts {
            let mut found: BTreeSet<Change> = BTreeSet::new();
            let mut c = Counts { offered: list.len(), expected: expected.len(), ..Counts::default() };
            for p in list {
                let text = &edited[&p.path];
                let got = changes(&p.path, text, &apply(text, p));
                if !got.is_empty() && got.iter().all(|g| expected.contains(g)) {
                    c.correct += 1;
                    found.extend(got);
                }
            }
            c.found = found.len();
            c
        };
        let m = score(&ranked);
        with_model.offered += m.offered;
        with_model.correct += m.correct;
        with_model.expected += m.expected;
        with_model.found += m.found;
        let mut found: BTreeSet<Change> = BTreeSet::new();
        let mut c = Counts { offered: proposals.len(), expected: expected.len(), ..Counts::default() };
        for p in &proposals {
            let text = &edited[&p.path];
            let got = changes(&p.path, text, &apply(text, p));
            if !got.is_empty() && got.iter().all(|g| expected.contains(g)) {
                c.correct += 1;
                found.extend(got);
            } else {
                details.push(format!(
                    "{name}: wrong: {}:{} {:?} → {:?} ({})",
                    p.path,
                    p.line + 1,
                    &text[p.start..p.end],
                    p.replacement,
                    p.reason
                ));
            }
        }
        c.found = found.len();
        for e in expected.difference(&found) {
            details.push(format!("{name}: missed: {}:{} → {:?}", e.0, e.1 + 1, e.3));
        }
        for (map, key) in [(&mut by_kind, meta.kind.clone()), (&mut by_lang, meta.language.clone())] {
            let k = map.entry(key).or_default();
            k.offered += c.offered;
            k.correct += c.correct;
            k.expected += c.expected;
            k.found += c.found;
        }
        all.offered += c.offered;
        all.correct += c.correct;
        all.expected += c.expected;
        all.found += c.found;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!("\n| scenarios by | expected follow-ups | offered | correct | precision | recall |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (label, map) in [("kind", &by_kind), ("language", &by_lang)] {
        for (k, c) in map {
            println!(
                "| {label}: {k} | {} | {} | {} | {:.2} | {:.2} |",
                c.expected,
                c.offered,
                c.correct,
                ratio(c.correct, c.offered),
                ratio(c.found, c.expected)
            );
        }
    }
    println!(
        "| **all {} scenarios** | {} | {} | {} | **{:.2}** | **{:.2}** |",
        dirs.len(),
        all.expected,
        all.offered,
        all.correct,
        ratio(all.correct, all.offered),
        ratio(all.found, all.expected)
    );
    println!(
        "| **all, ranked by the model** | {} | {} | {} | **{:.2}** | **{:.2}** |",
        with_model.expected,
        with_model.offered,
        with_model.correct,
        ratio(with_model.correct, with_model.offered),
        ratio(with_model.found, with_model.expected)
    );
    latencies.sort_by(f64::total_cmp);
    first_marker.sort_by(f64::total_cmp);
    println!(
        "\nEdit → proposals (patterns): median {:.2} ms, max {:.2} ms. Edit → first marker with the model's check of the first place (CPU, 2 threads): median {:.0} ms, max {:.0} ms. Ranking all {} proposals: {:.1} s.",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1],
        first_marker[first_marker.len() / 2],
        first_marker[first_marker.len() - 1],
        all.offered,
        rank_total_ms / 1e3
    );
    println!("\nDetails:\n{}", details.join("\n"));
    assert!(ratio(all.correct, all.offered) >= MIN_PRECISION);
    assert!(ratio(all.found, all.expected) >= MIN_RECALL);
    assert!(ratio(with_model.correct, with_model.offered) >= MIN_PRECISION_WITH_MODEL);
    assert!(ratio(with_model.found, with_model.expected) >= MIN_RECALL_WITH_MODEL);
}
