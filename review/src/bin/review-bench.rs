//! How long the review takes on a 2,000-line, 50-file change, without and with surprisal.
//!
//!     cargo run --release -p marble-review --bin review-bench -- [--surprisal cpu,gpu] [--hunks N] [--runs N]
//!
//! The change is built from the labelled set (`review/tests/cases/`): the changed files of the
//! cases in order until they hold 2,000 changed lines, gathered by language into 50 files. Analysis is timed over `--runs` runs (median). Surprisal scores every hunk's
//! new lines after its 8 lines of context, on each backend asked for; the first backend is the
//! reference the others are compared with.

use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::{Model, Session};
use marble_review::surprisal::{score_review, ScoredToken, Scorer};
use marble_review::{analyze, FileChange};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const FILES: usize = 50;
/// Changed files are taken, case by case, until their hunks hold this many lines.
const TARGET_LINES: usize = 2000;
const MODEL: &str = "models/SmolLM2-135M-Instruct.Q4_1.gguf";

fn main() {
    let mut runs = 20;
    // Surprisal on the first N hunks in reading order only (lavapipe runs the GPU backend slowly).
    let mut limit: Option<usize> = None;
    let mut backends: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--hunks" => limit = args.next().and_then(|n| n.parse().ok()),
            "--surprisal" => {
                backends = args.next().unwrap_or_default().split(',').map(str::to_string).collect()
            }
            other => {
                eprintln!("unknown argument {other}; usage: review-bench [--surprisal cpu,gpu] [--hunks N] [--runs N]");
                std::process::exit(2);
            }
        }
    }
    let changes = workload();
    let mut times = Vec::new();
    let mut review = analyze(&changes);
    for _ in 0..runs {
        let t = Instant::now();
        review = analyze(&changes);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let lines: usize = review.hunks.iter().map(|h| h.hunk.changed_lines()).sum();
    let risky = review.hunks.iter().filter(|h| h.tier().is_some()).count();
    println!(
        "change: {} files, {} hunks, {} changed lines ({} risky hunks, {} low-entropy groups, {} cycles)",
        review.files.len(),
        review.hunks.len(),
        lines,
        risky,
        review.groups.len(),
        review.cycles.len()
    );
    println!(
        "analysis (diff, symbols, risk, groups, order): median {:.1} ms, min {:.1} ms over {} runs",
        times[times.len() / 2],
        times[0],
        runs
    );
    let mut reference: Option<(String, f64)> = None;
    for backend in backends.iter().filter(|b| !b.is_empty()) {
        let model = Arc::new(Model::load(Path::new(MODEL)).unwrap_or_else(|e| {
            eprintln!("{MODEL}: {e} (run scripts/fetch-model.sh)");
            std::process::exit(1)
        }));
        let session = match backend.as_str() {
            "cpu" => Session::new(model),
            "gpu" => {
                let g = pollster::block_on(GpuModel::load(model, &GpuOptions::default()))
                    .unwrap_or_else(|e| panic!("GPU: {e}"));
                println!("gpu: {} ({})", g.gpu.info.name, g.gpu.info.backend);
                Session::new_gpu(g).unwrap_or_else(|e| panic!("GPU session: {e}"))
            }
            other => panic!("unknown backend {other}: use cpu or gpu"),
        };
        let mut scorer = Counting { session, tokens: 0, context: 0 };
        let mut r = review.clone();
        if let Some(n) = limit {
            r.hunks.truncate(n);
        }
        let t = Instant::now();
        pollster::block_on(score_review(&mut r, &mut scorer)).unwrap_or_else(|e| panic!("{e}"));
        let secs = t.elapsed().as_secs_f64();
        let marks: usize = r.hunks.iter().filter_map(|h| h.surprisal.as_ref()).map(|s| s.marks.len()).sum();
        let ratio = match &reference {
            None => {
                reference = Some((backend.clone(), secs));
                String::new()
            }
            Some((name, base)) => format!(", {:.2}× the {name} time", secs / base),
        };
        println!(
            "surprisal on {backend}: {:.1} s for {} hunks ({} tokens scored, {} read as context; {:.0} tokens/s), {} tokens underlined; analysis + surprisal {:.1} s{ratio}",
            secs,
            r.hunks.iter().filter(|h| h.surprisal.is_some()).count(),
            scorer.tokens,
            scorer.context,
            (scorer.tokens + scorer.context) as f64 / secs,
            marks,
            secs + times[times.len() / 2] / 1e3,
        );
    }
}

