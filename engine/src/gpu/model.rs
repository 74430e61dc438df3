//! The model on the GPU: weights uploaded once (`GpuModel`), and per session the KV cache,
//! activations, bind groups and the recorded order of dispatches (`GpuState`). A decode step is
//! one command buffer with one compute pass: embedding, 6 dispatches per layer (Q/K/V with the
//! norm fused, K/V store with RoPE, attention, output projection + residual, gate/up with the
//! norm and SwiGLU fused, down projection + residual), the head, and the sampler.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::RopeStyle;
use crate::error::Error;
use crate::ggml_type::GgmlType;
use crate::gpu::context::{Gpu, GpuOptions};
use crate::gpu::kernels::*;
use crate::gpu::pack::{self, GpuMatrix};
use crate::kernels::{rope_table, QMatrix};
use crate::model::{Logits, Model};

/// Tokens per forward call on the GPU (the session's prefill batch), unless a batch of logits
/// would not fit one binding.
pub const MAX_BATCH: usize = 64;
/// Greedy tokens one submission may chain.
pub const MAX_CHAIN: usize = 16;

struct GpuLayer {
    attn_norm: wgpu::Buffer,
    /// Q, K and V: one matrix when they share a type (written side by side), else three.
    qkv: Vec<(GpuMatrix, usize)>,
    qkv_bias: Option<wgpu::Buffer>,
    wo: GpuMatrix,
    ffn_norm: wgpu::Buffer,
    gate: GpuMatrix,
    up: GpuMatrix,
    down: GpuMatrix,
}

/// The weights on the GPU and the pipelines that use them; shared by the model's sessions.
pub struct GpuModel {
    pub model: Arc<Model>,
    pub gpu: Arc<Gpu>,
    token_embd: GpuMatrix,
    layers: Vec<GpuLayer>,
    output_norm: wgpu::Buffer,
    output: Option<GpuMatrix>,
    rope: wgpu::Buffer,
    /// Positions the KV cache of each session holds.
    pub capacity: usize,
    /// Whether the KV cache holds f16 (else f32).
    pub kv_f16: bool,
    matmul: HashMap<MatmulSpec, Kernel>,
    embed: Kernel,
    store_kv: Kernel,
    attend: Kernel,
    sample: Kernel,
    log_prob: Kernel,
}

impl std::fmt::Debug for GpuModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuModel").field("gpu", &self.gpu).field("capacity", &self.capacity).finish()
    }
}

fn f32_bytes(v: &[f32]) -> &[u8] {
    bytemuck::cast_slice(v)
}

impl GpuModel {
    /// Opens the GPU and uploads `model`'s weights.
    pub async fn load(model: Arc<Model>, opts: &GpuOptions) -> Result<Arc<GpuModel>, Error> {
        let gpu = Arc::new(Gpu::new(opts).await?);
        GpuModel::upload(model, gpu, opts)
    }

