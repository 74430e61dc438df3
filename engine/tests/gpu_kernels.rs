//! Every GPU kernel (shaders/*.wgsl through `marble_engine::gpu::kernels`) against the CPU path
//! on random inputs, natively (Mesa lavapipe on CI machines without a GPU):
//!
//! * matmul for every weight type with a GPU decoder, the one-token and the batch pipelines, row
//!   and token counts that are not multiples of the workgroup's, every fusion (NORM, SWIGLU, BIAS,
//!   ADD), sub-range output (`out_offset`/`out_stride`), split tensors and the x/y addressing modes;
//! * `store_kv` + `attend` against `rope_table`/`rope`/`attention`, both RoPE styles, partial
//!   rotation, grouped-query heads, a cache already holding earlier positions and contexts longer
//!   than the kernel's 256-position chunk;
//! * the embedding lookup, split tables included;
//! * the sampler: argmax with ties, the top-N list, log-sum-exp, temperature/top-k/top-p draws and
//!   the state it advances.
//!
//! Every output buffer is poisoned (NaN bit patterns) before the dispatch: each element the kernel
//! should write must come back finite and right, and each one it should not must keep its poison
//! bits exactly. Run with `--nocapture` to see the measured errors.
//!
//! Error bounds. The shaders compute in f32 only (f16 and bf16 weights are widened exactly by
//! `unpack2x16float`/shifts; no `shader-f16` arithmetic), so every bound is a float32-rounding
//! bound. The CPU references are computed in f64 where the CPU path allows (matmul), so the error
//! measured is the GPU's own rounding:
//!
//! * matmul: a length-n f32 dot product (n ≤ 1280 here, summed as 16 lanes of 32-value chunks)
//!   errs by at most γ_n·Σ|wᵢxᵢ| with γ_n ≈ n·2⁻²⁴ ≤ 8e-5 (worst case), and by ≈ √n·2⁻²⁴·‖w∘x‖₂
//!   in practice; on random inputs |Σwᵢxᵢ| ≈ ‖w∘x‖₂, so the relative L2 error over many outputs is a
//!   few 2⁻²⁴·√(terms per partial sum) ≈ 1e-7..1e-6. [`MATMUL_TOL`] = 1e-5 leaves ~10× margin over
//!   that while any decoding or addressing mistake (one wrong nibble or scale, a missed chunk, a
//!   wrong row) shows up at ≥ 1e-3.
//! * attention: the CPU reference itself is f32 (dot products over head_dim, an f32 softmax over up
//!   to 700 scores, then the weighted sum of values), so both sides carry ≈ √n·2⁻²⁴ relative
//!   error; [`ATTN_TOL`] = 1e-5 again.
//! * RoPE'd keys in the cache: one rotation (2 products and a sum, possibly fused on the GPU):
//!   a few ulp, [`ROPE_TOL`] = 1e-6. Values are copied: bit-exact.
//! * embedding: dequantization is a product or two per value; [`EMBED_TOL`] = 1e-6.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use marble_engine::config::{Arch, Config, RopeStyle};
use marble_engine::ggml_type::GgmlType;
use marble_engine::gguf_writer::quantize;
use marble_engine::gpu::kernels::{
    self as gk, AttnParams, EmbedParams, Kernel, MatmulShape, MatmulSpec, SampleParams, StepState, MAX_TOP,
    PREFILL_TOKENS, RESULT_WORDS, ROWS_PER_GROUP, X_BATCH, X_LAST, X_STEP,
};
use marble_engine::gpu::pack::{self, GpuMatrix};
use marble_engine::gpu::{Gpu, GpuOptions};
use marble_engine::kernels as ck;
use marble_engine::quant;
use marble_engine::rng::Rng;
use marble_engine::sampler::{self, Sampler, SamplerConfig};

/// Relative L2 bound of the matrix kernels (see the module comment).
const MATMUL_TOL: f64 = 1e-5;
/// Relative L2 bound of the attention output.
const ATTN_TOL: f64 = 1e-5;
/// Relative L2 bound of the rotated keys `store_kv` writes.
const ROPE_TOL: f64 = 1e-6;
/// An f16 KV cache: values rounded to 11 significant bits (relative error ≤ 2^-11 ≈ 4.9e-4).
const F16_TOL: f64 = 1e-3;
/// Relative L2 bound of embedding rows.
const EMBED_TOL: f64 = 1e-6;

/// What every output element holds before a dispatch: a quiet NaN.
const POISON: u32 = 0x7fc0_0000;
/// The poison of integer outputs (also a NaN as f32).
const POISON_U32: u32 = 0xffff_ffff;

/// Every type the GPU decodes.
const TYPES: [GgmlType; 8] = [
    GgmlType::F32,
    GgmlType::F16,
    GgmlType::Bf16,
    GgmlType::Q4_0,
    GgmlType::Q4_1,
    GgmlType::Q8_0,
    GgmlType::Q4K,
    GgmlType::Q6K,
];

// ---------------------------------------------------------------------------------------------
// Device helpers

fn gpu() -> &'static Gpu {
    static GPU: OnceLock<Gpu> = OnceLock::new();
    GPU.get_or_init(|| {
        // MARBLE_GPU_SUBGROUPS=0 tests the matrix kernel's workgroup-memory reduction on an
        // adapter that has subgroups (scripts/test.sh runs these tests both ways).
        let subgroups = std::env::var("MARBLE_GPU_SUBGROUPS").map_or(true, |v| v != "0");
        let g = pollster::block_on(Gpu::new(&GpuOptions { subgroups, ..Default::default() }))
            .expect("a GPU adapter (natively: Mesa lavapipe) for the kernel tests");
        println!(
            "GPU: {} ({}, {}); f16 {}, subgroups {} (used: {})",
            g.info.name, g.info.backend, g.info.driver, g.info.shader_f16, g.info.subgroups, g.use_subgroups
        );
        g
    })
}

/// A storage buffer holding `bytes` that can be read back.
fn storage(label: &str, bytes: &[u8]) -> wgpu::Buffer {
    gpu().buffer_init(label, bytes, wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST)
}

fn storage_f32(label: &str, v: &[f32]) -> wgpu::Buffer {
    storage(label, bytemuck::cast_slice(v))
}

fn storage_u32(label: &str, v: &[u32]) -> wgpu::Buffer {
    storage(label, bytemuck::cast_slice(v))
}

/// `words` 32-bit words from the start of `buf`, after all work submitted so far.
fn read_u32(buf: &wgpu::Buffer, words: usize) -> Vec<u32> {
    let g = gpu();
    let bytes = (words * 4) as u64;
    let staging = g.buffer("staging", bytes, wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST);
    let raw = pollster::block_on(g.read(buf, 0, &staging, bytes)).expect("reading results back");
    bytemuck::pod_collect_to_vec(&raw)
}

fn read_f32(buf: &wgpu::Buffer, n: usize) -> Vec<f32> {
    read_u32(buf, n).into_iter().map(f32::from_bits).collect()
}

/// One dispatch: the kernel, its bind group, and the workgroup grid.
type Dispatch<'a> = (&'a Kernel, &'a wgpu::BindGroup, (u32, u32, u32));

