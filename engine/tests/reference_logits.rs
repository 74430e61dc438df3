//! The forward pass against two references on the real default model:
//!
//! * llama.cpp 0.3.36 (reference.json, logits_*.json). llama.cpp rounds activations to 8 bits inside
//!   its quantized dot products and keeps the KV cache in f16, so its logits differ from exact math
//!   by up to ~0.75 (model-facts.md); we require what that allows: the same argmax, top-10 overlap,
//!   and the same choice wherever llama.cpp's own top-2 margin is comfortable.
//! * An exact float64 forward pass on the dequantized weights (reference_exact.json,
//!   logits_exact_*.json). We compute in f32 on the same weights, so we must agree closely.
//!
//! Run with `--nocapture` to see the measured differences.

mod common;

use std::collections::HashSet;

use marble_engine::sampler::{argmax, top_n};
use marble_engine::{GenerateOptions, Session};
use pollster::block_on;
use serde_json::Value;

/// |ours − exact| on any logit. f32 vs f64 arithmetic on the same weights measured 4e-5 in NumPy;
/// our reduction order differs from NumPy's, so allow 25× that.
const EXACT_LOGIT_TOL: f32 = 1e-3;
/// llama.cpp's greedy steps are checked where its top-2 margin exceeds this (the bar):
/// below it, llama.cpp's 8-bit activation rounding (errors up to ~0.75) can flip the choice.
const LLAMA_MARGIN: f32 = 0.5;
/// Full-vector |ours − llama.cpp|: exact math vs llama.cpp measured 0.62–0.75 (model-facts.md).
const LLAMA_LOGIT_TOL: f32 = 1.0;

fn prompts(file: &str) -> Vec<Value> {
    common::fixture(file)["prompts"].as_array().expect("prompts").clone()
}

fn find<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter().find(|p| p["name"] == name).expect("prompt in both references")
}

#[test]
fn last_position_matches_llama_cpp_and_exact_math() {
    let model = common::model();
    let llama = prompts("reference.json");
    let exact = prompts("reference_exact.json");
    println!(
        "prompt           | argmax | top10∩llama | top10∩exact | max|Δ| exact top10 | max|Δ| llama top10"
    );
    for lp in &llama {
        let name = lp["name"].as_str().unwrap();
        let ep = find(&exact, name);
        let ids = common::ids(&lp["token_ids"]);
        let mut s = Session::new(model.clone());
        block_on(s.feed(&ids)).unwrap();
        let logits = block_on(s.logits()).unwrap();

        let l_top = common::top_list(&lp["last_top10"]);
        let e_top = common::top_list(&ep["last_top10"]);
        let ours: HashSet<u32> = top_n(logits, 10).iter().map(|&(id, _)| id).collect();
        let overlap_llama = l_top.iter().filter(|(id, _)| ours.contains(id)).count();
        let overlap_exact = e_top.iter().filter(|(id, _)| ours.contains(id)).count();
        let diff_exact = e_top.iter().map(|&(id, l)| (logits[id as usize] - l).abs()).fold(0.0, f32::max);
        let diff_llama = l_top.iter().map(|&(id, l)| (logits[id as usize] - l).abs()).fold(0.0, f32::max);
        println!("{name:16} | {:6} | {overlap_llama:11} | {overlap_exact:11} | {diff_exact:18.2e} | {diff_llama:18.3}", argmax(logits));

        assert_eq!(argmax(logits), l_top[0].0, "{name}: argmax vs llama.cpp");
        assert!(overlap_llama >= 9, "{name}: top-10 overlap with llama.cpp is {overlap_llama}");
        assert_eq!(overlap_exact, 10, "{name}: top-10 set differs from exact math");
        assert!(
            diff_exact <= EXACT_LOGIT_TOL,
            "{name}: top-10 logits differ from exact math by {diff_exact}"
        );
    }
}

#[test]
fn full_logit_vectors_match_exact_math_and_stay_near_llama_cpp() {
    let model = common::model();
    let llama = prompts("reference.json");
    for name in ["rust_fn", "chatml"] {
        let exact = common::fixture(&format!("logits_exact_{name}.json"));
        let lcpp = common::fixture(&format!("logits_{name}.json"));
        let ids = common::ids(&find(&llama, name)["token_ids"]);
        let mut s = Session::new(model.clone());
        block_on(s.feed(&ids)).unwrap();
        let ours = block_on(s.logits()).unwrap();
        let stats = |want: &[f32]| {
            assert_eq!(want.len(), ours.len());
            let (mut max, mut sum, mut at) = (0.0f32, 0.0f64, 0);
            for (i, (&a, &b)) in ours.iter().zip(want).enumerate() {
                let d = (a - b).abs();
                sum += f64::from(d);
                if d > max {
                    (max, at) = (d, i);
                }
            }
            (max, sum / want.len() as f64, at)
        };
        let (emax, emean, eat) = stats(&common::floats(&exact["logits"]));
        let (lmax, lmean, lat) = stats(&common::floats(&lcpp["logits"]));
        println!("{name}: all 49152 logits vs exact max {emax:.2e} (id {eat}) mean {emean:.2e}; vs llama.cpp max {lmax:.3} (id {lat}) mean {lmean:.3}");
        assert!(emax <= EXACT_LOGIT_TOL, "{name}: max |Δ| vs exact {emax} at id {eat}");
        assert!(lmax <= LLAMA_LOGIT_TOL, "{name}: max |Δ| vs llama.cpp {lmax} at id {lat}");
    }
}

