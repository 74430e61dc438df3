//! A Llama-family decoder (Llama, SmolLM2, Qwen2) loaded from GGUF, and its forward pass on the CPU.
//!
//! ```text
//! x = embed[ids]
//! for each layer:  x += Wo · attention(rope(Wq·norm(x)), rope(Wk·norm(x)), Wv·norm(x))
//!                  x += Wdown · (silu(Wgate·norm(x)) ⊙ Wup·norm(x))
//! logits = head · norm(x)        (head = token_embd when the file has no output.weight)
//! ```

use crate::config::{Arch, Config};
use crate::error::Error;
use crate::ggml_type::GgmlType;
use crate::gguf::{Gguf, TensorInfo};
use crate::kernels::{self, QMatrix};
use crate::quant;
use crate::tokenizer::Tokenizer;

/// One transformer block's weights.
#[derive(Debug)]
pub(crate) struct Layer {
    pub(crate) attn_norm: Vec<f32>,      // [n_embd]
    pub(crate) wq: QMatrix,              // [q_dim × n_embd]
    pub(crate) wk: QMatrix,              // [kv_dim × n_embd]
    pub(crate) wv: QMatrix,              // [kv_dim × n_embd]
    pub(crate) bias_q: Option<Vec<f32>>, // [q_dim] (Qwen2)
    pub(crate) bias_k: Option<Vec<f32>>, // [kv_dim]
    pub(crate) bias_v: Option<Vec<f32>>, // [kv_dim]
    pub(crate) wo: QMatrix,              // [n_embd × q_dim]
    pub(crate) ffn_norm: Vec<f32>,       // [n_embd]
    pub(crate) w_gate: QMatrix,          // [n_ff × n_embd]
    pub(crate) w_up: QMatrix,            // [n_ff × n_embd]
    pub(crate) w_down: QMatrix,          // [n_embd × n_ff]
}

#[derive(Debug)]
pub struct Model {
    pub config: Config,
    pub tokenizer: Tokenizer,
    pub(crate) token_embd: QMatrix, // [n_vocab × n_embd]
    pub(crate) layers: Vec<Layer>,
    pub(crate) output_norm: Vec<f32>, // [n_embd]
    /// `None` when the head is tied to `token_embd`.
    pub(crate) output: Option<QMatrix>, // [n_vocab × n_embd]
    pub(crate) rope_freq_factors: Option<Vec<f32>>, // [n_rot/2] (Llama 3.1+)
}

/// The attention keys and values of every position fed so far, plus the final hidden state of
/// each position so logits at an old position can be recomputed with the head alone.
#[derive(Debug, Clone, Default)]
pub struct KvCache {
    k: Vec<Vec<f32>>, // per layer: [positions × kv_dim]
    v: Vec<Vec<f32>>, // per layer: [positions × kv_dim]
    hidden: Vec<f32>, // [positions × n_embd], before the final norm
    len: usize,
}

impl KvCache {
    pub fn new(cfg: &Config) -> Self {
        KvCache {
            k: vec![Vec::new(); cfg.n_layer],
            v: vec![Vec::new(); cfg.n_layer],
            hidden: Vec::new(),
            len: 0,
        }
    }

    /// Positions held.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets every position from `len` on.
    pub fn truncate(&mut self, len: usize, cfg: &Config) {
        let len = len.min(self.len);
        for l in 0..cfg.n_layer {
            self.k[l].truncate(len * cfg.kv_dim());
            self.v[l].truncate(len * cfg.kv_dim());
        }
        self.hidden.truncate(len * cfg.n_embd);
        self.len = len;
    }
}

/// Activations for one batch of tokens, kept between calls so decoding allocates nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    x: Vec<f32>,      // [tokens × n_embd] residual stream
    xb: Vec<f32>,     // [tokens × n_embd] normed input of a sub-layer
    xb2: Vec<f32>,    // [tokens × n_embd] sub-layer output
    q: Vec<f32>,      // [tokens × q_dim]
    k: Vec<f32>,      // [tokens × kv_dim]
    v: Vec<f32>,      // [tokens × kv_dim]
    att: Vec<f32>,    // [tokens × q_dim]
    gate: Vec<f32>,   // [tokens × n_ff]
    up: Vec<f32>,     // [tokens × n_ff]
    matmul: Vec<f32>, // matmul's stacked output
    /// Logits written by [`Model::forward`]: `[rows × n_vocab]`.
    pub logits: Vec<f32>,
}

/// Which positions of a batch need logits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logits {
    None,
    Last,
    All,
}

/// GGUF names per-layer tensors `blk.{layer}.{part}` whatever the architecture.
const LAYER_PREFIX: &str = "blk";

