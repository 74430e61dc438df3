//! `marble`: the engine on the command line. A stable interface that tests and benchmarks use.
//!
//! ```text
//! marble tokenize --model M (--text T | --file F)
//! marble next     --model M (--file F | --ids 1,2,3) --top K [--all-positions]
//! marble complete --model M --file F --max-tokens N [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]
//! marble bench    --model M [--prompt-tokens 512] [--gen-tokens 128] [--runs 3] [--chain 1,4] [--json]
//!                 [--llamacpp PYTHON]   (also runs llama.cpp through bench/bench.py: bench/llamacpp.sh)
//! ```
//! Every command takes `--threads N` and `--backend cpu|gpu` (cpu by default; `bench --backend
//! gpu` also measures the CPU in the same run and prints the ratios). With `--backend gpu`,
//! `--kv-f32` and `--no-subgroups` turn off the f16 KV cache and subgroup reductions. Prompt text is used as is: no BOS unless the model asks for
//! it, and special-token text such as `<|im_start|>` becomes its single id.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::sampler::{argmax, top_n};
use marble_engine::{GenerateOptions, Model, SamplerConfig, Session};
use pollster::block_on;
use serde_json::json;

const USAGE: &str = "usage:
  marble tokenize --model M (--text T | --file F)
  marble next     --model M (--file F | --ids 1,2,3) --top K [--all-positions]
  marble complete --model M --file F --max-tokens N [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]
  marble bench    --model M [--prompt-tokens 512] [--gen-tokens 128] [--runs 3] [--chain 1,4] [--json]
                  [--llamacpp PYTHON]
every command also takes --threads N and --backend cpu|gpu (with gpu: --kv-f32, --no-subgroups)";

struct Args {
    values: HashMap<String, String>,
    flags: Vec<String>,
}

/// Flags that take no value.
const SWITCHES: &[&str] = &["all-positions", "json", "ignore-eos", "kv-f32", "no-subgroups"];

impl Args {
    fn parse(raw: &[String]) -> Result<Args, String> {
        let mut values = HashMap::new();
        let mut flags = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            let name = a.strip_prefix("--").ok_or_else(|| format!("unexpected argument {a:?}"))?;
            if SWITCHES.contains(&name) {
                flags.push(name.to_string());
            } else {
                let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                values.insert(name.to_string(), v.clone());
            }
        }
        Ok(Args { values, flags })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    fn required(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("--{name} is required"))
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{name} expects a number, got {v:?}")),
        }
    }
}

fn load_model(args: &Args) -> Result<Arc<Model>, String> {
    let path = PathBuf::from(args.required("model")?);
    Model::load(&path).map(Arc::new).map_err(|e| e.to_string())
}

fn read_text(args: &Args) -> Result<String, String> {
    match (args.get("text"), args.get("file")) {
        (Some(t), None) => Ok(t.to_string()),
        (None, Some(f)) => std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}")),
        _ => Err("give exactly one of --text or --file".into()),
    }
}

fn input_ids(args: &Args, model: &Model) -> Result<Vec<u32>, String> {
    if let Some(ids) = args.get("ids") {
        return ids
            .split(',')
            .map(|s| s.trim().parse::<u32>().map_err(|_| format!("--ids: {s:?} is not a token id")))
            .collect();
    }
    model.tokenizer.encode(&read_text(args)?).map_err(|e| e.to_string())
}

fn wants_gpu(args: &Args) -> Result<bool, String> {
    match args.get("backend").unwrap_or("cpu") {
        "cpu" => Ok(false),
        "gpu" => Ok(true),
        other => Err(format!("unknown backend {other:?}; use --backend cpu or --backend gpu")),
    }
}

/// Loads the model on the GPU; `--kv-f32` and `--no-subgroups` turn off what the adapter would
/// otherwise use (for comparisons on real GPUs).
fn load_gpu(args: &Args, model: Arc<Model>) -> Result<Arc<GpuModel>, String> {
    let opts = GpuOptions {
        f16_kv: !args.flag("kv-f32"),
        subgroups: !args.flag("no-subgroups"),
        ..Default::default()
    };
    let g = block_on(GpuModel::load(model, &opts)).map_err(|e| e.to_string())?;
    let i = &g.gpu.info;
    eprintln!(
        "marble: GPU {} ({}, {}), shader-f16 {}, subgroups {} (used: {}), KV cache {}",
        i.name,
        i.backend,
        i.driver,
        i.shader_f16,
        i.subgroups,
        g.gpu.use_subgroups,
        if g.kv_f16 { "f16" } else { "f32" }
    );
    Ok(g)
}