struct Counting {
    session: Session,
    tokens: usize,
    context: usize,
}

impl Scorer for Counting {
    async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
        let scored = self.session.score_text(context, text).await.map_err(|e| e.to_string())?;
        self.tokens += scored.len();
        self.context += self.session.model().tokenizer.encode(context).map_or(0, |t| t.len());
        Ok(scored
            .into_iter()
            .map(|t| ScoredToken { start: t.start as u32, end: t.end as u32, log_prob: t.log_prob })
            .collect())
    }
}

/// Every changed file of the labelled set, gathered by extension into [`FILES`] files: each
/// bucket concatenates a few files of one language, before and after alike.
fn workload() -> Vec<FileChange> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("review/tests/cases")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("before").is_dir())
        .collect();
    cases.sort();
    // extension → (before, after) texts of the changed files
    let mut by_ext: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut changed = 0;
    for case in &cases {
        let mut paths = std::collections::BTreeSet::new();
        for side in ["before", "after"] {
            paths.extend(marble_review::tree::file_paths(&case.join(side)).unwrap_or_default());
        }
        for p in paths {
            let read = |side: &str| std::fs::read_to_string(case.join(side).join(&p)).unwrap_or_default();
            let (b, a) = (read("before"), read("after"));
            if b != a && changed < TARGET_LINES {
                changed += marble_review::diff::diff_file(&p, &b, &a)
                    .iter()
                    .map(|h| h.changed_lines())
                    .sum::<usize>();
                let ext = p.rsplit('.').next().unwrap_or("txt").to_string();
                by_ext.entry(ext).or_default().push((b, a));
            }
        }
    }
    let total: usize = by_ext.values().map(Vec::len).sum::<usize>().max(1);
    // Buckets per extension in proportion to its files, at least one each, FILES in all.
    let mut buckets: BTreeMap<&String, usize> =
        by_ext.iter().map(|(e, f)| (e, (f.len() * FILES / total).clamp(1, f.len()))).collect();
    while buckets.values().sum::<usize>() != FILES {
        let grow = buckets.values().sum::<usize>() < FILES;
        // The extension with the most (or, shrinking, fewest) files per bucket.
        let pick = by_ext
            .iter()
            .filter(|(e, f)| if grow { buckets[e] < f.len() } else { buckets[e] > 1 })
            .max_by(|(a, fa), (b, fb)| {
                let (ra, rb) = (fa.len() as f64 / buckets[a] as f64, fb.len() as f64 / buckets[b] as f64);
                if grow {
                    ra.total_cmp(&rb)
                } else {
                    rb.total_cmp(&ra)
                }
            })
            .map(|(e, _)| e);
        match pick {
            Some(e) => *buckets.get_mut(e).unwrap() = if grow { buckets[e] + 1 } else { buckets[e] - 1 },
            None => break,
        }
    }
    let mut out = Vec::new();
    for (ext, files) in &by_ext {
        let buckets = buckets[ext];
        for b in 0..buckets {
            let (mut before, mut after) = (String::new(), String::new());
            for (bf, af) in files.iter().skip(b).step_by(buckets) {
                before.push_str(bf);
                after.push_str(af);
                before.push('\n');
                after.push('\n');
            }
            out.push(FileChange {
                path: format!("bench/{ext}/{b:02}.{ext}"),
                before: Some(before),
                after: Some(after),
            });
        }
    }
    out
}
