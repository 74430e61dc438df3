//! CPU kernels of the forward pass: quantized matrix products, RMSNorm, RoPE, attention, SwiGLU.
//! This is the readable reference the GPU kernels are tested against, and the browser's fallback.
//!
//! Activations are row-major `[tokens][width]`. Every output value is computed by the same code
//! whatever the batch size, so a prompt fed in one go or token by token gives identical logits.

use crate::config::{Config, RopeStyle};
use crate::ggml_type::GgmlType;
use crate::parallel;
use crate::quant;

/// A weight matrix kept in its file encoding: `rows` rows of `cols` values (ggml `ne1 × ne0`).
#[derive(Debug, Clone)]
pub struct QMatrix {
    pub ty: GgmlType,
    pub rows: usize,
    pub cols: usize,
    row_bytes: usize,
    data: Vec<u8>,
}

impl QMatrix {
    /// `data` must hold exactly `rows` rows of `cols` values of `ty` (checked by the loader).
    pub fn new(ty: GgmlType, rows: usize, cols: usize, data: Vec<u8>) -> Self {
        let row_bytes = ty.row_bytes(cols);
        assert_eq!(data.len(), rows * row_bytes, "QMatrix data length");
        QMatrix { ty, rows, cols, row_bytes, data }
    }

    pub fn row(&self, r: usize) -> &[u8] {
        &self.data[r * self.row_bytes..(r + 1) * self.row_bytes]
    }

    /// Dequantizes row `r` into `out` (`cols` values).
    pub fn dequantize_row(&self, r: usize, out: &mut [f32]) {
        quant::dequantize_row(self.ty, self.row(r), out);
    }
}

/// Below this many multiply-adds a product runs on the calling thread: waking the pool costs
/// more than it saves.
const PARALLEL_MIN_MACS: usize = 1 << 16;