/// A session on the backend `--backend` names.
fn session(args: &Args, model: &Arc<Model>) -> Result<Session, String> {
    if wants_gpu(args)? {
        Session::new_gpu(load_gpu(args, model.clone())?).map_err(|e| e.to_string())
    } else {
        Ok(Session::new(model.clone()))
    }
}

fn tokenize(args: &Args) -> Result<(), String> {
    let model = load_model(args)?;
    let ids = model.tokenizer.encode(&read_text(args)?).map_err(|e| e.to_string())?;
    println!("{}", json!({ "ids": ids }));
    Ok(())
}

fn next(args: &Args) -> Result<(), String> {
    let model = load_model(args)?;
    let ids = input_ids(args, &model)?;
    let k: usize = args.number("top", 10)?;
    let mut session = session(args, &model)?;
    let mut positions = Vec::new();
    let entry = |logits: &[f32]| json!({ "top": top_n(logits, k).iter().map(|&(id, l)| json!([id, l])).collect::<Vec<_>>() });
    if args.flag("all-positions") {
        block_on(session.feed_with_logits(&ids, &mut |_, logits| positions.push(entry(logits))))
            .map_err(|e| e.to_string())?;
    } else {
        block_on(session.feed(&ids)).map_err(|e| e.to_string())?;
        positions.push(entry(block_on(session.logits()).map_err(|e| e.to_string())?));
    }
    println!("{}", json!({ "positions": positions }));
    Ok(())
}

fn complete(args: &Args) -> Result<(), String> {
    let model = load_model(args)?;
    let ids = model.tokenizer.encode(&read_text(args)?).map_err(|e| e.to_string())?;
    let opts = GenerateOptions {
        max_tokens: args.number("max-tokens", 64)?,
        sampler: SamplerConfig {
            temperature: args.number("temperature", 0.0)?,
            top_k: args.number("top-k", 0)?,
            top_p: args.number("top-p", 1.0)?,
            seed: args.number("seed", 0)?,
        },
        top_alternatives: args.number("alternatives", 5)?,
        stop_at_end: !args.flag("ignore-eos"),
        probabilities: true,
        chain: args.number("chain", 1)?,
    };
    let json_out = args.flag("json");
    let mut session = session(args, &model)?;
    let mut tokens = Vec::new();
    let mut stdout = std::io::stdout();
    let gen = block_on(session.generate(&ids, &opts, |t| {
        if json_out {
            tokens.push(json!({
                "id": t.id,
                "text": t.text,
                "piece": model.tokenizer.token_text(t.id),
                "prob": t.prob,
                "top": t.top.iter().map(|&(id, p)| json!([id, p])).collect::<Vec<_>>(),
            }));
        } else {
            let _ = stdout.write_all(t.text.as_bytes());
            let _ = stdout.flush();
        }
        true
    }))
    .map_err(|e| e.to_string())?;
    if json_out {
        println!(
            "{}",
            json!({ "text": gen.text, "ids": gen.tokens, "tokens": tokens, "stop": format!("{:?}", gen.stop) })
        );
    } else {
        println!();
    }
    Ok(())
}

/// A code-and-prose text repeated to any length, so the prompt is like an editor's.
const BENCH_TEXT: &str = "/// Returns the n-th Fibonacci number.\npub fn fibonacci(n: u64) -> u64 {\n    if n < 2 {\n        return n;\n    }\n    fibonacci(n - 1) + fibonacci(n - 2)\n}\n\ndef quicksort(xs):\n    \"\"\"Sort a list with quicksort.\"\"\"\n    if len(xs) <= 1:\n        return xs\n    pivot = xs[0]\n    return quicksort([x for x in xs[1:] if x < pivot]) + [pivot] + quicksort([x for x in xs[1:] if x >= pivot])\n\nThe quick brown fox jumps over the lazy dog while the compiler checks every borrow.\n";

