//! `marble-review`: the review panel's analysis on the command line.
//!
//!     marble-review [options] BEFORE_DIR AFTER_DIR
//!     marble-review [options] --patch FILE        (FILE may be `-`: `git diff | marble-review --patch -`)
//!
//! Options:
//!     --json                 print the review as JSON instead of text
//!     --surprisal            score the new code with a local model and underline surprising tokens
//!     --model PATH           the GGUF for --surprisal (default: models/SmolLM2-135M-Instruct.Q4_1.gguf)
//!     --backend cpu|gpu      where the model runs (default: cpu)
//!     --time                 print how long each stage took (to stderr)
//!
//! The library knows models only through `marble_review::surprisal::Scorer`; this binary is where
//! `marble-engine` is plugged in.

use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::{Model, Session};
use marble_review::surprisal::{score_review, ScoredToken, Scorer};
use marble_review::{analyze, analyze_patch, patch, FileChange, Review};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

const DEFAULT_MODEL: &str = "models/SmolLM2-135M-Instruct.Q4_1.gguf";

/// Files larger than this are listed but not diffed (a generated blob, a data file).
const MAX_FILE_BYTES: u64 = 4 << 20;

struct Options {
    json: bool,
    surprisal: bool,
    time: bool,
    model: PathBuf,
    gpu: bool,
    patch: Option<String>,
    dirs: Vec<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        json: false,
        surprisal: false,
        time: false,
        model: PathBuf::from(DEFAULT_MODEL),
        gpu: false,
        patch: None,
        dirs: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => o.json = true,
            "--surprisal" => o.surprisal = true,
            "--time" => o.time = true,
            "--model" => o.model = args.next().ok_or("--model needs a path")?.into(),
            "--backend" => {
                o.gpu = match args.next().as_deref() {
                    Some("cpu") => false,
                    Some("gpu") => true,
                    other => return Err(format!("--backend takes cpu or gpu, not {other:?}")),
                }
            }
            "--patch" => o.patch = Some(args.next().ok_or("--patch needs a file, or - for stdin")?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            dir => o.dirs.push(dir.into()),
        }
    }
    match (&o.patch, o.dirs.len()) {
        (Some(_), 0) | (None, 2) => Ok(o),
        _ => Err("give two directories (before and after), or --patch FILE".into()),
    }
}

const USAGE: &str = "usage: marble-review [--json] [--surprisal [--model PATH] [--backend cpu|gpu]] [--time] (BEFORE_DIR AFTER_DIR | --patch FILE|-)";

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("marble-review: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marble-review: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options) -> Result<(), String> {
    let t0 = Instant::now();
    let mut review = match &o.patch {
        Some(p) => {
            let text = if p == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| format!("cannot read the patch from stdin: {e}"))?;
                s
            } else {
                std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?
            };
            let frags = patch::parse(&text).map_err(|e| e.to_string())?;
            analyze_patch(&frags)
        }
        None => analyze(&read_dirs(&o.dirs[0], &o.dirs[1])?),
    };
    let analysed = t0.elapsed();
    let mut scored = None;
    if o.surprisal {
        let t1 = Instant::now();
        let model = Model::load(&o.model).map(Arc::new).map_err(|e| format!("{}: {e}", o.model.display()))?;
        let session = if o.gpu {
            let g = pollster::block_on(GpuModel::load(model.clone(), &GpuOptions::default()))
                .map_err(|e| e.to_string())?;
            eprintln!("marble-review: scoring on the GPU ({})", g.gpu.info.name);
            Session::new_gpu(g).map_err(|e| e.to_string())?
        } else {
            Session::new(model.clone())
        };
        let loaded = t1.elapsed();
        let t2 = Instant::now();
        let mut scorer = EngineScorer { session, tokens: 0 };
        pollster::block_on(score_review(&mut review, &mut scorer))?;
        scored = Some((loaded, t2.elapsed(), scorer.tokens));
    }
    if o.json {
        println!("{}", serde_json::to_string_pretty(&review).map_err(|e| e.to_string())?);
    } else {
        print!("{}", render_text(&review));
    }
    if o.time {
        let lines: usize = review.hunks.iter().map(|h| h.hunk.changed_lines()).sum();
        eprintln!(
            "marble-review: {} files, {} hunks, {} changed lines: analysed in {:.1} ms",
            review.files.len(),
            review.hunks.len(),
            lines,
            analysed.as_secs_f64() * 1e3
        );
        if let Some((load, score, tokens)) = scored {
            eprintln!(
                "marble-review: surprisal on the {}: model loaded in {:.2} s, {} tokens scored in {:.2} s ({:.0} tokens/s)",
                if o.gpu { "GPU" } else { "CPU" },
                load.as_secs_f64(),
                tokens,
                score.as_secs_f64(),
                tokens as f64 / score.as_secs_f64().max(1e-9)
            );
        }
    }
    Ok(())
}