/// Records `dispatches` in one compute pass (as the model does) and submits them.
fn submit(dispatches: &[Dispatch<'_>]) {
    let g = gpu();
    let mut enc = g.device.create_command_encoder(&Default::default());
    {
        let mut pass = enc.begin_compute_pass(&Default::default());
        for &(k, bind, (x, y, z)) in dispatches {
            pass.set_pipeline(&k.pipeline);
            pass.set_bind_group(0, bind, &[]);
            pass.dispatch_workgroups(x, y, z);
        }
    }
    g.queue.submit([enc.finish()]);
}

fn state_buffer(s: StepState) -> wgpu::Buffer {
    storage("state", bytemuck::bytes_of(&s))
}

/// A kernel cache: each kernel is built once per test binary (shader compilation dominates on
/// lavapipe), also when tests running in parallel ask for it at once.
type Cache<K, V> = OnceLock<Mutex<HashMap<K, Arc<OnceLock<V>>>>>;

fn cached<K: std::hash::Hash + Eq, V: Clone>(
    cache: &'static Cache<K, V>,
    key: K,
    build: impl FnOnce() -> V,
) -> V {
    let cell = cache.get_or_init(Default::default).lock().unwrap().entry(key).or_default().clone();
    cell.get_or_init(build).clone()
}

fn matmul_kernel(spec: MatmulSpec) -> Kernel {
    static CACHE: Cache<MatmulSpec, Kernel> = OnceLock::new();
    cached(&CACHE, spec, || gk::matmul_kernel(gpu(), &spec))
}

/// `store_kv` and `attend` for heads of `head_dim`, with an f16 or f32 cache.
fn attention_kernels(head_dim: usize, f16: bool) -> (Kernel, Kernel) {
    static CACHE: Cache<(usize, bool), (Kernel, Kernel)> = OnceLock::new();
    cached(&CACHE, (head_dim, f16), || gk::attention_kernels(gpu(), head_dim, f16))
}

fn embed_kernel(ty: GgmlType) -> Kernel {
    static CACHE: Cache<GgmlType, Kernel> = OnceLock::new();
    cached(&CACHE, ty, || gk::embed_kernel(gpu(), ty))
}

fn sample_kernel() -> Kernel {
    static K: OnceLock<Kernel> = OnceLock::new();
    K.get_or_init(|| gk::sample_kernel(gpu())).clone()
}

// ---------------------------------------------------------------------------------------------
// Random inputs and comparisons

fn rand_vec(rng: &mut Rng, n: usize, lo: f32, hi: f32) -> Vec<f32> {
    (0..n).map(|_| rng.range_f32(lo, hi)).collect()
}

fn f16_bytes(v: f32) -> [u8; 2] {
    half::f16::from_f32(v).to_bits().to_le_bytes()
}

/// `rows` random rows of `cols` values of `ty`, in ggml's encoding. Types the test quantizer
/// writes go through it; K-quants are random bytes with small finite f16 super-block scales (so
/// every bit of the packed scales and quants is exercised), BF16 random finite values.
fn random_rows(ty: GgmlType, rows: usize, cols: usize, rng: &mut Rng) -> Vec<u8> {
    match ty {
        GgmlType::F32 | GgmlType::F16 | GgmlType::Q4_0 | GgmlType::Q4_1 | GgmlType::Q8_0 => {
            quantize(ty, &rand_vec(rng, rows * cols, -1.0, 1.0))
        }
        GgmlType::Bf16 => (0..rows * cols)
            .flat_map(|_| {
                // Sign, exponent 2^-9..2^1, any mantissa.
                let bits = ((rng.below(2) as u16) << 15)
                    | ((118 + rng.below(11) as u16) << 7)
                    | rng.below(128) as u16;
                bits.to_le_bytes()
            })
            .collect(),
        GgmlType::Q4K => {
            let mut b = vec![0u8; rows * ty.row_bytes(cols)];
            rng.fill_bytes(&mut b);
            for block in b.chunks_exact_mut(144) {
                block[0..2].copy_from_slice(&f16_bytes(rng.range_f32(0.0005, 0.002)));
                block[2..4].copy_from_slice(&f16_bytes(rng.range_f32(0.0005, 0.002)));
            }
            b
        }
        GgmlType::Q6K => {
            let mut b = vec![0u8; rows * ty.row_bytes(cols)];
            rng.fill_bytes(&mut b);
            for block in b.chunks_exact_mut(210) {
                let d = rng.range_f32(0.0001, 0.0005) * if rng.below(2) == 0 { 1.0 } else { -1.0 };
                block[208..210].copy_from_slice(&f16_bytes(d));
            }
            b
        }
        other => panic!("no GPU decoder for {other}"),
    }
}

/// The rows of `bytes` dequantized by the CPU reference.
fn dequantize(ty: GgmlType, bytes: &[u8], rows: usize, cols: usize) -> Vec<f32> {
    let rb = ty.row_bytes(cols);
    let mut out = vec![0.0f32; rows * cols];
    for (r, o) in out.chunks_exact_mut(cols).enumerate() {
        quant::dequantize_row(ty, &bytes[r * rb..(r + 1) * rb], o);
    }
    out
}

fn upload(ty: GgmlType, bytes: &[u8], rows: usize, cols: usize, part_rows: Option<usize>) -> GpuMatrix {
    let rb = ty.row_bytes(cols);
    pack::upload(gpu(), "weights", ty, rows, cols, |r| &bytes[r * rb..(r + 1) * rb], part_rows)
        .expect("upload")
}

/// ‖gpu − cpu‖₂ / ‖cpu‖₂.
fn rel_l2(gpu: impl IntoIterator<Item = f64>, cpu: impl IntoIterator<Item = f64>) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    for (g, c) in gpu.into_iter().zip(cpu) {
        num += (g - c) * (g - c);
        den += c * c;
    }
    if den == 0.0 {
        num.sqrt()
    } else {
        (num / den).sqrt()
    }
}