thread_local! {
    /// Each worker's dequantized rows for batched products, kept between calls (allocating them
    /// afresh cost page faults on every call).
    static DEQUANTIZED: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Each worker's attention scores for one query head, reused for every head and token.
    static SCORES: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Bytes of inputs a batched product keeps hot while rows sweep over them (about half an L1d).
const X_TILE_BYTES: usize = 24 * 1024;

/// `outs[i][t][r] = ws[i].row(r) · x[t]` for matrices sharing the input `x` (`[tokens][cols]`),
/// computed as one parallel job so Q/K/V or gate/up cost one fork-join, not three.
pub fn matmul(ws: &[&QMatrix], x: &[f32], tokens: usize, scratch: &mut Vec<f32>, outs: &mut [&mut [f32]]) {
    let cols = ws[0].cols;
    assert!(ws.iter().all(|w| w.cols == cols), "matmul inputs of different widths");
    assert_eq!(x.len(), tokens * cols);
    assert_eq!(ws.len(), outs.len());
    let total: usize = ws.iter().map(|w| w.rows).sum();
    let kernels: Vec<quant::RowKernels> = ws.iter().map(|w| quant::row_kernels(w.ty)).collect();
    // First row of each matrix in the stacked output.
    let starts: Vec<usize> = ws
        .iter()
        .scan(0, |acc, w| {
            let s = *acc;
            *acc += w.rows;
            Some(s)
        })
        .collect();

    // scratch is [total rows][tokens]: a task owns a run of rows for every token.
    scratch.clear();
    scratch.resize(total * tokens, 0.0);
    let threads = parallel::threads();
    let chunk_rows = total.div_ceil(threads * 8).max(16);
    let parallel = total * tokens * cols >= PARALLEL_MIN_MACS;
    parallel::for_each_chunk(scratch, chunk_rows * tokens, parallel, |ci, out| {
        let first = ci * chunk_rows;
        let n_rows = out.len() / tokens;
        // Which matrix and row each stacked row comes from.
        let source = |k: usize| {
            let g = first + k;
            let m = starts.iter().rposition(|&s| s <= g).unwrap_or(0);
            (m, ws[m].row(g - starts[m]))
        };
        if tokens == 1 {
            for (k, o) in out.iter_mut().enumerate() {
                let (m, row) = source(k);
                *o = (kernels[m].dot)(row, x);
            }
            return;
        }
        // A batch dequantizes each row once, then sweeps the inputs a tile at a time so the tile
        // stays in L1 while every row passes over it (streaming all inputs once per row made
        // prefill bound by L2 bandwidth). Same bits as the fused kernel (quant::RowKernels).
        let tile = (X_TILE_BYTES / (cols * 4)).clamp(3, 48) / 3 * 3;
        let xt = |t: usize| &x[t * cols..(t + 1) * cols];
        let sweep = |w: &[f32], out: &mut [f32]| {
            for t0 in (0..tokens).step_by(tile) {
                let t1 = (t0 + tile).min(tokens);
                for (k, wr) in w.chunks_exact(cols).enumerate() {
                    let kern = &kernels[source(k).0];
                    let row_out = &mut out[k * tokens..(k + 1) * tokens];
                    let mut t = t0;
                    if let Some(x3) = kern.dot_dequantized_x3 {
                        while t + 3 <= t1 {
                            row_out[t..t + 3].copy_from_slice(&x3(wr, [xt(t), xt(t + 1), xt(t + 2)]));
                            t += 3;
                        }
                    }
                    for t in t..t1 {
                        row_out[t] = (kern.dot_dequantized)(wr, xt(t));
                    }
                }
            }
        };
        DEQUANTIZED.with_borrow_mut(|w| {
            w.resize(n_rows * cols, 0.0);
            for (k, wr) in w.chunks_exact_mut(cols).enumerate() {
                let (m, row) = source(k);
                kernels[m].dequant(row, wr);
            }
            sweep(w, out);
        });
    });

    for (m, out) in outs.iter_mut().enumerate() {
        let rows = ws[m].rows;
        assert_eq!(out.len(), tokens * rows);
        let block = &scratch[starts[m] * tokens..(starts[m] + rows) * tokens];
        if tokens == 1 {
            out.copy_from_slice(block);
        } else {
            for r in 0..rows {
                for t in 0..tokens {
                    out[t * rows + r] = block[r * tokens + t];
                }
            }
        }
    }
}

/// `out = x / sqrt(mean(x²) + eps) · w`, per row of `w.len()` values.
pub fn rmsnorm(out: &mut [f32], x: &[f32], w: &[f32], eps: f32) {
    let n = w.len();
    for (o, xr) in out.chunks_exact_mut(n).zip(x.chunks_exact(n)) {
        // The mean of squares in f64: it is cheap here and keeps the norm exact to f32.
        let ss: f64 = xr.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
        let scale = (1.0 / (ss / n as f64 + f64::from(eps)).sqrt()) as f32;
        for ((o, &v), &wi) in o.iter_mut().zip(xr).zip(w) {
            *o = v * scale * wi;
        }
    }
}

/// Cos/sin of RoPE angles for `positions`: `[positions][n_rot/2]` pairs. Angles in f64 so large
/// positions keep their precision.
pub fn rope_table(cfg: &Config, freq_factors: Option<&[f32]>, pos0: usize, n: usize) -> Vec<(f32, f32)> {
    let half = cfg.n_rot / 2;
    let mut table = Vec::with_capacity(n * half);
    for p in pos0..pos0 + n {
        let pos = p as f64 * f64::from(cfg.rope_pos_scale);
        for j in 0..half {
            let mut freq = f64::from(cfg.rope_base).powf(-2.0 * j as f64 / cfg.n_rot as f64);
            if let Some(f) = freq_factors {
                freq /= f64::from(f[j]);
            }
            let (s, c) = (pos * freq).sin_cos();
            table.push((c as f32, s as f32));
        }
    }
    table
}

/// Rotates the first `n_rot` dimensions of every head of every token in `v`
/// (`[tokens][heads][head_dim]`).
pub fn rope(v: &mut [f32], heads: usize, cfg: &Config, table: &[(f32, f32)]) {
    let hd = cfg.head_dim;
    let half = cfg.n_rot / 2;
    for (t, tok) in v.chunks_exact_mut(heads * hd).enumerate() {
        let cs = &table[t * half..(t + 1) * half];
        for head in tok.chunks_exact_mut(hd) {
            for (j, &(c, s)) in cs.iter().enumerate() {
                let (a, b) = match cfg.rope_style {
                    RopeStyle::Adjacent => (2 * j, 2 * j + 1),
                    RopeStyle::Halves => (j, j + half),
                };
                let (x0, x1) = (head[a], head[b]);
                head[a] = x0 * c - x1 * s;
                head[b] = x0 * s + x1 * c;
            }
        }
    }
}

/// Causal grouped-query attention for `tokens` queries at positions `pos0..`, over a cache whose
/// rows `0..pos0 + tokens` are filled. `q` and `out` are `[tokens][n_head·head_dim]`; `k_cache`
/// and `v_cache` are `[positions][n_head_kv·head_dim]`.
pub fn attention(
    cfg: &Config,
    q: &[f32],
    k_cache: &[f32],
    v_cache: &[f32],
    pos0: usize,
    tokens: usize,
    out: &mut [f32],
) {
    let (hd, kv_dim) = (cfg.head_dim, cfg.kv_dim());
    let group = cfg.n_head / cfg.n_head_kv;
    let scale = 1.0 / (hd as f32).sqrt();
    let work = tokens * (pos0 + tokens) * cfg.n_head * hd;
    parallel::for_each_chunk(out, hd, work >= PARALLEL_MIN_MACS, |i, o| {
        let (t, h) = (i / cfg.n_head, i % cfg.n_head);
        let kh = h / group;
        let qh = &q[t * cfg.q_dim() + h * hd..][..hd];
        let n = pos0 + t + 1;
        SCORES.with_borrow_mut(|scores| {
            scores.clear();
            scores.extend((0..n).map(|p| quant::dot_f32(qh, &k_cache[p * kv_dim + kh * hd..][..hd]) * scale));
            softmax(scores);
            o.fill(0.0);
            for (p, &w) in scores.iter().enumerate() {
                let vp = &v_cache[p * kv_dim + kh * hd..][..hd];
                for (oi, &vi) in o.iter_mut().zip(vp) {
                    *oi += w * vi;
                }
            }
        });
    });
}

/// In-place softmax.
pub fn softmax(v: &mut [f32]) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    let inv = 1.0 / sum;
    for x in v.iter_mut() {
        *x *= inv;
    }
}

/// SwiGLU: `gate = silu(gate) · up`.
pub fn swiglu(gate: &mut [f32], up: &[f32]) {
    for (g, &u) in gate.iter_mut().zip(up) {
        *g = *g / (1.0 + (-*g).exp()) * u;
    }
}

/// `x += y`.
pub fn add_assign(x: &mut [f32], y: &[f32]) {
    for (a, &b) in x.iter_mut().zip(y) {
        *a += b;
    }
}

/// `x[t] += bias` for every token row.
pub fn add_bias(x: &mut [f32], bias: &[f32]) {
    for row in x.chunks_exact_mut(bias.len()) {
        add_assign(row, bias);
    }
}
