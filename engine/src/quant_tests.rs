use super::*;
use crate::rng::Rng;

fn f16_bytes(v: f32) -> [u8; 2] {
    half::f16::from_f32(v).to_bits().to_le_bytes()
}

/// Dot products are sums in a different order from the reference: allow f32 rounding relative to
/// the sum of magnitudes (each of n terms can be off by ~n·eps of that sum).
const DOT_REL_TOL: f32 = 1e-5;

#[test]
fn q4_0_known_block() {
    let mut block = vec![];
    block.extend(f16_bytes(0.5));
    block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
    let mut out = [0.0; 32];
    dequantize_row(GgmlType::Q4_0, &block, &mut out);
    for j in 0..16 {
        assert_eq!(out[j], 0.5 * (j as f32 - 8.0), "weight {j}");
        assert_eq!(out[j + 16], 0.5 * ((15 - j) as f32 - 8.0), "weight {}", j + 16);
    }
}

#[test]
fn q4_1_known_block() {
    let mut block = vec![];
    block.extend(f16_bytes(0.25));
    block.extend(f16_bytes(-1.0));
    block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
    let mut out = [0.0; 32];
    dequantize_row(GgmlType::Q4_1, &block, &mut out);
    for j in 0..16 {
        assert_eq!(out[j], 0.25 * j as f32 - 1.0, "weight {j}");
        assert_eq!(out[j + 16], 0.25 * (15 - j) as f32 - 1.0, "weight {}", j + 16);
    }
}

#[test]
fn q8_0_known_block() {
    let mut block = vec![];
    block.extend(f16_bytes(2.0));
    block.extend((0..32i32).map(|j| (j - 16) as i8 as u8));
    let mut out = [0.0; 32];
    dequantize_row(GgmlType::Q8_0, &block, &mut out);
    for (j, &w) in out.iter().enumerate() {
        assert_eq!(w, 2.0 * (j as f32 - 16.0), "weight {j}");
    }
}

#[test]
fn f16_and_f32_known_values() {
    let vals = [1.0f32, -2.0, 0.5, 65504.0, 0.0, -0.25, 3.140625, 1e-3];
    let bytes: Vec<u8> = vals.iter().flat_map(|&v| f16_bytes(v)).collect();
    let mut out = [0.0; 8];
    dequantize_row(GgmlType::F16, &bytes, &mut out);
    for (i, (&got, &want)) in out.iter().zip(&vals).enumerate() {
        assert_eq!(got, half::f16::from_f32(want).to_f32(), "value {i}");
    }
    let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
    dequantize_row(GgmlType::F32, &bytes, &mut out);
    assert_eq!(out, vals);
}

/// Inverse of `scale_min_k4`: packs eight 6-bit scales and mins into 12 bytes.
fn pack_scale_min_k4(sc: [u8; 8], m: [u8; 8]) -> [u8; 12] {
    let mut s = [0u8; 12];
    for j in 0..4 {
        s[j] = (sc[j] & 63) | ((sc[j + 4] >> 4) << 6);
        s[j + 4] = (m[j] & 63) | ((m[j + 4] >> 4) << 6);
        s[j + 8] = (sc[j + 4] & 0xF) | ((m[j + 4] & 0xF) << 4);
    }
    s
}

#[test]
fn q4_k_known_block() {
    // Scales and mins above 15 exercise the packed high bits.
    let sc = [1, 2, 3, 4, 5, 17, 40, 63];
    let m = [0, 1, 2, 3, 20, 33, 7, 62];
    let (d, dmin) = (0.5f32, 0.25f32);
    let q: Vec<u8> = (0..256).map(|i| ((i * 7 + i / 32) % 16) as u8).collect();
    let mut block = vec![];
    block.extend(f16_bytes(d));
    block.extend(f16_bytes(dmin));
    block.extend(pack_scale_min_k4(sc, m));
    // Chunk c holds sub-block 2c in the low nibbles and 2c+1 in the high nibbles.
    for c in 0..4 {
        for l in 0..32 {
            block.push(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
        }
    }
    assert_eq!(block.len(), Q4_K_BYTES);
    let mut out = [0.0; 256];
    dequantize_row(GgmlType::Q4K, &block, &mut out);
    for i in 0..256 {
        let j = i / 32;
        let want = d * sc[j] as f32 * q[i] as f32 - dmin * m[j] as f32;
        assert_eq!(out[i], want, "weight {i} (sub-block {j})");
    }
}

#[test]
fn q6_k_known_block() {
    let q: Vec<u8> = (0..256).map(|i| ((i * 13 + 5) % 64) as u8).collect();
    let sc: [i8; 16] = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 127, -128];
    let d = 0.125f32;
    let (mut ql, mut qh) = ([0u8; 128], [0u8; 64]);
    for i in 0..256 {
        let (h, r) = (i / 128, i % 128);
        let (group, l) = (r / 32, r % 32);
        let ql_idx = 64 * h + l + if group % 2 == 1 { 32 } else { 0 };
        ql[ql_idx] |= (q[i] & 0xF) << if group >= 2 { 4 } else { 0 };
        qh[32 * h + l] |= (q[i] >> 4) << (2 * group);
    }
    let mut block = vec![];
    block.extend(ql);
    block.extend(qh);
    block.extend(sc.iter().map(|&s| s as u8));
    block.extend(f16_bytes(d));
    assert_eq!(block.len(), Q6_K_BYTES);
    let mut out = [0.0; 256];
    dequantize_row(GgmlType::Q6K, &block, &mut out);
    for i in 0..256 {
        let (h, r) = (i / 128, i % 128);
        let (group, l) = (r / 32, r % 32);
        let s = sc[8 * h + l / 16 + 2 * group];
        let want = d * s as f32 * (q[i] as i32 - 32) as f32;
        assert_eq!(out[i], want, "weight {i}");
    }
}

