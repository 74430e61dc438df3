//! AVX2 + FMA + F16C dot products for the formats the default model uses (Q4_0, Q4_1, Q8_0, F16,
//! F32) and the K-quants. Chosen at run time; each is tested against `dot_reference`.
//!
//! Each 32-weight block is widened to four vectors of eight f32 weights and multiplied into four
//! accumulators, so the sum is the same f32 math as the scalar path in a different order.

use std::arch::x86_64::*;
use std::sync::OnceLock;

use super::{dequantize_q4_k, dequantize_q6_k, RowKernels, Q4_0_BYTES, Q4_1_BYTES, Q8_0_BYTES};
use crate::ggml_type::{GgmlType, QK_K};

fn has_avx2() -> bool {
    static HAS: OnceLock<bool> = OnceLock::new();
    *HAS.get_or_init(|| {
        is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma")
            && is_x86_feature_detected!("f16c")
    })
}

pub(super) fn row_kernels(ty: GgmlType) -> Option<RowKernels> {
    if !has_avx2() {
        return None;
    }
    // SAFETY (every closure below): the CPU was checked for AVX2, FMA and F16C above.
    Some(match ty {
        GgmlType::Q4_0 => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_q4(r, x, Q4_0_BYTES) },
            fast_dequant: Some(|r, o| unsafe { dequant_q4(r, o, Q4_0_BYTES) }),
            dot_dequantized: |w, x| unsafe { dot_blocked4(w, x) },
            dot_dequantized_x3: Some(|w, x| unsafe { dot_blocked4_x3(w, x) }),
        },
        GgmlType::Q4_1 => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_q4(r, x, Q4_1_BYTES) },
            fast_dequant: Some(|r, o| unsafe { dequant_q4(r, o, Q4_1_BYTES) }),
            dot_dequantized: |w, x| unsafe { dot_blocked4(w, x) },
            dot_dequantized_x3: Some(|w, x| unsafe { dot_blocked4_x3(w, x) }),
        },
        GgmlType::Q8_0 => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_q8_0(r, x) },
            fast_dequant: Some(|r, o| unsafe { dequant_q8_0(r, o) }),
            dot_dequantized: |w, x| unsafe { dot_blocked4(w, x) },
            dot_dequantized_x3: Some(|w, x| unsafe { dot_blocked4_x3(w, x) }),
        },
        GgmlType::F16 => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_f16(r, x) },
            fast_dequant: None,
            dot_dequantized: |w, x| unsafe { dot_single8(w, x) },
            dot_dequantized_x3: None,
        },
        GgmlType::F32 => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_f32_le(r, x) },
            fast_dequant: None,
            dot_dequantized: |w, x| unsafe { dot_single8(w, x) },
            dot_dequantized_x3: None,
        },
        GgmlType::Q4K => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_dequant(r, x, 144, dequantize_q4_k) },
            fast_dequant: None,
            dot_dequantized: |w, x| unsafe { dot_superblocks(w, x) },
            dot_dequantized_x3: None,
        },
        GgmlType::Q6K => RowKernels {
            ty,
            dot: |r, x| unsafe { dot_dequant(r, x, 210, dequantize_q6_k) },
            fast_dequant: None,
            dot_dequantized: |w, x| unsafe { dot_superblocks(w, x) },
            dot_dequantized_x3: None,
        },
        _ => return None,
    })
}

pub(super) fn dot_f32(a: &[f32], b: &[f32]) -> Option<f32> {
    // SAFETY: the CPU was checked for AVX2 and FMA.
    has_avx2().then(|| unsafe { dot_f32_avx(a, b) })
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn hsum(v: __m256) -> f32 {
    let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    let s = _mm_add_ss(s, _mm_movehdup_ps(s));
    _mm_cvtss_f32(s)
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn f16_splat(p: *const u8) -> __m256 {
    let h = _mm_cvtsi32_si128(i32::from(u16::from_le_bytes([*p, *p.add(1)])));
    _mm256_broadcastss_ps(_mm_cvtph_ps(h))
}

/// One Q4_0 (`w = d·q − 8d`) or Q4_1 (`w = d·q + m`) block as four vectors of eight weights. The
/// two share the nibble layout; the block size tells which (Q4_1 stores `m` after `d`). The fused
/// dot and the dequantizer both use this, so they see the same weights bit for bit.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q4_block(blk: *const u8, block_bytes: usize) -> [__m256; 4] {
    let mask = _mm_set1_epi8(0x0F);
    let d = f16_splat(blk);
    let (m, qs) = if block_bytes == Q4_1_BYTES {
        (f16_splat(blk.add(2)), blk.add(4))
    } else {
        (_mm256_mul_ps(d, _mm256_set1_ps(-8.0)), blk.add(2))
    };
    let raw = _mm_loadu_si128(qs as *const __m128i);
    let lo = _mm_and_si128(raw, mask);
    let hi = _mm_and_si128(_mm_srli_epi16(raw, 4), mask);
    [lo, _mm_srli_si128(lo, 8), hi, _mm_srli_si128(hi, 8)]
        .map(|q| _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(q)), d, m))
}

