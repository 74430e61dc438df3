//! Quantized block formats: scalar dequantization (the reference, mirroring ggml's
//! `dequantize_row_*` in ggml-quants.c) and row·vector dot products, with AVX2 versions chosen at
//! run time where the CPU has them.
//!
//! Dot products compute `Σ w_i·x_i` in f32 on exactly dequantized weights; unlike llama.cpp we do
//! not round the activations to 8 bits first, so our logits sit closer to exact math.

use crate::ggml_type::{GgmlType, QK_K};

#[cfg(target_arch = "x86_64")]
mod x86;

// Block layouts (ggml-common.h); asserted so a typo cannot silently shift every weight.
pub const Q4_0_BYTES: usize = 2 + 16;
pub const Q4_1_BYTES: usize = 2 + 2 + 16;
pub const Q8_0_BYTES: usize = 2 + 32;
pub const Q4_K_BYTES: usize = 2 + 2 + 12 + QK_K / 2;
pub const Q6_K_BYTES: usize = QK_K / 2 + QK_K / 4 + QK_K / 16 + 2;
const _: () = assert!(Q4_0_BYTES == 18 && Q4_1_BYTES == 20 && Q8_0_BYTES == 34);
const _: () = assert!(Q4_K_BYTES == 144 && Q6_K_BYTES == 210);

#[inline]
pub fn f16_to_f32(lo: u8, hi: u8) -> f32 {
    half::f16::from_bits(u16::from_le_bytes([lo, hi])).to_f32()
}

#[inline]
fn bf16_to_f32(lo: u8, hi: u8) -> f32 {
    f32::from_bits(u32::from(u16::from_le_bytes([lo, hi])) << 16)
}

/// `dequantize_row_q4_0`: `w = d·(q − 8)`, low nibbles are weights 0..16, high nibbles 16..32.
pub fn dequantize_q4_0(block: &[u8], out: &mut [f32]) {
    let d = f16_to_f32(block[0], block[1]);
    for (j, &b) in block[2..18].iter().enumerate() {
        out[j] = d * ((b & 0xF) as f32 - 8.0);
        out[j + 16] = d * ((b >> 4) as f32 - 8.0);
    }
}

/// `dequantize_row_q4_1`: `w = d·q + m`.
pub fn dequantize_q4_1(block: &[u8], out: &mut [f32]) {
    let d = f16_to_f32(block[0], block[1]);
    let m = f16_to_f32(block[2], block[3]);
    for (j, &b) in block[4..20].iter().enumerate() {
        out[j] = (b & 0xF) as f32 * d + m;
        out[j + 16] = (b >> 4) as f32 * d + m;
    }
}

/// `dequantize_row_q8_0`: `w = d·q`, q signed.
pub fn dequantize_q8_0(block: &[u8], out: &mut [f32]) {
    let d = f16_to_f32(block[0], block[1]);
    for (j, &q) in block[2..34].iter().enumerate() {
        out[j] = d * (q as i8) as f32;
    }
}

/// ggml's `get_scale_min_k4`: 6-bit scale and min of sub-block `j` packed into 12 bytes.
#[inline]
fn scale_min_k4(j: usize, s: &[u8]) -> (u8, u8) {
    if j < 4 {
        (s[j] & 63, s[j + 4] & 63)
    } else {
        ((s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4), (s[j + 4] >> 4) | ((s[j] >> 6) << 4))
    }
}

/// `dequantize_row_q4_K`: 8 sub-blocks of 32, `w = d·sc·q − dmin·m`.
pub fn dequantize_q4_k(block: &[u8], out: &mut [f32]) {
    let d = f16_to_f32(block[0], block[1]);
    let dmin = f16_to_f32(block[2], block[3]);
    let scales = &block[4..16];
    let qs = &block[16..144];
    for chunk in 0..4 {
        let (sc1, m1) = scale_min_k4(2 * chunk, scales);
        let (sc2, m2) = scale_min_k4(2 * chunk + 1, scales);
        let (d1, m1) = (d * sc1 as f32, dmin * m1 as f32);
        let (d2, m2) = (d * sc2 as f32, dmin * m2 as f32);
        let q = &qs[32 * chunk..32 * chunk + 32];
        let y = &mut out[64 * chunk..64 * chunk + 64];
        for l in 0..32 {
            y[l] = d1 * (q[l] & 0xF) as f32 - m1;
            y[l + 32] = d2 * (q[l] >> 4) as f32 - m2;
        }
    }
}