/// Random well-formed bytes for `n` values of `ty`: scales are finite f16s of realistic size.
pub(crate) fn random_row(ty: GgmlType, n: usize, rng: &mut Rng) -> Vec<u8> {
    let scale = |rng: &mut Rng| f16_bytes(rng.range_f32(-0.05, 0.05));
    let blocks = n / ty.block_size();
    let mut row = Vec::with_capacity(ty.row_bytes(n));
    for _ in 0..blocks {
        match ty {
            GgmlType::F32 => row.extend(rng.range_f32(-1.0, 1.0).to_le_bytes()),
            GgmlType::F16 => row.extend(f16_bytes(rng.range_f32(-1.0, 1.0))),
            GgmlType::Q4_0 | GgmlType::Q8_0 => {
                row.extend(scale(rng));
                let mut qs = vec![0u8; ty.type_size() - 2];
                rng.fill_bytes(&mut qs);
                row.extend(qs);
            }
            GgmlType::Q4_1 | GgmlType::Q4K => {
                row.extend(scale(rng));
                row.extend(scale(rng));
                let mut qs = vec![0u8; ty.type_size() - 4];
                rng.fill_bytes(&mut qs);
                row.extend(qs);
            }
            GgmlType::Q6K => {
                let mut qs = vec![0u8; ty.type_size() - 2];
                rng.fill_bytes(&mut qs);
                row.extend(qs);
                row.extend(scale(rng));
            }
            other => panic!("no generator for {other}"),
        }
    }
    row
}

/// Every type with kernels.
const TYPES: [GgmlType; 7] = [
    GgmlType::F32,
    GgmlType::F16,
    GgmlType::Q4_0,
    GgmlType::Q4_1,
    GgmlType::Q8_0,
    GgmlType::Q4K,
    GgmlType::Q6K,
];

/// A random row of `blocks` blocks and an input of the same length. F32/F16 have 1-value blocks:
/// their lengths are multiples of 37, to exercise the tails of 8-wide loops.
fn random_case(ty: GgmlType, blocks: usize, rng: &mut Rng) -> (usize, Vec<u8>, Vec<f32>) {
    let n = blocks * if ty.block_size() == 1 { 37 } else { ty.block_size() };
    let row = random_row(ty, n, rng);
    let x = (0..n).map(|_| rng.range_f32(-2.0, 2.0)).collect();
    (n, row, x)
}

#[test]
fn dot_kernels_match_reference_on_random_rows() {
    let mut rng = Rng::new(7);
    for ty in TYPES {
        let dot = dot_fn(ty);
        for &blocks in &[1usize, 2, 3, 7, 18, 48] {
            let (n, row, x) = random_case(ty, blocks, &mut rng);
            let mut w = vec![0.0; n];
            dequantize_row(ty, &row, &mut w);
            let want: f64 = w.iter().zip(&x).map(|(&a, &b)| a as f64 * b as f64).sum();
            let magnitude: f64 = w.iter().zip(&x).map(|(&a, &b)| (a as f64 * b as f64).abs()).sum();
            let got = dot(&row, &x) as f64;
            let reference = dot_reference(ty, &row, &x) as f64;
            let tol = DOT_REL_TOL as f64 * magnitude.max(1e-6);
            assert!((got - want).abs() <= tol, "{ty} n={n}: fast {got}, exact {want}, tol {tol}");
            assert!((reference - want).abs() <= tol, "{ty} n={n}: reference {reference}, exact {want}");
        }
    }
}

#[test]
fn dot_f32_matches_sequential_sum() {
    let mut rng = Rng::new(3);
    for n in [0usize, 1, 7, 8, 15, 16, 17, 64, 100, 1536] {
        let a: Vec<f32> = (0..n).map(|_| rng.range_f32(-1.0, 1.0)).collect();
        let b: Vec<f32> = (0..n).map(|_| rng.range_f32(-1.0, 1.0)).collect();
        let want: f64 = a.iter().zip(&b).map(|(&x, &y)| x as f64 * y as f64).sum();
        let got = dot_f32(&a, &b) as f64;
        assert!((got - want).abs() <= 1e-5 * n.max(1) as f64, "n={n}: got {got}, want {want}");
    }
}

#[test]
fn split_kernels_equal_the_fused_dot_bit_for_bit() {
    let mut rng = Rng::new(21);
    for ty in TYPES {
        let k = row_kernels(ty);
        for &blocks in &[1usize, 3, 18, 48] {
            let (n, row, x) = random_case(ty, blocks, &mut rng);
            let mut w = vec![0.0; n];
            k.dequant(&row, &mut w);
            let (fused, split) = ((k.dot)(&row, &x), (k.dot_dequantized)(&w, &x));
            assert_eq!(fused.to_bits(), split.to_bits(), "{ty} n={n}: fused {fused}, split {split}");
            if let Some(x3) = k.dot_dequantized_x3 {
                let y: Vec<f32> = x.iter().map(|v| v * 0.5 - 0.1).collect();
                let z: Vec<f32> = x.iter().rev().copied().collect();
                let got = x3(&w, [&x, &y, &z]);
                let want = [&x, &y, &z].map(|v| (k.dot_dequantized)(&w, v));
                assert_eq!(got.map(f32::to_bits), want.map(f32::to_bits), "{ty} n={n}: x3");
            }
        }
    }
}