    /// Uploads `model`'s weights to an open GPU.
    pub fn upload(model: Arc<Model>, gpu: Arc<Gpu>, opts: &GpuOptions) -> Result<Arc<GpuModel>, Error> {
        let c = &model.config;
        if c.head_dim > MAX_HEAD_DIM as usize {
            return Err(Error::GpuUnsupported(format!(
                "heads of {} values (the GPU kernels take up to {MAX_HEAD_DIM})",
                c.head_dim
            )));
        }
        let g = &*gpu;
        let matrix = |name: &str, m: &QMatrix, part_rows: Option<usize>| {
            pack::upload(g, name, m.ty, m.rows, m.cols, |r| m.row(r), part_rows)
        };
        let vector = |name: &str, v: &[f32]| g.buffer_init(name, f32_bytes(v), wgpu::BufferUsages::empty());
        let token_embd = matrix("token_embd", &model.token_embd, None)?;
        let mut layers = Vec::with_capacity(c.n_layer);
        for (i, l) in model.layers.iter().enumerate() {
            let qkv = if l.wq.ty == l.wk.ty && l.wk.ty == l.wv.ty {
                let rows = l.wq.rows + l.wk.rows + l.wv.rows;
                let row = |r: usize| {
                    if r < l.wq.rows {
                        l.wq.row(r)
                    } else if r < l.wq.rows + l.wk.rows {
                        l.wk.row(r - l.wq.rows)
                    } else {
                        l.wv.row(r - l.wq.rows - l.wk.rows)
                    }
                };
                vec![(pack::upload(g, &format!("blk.{i}.qkv"), l.wq.ty, rows, c.n_embd, row, None)?, 0)]
            } else {
                vec![
                    (matrix(&format!("blk.{i}.attn_q"), &l.wq, None)?, 0),
                    (matrix(&format!("blk.{i}.attn_k"), &l.wk, None)?, c.q_dim()),
                    (matrix(&format!("blk.{i}.attn_v"), &l.wv, None)?, c.q_dim() + c.kv_dim()),
                ]
            };
            let qkv_bias = if l.bias_q.is_some() || l.bias_k.is_some() || l.bias_v.is_some() {
                let mut b = Vec::with_capacity(c.q_dim() + 2 * c.kv_dim());
                for (bias, n) in [(&l.bias_q, c.q_dim()), (&l.bias_k, c.kv_dim()), (&l.bias_v, c.kv_dim())] {
                    match bias {
                        Some(v) => b.extend_from_slice(v),
                        None => b.extend(std::iter::repeat_n(0.0, n)),
                    }
                }
                Some(vector(&format!("blk.{i}.qkv_bias"), &b))
            } else {
                None
            };
            // Gate and up are read by one kernel per part: split both at the same rows.
            let ff_rows = pack::max_rows(g, ff_row_words(&l.w_gate, &l.w_up)?);
            layers.push(GpuLayer {
                attn_norm: vector(&format!("blk.{i}.attn_norm"), &l.attn_norm),
                qkv,
                qkv_bias,
                wo: matrix(&format!("blk.{i}.attn_output"), &l.wo, None)?,
                ffn_norm: vector(&format!("blk.{i}.ffn_norm"), &l.ffn_norm),
                gate: matrix(&format!("blk.{i}.ffn_gate"), &l.w_gate, Some(ff_rows))?,
                up: matrix(&format!("blk.{i}.ffn_up"), &l.w_up, Some(ff_rows))?,
                down: matrix(&format!("blk.{i}.ffn_down"), &l.w_down, None)?,
            });
        }
        let output = model.output.as_ref().map(|m| matrix("output", m, None)).transpose()?;
        let output_norm = vector("output_norm", &model.output_norm);

        let kv_f16 = opts.f16_kv && g.info.shader_f16;
        // The KV cache of one layer, the residual stream and the RoPE table must each fit a binding.
        let per_position = (c.kv_dim().max(c.n_embd) * 4) as u64;
        let fits = (g.info.max_binding_bytes / per_position) as usize;
        let capacity = opts.max_context.min(c.n_ctx_train).min(fits).max(1);
        let table: Vec<f32> = rope_table(c, model.rope_freq_factors.as_deref(), 0, capacity)
            .into_iter()
            .flat_map(|(cos, sin)| [cos, sin])
            .collect();
        let rope = vector("rope", &table);

        let mut specs = Vec::new();
        for l in &layers {
            for (m, _) in &l.qkv {
                specs.push(MatmulSpec {
                    ty: m.ty,
                    swiglu: None,
                    norm: true,
                    bias: l.qkv_bias.is_some(),
                    add: false,
                    tokens: 1,
                });
            }
            specs.push(MatmulSpec {
                ty: l.wo.ty,
                swiglu: None,
                norm: false,
                bias: false,
                add: true,
                tokens: 1,
            });
            specs.push(MatmulSpec {
                ty: l.gate.ty,
                swiglu: Some(l.up.ty),
                norm: true,
                bias: false,
                add: false,
                tokens: 1,
            });
            specs.push(MatmulSpec {
                ty: l.down.ty,
                swiglu: None,
                norm: false,
                bias: false,
                add: true,
                tokens: 1,
            });
        }
        let head_ty = output.as_ref().unwrap_or(&token_embd).ty;
        specs.push(MatmulSpec { ty: head_ty, swiglu: None, norm: true, bias: false, add: false, tokens: 1 });
        let mut matmul = HashMap::new();
        for s in specs {
            for tokens in [1, PREFILL_TOKENS] {
                let spec = MatmulSpec { tokens, ..s };
                matmul.entry(spec).or_insert_with(|| matmul_kernel(g, &spec));
            }
        }
        let embed = embed_kernel(g, token_embd.ty);
        let (store_kv, attend) = attention_kernels(g, c.head_dim, kv_f16);
        let sample = sample_kernel(g);
        let log_prob = log_prob_kernel(g);
        gpu.check()?;
        Ok(Arc::new(GpuModel {
            model: model.clone(),
            gpu: gpu.clone(),
            token_embd,
            layers,
            output_norm,
            output,
            rope,
            capacity,
            kv_f16,
            matmul,
            embed,
            store_kv,
            attend,
            sample,
            log_prob,
        }))
    }
}

