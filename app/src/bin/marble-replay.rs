//! The inline-completion replay benchmark: retypes lines of real source files written by others
//! (crates from this workspace's Cargo.lock in the cargo registry, Python's standard library,
//! npm packages the IDE bundles) with the same prompt building, KV reuse, early stop and
//! post-processing as the browser, and reports keystroke savings, acceptance, suggestions per
//! position, latency and KV-cache reuse.
//!
//!   cargo run --release -p marble-app --bin marble-replay -- [--backend cpu|gpu] [--positions 240]
//!       [--model models/SmolLM2-135M-Instruct.Q4_1.gguf] [--budget 512] [--max-tokens 24] [--json]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match native::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marble-replay: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::time::Instant;

    use marble_app::assist::complete::{complete, prompt_format, CompletionRequest};
    use marble_app::assist::replay::{pick_lines, retype_line, LineOutcome, Position};
    use marble_app::editor::Language;
    use marble_engine::gguf::Gguf;
    use marble_engine::gpu::{GpuModel, GpuOptions};
    use marble_engine::{Model, Session};

    /// The corpus: (where, path inside it). Crates at the versions this workspace locks, so every
    /// machine that built Marble has them.
    const CORPUS: &[(&str, &str)] = &[
        ("cargo", "serde_json-1.0.154/src/read.rs"),
        ("cargo", "half-2.7.1/src/bfloat.rs"),
        ("cargo", "smallvec-1.16.5/src/lib.rs"),
        ("cargo", "regex-syntax-0.8.11/src/ast/mod.rs"),
        ("python", "textwrap.py"),
        ("python", "shlex.py"),
        ("python", "heapq.py"),
        ("python", "fractions.py"),
        ("npm", "@codemirror/state/dist/index.js"),
        ("npm", "@lezer/common/dist/index.js"),
        ("npm", "@codemirror/state/dist/index.d.ts"),
        ("npm", "@lezer/common/dist/index.d.ts"),
    ];

    struct Args {
        model: PathBuf,
        gpu: bool,
        positions: usize,
        budget: u32,
        max_tokens: u32,
        json: bool,
    }

    fn args() -> Result<Args, String> {
        let mut a = Args {
            model: PathBuf::from("models/SmolLM2-135M-Instruct.Q4_1.gguf"),
            gpu: false,
            positions: 240,
            budget: 512,
            max_tokens: 24,
            json: false,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--model" => a.model = PathBuf::from(value()?),
                "--backend" => a.gpu = value()? == "gpu",
                "--positions" => a.positions = value()?.parse().map_err(|e| format!("--positions: {e}"))?,
                "--budget" => a.budget = value()?.parse().map_err(|e| format!("--budget: {e}"))?,
                "--max-tokens" => {
                    a.max_tokens = value()?.parse().map_err(|e| format!("--max-tokens: {e}"))?
                }
                "--json" => a.json = true,
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(a)
    }

    fn roots(kind: &str) -> Vec<PathBuf> {
        match kind {
            "cargo" => {
                let home = std::env::var_os("CARGO_HOME")
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
                    .unwrap_or_default();
                std::fs::read_dir(home.join("registry/src"))
                    .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default()
            }
            "python" => std::fs::read_dir("/usr/lib")
                .map(|d| {
                    let mut v: Vec<PathBuf> = d
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("python3."))
                        })
                        .collect();
                    v.sort();
                    v
                })
                .unwrap_or_default(),
            _ => vec![PathBuf::from("app/js/node_modules")],
        }
    }

    fn corpus() -> Vec<(String, Language, String)> {
        let mut out = Vec::new();
        for (kind, rel) in CORPUS {
            let found = roots(kind).into_iter().map(|r| r.join(rel)).find(|p| p.is_file());
            match found.and_then(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t))) {
                Some((path, text)) => {
                    let language = Language::from_path(rel);
                    out.push((path.display().to_string(), language, text));
                }
                None => eprintln!("marble-replay: {kind}:{rel} is not on this machine; skipped"),
            }
        }
        out
    }

    fn percentile(v: &mut [f64], p: f64) -> f64 {
        if v.is_empty() {
            return f64::NAN;
        }
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * p).round() as usize]
    }

    #[derive(Default)]
    struct Totals {
        positions: usize,
        o: LineOutcome,
    }

    impl Totals {
        fn add(&mut self, o: &LineOutcome) {
            self.positions += 1;
            self.o.typed_chars += o.typed_chars;
            self.o.accepted_chars += o.accepted_chars;
            self.o.requests += o.requests;
            self.o.shown += o.shown;
            self.o.accepted += o.accepted;
            self.o.first_token_ms.extend(&o.first_token_ms);
            self.o.total_ms.extend(&o.total_ms);
            self.o.prompt_tokens += o.prompt_tokens;
            self.o.reused_tokens += o.reused_tokens;
        }

        fn row(&self, name: &str) -> serde_json::Value {
            let o = &self.o;
            let mut first = o.first_token_ms.clone();
            let mut total = o.total_ms.clone();
            serde_json::json!({
                "set": name,
                "positions": self.positions,
                "typed_chars": o.typed_chars,
                "accepted_chars": o.accepted_chars,
                "accepted_per_typed": o.accepted_chars as f64 / o.typed_chars.max(1) as f64,
                "keystroke_savings": o.accepted_chars as f64 / (o.typed_chars + o.accepted_chars).max(1) as f64,
                "requests": o.requests,
                "shown": o.shown,
                "acceptance": o.accepted as f64 / o.shown.max(1) as f64,
                "shown_per_position": o.shown as f64 / self.positions.max(1) as f64,
                "first_token_p50_ms": percentile(&mut first, 0.5),
                "first_token_p95_ms": percentile(&mut first, 0.95),
                "suggestion_p50_ms": percentile(&mut total, 0.5),
                "suggestion_p95_ms": percentile(&mut total, 0.95),
                "kv_reuse": o.reused_tokens as f64 / o.prompt_tokens.max(1) as f64,
            })
        }
    }

    pub fn run() -> Result<(), String> {
        let a = args()?;
        let bytes = std::fs::read(&a.model).map_err(|e| format!("{}: {e}", a.model.display()))?;
        let g = Gguf::parse(&bytes).map_err(|e| e.to_string())?;
        let model = Arc::new(Model::from_gguf(&g).map_err(|e| e.to_string())?);
        let format = prompt_format(&model, &g);
        let mut session = if a.gpu {
            let gpu = pollster::block_on(GpuModel::load(model.clone(), &GpuOptions::default()))
                .map_err(|e| e.to_string())?;
            eprintln!("marble-replay: GPU {} ({})", gpu.gpu.info.name, gpu.gpu.info.backend);
            Session::new_gpu(gpu).map_err(|e| e.to_string())?
        } else {
            Session::new(model.clone())
        };
        let files = corpus();
        let per_file = a.positions.div_ceil(files.len().max(1));
        let clock = Instant::now();
        let now = || clock.elapsed().as_secs_f64() * 1000.0;
        let mut by_language: BTreeMap<&'static str, Totals> = BTreeMap::new();
        let mut all = Totals::default();
        for (path, language, text) in &files {
            let lines = pick_lines(text, *language, 12, 1);
            let stride = (lines.len() / per_file.max(1)).max(1);
            for &(start, end) in lines.iter().step_by(stride).take(per_file) {
                let pos = Position { path, language: *language, text, start, end };
                let make = |prefix: &str, suffix: &str| CompletionRequest {
                    path: path.clone(),
                    language: *language,
                    prefix: prefix.to_string(),
                    suffix: suffix.to_string(),
                    snippets: vec![],
                    budget_tokens: a.budget,
                    max_tokens: a.max_tokens,
                    rank: 0,
                    multiline: false,
                    max_lines: 1,
                    top_alternatives: 0,
                };
                let outcome = retype_line(&pos, &make, &mut |req| {
                    pollster::block_on(complete(&mut session, &model, &format, req, &now, |_, _| true))
                        .expect("the engine runs a completion")
                });
                by_language.entry(language.label()).or_default().add(&outcome);
                all.add(&outcome);
            }
        }
        let mut rows: Vec<serde_json::Value> = by_language.iter().map(|(k, t)| t.row(k)).collect();
        rows.push(all.row("all"));
        if a.json {
            println!("{}", serde_json::to_string_pretty(&rows).expect("plain JSON values"));
            return Ok(());
        }
        println!(
            "backend {} · prompt budget {} tokens · up to {} tokens per suggestion · {} files",
            if a.gpu { "GPU" } else { "CPU" },
            a.budget,
            a.max_tokens,
            files.len()
        );
        println!(
            "| set | positions | accepted chars per typed char | keystroke savings | acceptance | shown per position | first token p50 / p95 | suggestion p50 / p95 | KV reuse |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for r in &rows {
            let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
            println!(
                "| {} | {} | {:.3} | {:.1}% | {:.1}% | {:.2} | {:.0} / {:.0} ms | {:.0} / {:.0} ms | {:.1}% |",
                r["set"].as_str().unwrap_or_default(),
                r["positions"],
                f("accepted_per_typed"),
                f("keystroke_savings") * 100.0,
                f("acceptance") * 100.0,
                f("shown_per_position"),
                f("first_token_p50_ms"),
                f("first_token_p95_ms"),
                f("suggestion_p50_ms"),
                f("suggestion_p95_ms"),
                f("kv_reuse") * 100.0,
            );
        }
        Ok(())
    }
}
