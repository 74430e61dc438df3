//! The GPU backend against the CPU backend on the real default model (Mesa's lavapipe when the
//! machine has no GPU): logits at every position of every reference prompt, greedy continuations
//! (also chained on the GPU), sampling with a seed, probabilities, tensors split by a lowered
//! binding limit, and recovery from a lost device. Run with `--nocapture` for the figures.

mod common;

use common::Backend;
use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::sampler::top_n;
use marble_engine::{Error, GenerateOptions, SamplerConfig, Session};
use pollster::block_on;

/// |GPU − CPU| on any logit, relative to the spread of that position's logits (max − min, about
/// 40 here). Both compute in f32 on the same weights; only the order of the sums differs (the
/// GPU reduces over 16 lanes and chunks attention softmax), so the gap is a few f32 roundings
/// accumulated through 30 layers: measured ~1e-6 of the spread.
const REL_TOL: f32 = 1e-5;
/// Greedy continuations may part only where the CPU's top-2 margin is under this.
const NEAR_TIE: f32 = 0.1;

/// Every reference prompt (shared/reference: llama.cpp's outputs on the default model).
fn reference_prompts() -> Vec<(String, Vec<u32>)> {
    common::fixture("reference.json")["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), common::ids(&p["token_ids"])))
        .collect()
}

/// Logits at every position.
fn all_logits(b: Backend, ids: &[u32]) -> Vec<Vec<f32>> {
    let mut s = common::session(b);
    let mut rows = Vec::new();
    block_on(s.feed_with_logits(ids, &mut |_, l| rows.push(l.to_vec()))).unwrap();
    rows
}

fn max_rel_diff(a: &[f32], b: &[f32]) -> f32 {
    let spread = b.iter().copied().fold(f32::MIN, f32::max) - b.iter().copied().fold(f32::MAX, f32::min);
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max) / spread
}

#[test]
fn logits_at_every_position_of_every_reference_prompt_match_the_cpu() {
    println!("prompt      | positions | argmax equal | max |Δ|/spread");
    for (name, ids) in reference_prompts() {
        let cpu = all_logits(Backend::Cpu, &ids);
        let gpu = all_logits(Backend::Gpu, &ids);
        assert_eq!(cpu.len(), ids.len());
        assert_eq!(gpu.len(), ids.len());
        let (mut worst, mut same) = (0.0f32, 0);
        for (pos, (g, c)) in gpu.iter().zip(&cpu).enumerate() {
            let rel = max_rel_diff(g, c);
            worst = worst.max(rel);
            assert!(rel <= REL_TOL, "{name} position {pos}: max |Δ| is {rel} of the spread");
            let (tg, tc) = (top_n(g, 1)[0], top_n(c, 2));
            if tg.0 == tc[0].0 {
                same += 1;
            } else {
                let margin = tc[0].1 - tc[1].1;
                assert!(
                    margin < NEAR_TIE,
                    "{name} position {pos}: argmax {} vs {} (margin {margin})",
                    tg.0,
                    tc[0].0
                );
            }
        }
        // The last position decides the next token: it must agree.
        assert_eq!(top_n(&gpu[ids.len() - 1], 1)[0].0, top_n(&cpu[ids.len() - 1], 1)[0].0, "{name}: argmax");
        println!("{name:11} | {:9} | {same:12} | {worst:.2e}", ids.len());
    }
}

fn generate(s: &mut Session, ids: &[u32], opts: &GenerateOptions) -> Vec<u32> {
    block_on(s.generate(ids, opts, |_| true)).unwrap().tokens
}

