//! The `marble` command line is a stable interface: its JSON shapes and values, checked against the
//! reference fixtures by running the real binary on the real model.

mod common;

use std::process::Command;

use serde_json::Value;

fn marble(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_marble")).args(args).output().expect("marble runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let (ok, stdout, stderr) = marble(args);
    assert!(ok, "marble {args:?} failed: {stderr}");
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("marble {args:?} printed non-JSON ({e}): {stdout}"))
}

fn reference_prompt(name: &str) -> Value {
    let r = common::fixture("reference_exact.json");
    r["prompts"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap().clone()
}

#[test]
fn tokenize_next_and_complete_agree_with_the_references() {
    let model = common::model_path();
    let model = model.to_str().unwrap();
    let p = reference_prompt("rust_fn");
    let text = p["text"].as_str().unwrap();
    let dir = std::env::temp_dir().join(format!("marble-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("prompt.txt");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let want_ids = common::ids(&p["token_ids"]);

    let t = json(&["tokenize", "--model", model, "--file", file]);
    assert_eq!(common::ids(&t["ids"]), want_ids);
    let t = json(&["tokenize", "--model", model, "--text", "<|im_start|>user"]);
    assert_eq!(common::ids(&t["ids"]), vec![1, 4093]);

    let n = json(&["next", "--model", model, "--file", file, "--top", "3", "--backend", "cpu"]);
    let positions = n["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 1);
    let top = positions[0]["top"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    let exact_top = common::top_list(&p["last_top10"]);
    assert_eq!(top[0][0].as_u64().unwrap() as u32, exact_top[0].0);
    assert!((top[0][1].as_f64().unwrap() as f32 - exact_top[0].1).abs() < 1e-3);

    let ids: Vec<String> = want_ids[..5].iter().map(u32::to_string).collect();
    let all = json(&["next", "--model", model, "--ids", &ids.join(","), "--top", "1", "--all-positions"]);
    let all = all["positions"].as_array().unwrap();
    let argmax = common::ids(&p["prompt_argmax_per_position"]);
    assert_eq!(all.len(), 5);
    for (i, pos) in all.iter().enumerate() {
        assert_eq!(pos["top"][0][0].as_u64().unwrap() as u32, argmax[i], "position {i}");
    }

    let c = json(&["complete", "--model", model, "--file", file, "--max-tokens", "8", "--json"]);
    let greedy = common::ids(&p["greedy"]["ids"]);
    assert_eq!(common::ids(&c["ids"]), greedy[..8].to_vec());
    let tokens = c["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 8);
    for t in tokens {
        let prob = t["prob"].as_f64().unwrap();
        assert!(prob > 0.0 && prob <= 1.0);
        assert_eq!(t["top"][0][0], t["id"], "greedy picks the most likely token");
    }

    let (ok, stdout, _) = marble(&["complete", "--model", model, "--file", file, "--max-tokens", "8"]);
    assert!(ok);
    assert!(stdout.starts_with("#ifdef DEBUG"), "{stdout:?}");

    // Sampling with a seed is repeatable.
    let sample = |seed: &str| {
        json(&[
            "complete",
            "--model",
            model,
            "--file",
            file,
            "--max-tokens",
            "12",
            "--temperature",
            "1.0",
            "--seed",
            seed,
            "--json",
        ])["ids"]
            .clone()
    };
    assert_eq!(sample("7"), sample("7"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_are_sentences_and_a_failing_exit() {
    let (ok, _, stderr) = marble(&["next", "--model", "/nonexistent.gguf", "--ids", "1", "--top", "1"]);
    assert!(!ok);
    assert!(stderr.contains("cannot read the model file /nonexistent.gguf"), "{stderr}");

    let model = common::model_path();
    let model = model.to_str().unwrap();
    let (ok, _, stderr) = marble(&["next", "--model", model, "--ids", "1,999999", "--top", "1"]);
    assert!(!ok);
    assert!(stderr.contains("outside the model's vocabulary"), "{stderr}");

    let (ok, _, stderr) = marble(&["next", "--model", model, "--ids", "1", "--backend", "tpu"]);
    assert!(!ok);
    assert!(stderr.contains("use --backend cpu or --backend gpu"), "{stderr}");

    let (ok, _, stderr) = marble(&["frobnicate"]);
    assert!(!ok);
    assert!(stderr.contains("unknown command"), "{stderr}");
}

#[test]
fn the_gpu_backend_answers_like_the_cpu() {
    let model = common::model_path();
    let model = model.to_str().unwrap();
    let top = |backend: &str| {
        let (ok, stdout, stderr) =
            marble(&["next", "--model", model, "--text", "fn main() {", "--top", "3", "--backend", backend]);
        assert!(ok, "{backend}: {stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        v["positions"][0]["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[0].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(top("gpu"), top("cpu"));
}
