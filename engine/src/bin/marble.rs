//! `marble`: the engine on the command line. A stable interface that tests and benchmarks use.
//!
//! ```text
//! marble tokenize --model M (--text T | --file F)
//! marble next     --model M (--file F | --ids 1,2,3) --top K [--all-positions] [--backend cpu]
//! marble complete --model M --file F --max-tokens N [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]
//! marble bench    --model M [--prompt-tokens 512] [--gen-tokens 128] [--json]
//! ```
//! Every command takes `--threads N`. Prompt text is used as is: no BOS unless the model asks for
//! it, and special-token text such as `<|im_start|>` becomes its single id.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use marble_engine::sampler::{argmax, top_n};
use marble_engine::{GenerateOptions, Model, SamplerConfig, Session};
use serde_json::json;

const USAGE: &str = "usage:
  marble tokenize --model M (--text T | --file F)
  marble next     --model M (--file F | --ids 1,2,3) --top K [--all-positions] [--backend cpu]
  marble complete --model M --file F --max-tokens N [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]
  marble bench    --model M [--prompt-tokens 512] [--gen-tokens 128] [--json]
every command also takes --threads N";

struct Args {
    values: HashMap<String, String>,
    flags: Vec<String>,
}

/// Flags that take no value.
const SWITCHES: &[&str] = &["all-positions", "json", "ignore-eos"];

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

fn check_backend(args: &Args) -> Result<(), String> {
    match args.get("backend").unwrap_or("cpu") {
        "cpu" => Ok(()),
        other => Err(format!("backend {other:?} is not available in this build; use --backend cpu")),
    }
}

fn tokenize(args: &Args) -> Result<(), String> {
    let model = load_model(args)?;
    let ids = model.tokenizer.encode(&read_text(args)?).map_err(|e| e.to_string())?;
    println!("{}", json!({ "ids": ids }));
    Ok(())
}

fn next(args: &Args) -> Result<(), String> {
    check_backend(args)?;
    let model = load_model(args)?;
    let ids = input_ids(args, &model)?;
    let k: usize = args.number("top", 10)?;
    let mut session = Session::new(model);
    let mut positions = Vec::new();
    let entry = |logits: &[f32]| json!({ "top": top_n(logits, k).iter().map(|&(id, l)| json!([id, l])).collect::<Vec<_>>() });
    if args.flag("all-positions") {
        session
            .feed_with_logits(&ids, &mut |_, logits| positions.push(entry(logits)))
            .map_err(|e| e.to_string())?;
    } else {
        session.feed(&ids).map_err(|e| e.to_string())?;
        positions.push(entry(session.logits()));
    }
    println!("{}", json!({ "positions": positions }));
    Ok(())
}

fn complete(args: &Args) -> Result<(), String> {
    check_backend(args)?;
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
    };
    let json_out = args.flag("json");
    let mut session = Session::new(model.clone());
    let mut tokens = Vec::new();
    let mut stdout = std::io::stdout();
    let gen = session
        .generate(&ids, &opts, |t| {
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
        })
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

fn bench(args: &Args) -> Result<(), String> {
    check_backend(args)?;
    let model = load_model(args)?;
    let n_prompt: usize = args.number("prompt-tokens", 512)?;
    let n_gen: usize = args.number("gen-tokens", 128)?;
    let runs: usize = args.number("runs", 3)?;
    let mut text = String::new();
    let mut ids = Vec::new();
    while ids.len() < n_prompt.max(16) {
        text.push_str(BENCH_TEXT);
        ids = model.tokenizer.encode(&text).map_err(|e| e.to_string())?;
    }
    let prompt = &ids[..n_prompt];
    let mut session = Session::new(model.clone());
    // Warm-up: page in the weights and start the thread pool.
    session.feed(&ids[..16]).map_err(|e| e.to_string())?;

    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut prefill = Vec::new();
    let mut decode = Vec::new();
    for _ in 0..runs.max(1) {
        session.reset();
        let t0 = Instant::now();
        session.feed(prompt).map_err(|e| e.to_string())?;
        std::hint::black_box(argmax(session.logits()));
        prefill.push(n_prompt as f64 / t0.elapsed().as_secs_f64());

        // Decode as llama.cpp's tg test does: after a 16-token prompt, one token at a time.
        session.reset();
        session.feed(&ids[..16]).map_err(|e| e.to_string())?;
        let opts = GenerateOptions { max_tokens: n_gen + 1, stop_at_end: false, ..Default::default() };
        let mut first = None;
        let gen = session
            .generate(&ids[..16], &opts, |_| {
                first.get_or_insert_with(Instant::now);
                true
            })
            .map_err(|e| e.to_string())?;
        let t0 = first.ok_or("no token was generated")?;
        // n_gen forward passes ran after the first token was sampled.
        decode.push((gen.tokens.len() - 1) as f64 / t0.elapsed().as_secs_f64());
    }
    let (pp, tg) = (median(prefill), median(decode));
    let threads = marble_engine::parallel::threads();
    if args.flag("json") {
        println!(
            "{}",
            json!({ "backend": "cpu", "threads": threads, "prompt_tokens": n_prompt, "gen_tokens": n_gen,
                    "prefill_tok_s": pp, "decode_tok_s": tg, "runs": runs })
        );
    } else {
        println!("marble cpu, {threads} threads, {} weights, median of {runs} runs", model.weight_type());
        println!("prefill {n_prompt} tokens: {pp:.1} tok/s");
        println!("decode  {n_gen} tokens: {tg:.1} tok/s ({:.2} ms/token)", 1000.0 / tg);
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