#[test]
fn greedy_continuations_match_the_cpu_and_chaining_changes_nothing() {
    let greedy = GenerateOptions { max_tokens: 32, stop_at_end: false, ..Default::default() };
    for (name, ids) in reference_prompts() {
        let cpu = generate(&mut common::session(Backend::Cpu), &ids, &greedy);
        let mut g = common::session(Backend::Gpu);
        let gpu = generate(&mut g, &ids, &greedy);
        let first_diff = cpu.iter().zip(&gpu).position(|(a, b)| a != b);
        if let Some(i) = first_diff {
            // Allowed only at a near-tie: the CPU's own margin at that step.
            let mut s = common::session(Backend::Cpu);
            block_on(s.feed(&[&ids[..], &cpu[..i]].concat())).unwrap();
            let top = top_n(block_on(s.logits()).unwrap(), 2);
            let margin = top[0].1 - top[1].1;
            assert!(margin < NEAR_TIE, "{name}: GPU and CPU part at step {i} with margin {margin}");
            println!("{name}: parts from the CPU at step {i}, a near-tie (margin {margin})");
        }
        assert_eq!(g.tokens().len(), ids.len() + gpu.len() - 1, "{name}: the last token is not run");
        // Chained submissions (4 or 16 greedy steps each) produce the same tokens.
        let chain = if name == "rust_fn" { 16 } else { 4 };
        let chained = generate(&mut g, &ids, &GenerateOptions { chain, ..greedy.clone() });
        assert_eq!(chained, gpu, "{name}: chain {chain}");
    }
}

#[test]
fn stopping_mid_chain_leaves_the_cache_as_the_cpu_does() {
    let ids = common::model().tokenizer.encode("fn main() {\n    let x = ").unwrap();
    for stop_after in [1, 3, 6] {
        let opts = GenerateOptions { max_tokens: 20, stop_at_end: false, chain: 8, ..Default::default() };
        let mut seen = 0;
        let mut g = common::session(Backend::Gpu);
        let gen = block_on(g.generate(&ids, &opts, |_| {
            seen += 1;
            seen < stop_after
        }))
        .unwrap();
        assert_eq!(gen.tokens.len(), stop_after);
        // As on the CPU: the tokens before the one the caller stopped at are cached.
        let mut c = common::session(Backend::Cpu);
        block_on(c.generate(&ids, &GenerateOptions { chain: 1, ..opts.clone() }, |_| true)).unwrap();
        assert_eq!(g.tokens(), &[&ids[..], &gen.tokens[..stop_after - 1]].concat()[..]);
        // And the session goes on from there exactly as a fresh one.
        block_on(g.feed(&[&ids[..], &gen.tokens[..]].concat())).unwrap();
        let mut fresh = common::session(Backend::Gpu);
        block_on(fresh.feed(&[&ids[..], &gen.tokens[..]].concat())).unwrap();
        assert_eq!(block_on(g.logits()).unwrap(), block_on(fresh.logits()).unwrap());
    }
}

#[test]
fn seeded_sampling_and_probabilities_match_the_cpu() {
    let ids = common::model().tokenizer.encode("def quicksort(xs):\n").unwrap();
    let opts = GenerateOptions {
        max_tokens: 12,
        stop_at_end: false,
        sampler: SamplerConfig { temperature: 0.8, top_k: 20, top_p: 0.9, seed: 7 },
        top_alternatives: 5,
        probabilities: true,
        chain: 1,
    };
    let run = |b: Backend| {
        let mut s = common::session(b);
        let mut toks = Vec::new();
        block_on(s.generate(&ids, &opts, |t| {
            toks.push(t.clone());
            true
        }))
        .unwrap();
        toks
    };
    let (cpu, gpu) = (run(Backend::Cpu), run(Backend::Gpu));
    assert_eq!(gpu.iter().map(|t| t.id).collect::<Vec<_>>(), cpu.iter().map(|t| t.id).collect::<Vec<_>>());
    for (g, c) in gpu.iter().zip(&cpu) {
        assert!((g.prob.unwrap() - c.prob.unwrap()).abs() < 1e-4, "prob {:?} vs {:?}", g.prob, c.prob);
        assert_eq!(g.top.len(), 5);
        for (a, b) in g.top.iter().zip(&c.top) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-4);
        }
    }
    // Settings the GPU sampler does not cover (top-k over the whole vocabulary) fall back to the
    // host and still match.
    let wide = GenerateOptions { sampler: SamplerConfig { top_k: 0, ..opts.sampler }, ..opts.clone() };
    let mut c = common::session(Backend::Cpu);
    let mut g = common::session(Backend::Gpu);
    assert_eq!(generate(&mut g, &ids, &wide), generate(&mut c, &ids, &wide));
}