impl Model {
    /// Loads a model from the bytes of a GGUF file; the bytes can be dropped afterwards.
    pub fn from_gguf_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let g = Gguf::parse(bytes)?;
        Model::from_gguf(&g)
    }

    pub fn from_gguf(g: &Gguf) -> Result<Model, Error> {
        let config = Config::from_gguf(g)?;
        let tokenizer = Tokenizer::from_gguf(g)?;
        let arch = match config.arch {
            Arch::Llama => "llama",
            Arch::Qwen2 => "qwen2",
        };
        let c = &config;
        let tensor = |name: &str| -> Result<&TensorInfo, Error> {
            g.tensor(name).ok_or_else(|| Error::MissingTensor { name: name.into(), arch: arch.into() })
        };
        let check_shape = |t: &TensorInfo, want: &[u64]| -> Result<(), Error> {
            if t.dims != want {
                return Err(Error::TensorShape {
                    name: t.name.clone(),
                    expected: want.to_vec(),
                    found: t.dims.clone(),
                });
            }
            if !t.ggml_type.has_kernels() {
                return Err(Error::UnsupportedTensorType { name: t.name.clone(), ty: t.ggml_type });
            }
            Ok(())
        };
        let matrix = |name: &str, rows: usize, cols: usize| -> Result<QMatrix, Error> {
            let t = tensor(name)?;
            check_shape(t, &[cols as u64, rows as u64])?;
            Ok(QMatrix::new(t.ggml_type, rows, cols, g.tensor_data(t).to_vec()))
        };
        let vector_of = |t: &TensorInfo, n: usize| -> Result<Vec<f32>, Error> {
            check_shape(t, &[n as u64])?;
            let mut out = vec![0.0; n];
            quant::dequantize_row(t.ggml_type, g.tensor_data(t), &mut out);
            Ok(out)
        };
        let vector = |name: &str, n: usize| vector_of(tensor(name)?, n);
        let optional_vector = |name: &str, n: usize| g.tensor(name).map(|t| vector_of(t, n)).transpose();

        let (d, q_dim, kv_dim) = (c.n_embd, c.q_dim(), c.kv_dim());
        let token_embd = matrix("token_embd.weight", c.n_vocab, d)?;
        let mut layers = Vec::with_capacity(c.n_layer);
        for i in 0..c.n_layer {
            let n = |part: &str| format!("{LAYER_PREFIX}.{i}.{part}");
            layers.push(Layer {
                attn_norm: vector(&n("attn_norm.weight"), d)?,
                wq: matrix(&n("attn_q.weight"), q_dim, d)?,
                wk: matrix(&n("attn_k.weight"), kv_dim, d)?,
                wv: matrix(&n("attn_v.weight"), kv_dim, d)?,
                bias_q: optional_vector(&n("attn_q.bias"), q_dim)?,
                bias_k: optional_vector(&n("attn_k.bias"), kv_dim)?,
                bias_v: optional_vector(&n("attn_v.bias"), kv_dim)?,
                wo: matrix(&n("attn_output.weight"), d, q_dim)?,
                ffn_norm: vector(&n("ffn_norm.weight"), d)?,
                w_gate: matrix(&n("ffn_gate.weight"), c.n_ff, d)?,
                w_up: matrix(&n("ffn_up.weight"), c.n_ff, d)?,
                w_down: matrix(&n("ffn_down.weight"), d, c.n_ff)?,
            });
        }
        let output_norm = vector("output_norm.weight", d)?;
        let output = match g.tensor("output.weight") {
            Some(_) => Some(matrix("output.weight", c.n_vocab, d)?),
            None => None,
        };
        let rope_freq_factors = optional_vector("rope_freqs.weight", c.n_rot / 2)?;
        if tokenizer.n_vocab() > c.n_vocab {
            return Err(Error::BadTokenizer(format!(
                "{} tokens but the embedding table has {} rows",
                tokenizer.n_vocab(),
                c.n_vocab
            )));
        }
        Ok(Model { config, tokenizer, token_embd, layers, output_norm, output, rope_freq_factors })
    }

    /// Loads a GGUF file from disk (in the browser there is no disk: use `from_gguf_bytes`).
    pub fn load(path: &std::path::Path) -> Result<Model, LoadFileError> {
        let bytes =
            read_file(path).map_err(|e| LoadFileError::Io(path.display().to_string(), e.to_string()))?;
        Ok(Model::from_gguf_bytes(&bytes)?)
    }

    /// Type of the largest weights, for display.
    pub fn weight_type(&self) -> GgmlType {
        self.layers.first().map_or(self.token_embd.ty, |l| l.w_gate.ty)
    }

    /// Runs `tokens` at positions `cache.len()..`, appending their keys and values to the cache,
    /// and leaves logits for the positions `want` asks for in `s.logits`.
    pub fn forward(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
        s: &mut Scratch,
        want: Logits,
    ) -> Result<(), Error> {
        let c = &self.config;
        let n = tokens.len();
        let (d, q_dim, kv_dim, ff) = (c.n_embd, c.q_dim(), c.kv_dim(), c.n_ff);
        let pos0 = cache.len;
        for &t in tokens {
            if t as usize >= c.n_vocab {
                return Err(Error::TokenOutOfRange { id: t, n_vocab: c.n_vocab });
            }
        }
        for (buf, width) in [
            (&mut s.x, d),
            (&mut s.xb, d),
            (&mut s.xb2, d),
            (&mut s.q, q_dim),
            (&mut s.k, kv_dim),
            (&mut s.v, kv_dim),
            (&mut s.att, q_dim),
            (&mut s.gate, ff),
            (&mut s.up, ff),
        ] {
            buf.resize(n * width, 0.0);
        }
        let rope = kernels::rope_table(c, self.rope_freq_factors.as_deref(), pos0, n);

        // Embedding lookup: dequantize each token's row.
        for (i, &t) in tokens.iter().enumerate() {
            self.token_embd.dequantize_row(t as usize, &mut s.x[i * d..(i + 1) * d]);
        }

        for (l, layer) in self.layers.iter().enumerate() {
            // Attention: norm, Q/K/V projections (+ Qwen2 biases), RoPE on Q and K.
            kernels::rmsnorm(&mut s.xb, &s.x, &layer.attn_norm, c.rms_eps);
            kernels::matmul(
                &[&layer.wq, &layer.wk, &layer.wv],
                &s.xb,
                n,
                &mut s.matmul,
                &mut [&mut s.q, &mut s.k, &mut s.v],
            );
            for (x, b) in [(&mut s.q, &layer.bias_q), (&mut s.k, &layer.bias_k), (&mut s.v, &layer.bias_v)] {
                if let Some(b) = b {
                    kernels::add_bias(x, b);
                }
            }
            kernels::rope(&mut s.q, c.n_head, c, &rope);
            kernels::rope(&mut s.k, c.n_head_kv, c, &rope);
            // Append this batch's keys and values, then attend over everything cached.
            cache.k[l].extend_from_slice(&s.k);
            cache.v[l].extend_from_slice(&s.v);
            kernels::attention(c, &s.q, &cache.k[l], &cache.v[l], pos0, n, &mut s.att);
            kernels::matmul(&[&layer.wo], &s.att, n, &mut s.matmul, &mut [&mut s.xb2]);
            kernels::add_assign(&mut s.x, &s.xb2);

            // MLP: norm, SwiGLU, down projection.
            kernels::rmsnorm(&mut s.xb, &s.x, &layer.ffn_norm, c.rms_eps);
            kernels::matmul(
                &[&layer.w_gate, &layer.w_up],
                &s.xb,
                n,
                &mut s.matmul,
                &mut [&mut s.gate, &mut s.up],
            );
            kernels::swiglu(&mut s.gate, &s.up);
            kernels::matmul(&[&layer.w_down], &s.gate, n, &mut s.matmul, &mut [&mut s.xb2]);
            kernels::add_assign(&mut s.x, &s.xb2);
        }
        cache.hidden.extend_from_slice(&s.x);
        cache.len += n;

        let rows = match want {
            Logits::None => 0..0,
            Logits::Last => n - 1..n,
            Logits::All => 0..n,
        };
        self.head(&s.x[rows.start * d..rows.end * d], &mut s.matmul, &mut s.logits);
        Ok(())
    }

    /// Logits at positions already in the cache (from their stored hidden states).
    pub fn logits_at(&self, cache: &KvCache, positions: std::ops::Range<usize>, s: &mut Scratch) {
        let d = self.config.n_embd;
        assert!(positions.end <= cache.len, "position not in the cache");
        self.head(&cache.hidden[positions.start * d..positions.end * d], &mut s.matmul, &mut s.logits);
    }

    /// Final norm and output head over hidden states `[rows × n_embd]` into `logits`.
    fn head(&self, hidden: &[f32], matmul_scratch: &mut Vec<f32>, logits: &mut Vec<f32>) {
        let c = &self.config;
        let rows = hidden.len() / c.n_embd;
        logits.resize(rows * c.n_vocab, 0.0);
        if rows == 0 {
            return;
        }
        let mut normed = vec![0.0; hidden.len()];
        kernels::rmsnorm(&mut normed, hidden, &self.output_norm, c.rms_eps);
        let head = self.output.as_ref().unwrap_or(&self.token_embd);
        kernels::matmul(&[head], &normed, rows, matmul_scratch, &mut [logits]);
    }
}

/// Natively the file is memory-mapped, so a multi-gigabyte model needs its weights in memory once
/// (the copies the model keeps), not twice.
#[cfg(not(target_arch = "wasm32"))]
fn read_file(path: &std::path::Path) -> std::io::Result<memmap2::Mmap> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is only read while the weights are copied out, then dropped. A file
    // truncated by another process meanwhile would fault, as it would for llama.cpp, which maps
    // model files the same way.
    unsafe { memmap2::Mmap::map(&file) }
}

#[cfg(target_arch = "wasm32")]
fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// Loading from a path can also fail to read the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadFileError {
    #[error("cannot read the model file {0}: {1}")]
    Io(String, String),
    #[error(transparent)]
    Model(#[from] Error),
}