/// `dequantize_row_q6_K`: 6-bit weights (4 low bits in `ql`, 2 high in `qh`), 16 signed scales.
pub fn dequantize_q6_k(block: &[u8], out: &mut [f32]) {
    let ql = &block[0..128];
    let qh = &block[128..192];
    let sc = &block[192..208];
    let d = f16_to_f32(block[208], block[209]);
    for half in 0..2 {
        let (ql, qh) = (&ql[64 * half..], &qh[32 * half..]);
        let sc = &sc[8 * half..];
        let y = &mut out[128 * half..128 * half + 128];
        for l in 0..32 {
            let is = l / 16;
            let q1 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) as i32 - 32;
            let q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) as i32 - 32;
            let q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) as i32 - 32;
            let q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) as i32 - 32;
            y[l] = d * (sc[is] as i8) as f32 * q1 as f32;
            y[l + 32] = d * (sc[is + 2] as i8) as f32 * q2 as f32;
            y[l + 64] = d * (sc[is + 4] as i8) as f32 * q3 as f32;
            y[l + 96] = d * (sc[is + 6] as i8) as f32 * q4 as f32;
        }
    }
}

/// Dequantizes one row (`out.len()` values) of type `ty`. Panics if `ty` has no kernels or the
/// lengths disagree: callers validate shapes at load time.
pub fn dequantize_row(ty: GgmlType, row: &[u8], out: &mut [f32]) {
    let bs = ty.block_size();
    assert_eq!(row.len(), ty.row_bytes(out.len()), "{ty} row length");
    let ts = ty.type_size();
    let block_fn: fn(&[u8], &mut [f32]) = match ty {
        GgmlType::F32 => {
            for (o, c) in out.iter_mut().zip(row.chunks_exact(4)) {
                *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            return;
        }
        GgmlType::F16 => {
            for (o, c) in out.iter_mut().zip(row.chunks_exact(2)) {
                *o = f16_to_f32(c[0], c[1]);
            }
            return;
        }
        GgmlType::Bf16 => {
            for (o, c) in out.iter_mut().zip(row.chunks_exact(2)) {
                *o = bf16_to_f32(c[0], c[1]);
            }
            return;
        }
        GgmlType::Q4_0 => dequantize_q4_0,
        GgmlType::Q4_1 => dequantize_q4_1,
        GgmlType::Q8_0 => dequantize_q8_0,
        GgmlType::Q4K => dequantize_q4_k,
        GgmlType::Q6K => dequantize_q6_k,
        other => panic!("no dequantization kernel for {other}"),
    };
    for (block, o) in row.chunks_exact(ts).zip(out.chunks_exact_mut(bs)) {
        block_fn(block, o);
    }
}

/// A row·vector dot product for one type: `(row bytes, x) -> Σ w_i·x_i`.
pub type DotFn = fn(&[u8], &[f32]) -> f32;
/// Writes one row's weights as f32.
pub type DequantFn = fn(&[u8], &mut [f32]);
/// A dot product of dequantized weights with an input.
pub type DotF32Fn = fn(&[f32], &[f32]) -> f32;
/// Dequantized weights against three inputs at once.
pub type DotF32x3Fn = fn(&[f32], [&[f32]; 3]) -> [f32; 3];

/// The kernels for one weight type on this CPU. `dot` is fused (decode: each row is used once);
/// `dequant` + `dot_dequantized` split it so a batch dequantizes each row once and reuses it for
/// every token (prefill). The two paths give bit-identical results, so a token's logits do not
/// depend on the batch it was computed in.
#[derive(Clone, Copy)]
pub struct RowKernels {
    pub ty: GgmlType,
    pub dot: DotFn,
    /// A dequantizer that computes the weights exactly as `dot` does, where the scalar
    /// [`dequantize_row`] would not (fused multiply-adds); `None` means the scalar one matches.
    pub fast_dequant: Option<DequantFn>,
    pub dot_dequantized: DotF32Fn,
    /// `dot_dequantized` for three inputs at once, where a faster form exists; same bits.
    pub dot_dequantized_x3: Option<DotF32x3Fn>,
}

impl RowKernels {
    /// The weights of one row, exactly as `dot` sees them.
    pub fn dequant(&self, row: &[u8], out: &mut [f32]) {
        match self.fast_dequant {
            Some(f) => f(row, out),
            None => dequantize_row(self.ty, row, out),
        }
    }
}

/// The fastest kernels for `ty` on this CPU. Panics for a type without kernels: the loader
/// refuses those.
pub fn row_kernels(ty: GgmlType) -> RowKernels {
    #[cfg(target_arch = "x86_64")]
    if let Some(k) = x86::row_kernels(ty) {
        return k;
    }
    let (dot, dot_dequantized): (DotFn, DotF32Fn) = match ty {
        GgmlType::F32 => (dot_f32_bytes, dot_sequential),
        GgmlType::F16 => (|r, x| dot_reference(GgmlType::F16, r, x), dot_sequential),
        GgmlType::Bf16 => (|r, x| dot_reference(GgmlType::Bf16, r, x), dot_sequential),
        GgmlType::Q4_0 => (|r, x| dot_blocks::<32>(r, x, Q4_0_BYTES, dequantize_q4_0), dot_lanes8),
        GgmlType::Q4_1 => (|r, x| dot_blocks::<32>(r, x, Q4_1_BYTES, dequantize_q4_1), dot_lanes8),
        GgmlType::Q8_0 => (|r, x| dot_blocks::<32>(r, x, Q8_0_BYTES, dequantize_q8_0), dot_lanes8),
        GgmlType::Q4K => (|r, x| dot_blocks::<QK_K>(r, x, Q4_K_BYTES, dequantize_q4_k), dot_lanes8),
        GgmlType::Q6K => (|r, x| dot_blocks::<QK_K>(r, x, Q6_K_BYTES, dequantize_q6_k), dot_lanes8),
        other => panic!("no kernels for {other}"),
    };
    RowKernels { ty, dot, fast_dequant: None, dot_dequantized, dot_dequantized_x3: None }
}

/// The fused dot product for `ty` (see [`row_kernels`]).
pub fn dot_fn(ty: GgmlType) -> DotFn {
    row_kernels(ty).dot
}

fn dot_sequential(w: &[f32], x: &[f32]) -> f32 {
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

/// Eight partial sums, as `dot_blocks` keeps them.
fn dot_lanes8(w: &[f32], x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    for (wc, xc) in w.chunks_exact(8).zip(x.chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += wc[l] * xc[l];
        }
    }
    acc.iter().sum()
}

/// The reference: dequantize the whole row, then a plain sequential f32 dot.
pub fn dot_reference(ty: GgmlType, row: &[u8], x: &[f32]) -> f32 {
    let mut w = vec![0.0f32; x.len()];
    dequantize_row(ty, row, &mut w);
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

fn dot_f32_bytes(row: &[u8], x: &[f32]) -> f32 {
    row.chunks_exact(4).zip(x).map(|(c, &b)| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) * b).sum()
}

/// Portable path: dequantize one block onto the stack, then dot it with eight partial sums so
/// the compiler can vectorize (wasm simd128, NEON).
#[inline]
fn dot_blocks<const B: usize>(row: &[u8], x: &[f32], block_bytes: usize, dequant: DequantFn) -> f32 {
    let mut w = [0.0f32; B];
    let mut acc = [0.0f32; 8];
    for (block, xs) in row.chunks_exact(block_bytes).zip(x.chunks_exact(B)) {
        dequant(block, &mut w);
        for (wc, xc) in w.chunks_exact(8).zip(xs.chunks_exact(8)) {
            for l in 0..8 {
                acc[l] += wc[l] * xc[l];
            }
        }
    }
    acc.iter().sum()
}

/// Plain f32 dot product with eight partial sums.
#[inline]
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if let Some(s) = x86::dot_f32(a, b) {
        return s;
    }
    let mut acc = [0.0f32; 8];
    let n8 = a.len() / 8 * 8;
    for (ac, bc) in a[..n8].chunks_exact(8).zip(b[..n8].chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += ac[l] * bc[l];
        }
    }
    let tail: f32 = a[n8..].iter().zip(&b[n8..]).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
#[path = "quant_tests.rs"]
mod tests;