#[test]
fn tensors_larger_than_the_binding_limit_are_split_and_give_the_same_logits() {
    // 4 MiB: the 32 MB embedding table / tied head splits into 8 parts, a batch of logits into
    // 21 rows; everything else fits as it is.
    let limit = 4 << 20;
    let split = block_on(GpuModel::load(
        common::model(),
        &GpuOptions { max_binding_bytes: Some(limit), max_context: 256, f16_kv: false, ..Default::default() },
    ))
    .unwrap();
    assert_eq!(split.gpu.info.max_binding_bytes, limit);
    let ids = common::model()
        .tokenizer
        .encode("/// Adds two numbers.\npub fn add(a: i32, b: i32) -> i32 {\n")
        .unwrap();
    let mut s = Session::new_gpu(split).unwrap();
    let mut rows = Vec::new();
    block_on(s.feed_with_logits(&ids, &mut |_, l| rows.push(l.to_vec()))).unwrap();
    let whole = all_logits(Backend::Gpu, &ids);
    // Splitting changes where rows live, not how any value is computed.
    assert_eq!(rows, whole);
    let greedy = GenerateOptions { max_tokens: 8, stop_at_end: false, ..Default::default() };
    assert_eq!(generate(&mut s, &ids, &greedy), generate(&mut common::session(Backend::Gpu), &ids, &greedy));
}

#[test]
fn a_lost_device_is_an_error_and_reloading_recovers() {
    let model = common::model();
    let opts = GpuOptions { max_context: 128, ..Default::default() };
    let gpu = block_on(GpuModel::load(model.clone(), &opts)).unwrap();
    let ids = model.tokenizer.encode("fn main() {").unwrap();
    let greedy = GenerateOptions { max_tokens: 4, stop_at_end: false, ..Default::default() };
    let mut s = Session::new_gpu(gpu.clone()).unwrap();
    let before = generate(&mut s, &ids, &greedy);

    gpu.gpu.simulate_loss();
    let err = block_on(s.generate(&ids[..2], &greedy, |_| true)).unwrap_err();
    assert!(matches!(err, Error::GpuLost(_)), "after a device loss: {err:?}");
    assert!(err.to_string().contains("reload the model"), "{err}");
    // Every later call says the same; nothing panics.
    assert!(matches!(block_on(s.feed(&ids)), Err(Error::GpuLost(_))));

    let reloaded = block_on(GpuModel::load(model, &opts)).unwrap();
    let mut s = Session::new_gpu(reloaded).unwrap();
    assert_eq!(generate(&mut s, &ids, &greedy), before);
}

#[test]
fn scoring_on_the_gpu_matches_the_cpu_and_reads_back_four_bytes_a_position() {
    let ids = common::model()
        .tokenizer
        .encode("fn fibonacci(n: u64) -> u64 {\n    if n < 2 {\n        return n;\n    }\n    fibonacci(n - 1) + fibonacci(n - 2)\n}\n")
        .unwrap();
    let cpu = block_on(common::session(Backend::Cpu).score(&ids)).unwrap();
    let mut g = common::session(Backend::Gpu);
    block_on(g.feed(&ids[..10])).unwrap();
    let before = g.gpu_stats().read_bytes;
    let gpu = block_on(g.score(&ids)).unwrap();
    assert_eq!(gpu.len(), cpu.len());
    let worst = gpu.iter().zip(&cpu).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
    println!("score: {} positions, max |Δ log p| GPU vs CPU {worst:.2e}", cpu.len());
    assert!(worst < 1e-4, "log-probabilities differ by {worst}");
    assert_eq!(g.gpu_stats().read_bytes - before, 4 * cpu.len() as u64);
    // The session is left as feed leaves it: the last position's logits are there.
    let last = block_on(g.logits()).unwrap().to_vec();
    let mut c = common::session(Backend::Cpu);
    block_on(c.feed(&ids)).unwrap();
    assert!(max_rel_diff(&last, block_on(c.logits()).unwrap()) <= REL_TOL);
}