/// One Q8_0 block (`w = d·q`) as four vectors of eight weights.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q8_0_block(blk: *const u8) -> [__m256; 4] {
    let d = f16_splat(blk);
    [0, 1, 2, 3].map(|k| {
        let q8 = _mm_loadl_epi64(blk.add(2 + 8 * k) as *const __m128i);
        _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q8)), d)
    })
}

/// Σ w·x over 32-weight blocks decoded by `block`, one accumulator per group of eight.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_blocks32(
    row: &[u8],
    x: &[f32],
    block_bytes: usize,
    block: impl Fn(*const u8) -> [__m256; 4],
) -> f32 {
    let nb = x.len() / 32;
    debug_assert_eq!(row.len(), nb * block_bytes);
    let mut acc = [_mm256_setzero_ps(); 4];
    let (rp, xp) = (row.as_ptr(), x.as_ptr());
    for b in 0..nb {
        let w = block(rp.add(b * block_bytes));
        let xb = xp.add(b * 32);
        for k in 0..4 {
            acc[k] = _mm256_fmadd_ps(w[k], _mm256_loadu_ps(xb.add(8 * k)), acc[k]);
        }
    }
    hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])))
}

/// Writes the weights of 32-weight blocks decoded by `block`.
#[inline]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dequant_blocks32(
    row: &[u8],
    out: &mut [f32],
    block_bytes: usize,
    block: impl Fn(*const u8) -> [__m256; 4],
) {
    let nb = out.len() / 32;
    debug_assert_eq!(row.len(), nb * block_bytes);
    let (rp, op) = (row.as_ptr(), out.as_mut_ptr());
    for b in 0..nb {
        let w = block(rp.add(b * block_bytes));
        for k in 0..4 {
            _mm256_storeu_ps(op.add(b * 32 + 8 * k), w[k]);
        }
    }
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_q4(row: &[u8], x: &[f32], block_bytes: usize) -> f32 {
    dot_blocks32(row, x, block_bytes, |blk| unsafe { q4_block(blk, block_bytes) })
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_q8_0(row: &[u8], x: &[f32]) -> f32 {
    dot_blocks32(row, x, Q8_0_BYTES, |blk| unsafe { q8_0_block(blk) })
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dequant_q4(row: &[u8], out: &mut [f32], block_bytes: usize) {
    dequant_blocks32(row, out, block_bytes, |blk| unsafe { q4_block(blk, block_bytes) })
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dequant_q8_0(row: &[u8], out: &mut [f32]) {
    dequant_blocks32(row, out, Q8_0_BYTES, |blk| unsafe { q8_0_block(blk) })
}

/// The accumulation of `dot_q4`/`dot_q8_0` over already dequantized weights: four accumulators,
/// one per group of 8 in each 32-block.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_blocked4(w: &[f32], x: &[f32]) -> f32 {
    let nb = x.len() / 32;
    let mut acc = [_mm256_setzero_ps(); 4];
    let (wp, xp) = (w.as_ptr(), x.as_ptr());
    for b in 0..nb {
        for k in 0..4 {
            let i = b * 32 + 8 * k;
            acc[k] = _mm256_fmadd_ps(_mm256_loadu_ps(wp.add(i)), _mm256_loadu_ps(xp.add(i)), acc[k]);
        }
    }
    hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])))
}