fn ff_row_words(gate: &QMatrix, up: &QMatrix) -> Result<usize, Error> {
    let words = |m: &QMatrix| {
        pack::row_words(m.ty, m.cols).ok_or_else(|| {
            Error::GpuUnsupported(format!("{} rows of {} values have no GPU kernel", m.ty, m.cols))
        })
    };
    Ok(words(gate)?.max(words(up)?))
}

/// How many workgroups a recorded dispatch needs for a step of `n` tokens.
#[derive(Debug, Clone, Copy)]
enum Grid {
    /// A matrix kernel over `rows` output rows.
    Rows(usize),
    /// One workgroup per token and per `usize` (heads).
    TokensBy(usize),
    /// One workgroup per `usize` (heads) and per token.
    ByTokens(usize),
    /// One workgroup per token.
    Tokens,
    One,
}

/// One dispatch recorded at session creation: the pipelines for one token and for a batch, the
/// bind group, and its grid.
struct Dispatch {
    one: wgpu::ComputePipeline,
    batch: wgpu::ComputePipeline,
    bind: wgpu::BindGroup,
    grid: Grid,
}

impl Dispatch {
    fn encode(&self, pass: &mut wgpu::ComputePass<'_>, n: usize) {
        let batched = n > 1;
        pass.set_pipeline(if batched { &self.batch } else { &self.one });
        pass.set_bind_group(0, &self.bind, &[]);
        let n32 = n as u32;
        let (x, y, z) = match self.grid {
            Grid::Rows(rows) => matmul_grid(rows, n, if batched { PREFILL_TOKENS } else { 1 }),
            Grid::TokensBy(k) => (n32, k as u32, 1),
            Grid::ByTokens(k) => (k as u32, n32, 1),
            Grid::Tokens => (n32, 1, 1),
            Grid::One => (1, 1, 1),
        };
        pass.dispatch_workgroups(x, y, z);
    }
}

/// Counts for benchmarks: how much work reached the GPU.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GpuStats {
    pub dispatches: u64,
    pub submissions: u64,
    /// Tokens run through the layers.
    pub tokens: u64,
    /// Bytes read back to the host.
    pub read_bytes: u64,
}

/// One sampled token as the GPU reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuSample {
    pub token: u32,
    pub logit: f32,
    /// `None` unless probabilities were asked for.
    pub log_sum_exp: Option<f32>,
    /// The most likely tokens and their logits, most likely first.
    pub top: Vec<(u32, f32)>,
}

/// What [`GpuState::sample_steps`] should compute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpuSampling {
    pub temperature: f32,
    /// Candidates to draw from (1..=MAX_TOP) when the temperature is positive.
    pub top_k: usize,
    pub top_p: f32,
    /// Alternatives to report.
    pub top_alternatives: usize,
    pub probabilities: bool,
}

impl GpuSampling {
    /// Whether the GPU sampler can do this (otherwise the host samples from read-back logits).
    pub fn supported(&self) -> bool {
        let draw_ok = self.temperature <= 0.0 || (1..=MAX_TOP).contains(&self.top_k);
        draw_ok && self.top_alternatives <= MAX_TOP
    }
}