#[test]
fn an_f16_kv_cache_is_used_where_the_adapter_has_shader_f16_and_stays_close() {
    let opts = GpuOptions { max_context: 256, ..Default::default() };
    let gpu = block_on(GpuModel::load(common::model(), &opts)).unwrap();
    assert_eq!(gpu.kv_f16, gpu.gpu.info.shader_f16, "f16 cache exactly where shader-f16 is");
    if !gpu.kv_f16 {
        println!("this adapter has no shader-f16: the f32 cache (tested everywhere else) is the one used");
        return;
    }
    let greedy = GenerateOptions { max_tokens: 16, stop_at_end: false, ..Default::default() };
    for (name, ids) in reference_prompts() {
        let mut h = Session::new_gpu(gpu.clone()).unwrap();
        let mut rows = Vec::new();
        block_on(h.feed_with_logits(&ids, &mut |_, l| rows.push(l.to_vec()))).unwrap();
        let cpu = all_logits(Backend::Cpu, &ids);
        let worst = rows.iter().zip(&cpu).map(|(g, c)| max_rel_diff(g, c)).fold(0.0, f32::max);
        // Keys and values rounded to f16 (relative error 2^-11) move logits by ~1e-4 of their
        // spread; the argmax of the last position must not move.
        assert!(worst < 5e-3, "{name}: f16 cache moves logits by {worst} of the spread");
        assert_eq!(top_n(&rows[ids.len() - 1], 1)[0].0, top_n(&cpu[ids.len() - 1], 1)[0].0, "{name}");
        let want = generate(&mut common::session(Backend::Cpu), &ids, &greedy);
        let got = generate(&mut h, &ids, &greedy);
        if let Some(i) = want.iter().zip(&got).position(|(a, b)| a != b) {
            let mut s = common::session(Backend::Cpu);
            block_on(s.feed(&[&ids[..], &want[..i]].concat())).unwrap();
            let top = top_n(block_on(s.logits()).unwrap(), 2);
            assert!(top[0].1 - top[1].1 < NEAR_TIE, "{name}: f16 cache parts from the CPU at step {i}");
        }
        println!(
            "{name}: f16 KV cache, max |Δ|/spread {worst:.2e} vs the CPU; greedy 16 tokens {}",
            if got == want { "identical" } else { "part at a near-tie" }
        );
    }
}

#[test]
fn without_subgroups_the_matrix_kernel_agrees_as_closely() {
    let opts = GpuOptions { max_context: 128, f16_kv: false, subgroups: false, ..Default::default() };
    let plain = block_on(GpuModel::load(common::model(), &opts)).unwrap();
    assert!(!plain.gpu.use_subgroups);
    println!("subgroups used by the default GPU model: {}", common::gpu_model().gpu.use_subgroups);
    let (name, ids) = &reference_prompts()[0];
    let mut s = Session::new_gpu(plain).unwrap();
    let mut rows = Vec::new();
    block_on(s.feed_with_logits(ids, &mut |_, l| rows.push(l.to_vec()))).unwrap();
    let cpu = all_logits(Backend::Cpu, ids);
    let worst = rows.iter().zip(&cpu).map(|(g, c)| max_rel_diff(g, c)).fold(0.0, f32::max);
    println!("{name} without subgroups: max |Δ|/spread {worst:.2e}");
    assert!(worst <= REL_TOL, "{name}: {worst}");
}