struct EngineScorer {
    session: Session,
    tokens: usize,
}

impl Scorer for EngineScorer {
    async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
        let scored = self.session.score_text(context, text).await.map_err(|e| e.to_string())?;
        self.tokens += scored.len();
        Ok(scored
            .into_iter()
            .map(|t| ScoredToken { start: t.start as u32, end: t.end as u32, log_prob: t.log_prob })
            .collect())
    }
}

/// The files of both trees, paired by relative path. Hidden directories (`.git`) and
/// `target`/`node_modules` are skipped; files that are not UTF-8 or are too large are left out
/// with a note on stderr.
fn read_dirs(before: &Path, after: &Path) -> Result<Vec<FileChange>, String> {
    let mut paths = BTreeSet::new();
    for root in [before, after] {
        if !root.is_dir() {
            return Err(format!("{} is not a directory", root.display()));
        }
        let files = marble_review::tree::file_paths(root)
            .map_err(|e| format!("cannot read {}: {e}", root.display()))?;
        paths.extend(files);
    }
    let read = |root: &Path, rel: &str| -> Option<String> {
        let p = root.join(rel);
        let meta = std::fs::metadata(&p).ok()?;
        if meta.len() > MAX_FILE_BYTES {
            eprintln!("marble-review: {rel} is over {} MiB; not diffed", MAX_FILE_BYTES >> 20);
            return None;
        }
        match std::fs::read(&p).map(String::from_utf8) {
            Ok(Ok(text)) => Some(text),
            _ => {
                eprintln!("marble-review: {rel} is not UTF-8 text; not diffed");
                None
            }
        }
    };
    Ok(paths
        .into_iter()
        .map(|rel| FileChange { before: read(before, &rel), after: read(after, &rel), path: rel })
        .filter(|c| c.before.is_some() || c.after.is_some())
        .collect())
}

/// The review as a reviewer reads it: position, place, badges, reasons, then the hunk.
fn render_text(r: &Review) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let total = r.hunks.len();
    let _ = writeln!(
        s,
        "{} hunks in {} files, in reading order{}",
        total,
        r.files.len(),
        if r.cycles.is_empty() { String::new() } else { format!(" ({} dependency cycles)", r.cycles.len()) }
    );
    let mut shown_group = BTreeSet::new();
    for (pos, h) in r.hunks.iter().enumerate() {
        let _ = writeln!(s);
        let badge = match h.tier() {
            Some(t) => format!(" [{} risk]", format!("{t:?}").to_lowercase()),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "#{} {}:{}{}{}",
            pos + 1,
            h.hunk.path,
            h.hunk.after.start + 1,
            badge,
            if h.group.is_some() { " (low-entropy)" } else { "" }
        );
        for reason in &h.reasons {
            let _ = writeln!(s, "   why here: {reason}");
        }
        for risk in &h.risks {
            let _ = writeln!(
                s,
                "   {} {}: {}",
                format!("{:?}", risk.tier).to_lowercase(),
                risk.rule.id(),
                risk.reason
            );
        }
        if let Some(g) = h.group {
            if shown_group.insert(g) {
                let _ = writeln!(s, "   group: {}", r.groups[g].summary);
            }
            continue;
        }
        for line in &h.hunk.removed {
            let _ = writeln!(s, "   - {line}");
        }
        for (i, line) in h.hunk.added.iter().enumerate() {
            let _ = writeln!(s, "   + {line}");
            if let Some(sp) = &h.surprisal {
                let marks: Vec<_> = sp.marks.iter().filter(|m| m.line as usize == i).collect();
                if !marks.is_empty() {
                    let mut under = vec![b' '; line.len()];
                    for m in marks {
                        for b in under.iter_mut().take(m.end as usize).skip(m.start as usize) {
                            *b = b'^';
                        }
                    }
                    let _ = writeln!(s, "     {}", String::from_utf8_lossy(&under).trim_end());
                }
            }
        }
    }
    s
}
