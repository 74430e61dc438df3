//! Long prompts (200–730 tokens) against llama.cpp (fixture from bench/llamacpp_reference.py):
//! RoPE and attention far from position 0, prefill over many batches, then decoding on top.
//! As in reference_logits.rs, a choice is compared wherever llama.cpp's own top-2 margin exceeds
//! 0.5 logits: below that its 8-bit activation rounding can flip it.

mod common;

use std::collections::HashSet;

use marble_engine::sampler::{argmax, top_n};
use marble_engine::Session;
use pollster::block_on;

const LLAMA_MARGIN: f64 = 0.5;

#[test]
fn long_prompts_agree_with_llama_cpp() {
    let model = common::model();
    let fixture = common::fixture("llamacpp_long.json");
    for p in fixture["prompts"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let ids = common::ids(&p["token_ids"]);
        assert_eq!(model.tokenizer.encode(p["text"].as_str().unwrap()).unwrap(), ids, "{name}: tokens");
        assert!(ids.len() > 200);

        let positions = p["positions"].as_array().unwrap();
        let (mut checked, mut same) = (0, 0);
        let mut s = Session::new(model.clone());
        block_on(s.feed_with_logits(&ids, &mut |pos, logits| {
            let want = positions[pos]["argmax"].as_u64().unwrap() as u32;
            let margin = positions[pos]["margin"].as_f64().unwrap();
            let got = argmax(logits);
            same += usize::from(got == want);
            if margin > LLAMA_MARGIN {
                checked += 1;
                assert_eq!(got, want, "{name} position {pos}: llama.cpp margin {margin}");
            }
        }))
        .unwrap();

        let l_top: Vec<u32> =
            p["last_top10"].as_array().unwrap().iter().map(|e| e["id"].as_u64().unwrap() as u32).collect();
        let ours: HashSet<u32> = top_n(block_on(s.logits()).unwrap(), 10).iter().map(|&(id, _)| id).collect();
        let overlap = l_top.iter().filter(|id| ours.contains(id)).count();
        assert_eq!(argmax(block_on(s.logits()).unwrap()), l_top[0], "{name}: last argmax");
        assert!(overlap >= 9, "{name}: top-10 overlap {overlap}");

        let mut fed = ids.clone();
        let mut greedy_checked = 0;
        for (i, step) in p["greedy"].as_array().unwrap().iter().enumerate() {
            let want = step["id"].as_u64().unwrap() as u32;
            if step["margin_to_2nd"].as_f64().unwrap() > LLAMA_MARGIN {
                greedy_checked += 1;
                assert_eq!(argmax(block_on(s.logits()).unwrap()), want, "{name} greedy step {i}");
            }
            fed.push(want);
            block_on(s.feed(&fed)).unwrap();
        }
        println!(
            "{name}: {} tokens; argmax equal at {same}/{} positions, all {checked} with margin > {LLAMA_MARGIN}; top-10 overlap {overlap}; {greedy_checked} confident greedy steps equal",
            ids.len(),
            ids.len()
        );
    }
}
