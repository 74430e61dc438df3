//! The model's hyper-parameters, read from GGUF metadata (`{arch}.*` keys, as llama.cpp names
//! them) and checked for consistency before any tensor is touched.

use crate::error::Error;
use crate::gguf::{Gguf, Value};

/// Decoder families Marble runs. Both are "embed → N × (attention, SwiGLU MLP) → norm → head";
/// they differ in RoPE pairing and in Qwen2's QKV biases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    Llama,
    Qwen2,
}

pub const SUPPORTED_ARCHS: &str = "llama and qwen2";

/// Which dimensions RoPE rotates together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RopeStyle {
    /// ggml mode 0 (llama): adjacent pairs `(2j, 2j+1)`. The HF→GGUF converter permutes the
    /// Q/K rows so this is right for Llama weights.
    Adjacent,
    /// NeoX (qwen2): pairs `(j, j + n_rot/2)`.
    Halves,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub arch: Arch,
    pub n_layer: usize,
    pub n_embd: usize,
    pub n_ff: usize,
    pub n_head: usize,
    pub n_head_kv: usize,
    pub head_dim: usize,
    /// Leading dimensions of each head that RoPE rotates.
    pub n_rot: usize,
    pub rope_style: RopeStyle,
    pub rope_base: f32,
    /// Linear RoPE scaling: positions are multiplied by this (1 / `rope.scaling.factor`).
    pub rope_pos_scale: f32,
    pub rms_eps: f32,
    /// The context length the model was trained for.
    pub n_ctx_train: usize,
    pub n_vocab: usize,
}

impl Config {
    pub fn q_dim(&self) -> usize {
        self.n_head * self.head_dim
    }

    pub fn kv_dim(&self) -> usize {
        self.n_head_kv * self.head_dim
    }

    pub fn from_gguf(g: &Gguf) -> Result<Config, Error> {
        let arch_name = g
            .get("general.architecture")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::MissingMetadata { key: "general.architecture".into() })?;
        let (arch, rope_style) = match arch_name {
            "llama" => (Arch::Llama, RopeStyle::Adjacent),
            "qwen2" => (Arch::Qwen2, RopeStyle::Halves),
            other => {
                return Err(Error::UnsupportedArchitecture {
                    found: other.to_string(),
                    supported: SUPPORTED_ARCHS,
                })
            }
        };
        let key = |k: &str| format!("{arch_name}.{k}");
        let count = |k: &str| -> Result<Option<usize>, Error> {
            let k = key(k);
            match g.get(&k) {
                None => Ok(None),
                Some(v) => match v.as_u64() {
                    Some(n) if n > 0 && n <= 1 << 24 => Ok(Some(n as usize)),
                    _ => Err(Error::BadMetadata {
                        key: k,
                        why: format!("expected a positive count, found {} {v:?}", v.type_name()),
                    }),
                },
            }
        };
        let required = |k: &str| count(k)?.ok_or_else(|| Error::MissingMetadata { key: key(k) });
        let float = |k: &str, default: f32| -> Result<f32, Error> {
            match g.get(&key(k)) {
                None => Ok(default),
                Some(v) => match v.as_f64() {
                    Some(f) if f.is_finite() && f > 0.0 => Ok(f as f32),
                    _ => Err(Error::BadMetadata {
                        key: key(k),
                        why: format!("expected a positive number, found {v:?}"),
                    }),
                },
            }
        };

        let n_layer = required("block_count")?;
        let n_embd = required("embedding_length")?;
        let n_ff = required("feed_forward_length")?;
        let n_head = required("attention.head_count")?;
        let n_head_kv = count("attention.head_count_kv")?.unwrap_or(n_head);
        let bad = |k: &str, why: String| Error::BadMetadata { key: key(k), why };
        if n_embd % n_head != 0 {
            return Err(bad(
                "attention.head_count",
                format!("{n_head} heads do not divide the embedding width {n_embd}"),
            ));
        }
        let head_dim = count("attention.key_length")?.unwrap_or(n_embd / n_head);
        if count("attention.value_length")?.unwrap_or(head_dim) != head_dim {
            return Err(bad("attention.value_length", "keys and values of different widths".into()));
        }
        if n_head % n_head_kv != 0 {
            return Err(bad(
                "attention.head_count_kv",
                format!("{n_head_kv} KV heads do not divide {n_head} query heads"),
            ));
        }
        let n_rot = count("rope.dimension_count")?.unwrap_or(head_dim);
        if n_rot > head_dim || n_rot % 2 != 0 {
            return Err(bad(
                "rope.dimension_count",
                format!("{n_rot} rotated dimensions do not fit a head of {head_dim}"),
            ));
        }
        let rope_pos_scale = match g.get(&key("rope.scaling.type")).and_then(Value::as_str) {
            None | Some("none") => 1.0,
            Some("linear") => 1.0 / float("rope.scaling.factor", 1.0)?,
            Some(other) => {
                return Err(bad("rope.scaling.type", format!("{other:?} scaling is not supported")))
            }
        };
        let rms_eps = float("attention.layer_norm_rms_epsilon", 1e-5)?;
        let rope_base = float("rope.freq_base", 10_000.0)?;
        let n_ctx_train = count("context_length")?.unwrap_or(2048);
        let n_vocab = match count("vocab_size")? {
            Some(n) => n,
            None => g
                .get("tokenizer.ggml.tokens")
                .and_then(Value::as_array)
                .map(<[Value]>::len)
                .ok_or_else(|| Error::MissingMetadata { key: "tokenizer.ggml.tokens".into() })?,
        };
        Ok(Config {
            arch,
            n_layer,
            n_embd,
            n_ff,
            n_head,
            n_head_kv,
            head_dim,
            n_rot,
            rope_style,
            rope_base,
            rope_pos_scale,
            rms_eps,
            n_ctx_train,
            n_vocab,
        })
    }
}
