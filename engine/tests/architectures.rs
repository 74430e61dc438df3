//! Each supported architecture variant against a naive float64 forward pass written from the
//! papers (and llama.cpp's graph), on small synthetic models: Llama with a tied head and
//! adjacent-pair RoPE; Qwen2 with QKV biases, NeoX RoPE and an untied head; several weight types.

mod common;

use std::sync::Arc;

use common::reference::Reference;
use marble_engine::config::{Config, RopeStyle};
use marble_engine::ggml_type::GgmlType;
use marble_engine::gguf::Gguf;
use marble_engine::gguf_writer::TinyModel;
use marble_engine::{Model, Session};
use pollster::block_on;

/// Our f32 logits vs the f64 reference on these toy models (logits of order 1–10): f32 rounding
/// through 2 layers of ≤ 96-term sums measured ≤ 3e-6.
const TOL: f64 = 2e-5;

fn check(spec: TinyModel) {
    let bytes = spec.to_bytes();
    let g = Gguf::parse(&bytes).unwrap();
    let c = Config::from_gguf(&g).unwrap();
    // llama.cpp: LLM_ARCH_LLAMA uses LLAMA_ROPE_TYPE_NORM, LLM_ARCH_QWEN2 LLAMA_ROPE_TYPE_NEOX.
    let rope_style = if spec.arch == "qwen2" { RopeStyle::Halves } else { RopeStyle::Adjacent };
    let reference = Reference { g, c, rope_style };
    let model = Arc::new(Model::from_gguf_bytes(&bytes).unwrap());
    let ids: Vec<u32> = (0..20).map(|i| (i * 37 + 5) % 260).collect();
    let want = reference.forward(&ids);
    let mut got = Vec::new();
    block_on(Session::new(model).feed_with_logits(&ids, &mut |_, l| got.push(l.to_vec()))).unwrap();
    assert_eq!(got.len(), want.len());
    let mut max = 0.0f64;
    for (pos, (g, w)) in got.iter().zip(&want).enumerate() {
        for (i, (&a, &b)) in g.iter().zip(w).enumerate() {
            let d = (f64::from(a) - b).abs();
            max = max.max(d);
            assert!(
                d <= TOL,
                "{} {:?}: position {pos} logit {i}: got {a}, want {b}",
                spec.arch,
                spec.weight_type
            );
        }
    }
    println!("{} {:?} untied={}: max |Δ| {max:.2e}", spec.arch, spec.weight_type, spec.untied_head);
}

#[test]
fn llama_tied_head_matches_reference() {
    for ty in [GgmlType::Q4_1, GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::F16, GgmlType::F32] {
        check(TinyModel { weight_type: ty, ..Default::default() });
    }
}

#[test]
fn llama_untied_head_without_gqa_matches_reference() {
    check(TinyModel { untied_head: true, n_head_kv: 4, ..Default::default() });
}

#[test]
fn qwen2_biases_neox_rope_untied_head_match_reference() {
    check(TinyModel { arch: "qwen2", untied_head: true, weight_type: GgmlType::Q8_0, ..Default::default() });
    check(TinyModel {
        arch: "qwen2",
        n_head_kv: 1,
        weight_type: GgmlType::Q4_0,
        seed: 9,
        ..Default::default()
    });
}