/// A session's state on the GPU: KV cache, activations and the recorded dispatches.
pub struct GpuState {
    pub m: Arc<GpuModel>,
    /// Positions held in the KV cache.
    len: usize,
    state: wgpu::Buffer,
    ids: wgpu::Buffer,
    uniforms: wgpu::Buffer,
    result: wgpu::Buffer,
    logits: wgpu::Buffer,
    sample_params: wgpu::Buffer,
    staging: wgpu::Buffer,
    embed: Vec<Dispatch>,
    layers: Vec<Dispatch>,
    head_last: Vec<Dispatch>,
    head_all: Vec<Dispatch>,
    sample: Dispatch,
    log_prob: wgpu::BindGroup,
    targets: wgpu::Buffer,
    log_probs: wgpu::Buffer,
    /// Rows of logits the last head dispatch wrote, and which of them is the last position.
    logits_rows: usize,
    /// Tokens per forward call.
    batch: usize,
    pub stats: GpuStats,
    // Kept alive for the bind groups.
    _buffers: Vec<wgpu::Buffer>,
}

impl GpuState {
    pub fn new(m: Arc<GpuModel>) -> Result<GpuState, Error> {
        let g = &*m.gpu;
        let c = &m.model.config;
        let cap = m.capacity as u64;
        let (d, q_dim, kv_dim, ff, vocab) = (c.n_embd, c.q_dim(), c.kv_dim(), c.n_ff, c.n_vocab);
        let qkv_width = q_dim + 2 * kv_dim;
        let batch = MAX_BATCH.min((g.info.max_binding_bytes / (vocab as u64 * 4)) as usize);
        if batch == 0 {
            return Err(Error::GpuUnsupported(format!(
                "one row of {vocab} logits is larger than the GPU binds at once ({} bytes)",
                g.info.max_binding_bytes
            )));
        }
        let b = batch as u64;
        use wgpu::BufferUsages as U;
        let storage = |name: &str, bytes: u64| {
            if bytes > g.info.max_binding_bytes {
                return Err(Error::GpuUnsupported(format!(
                    "the {name} buffer needs {bytes} bytes, more than the GPU binds at once ({})",
                    g.info.max_binding_bytes
                )));
            }
            Ok(g.buffer(name, bytes, U::STORAGE | U::COPY_SRC | U::COPY_DST))
        };
        let hidden = storage("hidden", cap * d as u64 * 4)?;
        let qkv = storage("qkv", b * qkv_width as u64 * 4)?;
        let att = storage("att", b * q_dim as u64 * 4)?;
        let ffb = storage("ff", b * ff as u64 * 4)?;
        let logits = storage("logits", b * vocab as u64 * 4)?;
        let state = storage("state", 16)?;
        let ids = storage("ids", b * 4)?;
        let uniforms = storage("uniforms", MAX_CHAIN as u64 * 4)?;
        let result = storage("result", (MAX_CHAIN * RESULT_WORDS * 4) as u64)?;
        let staging = g.buffer("staging", b * vocab as u64 * 4, U::MAP_READ | U::COPY_DST);
        let sample_params = g.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("sample params"),
            size: std::mem::size_of::<SampleParams>() as u64,
            usage: U::UNIFORM | U::COPY_DST,
            mapped_at_creation: false,
        });
        let mut keep = Vec::new();

        let uniform = |label: &str, data: &[u8], keep: &mut Vec<wgpu::Buffer>| {
            let u = g.uniform(label, data);
            keep.push(u.clone());
            u
        };
        let kernel = |spec: MatmulSpec| &m.matmul[&spec];
        // The dispatches of one matrix product, one per part.
        #[allow(clippy::too_many_arguments)]
        let linear = |w: &GpuMatrix,
                      w2: Option<&GpuMatrix>,
                      x: &wgpu::Buffer,
                      x_mode: u32,
                      y: &wgpu::Buffer,
                      y_mode: u32,
                      out_offset: usize,
                      out_stride: usize,
                      norm: Option<&wgpu::Buffer>,
                      bias: Option<&wgpu::Buffer>,
                      add: bool,
                      keep: &mut Vec<wgpu::Buffer>|
         -> Vec<Dispatch> {
            let spec = MatmulSpec {
                ty: w.ty,
                swiglu: w2.map(|w2| w2.ty),
                norm: norm.is_some(),
                bias: bias.is_some(),
                add,
                tokens: 1,
            };
            w.parts
                .iter()
                .enumerate()
                .map(|(p, part)| {
                    let shape = MatmulShape {
                        rows: part.rows as u32,
                        cols: w.cols as u32,
                        row_words: w.row_words as u32,
                        row_words2: w2.map_or(0, |w2| w2.row_words as u32),
                        out_offset: (out_offset + part.row0) as u32,
                        out_stride: out_stride as u32,
                        x_mode,
                        y_mode,
                        eps: c.rms_eps,
                        pad: [0; 3],
                    };
                    let u = uniform("shape", bytemuck::bytes_of(&shape), keep);
                    let mut bufs = vec![(0, &u), (1, &state), (2, &part.buffer), (3, x), (4, y)];
                    if let Some(n) = norm {
                        bufs.push((5, n));
                    }
                    if let Some(w2) = w2 {
                        bufs.push((6, &w2.parts[p].buffer));
                    }
                    if let Some(bias) = bias {
                        bufs.push((7, bias));
                    }
                    let k1 = kernel(spec);
                    let kb = kernel(MatmulSpec { tokens: PREFILL_TOKENS, ..spec });
                    Dispatch {
                        one: k1.pipeline.clone(),
                        batch: kb.pipeline.clone(),
                        bind: k1.bind(g, "matmul", &bufs),
                        grid: Grid::Rows(part.rows),
                    }
                })
                .collect()
        };

        let embed = m
            .token_embd
            .parts
            .iter()
            .map(|part| {
                let p = EmbedParams::for_part(&m.token_embd, part);
                let u = uniform("embed", bytemuck::bytes_of(&p), &mut keep);
                Dispatch {
                    one: m.embed.pipeline.clone(),
                    batch: m.embed.pipeline.clone(),
                    bind: m.embed.bind(
                        g,
                        "embed",
                        &[(0, &u), (1, &state), (2, &ids), (3, &part.buffer), (4, &hidden)],
                    ),
                    grid: Grid::Tokens,
                }
            })
            .collect();

        let attn = AttnParams {
            n_head: c.n_head as u32,
            n_head_kv: c.n_head_kv as u32,
            head_dim: c.head_dim as u32,
            n_rot: c.n_rot as u32,
            rope_halves: u32::from(c.rope_style == RopeStyle::Halves),
            qkv_stride: qkv_width as u32,
            k_offset: q_dim as u32,
            v_offset: (q_dim + kv_dim) as u32,
            scale: 1.0 / (c.head_dim as f32).sqrt(),
            pad: [0; 3],
        };
        let attn_u = uniform("attn", bytemuck::bytes_of(&attn), &mut keep);
        let mut layers = Vec::new();
        for (i, l) in m.layers.iter().enumerate() {
            for (w, offset) in &l.qkv {
                layers.extend(linear(
                    w,
                    None,
                    &hidden,
                    X_STEP,
                    &qkv,
                    X_BATCH,
                    *offset,
                    qkv_width,
                    Some(&l.attn_norm),
                    l.qkv_bias.as_ref(),
                    false,
                    &mut keep,
                ));
            }
            let kv_bytes = if m.kv_f16 { 2 } else { 4 };
            let k_cache = storage(&format!("k_cache.{i}"), cap * kv_dim as u64 * kv_bytes)?;
            let v_cache = storage(&format!("v_cache.{i}"), cap * kv_dim as u64 * kv_bytes)?;
            let bind = m.store_kv.bind(
                g,
                "attention",
                &[
                    (0, &attn_u),
                    (1, &state),
                    (2, &qkv),
                    (3, &m.rope),
                    (4, &k_cache),
                    (5, &v_cache),
                    (6, &att),
                ],
            );
            layers.push(Dispatch {
                one: m.store_kv.pipeline.clone(),
                batch: m.store_kv.pipeline.clone(),
                bind: bind.clone(),
                grid: Grid::TokensBy(c.n_head_kv),
            });
            layers.push(Dispatch {
                one: m.attend.pipeline.clone(),
                batch: m.attend.pipeline.clone(),
                bind,
                grid: Grid::ByTokens(c.n_head),
            });
            keep.extend([k_cache, v_cache]);
            layers.extend(linear(
                &l.wo, None, &att, X_BATCH, &hidden, X_STEP, 0, d, None, None, true, &mut keep,
            ));
            layers.extend(linear(
                &l.gate,
                Some(&l.up),
                &hidden,
                X_STEP,
                &ffb,
                X_BATCH,
                0,
                ff,
                Some(&l.ffn_norm),
                None,
                false,
                &mut keep,
            ));
            layers.extend(linear(
                &l.down, None, &ffb, X_BATCH, &hidden, X_STEP, 0, d, None, None, true, &mut keep,
            ));
        }
        let head_w = m.output.as_ref().unwrap_or(&m.token_embd);
        // The head over the last row (decoding, the last position of a batch) or over every row of
        // the step (logits at every position).
        let mut head = |x_mode| {
            linear(
                head_w,
                None,
                &hidden,
                x_mode,
                &logits,
                X_BATCH,
                0,
                vocab,
                Some(&m.output_norm),
                None,
                false,
                &mut keep,
            )
        };
        let (head_last, head_all) = (head(X_LAST), head(X_STEP));
        let sample = Dispatch {
            one: m.sample.pipeline.clone(),
            batch: m.sample.pipeline.clone(),
            bind: m.sample.bind(
                g,
                "sample",
                &[(0, &sample_params), (1, &state), (2, &logits), (3, &uniforms), (4, &result), (5, &ids)],
            ),
            grid: Grid::One,
        };
        let targets = storage("targets", b * 4)?;
        let log_probs = storage("log_probs", b * 4)?;
        let vocab_params = SampleParams {
            n_vocab: vocab as u32,
            n_top: 1,
            temperature: 0.0,
            top_p: 1.0,
            want_lse: 1,
            n_draw: 1,
            pad: [0; 2],
        };
        let vocab_u = uniform("log_prob", bytemuck::bytes_of(&vocab_params), &mut keep);
        let log_prob =
            m.log_prob.bind(g, "log_prob", &[(0, &vocab_u), (2, &logits), (6, &targets), (7, &log_probs)]);
        keep.extend([hidden, qkv, att, ffb]);
        g.check()?;
        Ok(GpuState {
            m: m.clone(),
            len: 0,
            state,
            ids,
            uniforms,
            result,
            logits,
            sample_params,
            staging,
            embed,
            layers,
            head_last,
            head_all,
            sample,
            log_prob,
            targets,
            log_probs,
            logits_rows: 0,
            batch,
            stats: GpuStats::default(),
            _buffers: keep,
        })
    }

    /// Rows of logits the last forward or `logits_at` left on the GPU.
    pub fn logits_rows(&self) -> usize {
        self.logits_rows
    }

    /// Tokens per [`GpuState::forward`] (and rows per [`GpuState::logits_at`]).
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// Positions in the KV cache.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets positions from `len` on (their cache rows are simply overwritten later).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    fn write_state(&self, pos0: usize, n_tokens: usize) {
        let s = StepState { pos0: pos0 as u32, n_tokens: n_tokens as u32, step: 0, pad: 0 };
        self.m.gpu.queue.write_buffer(&self.state, 0, bytemuck::bytes_of(&s));
    }

    fn encode_forward(&mut self, pass: &mut wgpu::ComputePass<'_>, n: usize, want: Logits) {
        let heads = match want {
            Logits::None => &[][..],
            Logits::Last => &self.head_last[..],
            Logits::All => &self.head_all[..],
        };
        for d in self.embed.iter().chain(&self.layers) {
            d.encode(pass, n);
        }
        for d in heads {
            // The last row alone is one token's work.
            d.encode(pass, if want == Logits::Last { 1 } else { n });
        }
        self.stats.dispatches += (self.embed.len() + self.layers.len() + heads.len()) as u64;
        self.stats.tokens += n as u64;
    }

    /// One command buffer: a compute pass recorded by `f`, then (optionally) the copy of
    /// `bytes` of the results into the staging buffer, so reading them back needs no second
    /// submission.
    fn submit(&mut self, copy_results: Option<u64>, f: impl FnOnce(&mut Self, &mut wgpu::ComputePass<'_>)) {
        let gpu = self.m.gpu.clone();
        let mut enc = gpu.device.create_command_encoder(&Default::default());
        {
            let mut pass = enc.begin_compute_pass(&Default::default());
            f(self, &mut pass);
        }
        if let Some(bytes) = copy_results {
            enc.copy_buffer_to_buffer(&self.result, 0, &self.staging, 0, bytes);
        }
        gpu.queue.submit([enc.finish()]);
        self.stats.submissions += 1;
    }

    /// Runs `tokens` (at most [`GpuState::batch`]) at positions `len()..`, leaving the logits `want`
    /// asks for on the GPU.
    pub fn forward(&mut self, tokens: &[u32], want: Logits) -> Result<(), Error> {
        let n = tokens.len();
        assert!(n > 0 && n <= self.batch, "forward batch of {n}");
        if self.len + n > self.m.capacity {
            return Err(Error::ContextFull { needed: self.len + n, max: self.m.capacity });
        }
        self.m.gpu.check()?;
        self.m.gpu.queue.write_buffer(&self.ids, 0, bytemuck::cast_slice(tokens));
        self.write_state(self.len, n);
        self.submit(None, |s, pass| s.encode_forward(pass, n, want));
        self.len += n;
        self.logits_rows = match want {
            Logits::None => 0,
            Logits::Last => 1,
            Logits::All => n,
        };
        Ok(())
    }

    /// Computes logits at cached positions `range` (at most [`GpuState::batch`]) from their hidden
    /// states.
    pub fn logits_at(&mut self, range: std::ops::Range<usize>) -> Result<(), Error> {
        assert!(range.end <= self.len && !range.is_empty() && range.len() <= self.batch);
        self.m.gpu.check()?;
        self.write_state(range.start, range.len());
        let n = range.len();
        self.submit(None, |s, pass| {
            for d in &s.head_all {
                d.encode(pass, n);
            }
            s.stats.dispatches += s.head_all.len() as u64;
        });
        self.logits_rows = n;
        Ok(())
    }

    /// Reads back rows `rows` of the logits the last forward or `logits_at` left.
    pub async fn read_logits(&mut self, rows: std::ops::Range<usize>) -> Result<Vec<f32>, Error> {
        assert!(rows.end <= self.logits_rows, "logits rows not computed");
        let vocab = self.m.model.config.n_vocab as u64;
        let bytes = rows.len() as u64 * vocab * 4;
        let gpu = self.m.gpu.clone();
        let raw = gpu.read(&self.logits, rows.start as u64 * vocab * 4, &self.staging, bytes).await?;
        self.stats.read_bytes += bytes;
        Ok(bytemuck::pod_collect_to_vec(&raw))
    }

    /// `log p(targets[i])` under rows `0..targets.len()` of the logits the last forward or
    /// `logits_at` left, reading back 4 bytes per row.
    pub async fn log_probs(&mut self, targets: &[u32]) -> Result<Vec<f32>, Error> {
        let rows = targets.len();
        assert!(rows > 0 && rows <= self.logits_rows, "log-probabilities of rows not computed");
        let vocab = self.m.model.config.n_vocab as u32;
        assert!(targets.iter().all(|&t| t < vocab), "target outside the vocabulary");
        let gpu = self.m.gpu.clone();
        gpu.check()?;
        gpu.queue.write_buffer(&self.targets, 0, bytemuck::cast_slice(targets));
        let bytes = rows as u64 * 4;
        let mut enc = gpu.device.create_command_encoder(&Default::default());
        {
            let mut pass = enc.begin_compute_pass(&Default::default());
            pass.set_pipeline(&self.m.log_prob.pipeline);
            pass.set_bind_group(0, &self.log_prob, &[]);
            pass.dispatch_workgroups(rows as u32, 1, 1);
        }
        enc.copy_buffer_to_buffer(&self.log_probs, 0, &self.staging, 0, bytes);
        gpu.queue.submit([enc.finish()]);
        self.stats.dispatches += 1;
        self.stats.submissions += 1;
        let raw = gpu.map_staging(&self.staging, bytes).await?;
        self.stats.read_bytes += bytes;
        Ok(bytemuck::pod_collect_to_vec(&raw))
    }

    /// Samples `steps` tokens in one submission: from the logits on the GPU, then (greedy
    /// chaining) each sampled token is run and the next one sampled. With `forward_first` the
    /// token the previous call sampled is run first. `uniforms` holds one draw in [0, 1) per step.
    pub async fn sample_steps(
        &mut self,
        forward_first: bool,
        steps: usize,
        how: &GpuSampling,
        uniforms: &[f32],
    ) -> Result<Vec<GpuSample>, Error> {
        assert!(steps > 0 && steps <= MAX_CHAIN && uniforms.len() == steps && how.supported());
        let forwards = steps - 1 + usize::from(forward_first);
        if self.len + forwards > self.m.capacity {
            return Err(Error::ContextFull { needed: self.len + forwards, max: self.m.capacity });
        }
        if !forward_first {
            assert!(self.logits_rows == 1 && self.len > 0, "sampling needs the last position's logits");
        }
        let gpu = self.m.gpu.clone();
        gpu.check()?;
        let n_draw = if how.temperature > 0.0 { how.top_k } else { 1 };
        let n_top = n_draw.max(how.top_alternatives).max(1);
        let params = SampleParams {
            n_vocab: self.m.model.config.n_vocab as u32,
            n_top: n_top as u32,
            temperature: how.temperature.max(0.0),
            top_p: how.top_p,
            want_lse: u32::from(how.probabilities),
            n_draw: n_draw as u32,
            pad: [0; 2],
        };
        gpu.queue.write_buffer(&self.sample_params, 0, bytemuck::bytes_of(&params));
        gpu.queue.write_buffer(&self.uniforms, 0, bytemuck::cast_slice(uniforms));
        // The sampler advances pos0 by n_tokens before each forward: start one position back
        // when the first thing to do is sampling.
        let pos0 = if forward_first { self.len } else { self.len - 1 };
        self.write_state(pos0, 1);
        // Read back only what was asked for: the token ids, or the whole records.
        let words = if how.probabilities || how.top_alternatives > 0 { RESULT_WORDS } else { 1 };
        let bytes = (((steps - 1) * RESULT_WORDS + words) * 4) as u64;
        self.submit(Some(bytes), |s, pass| {
            for i in 0..steps {
                if i > 0 || forward_first {
                    s.encode_forward(pass, 1, Logits::Last);
                }
                s.sample.encode(pass, 1);
                s.stats.dispatches += 1;
            }
        });
        self.len += forwards;
        self.logits_rows = 1;
        // Read back only what was asked for: the token ids, or the whole records.
        let words = if how.probabilities || how.top_alternatives > 0 { RESULT_WORDS } else { 1 };
        let bytes = (((steps - 1) * RESULT_WORDS + words) * 4) as u64;
        let raw = gpu.read(&self.result, 0, &self.staging, bytes).await?;
        self.stats.read_bytes += bytes;
        let w: Vec<u32> = bytemuck::pod_collect_to_vec(&raw);
        Ok((0..steps)
            .map(|i| {
                let r = &w[i * RESULT_WORDS..];
                let full = words == RESULT_WORDS;
                GpuSample {
                    token: r[0],
                    logit: if full { f32::from_bits(r[1]) } else { f32::NAN },
                    log_sum_exp: (full && how.probabilities).then(|| f32::from_bits(r[2])),
                    top: (0..if full { how.top_alternatives } else { 0 })
                        .map(|k| (r[3 + k], f32::from_bits(r[3 + MAX_TOP + k])))
                        .collect(),
                }
            })
            .collect())
    }
}

/// Whether the GPU kernels cover `ty` (for callers choosing a backend before loading).
pub fn supports_type(ty: GgmlType) -> bool {
    pack::row_words(ty, 256).is_some()
}