fn flags(spec: &MatmulSpec) -> String {
    let mut s = String::new();
    if spec.norm {
        s += "+norm";
    }
    if let Some(t) = spec.swiglu {
        s += &format!("+swiglu({t})");
    }
    if spec.bias {
        s += "+bias";
    }
    if spec.add {
        s += "+add";
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Matmul

/// One matrix-kernel case.
#[derive(Debug, Clone, Copy)]
struct Mm {
    spec: MatmulSpec,
    rows: usize,
    cols: usize,
    /// `state.n_tokens`.
    n: usize,
    pos0: usize,
    x_mode: u32,
    y_mode: u32,
    out_offset: usize,
    /// 0: `out_offset + rows`.
    out_stride: usize,
    part_rows: Option<usize>,
}

impl Mm {
    fn new(ty: GgmlType, tokens: u32, rows: usize, cols: usize, n: usize) -> Mm {
        Mm {
            spec: MatmulSpec { ty, swiglu: None, norm: false, bias: false, add: false, tokens },
            rows,
            cols,
            n,
            pos0: 0,
            x_mode: X_BATCH,
            y_mode: X_BATCH,
            out_offset: 0,
            out_stride: 0,
            part_rows: None,
        }
    }
}

/// Runs `c` on the GPU and on the CPU reference; asserts every output element was written (and
/// nothing else) and returns the relative L2 error after checking it against [`MATMUL_TOL`].
fn check_matmul(c: Mm, seed: u64) -> f64 {
    let g = gpu();
    let spec = c.spec;
    let mut rng = Rng::new(seed);
    let (rows, cols, n) = (c.rows, c.cols, c.n);
    let stride = if c.out_stride == 0 { c.out_offset + rows } else { c.out_stride };
    assert!(c.out_offset + rows <= stride);
    let eps = 1e-5f32;

    let w_bytes = random_rows(spec.ty, rows, cols, &mut rng);
    let w = upload(spec.ty, &w_bytes, rows, cols, c.part_rows);
    let w_f32 = dequantize(spec.ty, &w_bytes, rows, cols);
    let w2 = spec.swiglu.map(|ty2| {
        let bytes = random_rows(ty2, rows, cols, &mut rng);
        (upload(ty2, &bytes, rows, cols, c.part_rows), dequantize(ty2, &bytes, rows, cols))
    });
    if let Some((w2, _)) = &w2 {
        assert_eq!(w2.parts.len(), w.parts.len(), "gate and up split alike");
    }

    // Output rows, and the input row each one reads.
    let out_tokens = if c.x_mode == X_LAST { 1 } else { n };
    let x_row = |t: usize| match c.x_mode {
        X_BATCH => t,
        X_LAST => c.pos0 + n - 1,
        X_STEP => c.pos0 + t,
        m => panic!("x_mode {m}"),
    };
    // Input rows the kernel must not read are NaN: reading one would spoil an output.
    let x_rows = c.pos0 + n + 2;
    let mut x = vec![f32::from_bits(POISON); x_rows * cols];
    for t in 0..out_tokens {
        let r = x_row(t);
        for v in &mut x[r * cols..(r + 1) * cols] {
            *v = rng.range_f32(-1.0, 1.0);
        }
    }
    let norm_w = rand_vec(&mut rng, cols, 0.5, 1.5);
    let bias = rand_vec(&mut rng, stride, -1.0, 1.0);

    let yrow0 = if c.y_mode == X_STEP { c.pos0 } else { 0 };
    let y_rows = yrow0 + out_tokens + 1;
    let target = |i: usize| {
        let (row, col) = (i / stride, i % stride);
        row >= yrow0 && row < yrow0 + out_tokens && col >= c.out_offset && col < c.out_offset + rows
    };
    let y0: Vec<f32> = (0..y_rows * stride)
        .map(|i| if spec.add && target(i) { rng.range_f32(-2.0, 2.0) } else { f32::from_bits(POISON) })
        .collect();

    // GPU: one dispatch per part, all in one pass.
    let kernel = matmul_kernel(spec);
    let state = state_buffer(StepState { pos0: c.pos0 as u32, n_tokens: n as u32, step: 0, pad: 0 });
    let xb = storage_f32("x", &x);
    let yb = storage_f32("y", &y0);
    let nb = storage_f32("norm", &norm_w);
    let bb = storage_f32("bias", &bias);
    let mut binds = Vec::new();
    for (p, part) in w.parts.iter().enumerate() {
        let shape = MatmulShape {
            rows: part.rows as u32,
            cols: cols as u32,
            row_words: w.row_words as u32,
            row_words2: w2.as_ref().map_or(0, |(w2, _)| w2.row_words as u32),
            out_offset: (c.out_offset + part.row0) as u32,
            out_stride: stride as u32,
            x_mode: c.x_mode,
            y_mode: c.y_mode,
            eps,
            pad: [0; 3],
        };
        let u = g.uniform("shape", bytemuck::bytes_of(&shape));
        let mut bufs = vec![(0, &u), (1, &state), (2, &part.buffer), (3, &xb), (4, &yb)];
        if spec.norm {
            bufs.push((5, &nb));
        }
        if let Some((w2, _)) = &w2 {
            bufs.push((6, &w2.parts[p].buffer));
        }
        if spec.bias {
            bufs.push((7, &bb));
        }
        let grid = gk::matmul_grid(part.rows, out_tokens, spec.tokens);
        binds.push((kernel.bind(g, "matmul", &bufs), grid));
    }
    let dispatches: Vec<Dispatch> = binds.iter().map(|(b, grid)| (&kernel, b, *grid)).collect();
    submit(&dispatches);
    let y = read_f32(&yb, y_rows * stride);

    // CPU: the same product in f64 on the dequantized weights (and the CPU path's RMSNorm).
    let mut want = Vec::with_capacity(out_tokens * rows);
    let mut got = Vec::with_capacity(out_tokens * rows);
    let mut xn = vec![0.0f32; cols];
    for t in 0..out_tokens {
        let xr = &x[x_row(t) * cols..][..cols];
        if spec.norm {
            ck::rmsnorm(&mut xn, xr, &norm_w, eps);
        } else {
            xn.copy_from_slice(xr);
        }
        let dot = |wm: &[f32], r: usize| -> f64 {
            wm[r * cols..(r + 1) * cols].iter().zip(&xn).map(|(&a, &b)| f64::from(a) * f64::from(b)).sum()
        };
        for r in 0..rows {
            let mut v = dot(&w_f32, r);
            if let Some((_, w2f)) = &w2 {
                v = v / (1.0 + (-v).exp()) * dot(w2f, r);
            }
            let o = (yrow0 + t) * stride + c.out_offset + r;
            if spec.bias {
                v += f64::from(bias[c.out_offset + r]);
            }
            if spec.add {
                v += f64::from(y0[o]);
            }
            assert!(
                y[o].is_finite(),
                "{c:?}: y[{t}][{}] is {} (not written, or NaN input rows read)",
                c.out_offset + r,
                y[o]
            );
            want.push(v);
            got.push(f64::from(y[o]));
        }
    }
    for (i, v) in y.iter().enumerate() {
        if !target(i) {
            assert_eq!(
                v.to_bits(),
                POISON,
                "{c:?}: y[{}][{}] written outside the output",
                i / stride,
                i % stride
            );
        }
    }
    let err = rel_l2(got, want);
    println!(
        "matmul {:<5}{:<22} T={} rows={:>3} cols={:>3} n={:>2} pos0={:>2} x_mode={} y_mode={} out={}+/{} parts={} rel_l2={err:.2e}",
        spec.ty.to_string(),
        flags(&spec),
        spec.tokens,
        rows,
        cols,
        n,
        c.pos0,
        c.x_mode,
        c.y_mode,
        c.out_offset,
        stride,
        w.parts.len(),
    );
    assert!(err <= MATMUL_TOL, "{c:?}: relative L2 error {err:.3e} > {MATMUL_TOL:.0e}");
    err
}

/// Plain products of one type: both pipelines, rows and tokens off the workgroup multiples.
fn matmul_type(ty: GgmlType, seed: u64) {
    assert_ne!(37 % ROWS_PER_GROUP as usize, 0);
    let k_quant = matches!(ty, GgmlType::Q4K | GgmlType::Q6K);
    // Rows of up to 16 chunks of 32 (one per lane), and wider ones (lanes loop, unevenly).
    let (small, large, wide) = if k_quant { (256, 512, 1280) } else { (96, 512, 1056) };
    let t8 = PREFILL_TOKENS;
    let cases = [
        (1, 1, small, 1),
        (1, 37, large, 1),
        (1, 301, small, 3),
        (1, 37, wide, 3),
        (t8, 1, large, 13),
        (t8, 37, small, 3),
        (t8, 301, large, 13),
        (t8, 64, small, 8),
        (t8, 301, small, 1),
        (t8, 37, wide, 13),
    ];
    for (i, &(tokens, rows, cols, n)) in cases.iter().enumerate() {
        check_matmul(Mm::new(ty, tokens, rows, cols, n), seed + i as u64);
    }
}

#[test]
fn matmul_f32() {
    matmul_type(GgmlType::F32, 100);
}

#[test]
fn matmul_f16() {
    matmul_type(GgmlType::F16, 200);
}

#[test]
fn matmul_bf16() {
    matmul_type(GgmlType::Bf16, 300);
}

#[test]
fn matmul_q4_0() {
    matmul_type(GgmlType::Q4_0, 400);
}

#[test]
fn matmul_q4_1() {
    matmul_type(GgmlType::Q4_1, 500);
}

#[test]
fn matmul_q8_0() {
    matmul_type(GgmlType::Q8_0, 600);
}

#[test]
fn matmul_q4_k() {
    matmul_type(GgmlType::Q4K, 700);
}

#[test]
fn matmul_q6_k() {
    matmul_type(GgmlType::Q6K, 800);
}

/// RMSNorm prologue (as Q/K/V and the head use it), for every type.
#[test]
fn matmul_norm() {
    for (i, ty) in TYPES.into_iter().enumerate() {
        let cols = if matches!(ty, GgmlType::Q4K | GgmlType::Q6K) { 512 } else { 96 };
        for (j, (tokens, n)) in [(1, 1), (1, 3), (PREFILL_TOKENS, 13)].into_iter().enumerate() {
            let mut c = Mm::new(ty, tokens, 37, cols, n);
            c.spec.norm = true;
            check_matmul(c, 1000 + 10 * i as u64 + j as u64);
        }
    }
}

/// gate·x and up·x in one pass, SiLU(gate)·up, with the two matrices of different types; with and
/// without the norm, split alike into parts.
#[test]
fn matmul_swiglu() {
    use GgmlType::*;
    let pairs = [(Q4K, Q6K), (Q6K, Q4K), (Q4_0, Q4_1), (Q8_0, F16), (Bf16, F32), (Q4_1, Q4_1)];
    for (i, (a, b)) in pairs.into_iter().enumerate() {
        let cols = if [a, b].iter().any(|t| matches!(t, Q4K | Q6K)) { 256 } else { 96 };
        for (j, (tokens, rows, n, norm, parts)) in
            [(1, 37, 1, true, None), (PREFILL_TOKENS, 301, 13, true, Some(100)), (1, 37, 3, false, None)]
                .into_iter()
                .enumerate()
        {
            let mut c = Mm::new(a, tokens, rows, cols, n);
            c.spec.swiglu = Some(b);
            c.spec.norm = norm;
            c.part_rows = parts;
            check_matmul(c, 2000 + 10 * i as u64 + j as u64);
        }
    }
}

/// Q/K/V biases: indexed by output column, so with an offset they read the fused bias vector at
/// that offset.
#[test]
fn matmul_bias() {
    use GgmlType::*;
    for (i, (ty, tokens, n)) in
        [(Q8_0, 1, 1), (Q4_0, PREFILL_TOKENS, 13), (F16, 1, 3), (Q6K, PREFILL_TOKENS, 3)]
            .into_iter()
            .enumerate()
    {
        let cols = if ty == Q6K { 256 } else { 96 };
        let mut c = Mm::new(ty, tokens, 37, cols, n);
        c.spec.bias = true;
        c.spec.norm = true;
        check_matmul(c, 3000 + i as u64);
        // The K and V parts of a Q|K|V row: offset, wider stride, bias read at the offset.
        c.out_offset = 45;
        c.out_stride = 45 + 37 + 11;
        check_matmul(c, 3100 + i as u64);
    }
}

/// Residual accumulation: y (random, not poison) += W·x into the residual stream rows pos0...
#[test]
fn matmul_add() {
    use GgmlType::*;
    for (i, (ty, tokens, n)) in
        [(Q4_1, 1, 1), (Q6K, PREFILL_TOKENS, 13), (Q4K, 1, 3), (F32, PREFILL_TOKENS, 3), (Bf16, 1, 1)]
            .into_iter()
            .enumerate()
    {
        let cols = if matches!(ty, Q4K | Q6K) { 256 } else { 96 };
        let mut c = Mm::new(ty, tokens, 37, cols, n);
        c.spec.add = true;
        check_matmul(c, 4000 + i as u64);
        // As the output projection and the down projection use it: y rows pos0.. of the stream.
        c.pos0 = 5;
        c.y_mode = X_STEP;
        check_matmul(c, 4100 + i as u64);
    }
}

/// Every fusion at once (no layer uses that, but the switches must compose).
#[test]
fn matmul_all_fusions() {
    use GgmlType::*;
    for (i, tokens) in [1, PREFILL_TOKENS].into_iter().enumerate() {
        let mut c = Mm::new(Q4K, tokens, 301, 512, 13);
        c.spec.norm = true;
        c.spec.swiglu = Some(Q8_0);
        c.spec.bias = true;
        c.spec.add = true;
        c.pos0 = 3;
        c.x_mode = X_STEP;
        c.y_mode = X_STEP;
        c.out_offset = 7;
        c.out_stride = 7 + 301 + 9;
        c.part_rows = Some(64);
        check_matmul(c, 5000 + i as u64);
    }
}

/// Writing a sub-range of wider output rows (Q, K, V side by side; a split tensor's parts): the
/// columns outside it keep their poison.
#[test]
fn matmul_out_offset_stride() {
    use GgmlType::*;
    for (i, (ty, tokens, n, offset, extra)) in [
        (Q4_0, 1, 1, 0, 13),
        (Q4_0, 1, 3, 19, 0),
        (Q8_0, PREFILL_TOKENS, 13, 64, 31),
        (Q6K, PREFILL_TOKENS, 3, 1, 1),
        (F16, 1, 3, 301, 5),
    ]
    .into_iter()
    .enumerate()
    {
        let cols = if ty == Q6K { 256 } else { 96 };
        let mut c = Mm::new(ty, tokens, 37, cols, n);
        c.out_offset = offset;
        c.out_stride = offset + 37 + extra;
        check_matmul(c, 6000 + i as u64);
    }
}

/// Where input and output rows come from: the batch's own rows, the residual stream's last row
/// (the head), the stream's rows for this step; output to rows 0.. or pos0...
#[test]
fn matmul_x_and_y_modes() {
    use GgmlType::*;
    let mut k = 0;
    for ty in [Q4_1, Q6K] {
        let cols = if ty == Q6K { 256 } else { 96 };
        for tokens in [1, PREFILL_TOKENS] {
            for (x_mode, y_mode) in
                [(X_LAST, X_BATCH), (X_STEP, X_BATCH), (X_STEP, X_STEP), (X_BATCH, X_STEP)]
            {
                for n in [1, 3, 13] {
                    if x_mode == X_LAST && tokens != 1 && n != 13 {
                        continue;
                    }
                    let mut c = Mm::new(ty, tokens, 37, cols, n);
                    c.spec.norm = x_mode != X_BATCH;
                    c.pos0 = 11;
                    c.x_mode = x_mode;
                    c.y_mode = y_mode;
                    check_matmul(c, 7000 + k);
                    k += 1;
                }
            }
        }
    }
}

/// A tensor split by rows (the binding limit): one dispatch per part at out_offset = part.row0,
/// parts of uneven size.
#[test]
fn matmul_split_parts() {
    use GgmlType::*;
    for (i, (ty, tokens, rows, part_rows, n)) in [
        (Q4_0, 1, 301, 100, 1),
        (Q6K, PREFILL_TOKENS, 301, 37, 13),
        (F32, 1, 37, 1, 3),
        (Q4K, PREFILL_TOKENS, 37, 36, 3),
        (Bf16, 1, 301, 300, 1),
    ]
    .into_iter()
    .enumerate()
    {
        let cols = if matches!(ty, Q4K | Q6K) { 256 } else { 96 };
        let mut c = Mm::new(ty, tokens, rows, cols, n);
        c.part_rows = Some(part_rows);
        c.spec.norm = i % 2 == 0;
        assert!(rows.div_ceil(part_rows) > 1, "several parts");
        check_matmul(c, 8000 + i as u64);
    }
}

/// More row groups than one grid dimension holds (65,535): the shader recombines x and z.
#[test]
fn matmul_rows_beyond_one_grid_dimension() {
    let rows = 65_535 * ROWS_PER_GROUP as usize + 37;
    let (x, _, z) = gk::matmul_grid(rows, 1, 1);
    assert!(z > 1 && x == 65_535);
    check_matmul(Mm::new(GgmlType::Q4_0, 1, rows, 32, 1), 9000);
}

// ---------------------------------------------------------------------------------------------
// Attention

#[derive(Debug, Clone, Copy)]
struct Attn {
    style: RopeStyle,
    n_head: usize,
    n_head_kv: usize,
    head_dim: usize,
    n_rot: usize,
    /// Positions already in the cache.
    pos0: usize,
    tokens: usize,
    /// The cache holds f16 (needs shader-f16).
    f16: bool,
}

fn attn_config(a: &Attn) -> Config {
    Config {
        arch: if a.style == RopeStyle::Halves { Arch::Qwen2 } else { Arch::Llama },
        n_layer: 1,
        n_embd: a.n_head * a.head_dim,
        n_ff: 1,
        n_head: a.n_head,
        n_head_kv: a.n_head_kv,
        head_dim: a.head_dim,
        n_rot: a.n_rot,
        rope_style: a.style,
        rope_base: 10_000.0,
        rope_pos_scale: 1.0,
        rms_eps: 1e-5,
        n_ctx_train: 4096,
        n_vocab: 1,
    }
}

fn check_attention(a: Attn, seed: u64) {
    let g = gpu();
    let mut rng = Rng::new(seed);
    let cfg = attn_config(&a);
    let (hd, q_dim, kv_dim, tokens, pos0) = (a.head_dim, cfg.q_dim(), cfg.kv_dim(), a.tokens, a.pos0);
    // Q|K|V rows with gaps (NaN) before K, between K and V and at the end, so offsets and the
    // stride must be honoured.
    let k_offset = q_dim + 3;
    let v_offset = k_offset + kv_dim + 2;
    let stride = v_offset + kv_dim + 5;
    let mut qkv = vec![f32::from_bits(POISON); (tokens + 1) * stride];
    let (mut q, mut k, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for t in 0..tokens {
        let row = &mut qkv[t * stride..(t + 1) * stride];
        for (dst, off, n) in [(&mut q, 0, q_dim), (&mut k, k_offset, kv_dim), (&mut v, v_offset, kv_dim)] {
            for x in &mut row[off..off + n] {
                *x = rng.range_f32(-1.0, 1.0);
                dst.push(*x);
            }
        }
    }
    // Positions 0..pos0 already cached (keys already rotated); the rest poisoned.
    let cap = pos0 + tokens + 3;
    let mut k_cache = vec![f32::from_bits(POISON); cap * kv_dim];
    let mut v_cache = k_cache.clone();
    // An f16 cache holds f16 values: the CPU reference sees the same rounded ones.
    let round = |x: f32| if a.f16 { half::f16::from_f32(x).to_f32() } else { x };
    for i in 0..pos0 * kv_dim {
        k_cache[i] = round(rng.range_f32(-1.0, 1.0));
        v_cache[i] = round(rng.range_f32(-1.0, 1.0));
    }
    let table: Vec<f32> = ck::rope_table(&cfg, None, 0, cap).into_iter().flat_map(|(c, s)| [c, s]).collect();

    let params = AttnParams {
        n_head: a.n_head as u32,
        n_head_kv: a.n_head_kv as u32,
        head_dim: hd as u32,
        n_rot: a.n_rot as u32,
        rope_halves: u32::from(a.style == RopeStyle::Halves),
        qkv_stride: stride as u32,
        k_offset: k_offset as u32,
        v_offset: v_offset as u32,
        scale: 1.0 / (hd as f32).sqrt(),
        pad: [0; 3],
    };
    let (store_kv, attend) = attention_kernels(hd, a.f16);
    let u = g.uniform("attn", bytemuck::bytes_of(&params));
    let state = state_buffer(StepState { pos0: pos0 as u32, n_tokens: tokens as u32, step: 0, pad: 0 });
    let qkv_b = storage_f32("qkv", &qkv);
    let rope_b = storage_f32("rope", &table);
    let cache_buffer = |label: &str, v: &[f32]| {
        if a.f16 {
            let halves: Vec<u16> = v.iter().map(|&x| half::f16::from_f32(x).to_bits()).collect();
            storage(label, bytemuck::cast_slice(&halves))
        } else {
            storage_f32(label, v)
        }
    };
    let kc_b = cache_buffer("k_cache", &k_cache);
    let vc_b = cache_buffer("v_cache", &v_cache);
    let out_b = storage_f32("out", &vec![f32::from_bits(POISON); (tokens + 1) * q_dim]);
    let bufs = [(0, &u), (1, &state), (2, &qkv_b), (3, &rope_b), (4, &kc_b), (5, &vc_b), (6, &out_b)];
    let bind = store_kv.bind(g, "attention", &bufs);
    submit(&[
        (&store_kv, &bind, (tokens as u32, a.n_head_kv as u32, 1)),
        (&attend, &bind, (a.n_head as u32, tokens as u32, 1)),
    ]);
    let read_cache = |b: &wgpu::Buffer| -> Vec<f32> {
        if a.f16 {
            let words = read_u32(b, (cap * kv_dim).div_ceil(2));
            let halves: &[u16] = bytemuck::cast_slice(&words);
            halves[..cap * kv_dim].iter().map(|&h| half::f16::from_bits(h).to_f32()).collect()
        } else {
            read_f32(b, cap * kv_dim)
        }
    };
    let kc = read_cache(&kc_b);
    let vc = read_cache(&vc_b);
    // Untouched entries compare as stored: f16 poison reads back as an f32 NaN of another payload.
    let stored = |x: f32| if a.f16 { half::f16::from_f32(x).to_f32().to_bits() } else { x.to_bits() };
    let out = read_f32(&out_b, (tokens + 1) * q_dim);

    // CPU: rotate this step's queries and keys, append to the cache, attend.
    let rope = ck::rope_table(&cfg, None, pos0, tokens);
    ck::rope(&mut q, a.n_head, &cfg, &rope);
    ck::rope(&mut k, a.n_head_kv, &cfg, &rope);
    let mut k_full = k_cache[..pos0 * kv_dim].to_vec();
    k_full.extend(k.iter().map(|&x| round(x)));
    let mut v_full = v_cache[..pos0 * kv_dim].to_vec();
    v_full.extend(v.iter().map(|&x| round(x)));
    let mut want = vec![0.0f32; tokens * q_dim];
    ck::attention(&cfg, &q, &k_full, &v_full, pos0, tokens, &mut want);

    // The cache: earlier positions untouched, this step's written, later ones still poisoned.
    let new = pos0 * kv_dim..(pos0 + tokens) * kv_dim;
    for (i, (&gk_, &gv)) in kc.iter().zip(&vc).enumerate() {
        if new.contains(&i) {
            assert!(gk_.is_finite(), "{a:?}: k_cache[{}][{}] not written", i / kv_dim, i % kv_dim);
        } else {
            assert_eq!(
                gk_.to_bits(),
                stored(k_cache[i]),
                "{a:?}: k_cache[{}][{}] changed",
                i / kv_dim,
                i % kv_dim
            );
            assert_eq!(
                gv.to_bits(),
                stored(v_cache[i]),
                "{a:?}: v_cache[{}][{}] changed",
                i / kv_dim,
                i % kv_dim
            );
        }
    }
    if a.f16 {
        // WGSL may round f32 → f16 either way: within one f16 ulp.
        let v_bad = vc[new.clone()].iter().zip(&v).position(|(g, c)| (g - c).abs() > c.abs() / 1024.0 + 1e-7);
        assert_eq!(v_bad, None, "{a:?}: values are stored as f16");
    } else {
        let v_bad = vc[new.clone()].iter().zip(&v).position(|(g, c)| g.to_bits() != c.to_bits());
        assert_eq!(v_bad, None, "{a:?}: values are copied to the cache bit for bit");
    }
    let k_err = rel_l2(kc[new].iter().map(|&x| f64::from(x)), k.iter().map(|&x| f64::from(x)));
    for (i, o) in out.iter().enumerate() {
        if i < tokens * q_dim {
            assert!(o.is_finite(), "{a:?}: out[{}][{}] not written ({o})", i / q_dim, i % q_dim);
        } else {
            assert_eq!(o.to_bits(), POISON, "{a:?}: out[{}][{}] written past the step", i / q_dim, i % q_dim);
        }
    }
    let err = rel_l2(out[..tokens * q_dim].iter().map(|&x| f64::from(x)), want.iter().map(|&x| f64::from(x)));
    println!(
        "attention {:<8} heads={}/{} head_dim={:>3} n_rot={:>3} pos0={:>3} tokens={:>2} (context {:>3}) k_cache rel_l2={k_err:.2e} out rel_l2={err:.2e}",
        format!("{:?}", a.style),
        a.n_head,
        a.n_head_kv,
        hd,
        a.n_rot,
        pos0,
        tokens,
        pos0 + tokens,
    );
    // With an f16 cache: the f16 bound (2^-11 relative per stored value) on the keys, and on the
    // output, whose CPU reference attends over the same values rounded to nearest.
    let (rope_tol, attn_tol) = if a.f16 { (F16_TOL, F16_TOL) } else { (ROPE_TOL, ATTN_TOL) };
    assert!(k_err <= rope_tol, "{a:?}: rotated keys relative L2 error {k_err:.3e} > {rope_tol:.0e}");
    assert!(err <= attn_tol, "{a:?}: attention relative L2 error {err:.3e} > {attn_tol:.0e}");
}

fn attn(
    style: RopeStyle,
    heads: (usize, usize),
    head_dim: usize,
    n_rot: usize,
    pos0: usize,
    tokens: usize,
) -> Attn {
    Attn { style, n_head: heads.0, n_head_kv: heads.1, head_dim, n_rot, pos0, tokens, f16: false }
}

#[test]
fn attention_adjacent_rope() {
    use RopeStyle::Adjacent;
    check_attention(attn(Adjacent, (9, 3), 64, 64, 0, 5), 10_000);
    check_attention(attn(Adjacent, (9, 3), 64, 64, 17, 3), 10_001);
    check_attention(attn(Adjacent, (9, 3), 64, 32, 17, 1), 10_002);
    check_attention(attn(Adjacent, (4, 4), 32, 32, 2, 7), 10_003);
}

#[test]
fn attention_halves_rope() {
    use RopeStyle::Halves;
    check_attention(attn(Halves, (9, 3), 64, 64, 0, 5), 11_000);
    check_attention(attn(Halves, (9, 3), 64, 32, 17, 3), 11_001);
    check_attention(attn(Halves, (6, 2), 32, 16, 9, 1), 11_002);
    check_attention(attn(Halves, (4, 1), 96, 64, 3, 4), 11_003);
}

#[test]
fn attention_head_dims() {
    // 128 and 256 (the largest the kernel holds): several values per thread; 96: a partial one.
    check_attention(attn(RopeStyle::Adjacent, (4, 2), 128, 128, 5, 3), 12_000);
    check_attention(attn(RopeStyle::Halves, (2, 1), 256, 192, 4, 2), 12_001);
    check_attention(attn(RopeStyle::Adjacent, (3, 1), 96, 96, 1, 2), 12_002);
}

/// Contexts longer than the kernel's 256-position chunk: the online softmax's rescaling.
#[test]
fn attention_long_context() {
    check_attention(attn(RopeStyle::Adjacent, (9, 3), 64, 64, 290, 10), 13_000);
    check_attention(attn(RopeStyle::Halves, (4, 2), 128, 128, 250, 8), 13_001);
    check_attention(attn(RopeStyle::Halves, (6, 2), 32, 24, 695, 5), 13_002);
    // Exactly one chunk, and one position more.
    check_attention(attn(RopeStyle::Adjacent, (2, 2), 64, 64, 255, 1), 13_003);
    check_attention(attn(RopeStyle::Adjacent, (2, 2), 64, 64, 256, 1), 13_004);
}

// ---------------------------------------------------------------------------------------------
// Embedding

/// Looks up `ids` at rows pos0.. from a table of `vocab` rows split into parts of `part_rows`.
fn check_embed(
    ty: GgmlType,
    vocab: usize,
    cols: usize,
    part_rows: Option<usize>,
    ids: &[u32],
    pos0: usize,
    seed: u64,
) {
    let g = gpu();
    let mut rng = Rng::new(seed);
    let bytes = random_rows(ty, vocab, cols, &mut rng);
    let table = dequantize(ty, &bytes, vocab, cols);
    let m = upload(ty, &bytes, vocab, cols, part_rows);
    let n = ids.len();
    // Two more ids than n_tokens, and two more workgroups: the kernel must stop at n_tokens.
    let mut id_words = ids.to_vec();
    id_words.extend([0, (vocab - 1) as u32]);
    let rows = pos0 + n + 3;
    let xb = storage_f32("x", &vec![f32::from_bits(POISON); rows * cols]);
    let idb = storage_u32("ids", &id_words);
    let state = state_buffer(StepState { pos0: pos0 as u32, n_tokens: n as u32, step: 0, pad: 0 });
    let kernel = embed_kernel(ty);
    let binds: Vec<wgpu::BindGroup> = m
        .parts
        .iter()
        .map(|part| {
            let p = EmbedParams::for_part(&m, part);
            let u = g.uniform("embed", bytemuck::bytes_of(&p));
            kernel.bind(g, "embed", &[(0, &u), (1, &state), (2, &idb), (3, &part.buffer), (4, &xb)])
        })
        .collect();
    // Last part first: each part must write only the ids it holds, whatever the order.
    let dispatches: Vec<Dispatch> = binds.iter().rev().map(|b| (&kernel, b, (n as u32 + 2, 1, 1))).collect();
    submit(&dispatches);
    let x = read_f32(&xb, rows * cols);
    let (mut got, mut want) = (Vec::new(), Vec::new());
    let mut max_ulp = 0u32;
    for (r, row) in x.chunks_exact(cols).enumerate() {
        if r >= pos0 && r < pos0 + n {
            let id = ids[r - pos0] as usize;
            for (c, (&gv, &cv)) in row.iter().zip(&table[id * cols..(id + 1) * cols]).enumerate() {
                assert!(gv.is_finite(), "{ty} embed: x[{r}][{c}] not written");
                max_ulp = max_ulp.max((gv.to_bits() as i64 - cv.to_bits() as i64).unsigned_abs() as u32);
                got.push(f64::from(gv));
                want.push(f64::from(cv));
            }
        } else {
            let bad = row.iter().position(|v| v.to_bits() != POISON);
            assert_eq!(bad, None, "{ty} embed: row {r} written (pos0 {pos0}, {n} tokens)");
        }
    }
    let err = rel_l2(got, want);
    println!(
        "embed {:<5} vocab={vocab:>3} cols={cols:>4} parts={} tokens={n:>2} pos0={pos0:>2} rel_l2={err:.2e} max_ulp={max_ulp}",
        ty.to_string(),
        m.parts.len()
    );
    assert!(err <= EMBED_TOL, "{ty} embed: relative L2 error {err:.3e} > {EMBED_TOL:.0e}");
}

#[test]
fn embed_every_type() {
    for (i, ty) in TYPES.into_iter().enumerate() {
        let k_quant = matches!(ty, GgmlType::Q4K | GgmlType::Q6K);
        let ids = [3u32, 0, 49, 3, 17, 48, 1];
        check_embed(ty, 50, if k_quant { 256 } else { 96 }, None, &ids, 0, 20_000 + i as u64);
        // Rows wider than 64 chunks of 32: each thread decodes several chunks.
        check_embed(ty, 20, 2304, None, &[19, 0, 7], 4, 20_100 + i as u64);
    }
}

/// A table split by the binding limit: each part writes only the ids it holds.
#[test]
fn embed_split_table() {
    let ids = [0u32, 39, 40, 41, 99, 20, 60, 79, 80, 1, 100];
    check_embed(GgmlType::Q8_0, 101, 96, Some(40), &ids, 2, 21_000);
    check_embed(GgmlType::Q6K, 101, 256, Some(50), &ids, 0, 21_001);
    check_embed(GgmlType::F16, 101, 64, Some(1), &ids[..5], 7, 21_002);
}

// ---------------------------------------------------------------------------------------------
// Sampling

/// One sampler run: `steps` chained dispatches from `start`, on `logits`.
struct SampleRun {
    result: Vec<u32>,
    state: StepState,
    ids: Vec<u32>,
}

fn run_sample(
    logits: &[f32],
    params: SampleParams,
    uniforms: &[f32],
    start: StepState,
    steps: usize,
) -> SampleRun {
    let g = gpu();
    let kernel = sample_kernel();
    let records = start.step as usize + steps + 1;
    let u = g.uniform("sample", bytemuck::bytes_of(&params));
    let state = state_buffer(start);
    let lb = storage_f32("logits", logits);
    let ub = storage_f32("uniforms", uniforms);
    let rb = storage_u32("result", &vec![POISON_U32; records * RESULT_WORDS]);
    let ib = storage_u32("ids", &[POISON_U32; 4]);
    let bind = kernel.bind(g, "sample", &[(0, &u), (1, &state), (2, &lb), (3, &ub), (4, &rb), (5, &ib)]);
    let dispatches: Vec<Dispatch> = (0..steps).map(|_| (&kernel, &bind, (1, 1, 1))).collect();
    submit(&dispatches);
    let s = read_u32(&state, 4);
    SampleRun {
        result: read_u32(&rb, records * RESULT_WORDS),
        state: StepState { pos0: s[0], n_tokens: s[1], step: s[2], pad: s[3] },
        ids: read_u32(&ib, 4),
    }
}

fn greedy_params(n_vocab: usize, n_top: usize, want_lse: bool) -> SampleParams {
    SampleParams {
        n_vocab: n_vocab as u32,
        n_top: n_top as u32,
        temperature: 0.0,
        top_p: 1.0,
        want_lse: u32::from(want_lse),
        n_draw: 1,
        pad: [0; 2],
    }
}

/// Checks one step's record: token, its logit, the top list (`n_top` entries, the rest untouched)
/// against the CPU's `top_n`; returns the record's log-sum-exp.
fn check_record(rec: &[u32], logits: &[f32], n_top: usize, token: u32, what: &str) -> f32 {
    assert_eq!(rec[0], token, "{what}: token");
    assert_eq!(rec[1], logits[token as usize].to_bits(), "{what}: the token's logit");
    let want = sampler::top_n(logits, n_top);
    for k in 0..MAX_TOP {
        let (id, l) = (rec[3 + k], rec[3 + MAX_TOP + k]);
        if k < n_top {
            assert_eq!((id, f32::from_bits(l)), want[k], "{what}: top[{k}]");
        } else {
            assert_eq!((id, l), (POISON_U32, POISON_U32), "{what}: top[{k}] written past n_top {n_top}");
        }
    }
    f32::from_bits(rec[2])
}

/// Logits with many exact ties: small integers (and halves).
fn tied_logits(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.below(24) as f32 * 0.5 - 6.0).collect()
}

#[test]
fn sample_greedy_ties_and_state() {
    let mut rng = Rng::new(30_000);
    for n_vocab in [100, 1000, 50_001] {
        let mut logits = tied_logits(&mut rng, n_vocab);
        // The maximum at several ids, some handled by the same thread (i, i + 256), some not.
        let mut max_ids = vec![n_vocab - 1, n_vocab / 2, n_vocab / 3 + 1, n_vocab / 2 + 7];
        if n_vocab > 600 {
            max_ids.push(n_vocab / 2 + 256);
        }
        for &i in &max_ids {
            logits[i] = 9.5;
        }
        let want = sampler::argmax(&logits);
        assert_eq!(want as usize, n_vocab / 3 + 1);
        let start = StepState { pos0: 17, n_tokens: 5, step: 2, pad: 0 };
        let run = run_sample(&logits, greedy_params(n_vocab, 1, false), &[0.5; 4], start, 1);
        let what = format!("greedy, vocab {n_vocab}");
        let o = 2 * RESULT_WORDS;
        let lse = check_record(&run.result[o..o + RESULT_WORDS], &logits, 1, want, &what);
        assert_eq!(lse, 0.0, "{what}: no log-sum-exp asked for");
        // Other steps' records untouched; the state advanced; the token where the embedding reads it.
        let written = [o, o + 1, o + 2, o + 3, o + 3 + MAX_TOP];
        for (i, &w) in run.result.iter().enumerate() {
            if !written.contains(&i) {
                assert_eq!(w, POISON_U32, "{what}: result word {i} written");
            }
        }
        assert_eq!(run.state, StepState { pos0: 22, n_tokens: 1, step: 3, pad: 0 }, "{what}: state");
        assert_eq!(run.ids, [want, POISON_U32, POISON_U32, POISON_U32], "{what}: ids");
        println!("sample greedy vocab={n_vocab:>5}: token {} (ties at {:?})", run.result[o], max_ids);
    }
}

#[test]
fn sample_top_n_and_log_sum_exp() {
    let mut rng = Rng::new(31_000);
    for (i, n_vocab) in [40, 1000, 50_001].into_iter().enumerate() {
        for n_top in [2, 7, MAX_TOP] {
            // Tied logits (the order of equal logits) and continuous ones (the log-sum-exp).
            let logits = if i % 2 == 0 {
                tied_logits(&mut rng, n_vocab)
            } else {
                rand_vec(&mut rng, n_vocab, -8.0, 8.0)
            };
            let start = StepState { pos0: 0, n_tokens: 3, step: 0, pad: 0 };
            let run = run_sample(&logits, greedy_params(n_vocab, n_top, true), &[0.5], start, 1);
            let what = format!("top-{n_top}, vocab {n_vocab}");
            let want_token = sampler::argmax(&logits);
            let lse = check_record(&run.result[..RESULT_WORDS], &logits, n_top, want_token, &what);
            let want_lse = sampler::log_sum_exp(&logits);
            let err = (f64::from(lse) - f64::from(want_lse)).abs();
            // The sum of n exp(lᵢ − max) in f32 (per-thread runs of ≤ n/256 terms, then a tree):
            // relative error ≲ (n/256 + 8)·2⁻²⁴, which is the absolute error of its log; then each
            // side rounds max + log(sum) to f32 (up to an ulp, ≤ |lse|·2⁻²³, each).
            let bound =
                (n_vocab as f64 / 256.0 + 8.0) * 2f64.powi(-24) + f64::from(want_lse.abs()) * 2f64.powi(-22);
            println!("sample top-{n_top:<2} vocab={n_vocab:>5}: log-sum-exp {lse} vs {want_lse}, |diff| {err:.2e} (bound {bound:.1e})");
            assert!(err <= bound, "{what}: log-sum-exp {lse} vs CPU {want_lse}");
            assert_eq!(run.state, StepState { pos0: 3, n_tokens: 1, step: 1, pad: 0 }, "{what}: state");
            assert_eq!(run.ids[0], want_token);
        }
    }
}

/// Top-p keeps the shortest prefix whose mass *reaches* p, as the CPU sampler does: with four
/// equally likely candidates the cumulative masses are exactly 1/4, 1/2, 3/4, 1 (in f32 and f64),
/// so p = 1/2 must keep two of them, not three.
#[test]
fn sample_top_p_boundary_is_inclusive() {
    let n_vocab = 1000;
    let mut logits = vec![-20.0f32; n_vocab];
    let tied = [3u32, 10, 300, 700];
    for &i in &tied {
        logits[i as usize] = 2.0;
    }
    // A seed whose one draw is above 0.8: it picks the last candidate kept (u·kept > kept − 1).
    let seed = (0..).find(|&s| Rng::new(s).next_f32() > 0.8).unwrap();
    let u = Rng::new(seed).next_f32();
    for (top_p, want) in [(0.25f32, tied[0]), (0.5, tied[1]), (0.75, tied[2]), (1.0, tied[3])] {
        let cfg = SamplerConfig { temperature: 1.0, top_k: 4, top_p, seed };
        let cpu = Sampler::new(cfg).sample(&logits);
        assert_eq!(cpu, want, "CPU sampler, p = {top_p}, u = {u}");
        let params = SampleParams {
            n_vocab: n_vocab as u32,
            n_top: 4,
            temperature: 1.0,
            top_p,
            want_lse: 0,
            n_draw: 4,
            pad: [0; 2],
        };
        let run = run_sample(&logits, params, &[u], StepState { pos0: 0, n_tokens: 1, step: 0, pad: 0 }, 1);
        check_record(
            &run.result[..RESULT_WORDS],
            &logits,
            4,
            cpu,
            &format!("top-p {top_p} at its boundary, u = {u}"),
        );
    }
}

/// The CPU sampler's draw for uniform `u` over the top `k` (id order on ties), in f64 as
/// `Sampler::sample` computes it; and how close `u` came to a boundary (a margin below f32
/// rounding means the GPU's f32 arithmetic may rightly choose a neighbour).
fn cpu_draw(logits: &[f32], temperature: f32, k: usize, top_p: f32, u: f32) -> (u32, f64) {
    let cand = sampler::top_n(logits, k);
    let max = cand[0].1;
    let mut probs: Vec<f64> = cand.iter().map(|&(_, l)| f64::from((l - max) / temperature).exp()).collect();
    let mut total: f64 = probs.iter().sum();
    let mut margin = f64::INFINITY;
    if top_p < 1.0 {
        let mut acc = 0.0;
        let mut keep = probs.len();
        for (i, p) in probs.iter().enumerate() {
            acc += p / total;
            margin = margin.min((acc - f64::from(top_p)).abs());
            if acc >= f64::from(top_p) {
                keep = i + 1;
                break;
            }
        }
        probs.truncate(keep);
        total = probs.iter().sum();
    }
    let mut r = f64::from(u) * total;
    for (i, p) in probs.iter().enumerate() {
        r -= p;
        margin = margin.min(r.abs() / total);
        if r < 0.0 {
            return (cand[i].0, margin);
        }
    }
    (cand[probs.len() - 1].0, margin)
}

/// Temperature + top-k + top-p draws, several chained steps per submission (each reads its own
/// uniform and writes its own record), against the CPU `Sampler` given the same uniform.
#[test]
fn sample_draws_match_the_cpu_sampler() {
    let mut rng = Rng::new(32_000);
    let n_vocab = 1000;
    let logits = rand_vec(&mut rng, n_vocab, -4.0, 4.0);
    let steps = 8;
    let (mut checked, mut ambiguous, mut non_top) = (0, 0, 0);
    for temperature in [0.3f32, 1.0, 2.5] {
        for k in [1usize, 2, 5, MAX_TOP] {
            for top_p in [1.0f32, 0.9, 0.5, 0.01] {
                // One seed per step; the CPU Sampler draws exactly one uniform from it.
                let seeds: Vec<u64> = (0..steps).map(|_| rng.next_u64()).collect();
                let mut uniforms: Vec<f32> = seeds.iter().map(|&s| Rng::new(s).next_f32()).collect();
                // Also the ends of [0, 1).
                uniforms[0] = 0.0;
                uniforms[1] = 1.0 - f32::EPSILON / 2.0;
                let params = SampleParams {
                    n_vocab: n_vocab as u32,
                    n_top: k as u32,
                    temperature,
                    top_p,
                    want_lse: 0,
                    n_draw: k as u32,
                    pad: [0; 2],
                };
                let start = StepState { pos0: 40, n_tokens: 7, step: 0, pad: 0 };
                let run = run_sample(&logits, params, &uniforms, start, steps);
                let what = format!("T={temperature} k={k} p={top_p}");
                let mut last = 0;
                for (s, &u) in uniforms.iter().enumerate() {
                    let rec = &run.result[s * RESULT_WORDS..(s + 1) * RESULT_WORDS];
                    let (want, margin) = cpu_draw(&logits, temperature, k, top_p, u);
                    if s >= 2 {
                        // The real Sampler, seeded so its one draw is this uniform.
                        let cfg = SamplerConfig { temperature, top_k: k, top_p, seed: seeds[s] };
                        assert_eq!(Sampler::new(cfg).sample(&logits), want, "{what}: re-implementation");
                    }
                    if margin < 1e-5 && rec[0] != want {
                        ambiguous += 1;
                    } else {
                        check_record(rec, &logits, k, want, &format!("{what} step {s} u={u}"));
                        checked += 1;
                    }
                    non_top += usize::from(rec[0] != rec[3]);
                    last = rec[0];
                }
                assert!(
                    run.result[steps * RESULT_WORDS..].iter().all(|&w| w == POISON_U32),
                    "{what}: extra record"
                );
                let want_state =
                    StepState { pos0: 40 + 7 + (steps as u32 - 1), n_tokens: 1, step: steps as u32, pad: 0 };
                assert_eq!(run.state, want_state, "{what}: state after {steps} chained steps");
                assert_eq!(run.ids, [last, POISON_U32, POISON_U32, POISON_U32], "{what}: ids");
            }
        }
    }
    println!("sample draws: {checked} match the CPU sampler, {ambiguous} within rounding of a boundary, {non_top} not the argmax");
    assert!(ambiguous <= 2, "{ambiguous} draws differ at a boundary");
    assert!(non_top > 50, "the draws exercise more than the argmax");
}

/// Reporting more alternatives than the draw's top-k must not widen the draw: ten tied logits,
/// top-k 2, ten alternatives, a uniform near 1 still picks one of the first two.
#[test]
fn sample_draws_from_top_k_even_when_more_alternatives_are_reported() {
    let mut logits = vec![0.0f32; 300];
    for l in &mut logits[100..110] {
        *l = 5.0;
    }
    let params = SampleParams {
        n_vocab: 300,
        n_top: 10,
        temperature: 1.0,
        top_p: 1.0,
        want_lse: 0,
        n_draw: 2,
        pad: [0; 2],
    };
    for u in [0.2f32, 0.7, 0.95, 0.999] {
        let run = run_sample(&logits, params, &[u], StepState { pos0: 0, n_tokens: 1, step: 0, pad: 0 }, 1);
        let want = if u < 0.5 { 100 } else { 101 };
        assert_eq!(run.result[0], want, "uniform {u}");
        // All ten alternatives are still ranked.
        assert_eq!(&run.result[3..13], &(100..110).collect::<Vec<u32>>()[..]);
    }
}

/// The f16 cache (used where the adapter has shader-f16): keys and values stored as f16, attention
/// over them in f32; the same shapes as above.
#[test]
fn attention_f16_cache() {
    if !gpu().info.shader_f16 {
        println!("no shader-f16 on this adapter: only the f32 cache runs here");
        return;
    }
    let f16 = |a: Attn| Attn { f16: true, ..a };
    check_attention(f16(attn(RopeStyle::Adjacent, (9, 3), 64, 64, 17, 3)), 14_000);
    check_attention(f16(attn(RopeStyle::Halves, (4, 1), 96, 64, 3, 4)), 14_001);
    check_attention(f16(attn(RopeStyle::Halves, (2, 1), 256, 192, 4, 2)), 14_002);
    check_attention(f16(attn(RopeStyle::Adjacent, (9, 3), 64, 64, 290, 10)), 14_003);
    check_attention(f16(attn(RopeStyle::Adjacent, (3, 1), 32, 32, 0, 3)), 14_004);
}