/// One backend's speed: tokens/s and GPU work per token.
#[derive(Debug, Clone, Copy, Default)]
struct Speed {
    prefill: f64,
    decode: f64,
    dispatches_per_token: f64,
    submissions_per_token: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Prefill of `prompt` and greedy decode of `n_gen` tokens after a 16-token prompt (as
/// llama.cpp's pp/tg tests do), median of `runs`.
fn measure(
    session: &mut Session,
    ids: &[u32],
    n_prompt: usize,
    n_gen: usize,
    runs: usize,
    chain: usize,
) -> Result<Speed, String> {
    let prompt = &ids[..n_prompt];
    let e = |e: marble_engine::Error| e.to_string();
    // Warm-up: page in the weights, start the thread pool, compile the GPU pipelines.
    block_on(session.feed(&ids[..16])).map_err(e)?;
    block_on(session.logits()).map_err(e)?;
    let mut prefill = Vec::new();
    let mut decode = Vec::new();
    let mut per_token = (0.0, 0.0);
    for _ in 0..runs.max(1) {
        session.reset();
        let t0 = Instant::now();
        block_on(session.feed(prompt)).map_err(e)?;
        std::hint::black_box(argmax(block_on(session.logits()).map_err(e)?));
        prefill.push(n_prompt as f64 / t0.elapsed().as_secs_f64());

        session.reset();
        let opts = GenerateOptions {
            max_tokens: n_gen + 1,
            stop_at_end: false,
            probabilities: false,
            chain,
            ..Default::default()
        };
        block_on(session.feed(&ids[..16])).map_err(e)?;
        let mut first = None;
        let mut stats0 = session.gpu_stats();
        let gen = block_on(session.generate(&ids[..16], &opts, |_| {
            first.get_or_insert_with(Instant::now);
            true
        }))
        .map_err(e)?;
        let t0 = first.ok_or("no token was generated")?;
        // n_gen forward passes ran after the first token was sampled.
        let n = (gen.tokens.len() - 1) as f64;
        decode.push(n / t0.elapsed().as_secs_f64());
        let stats = session.gpu_stats();
        stats0.dispatches = stats.dispatches - stats0.dispatches;
        stats0.submissions = stats.submissions - stats0.submissions;
        per_token = (stats0.dispatches as f64 / n, stats0.submissions as f64 / n);
    }
    Ok(Speed {
        prefill: median(prefill),
        decode: median(decode),
        dispatches_per_token: per_token.0,
        submissions_per_token: per_token.1,
    })
}

/// llama.cpp on the same GGUF and thread count, through `bench/bench.py --llamacpp-only` run by
/// `python` (the venv bench/llamacpp.sh builds with llama-cpp-python).
fn bench_llamacpp(
    python: &str,
    args: &Args,
    threads: usize,
    n_prompt: usize,
    n_gen: usize,
    runs: usize,
) -> Result<Speed, String> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/bench.py");
    let out = std::process::Command::new(python)
        .arg(&script)
        .args(["--llamacpp-only", "--model", args.required("model")?])
        .args(["--threads", &threads.to_string(), "--runs", &runs.to_string()])
        .args(["--prompt-tokens", &n_prompt.to_string(), "--gen-tokens", &n_gen.to_string()])
        .output()
        .map_err(|e| format!("cannot run {python} {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!("llama.cpp benchmark failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("llama.cpp benchmark output: {e}"))?;
    let num = |k: &str| v[k].as_f64().ok_or_else(|| format!("llama.cpp benchmark output lacks {k}"));
    Ok(Speed { prefill: num("prefill_tok_s")?, decode: num("decode_tok_s")?, ..Speed::default() })
}

fn bench(args: &Args) -> Result<(), String> {
    let gpu = wants_gpu(args)?;
    let model = load_model(args)?;
    let n_prompt: usize = args.number("prompt-tokens", 512)?;
    let n_gen: usize = args.number("gen-tokens", 128)?;
    let runs: usize = args.number("runs", 3)?;
    let chains: Vec<usize> = args
        .get("chain")
        .unwrap_or("1,4")
        .split(',')
        .map(|c| c.trim().parse().map_err(|_| format!("--chain: {c:?} is not a number")))
        .collect::<Result<_, _>>()?;
    let mut text = String::new();
    let mut ids = Vec::new();
    while ids.len() < n_prompt.max(16) {
        text.push_str(BENCH_TEXT);
        ids = model.tokenizer.encode(&text).map_err(|e| e.to_string())?;
    }
    let threads = marble_engine::parallel::threads();
    let llama = match args.get("llamacpp") {
        Some(python) => Some(bench_llamacpp(python, args, threads, n_prompt, n_gen, runs)?),
        None => None,
    };
    let cpu = measure(&mut Session::new(model.clone()), &ids, n_prompt, n_gen, runs, 1)?;
    let mut gpu_rows = Vec::new();
    let mut adapter = None;
    if gpu {
        let g = load_gpu(args, model.clone())?;
        adapter = Some(g.gpu.info.clone());
        let mut s = Session::new_gpu(g).map_err(|e| e.to_string())?;
        for &chain in &chains {
            gpu_rows.push((chain, measure(&mut s, &ids, n_prompt, n_gen, runs, chain)?));
        }
    }
    if args.flag("json") {
        let gpu_json: Vec<_> = gpu_rows
            .iter()
            .map(|(chain, s)| {
                json!({ "chain": chain, "prefill_tok_s": s.prefill, "decode_tok_s": s.decode,
                        "dispatches_per_token": s.dispatches_per_token,
                        "submissions_per_token": s.submissions_per_token })
            })
            .collect();
        println!(
            "{}",
            json!({ "backend": if gpu { "gpu" } else { "cpu" }, "threads": threads, "prompt_tokens": n_prompt,
                    "gen_tokens": n_gen, "runs": runs, "weights": model.weight_type().name(),
                    "prefill_tok_s": gpu_rows.first().map_or(cpu.prefill, |r| r.1.prefill),
                    "decode_tok_s": gpu_rows.first().map_or(cpu.decode, |r| r.1.decode),
                    "cpu": { "prefill_tok_s": cpu.prefill, "decode_tok_s": cpu.decode },
                    "gpu": gpu_json,
                    "llamacpp": llama.map(|l| json!({ "prefill_tok_s": l.prefill, "decode_tok_s": l.decode })),
                    "adapter": adapter.map(|a| json!({ "name": a.name, "backend": a.backend, "driver": a.driver,
                        "shader_f16": a.shader_f16, "subgroups": a.subgroups })) })
        );
    } else {
        println!(
            "marble, {} weights, prompt {n_prompt} tokens, decode {n_gen} tokens, median of {runs} runs",
            model.weight_type()
        );
        println!("backend          | prefill tok/s | decode tok/s | ms/token | dispatches/token | submissions/token");
        println!(
            "cpu ({threads} threads)    | {:13.1} | {:12.1} | {:8.2} |                - |                 -",
            cpu.prefill,
            cpu.decode,
            1000.0 / cpu.decode
        );
        for (chain, s) in &gpu_rows {
            println!(
                "gpu chain {chain:<6} | {:13.1} | {:12.1} | {:8.2} | {:16.1} | {:17.2}",
                s.prefill,
                s.decode,
                1000.0 / s.decode,
                s.dispatches_per_token,
                s.submissions_per_token
            );
        }
        let row = |name: &str, s: &Speed| {
            println!(
                "{name:16} | {:13.1} | {:12.1} | {:8.2} |                - |                 -",
                s.prefill,
                s.decode,
                1000.0 / s.decode
            )
        };
        if let Some(l) = &llama {
            row("llama.cpp (cpu)", l);
        }
        let ratio = |a: &str, x: &Speed, b: &str, y: &Speed| {
            println!("{a} / {b}: prefill {:.2}x, decode {:.2}x", x.prefill / y.prefill, x.decode / y.decode)
        };
        if let Some(l) = &llama {
            ratio("cpu", &cpu, "llama.cpp", l);
        }
        for (chain, s) in &gpu_rows {
            ratio(&format!("gpu chain {chain}"), s, "cpu", &cpu);
            if let Some(l) = &llama {
                ratio(&format!("gpu chain {chain}"), s, "llama.cpp", l);
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = raw.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let args = match Args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("marble: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(n) = args.get("threads") {
        match n.parse::<usize>() {
            Ok(n) if n > 0 => {
                marble_engine::parallel::set_threads(n);
            }
            _ => {
                eprintln!("marble: --threads expects a positive number, got {n:?}");
                return ExitCode::from(2);
            }
        }
    }
    let result = match cmd.as_str() {
        "tokenize" => tokenize(&args),
        "next" => next(&args),
        "complete" => complete(&args),
        "bench" => bench(&args),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marble: {e}");
            ExitCode::FAILURE
        }
    }
}