/// `dot_blocked4` for three inputs at once: each weight vector is loaded once for three FMAs,
/// and each input keeps its own four accumulators, so every result equals `dot_blocked4`'s.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_blocked4_x3(w: &[f32], x: [&[f32]; 3]) -> [f32; 3] {
    let nb = w.len() / 32;
    let mut acc = [[_mm256_setzero_ps(); 4]; 3];
    let wp = w.as_ptr();
    let xp = [x[0].as_ptr(), x[1].as_ptr(), x[2].as_ptr()];
    for b in 0..nb {
        for k in 0..4 {
            let i = b * 32 + 8 * k;
            let wv = _mm256_loadu_ps(wp.add(i));
            for t in 0..3 {
                acc[t][k] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(xp[t].add(i)), acc[t][k]);
            }
        }
    }
    acc.map(|a| hsum(_mm256_add_ps(_mm256_add_ps(a[0], a[1]), _mm256_add_ps(a[2], a[3]))))
}

/// The accumulation of `dot_f16`/`dot_f32_le`: one accumulator, then a sequential tail.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_single8(w: &[f32], x: &[f32]) -> f32 {
    let n8 = x.len() / 8 * 8;
    let mut acc = _mm256_setzero_ps();
    for i in (0..n8).step_by(8) {
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(w.as_ptr().add(i)), _mm256_loadu_ps(x.as_ptr().add(i)), acc);
    }
    let mut s = hsum(acc);
    for i in n8..x.len() {
        s += w[i] * x[i];
    }
    s
}

/// The accumulation of `dot_dequant` (K-quants): one f32 dot per super-block, summed.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_superblocks(w: &[f32], x: &[f32]) -> f32 {
    let mut s = 0.0;
    for (ws, xs) in w.chunks_exact(QK_K).zip(x.chunks_exact(QK_K)) {
        s += dot_f32_avx(ws, xs);
    }
    s
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_f16(row: &[u8], x: &[f32]) -> f32 {
    let n8 = x.len() / 8 * 8;
    let mut acc = _mm256_setzero_ps();
    for i in (0..n8).step_by(8) {
        let h = _mm_loadu_si128(row.as_ptr().add(2 * i) as *const __m128i);
        acc = _mm256_fmadd_ps(_mm256_cvtph_ps(h), _mm256_loadu_ps(x.as_ptr().add(i)), acc);
    }
    let mut s = hsum(acc);
    for i in n8..x.len() {
        s += super::f16_to_f32(row[2 * i], row[2 * i + 1]) * x[i];
    }
    s
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_f32_le(row: &[u8], x: &[f32]) -> f32 {
    // x86 is little-endian, so the bytes are the f32 values; read them unaligned.
    let n8 = x.len() / 8 * 8;
    let mut acc = _mm256_setzero_ps();
    for i in (0..n8).step_by(8) {
        let w = _mm256_loadu_ps(row.as_ptr().add(4 * i) as *const f32);
        acc = _mm256_fmadd_ps(w, _mm256_loadu_ps(x.as_ptr().add(i)), acc);
    }
    let mut s = hsum(acc);
    for i in n8..x.len() {
        let c = &row[4 * i..4 * i + 4];
        s += f32::from_le_bytes([c[0], c[1], c[2], c[3]]) * x[i];
    }
    s
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_f32_avx(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let n16 = n / 16 * 16;
    let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
    for i in (0..n16).step_by(16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a.as_ptr().add(i)), _mm256_loadu_ps(b.as_ptr().add(i)), s0);
        s1 = _mm256_fmadd_ps(
            _mm256_loadu_ps(a.as_ptr().add(i + 8)),
            _mm256_loadu_ps(b.as_ptr().add(i + 8)),
            s1,
        );
    }
    let mut s = hsum(_mm256_add_ps(s0, s1));
    for i in n16..n {
        s += a[i] * b[i];
    }
    s
}

/// K-quants: dequantize a super-block with the scalar reference, then an AVX2 f32 dot.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_dequant(row: &[u8], x: &[f32], block_bytes: usize, dequant: fn(&[u8], &mut [f32])) -> f32 {
    let mut w = [0.0f32; QK_K];
    let mut s = 0.0;
    for (block, xs) in row.chunks_exact(block_bytes).zip(x.chunks_exact(QK_K)) {
        dequant(block, &mut w);
        s += dot_f32_avx(&w, xs);
    }
    s
}