#[test]
fn teacher_forced_on_llama_cpp_greedy_agrees_where_its_margin_is_clear() {
    let model = common::model();
    let (mut checked, mut agreed_all, mut total) = (0, 0, 0);
    for lp in prompts("reference.json") {
        let name = lp["name"].as_str().unwrap();
        let mut ids = common::ids(&lp["token_ids"]);
        let mut s = Session::new(model.clone());
        block_on(s.feed(&ids)).unwrap();
        for (i, step) in lp["greedy"]["steps"].as_array().unwrap().iter().enumerate() {
            let want = step["id"].as_u64().unwrap() as u32;
            let margin = step["margin_to_2nd"].as_f64().unwrap() as f32;
            let got = argmax(block_on(s.logits()).unwrap());
            total += 1;
            agreed_all += usize::from(got == want);
            if margin > LLAMA_MARGIN {
                checked += 1;
                assert_eq!(got, want, "{name} step {i}: llama.cpp margin {margin}");
            }
            // Feed llama.cpp's token, not ours, so every step is compared on the same prefix.
            ids.push(want);
            let report = block_on(s.feed(&ids)).unwrap();
            assert_eq!(report.computed, 1);
        }
    }
    println!("teacher-forced steps: {checked} with llama.cpp margin > {LLAMA_MARGIN} all agree; {agreed_all}/{total} agree overall");
    assert!(checked >= 100, "too few confident steps checked: {checked}");
}

#[test]
fn greedy_continuations_equal_exact_math() {
    let model = common::model();
    for ep in prompts("reference_exact.json") {
        let name = ep["name"].as_str().unwrap();
        let ids = common::ids(&ep["token_ids"]);
        let want = common::ids(&ep["greedy"]["ids"]);
        let mut s = Session::new(model.clone());
        let opts = GenerateOptions { max_tokens: want.len(), stop_at_end: false, ..Default::default() };
        let got = block_on(s.generate(&ids, &opts, |_| true)).unwrap().tokens;
        assert_eq!(got, want, "{name}: greedy continuation");
    }
}

#[test]
fn argmax_at_every_prompt_position_matches_exact_math() {
    let model = common::model();
    let (mut same, mut total) = (0, 0);
    for ep in prompts("reference_exact.json") {
        let name = ep["name"].as_str().unwrap();
        let ids = common::ids(&ep["token_ids"]);
        let want = common::ids(&ep["prompt_argmax_per_position"]);
        let mut s = Session::new(model.clone());
        block_on(s.feed_with_logits(&ids, &mut |pos, logits| {
            let top = top_n(logits, 2);
            total += 1;
            if top[0].0 == want[pos] {
                same += 1;
            } else {
                // Only a near-tie (within our f32 error) may resolve differently.
                let margin = top[0].1 - top[1].1;
                assert!(
                    margin <= 2.0 * EXACT_LOGIT_TOL,
                    "{name} position {pos}: {} vs exact {} with margin {margin}",
                    top[0].0,
                    want[pos]
                );
            }
        }))
        .unwrap();
    }
    println!("prompt positions: argmax equal to exact math at {same}/{total}");
}

/// Our own float64 forward pass (tests/common/reference.rs) on the real model: it agrees with the
/// NumPy float64 reference to rounding, and our f32 engine sits within f32 error of both. This
/// pins the llama.cpp gap on llama.cpp's arithmetic (8-bit activations, f16 K/V), not on ours.
#[test]
fn own_float64_reference_agrees_with_exact_math_and_the_engine() {
    let path = common::model_path();
    let bytes = std::fs::read(&path).unwrap();
    let g = marble_engine::gguf::Gguf::parse(&bytes).unwrap();
    let c = marble_engine::config::Config::from_gguf(&g).unwrap();
    let reference =
        common::reference::Reference { g, c, rope_style: marble_engine::config::RopeStyle::Adjacent };
    let ep = find(&prompts("reference_exact.json"), "python_fn").clone();
    let ids = common::ids(&ep["token_ids"]);
    let ours64 = reference.forward(&ids).pop().unwrap();

    let numpy_top = common::top_list(&ep["last_top10"]);
    let vs_numpy =
        numpy_top.iter().map(|&(id, l)| (ours64[id as usize] - f64::from(l)).abs()).fold(0.0, f64::max);

    let mut s = Session::new(common::model());
    block_on(s.feed(&ids)).unwrap();
    let vs_engine = block_on(s.logits())
        .unwrap()
        .iter()
        .zip(&ours64)
        .map(|(&a, &b)| (f64::from(a) - b).abs())
        .fold(0.0, f64::max);
    let llama = find(&prompts("reference.json"), "python_fn").clone();
    let vs_llama = common::top_list(&llama["last_top10"])
        .iter()
        .map(|&(id, l)| (ours64[id as usize] - f64::from(l)).abs())
        .fold(0.0, f64::max);
    println!(
        "python_fn, own float64: vs NumPy float64 top-10 max |Δ| {vs_numpy:.1e}; vs engine (f32) all logits {vs_engine:.1e}; vs llama.cpp top-10 {vs_llama:.3}"
    );
    // Both are f64 forward passes; what remains (measured 1.2e-6) is how each rounds a dequantized
    // weight (`d·q + m` rounded to f32 here; NumPy may keep more precision), ~1e-7 relative.
    assert!(vs_numpy < 1e-5, "own float64 vs NumPy float64: {vs_numpy}");
    assert!(vs_engine < f64::from(EXACT_LOGIT_TOL), "engine vs own float64: {vs_engine}");
}
