// Decoders for the quantized weight blocks, one per ggml type. The loader repacks each block to a
// whole number of 32-bit words (WGSL storage buffers are word-addressed); values and arithmetic
// are those of ggml's dequantize_row_* and of the CPU kernels (engine/src/quant.rs).
//
// The composer keeps the section of one type, names the weight buffer `$W` and suffixes the
// function with `$N`, so a kernel can read two matrices of different types.
// `chunk$N(base, j, out)` writes the 32 values of chunk `j` of the row starting at word `base`;
// with DOT, `dot$N(base, j, xo, scale)` is that chunk's dot product with the 32 inputs at vec4
// `xo` of `xin4` (the matrix kernel's input, RMS-normed there when it fuses the norm), four
// weights at a time and without materializing them: the form GPUs and CPU emulators run fastest.

//#if F32
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 32u;
    for (var i = 0u; i < 32u; i++) {
        (*o)[i] = bitcast<f32>($W[b + i]);
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 32u;
    var s = vec4<f32>(0.0);
    for (var i = 0u; i < 8u; i++) {
        let w4 = bitcast<vec4<f32>>(vec4<u32>($W[b + 4u * i], $W[b + 4u * i + 1u], $W[b + 4u * i + 2u], $W[b + 4u * i + 3u]));
        s += w4 * xin4(xo + i, 8u * j + i, scale);
    }
    return hsum(s);
}
//#endif
//#endif

//#if F16
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 16u;
    for (var i = 0u; i < 16u; i++) {
        let v = unpack2x16float($W[b + i]);
        (*o)[2u * i] = v.x;
        (*o)[2u * i + 1u] = v.y;
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 16u;
    var s = vec4<f32>(0.0);
    for (var i = 0u; i < 8u; i++) {
        let w4 = vec4<f32>(unpack2x16float($W[b + 2u * i]), unpack2x16float($W[b + 2u * i + 1u]));
        s += w4 * xin4(xo + i, 8u * j + i, scale);
    }
    return hsum(s);
}
//#endif
//#endif

//#if Q4_0
// 5 words: d (f16, low half), then 16 bytes of nibbles: low nibbles are values 0..16.
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 5u;
    let d = unpack2x16float($W[b]).x;
    for (var i = 0u; i < 4u; i++) {
        let q = $W[b + 1u + i];
        for (var k = 0u; k < 4u; k++) {
            let byte = (q >> (8u * k)) & 0xffu;
            (*o)[4u * i + k] = d * (f32(byte & 0xfu) - 8.0);
            (*o)[4u * i + k + 16u] = d * (f32(byte >> 4u) - 8.0);
        }
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 5u;
    let d = unpack2x16float($W[b]).x;
    var s = vec4<f32>(0.0);
    for (var i = 0u; i < 4u; i++) {
        let q = $W[b + 1u + i];
        s += (nibbles(q) - 8.0) * xin4(xo + i, 8u * j + i, scale);
        s += (nibbles(q >> 4u) - 8.0) * xin4(xo + 4u + i, 8u * j + 4u + i, scale);
    }
    return d * hsum(s);
}
//#endif
//#endif

//#if Q4_1
// 5 words: d and m (f16 pair), then 16 bytes of nibbles; w = q·d + m.
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 5u;
    let dm = unpack2x16float($W[b]);
    for (var i = 0u; i < 4u; i++) {
        let q = $W[b + 1u + i];
        for (var k = 0u; k < 4u; k++) {
            let byte = (q >> (8u * k)) & 0xffu;
            (*o)[4u * i + k] = f32(byte & 0xfu) * dm.x + dm.y;
            (*o)[4u * i + k + 16u] = f32(byte >> 4u) * dm.x + dm.y;
        }
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 5u;
    let dm = unpack2x16float($W[b]);
    var s = vec4<f32>(0.0);
    var sx = vec4<f32>(0.0);
    for (var i = 0u; i < 4u; i++) {
        let q = $W[b + 1u + i];
        let lo = xin4(xo + i, 8u * j + i, scale);
        let hi = xin4(xo + 4u + i, 8u * j + 4u + i, scale);
        s += nibbles(q) * lo + nibbles(q >> 4u) * hi;
        sx += lo + hi;
    }
    // Σ (q·d + m)·x = d·Σ q·x + m·Σ x
    return dm.x * hsum(s) + dm.y * hsum(sx);
}
//#endif
//#endif

//#if Q8_0
// 9 words: d (f16, low half), then 32 signed bytes; w = d·q.
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 9u;
    let d = unpack2x16float($W[b]).x;
    for (var i = 0u; i < 8u; i++) {
        let q = $W[b + 1u + i];
        for (var k = 0u; k < 4u; k++) {
            let v = bitcast<i32>(q << (24u - 8u * k)) >> 24u;
            (*o)[4u * i + k] = d * f32(v);
        }
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 9u;
    let d = unpack2x16float($W[b]).x;
    var s = vec4<f32>(0.0);
    for (var i = 0u; i < 8u; i++) {
        s += signed_bytes($W[b + 1u + i]) * xin4(xo + i, 8u * j + i, scale);
    }
    return d * hsum(s);
}
//#endif
//#endif

//#if Q4_K
fn byte$N(word: u32, k: u32) -> u32 {
    return ($W[word + k / 4u] >> (8u * (k % 4u))) & 0xffu;
}

// ggml's get_scale_min_k4: the 6-bit scale and min of sub-block `s` of the super-block at `b`.
fn scale_min$N(b: u32, s: u32) -> vec2<u32> {
    if s < 4u {
        return vec2<u32>(byte$N(b + 1u, s) & 63u, byte$N(b + 1u, s + 4u) & 63u);
    }
    return vec2<u32>(
        (byte$N(b + 1u, s + 4u) & 0xfu) | ((byte$N(b + 1u, s - 4u) >> 6u) << 4u),
        (byte$N(b + 1u, s + 4u) >> 4u) | ((byte$N(b + 1u, s) >> 6u) << 4u),
    );
}

// 36 words per 256 values: d and dmin (f16 pair), 12 bytes of 6-bit scales and mins, 128 bytes of
// nibbles. Chunk j of a super-block: scale pair j, bytes 32·(j/2).., low nibbles for even j.
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + (j / 8u) * 36u;
    let s = j % 8u;
    let dm = unpack2x16float($W[b]);
    let sm = scale_min$N(b, s);
    let sc = sm.x;
    let m = sm.y;
    let d1 = dm.x * f32(sc);
    let m1 = dm.y * f32(m);
    let q0 = b + 4u + 8u * (s / 2u);
    let shift = 4u * (s % 2u);
    for (var i = 0u; i < 8u; i++) {
        let q = $W[q0 + i];
        for (var k = 0u; k < 4u; k++) {
            (*o)[4u * i + k] = d1 * f32((q >> (8u * k + shift)) & 0xfu) - m1;
        }
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + (j / 8u) * 36u;
    let s8 = j % 8u;
    let dm = unpack2x16float($W[b]);
    let sm = scale_min$N(b, s8);
    let sc = sm.x;
    let m = sm.y;
    let q0 = b + 4u + 8u * (s8 / 2u);
    let shift = 4u * (s8 % 2u);
    var s = vec4<f32>(0.0);
    var sx = vec4<f32>(0.0);
    for (var i = 0u; i < 8u; i++) {
        let x4 = xin4(xo + i, 8u * j + i, scale);
        s += nibbles($W[q0 + i] >> shift) * x4;
        sx += x4;
    }
    return dm.x * f32(sc) * hsum(s) - dm.y * f32(m) * hsum(sx);
}
//#endif
//#endif

//#if Q6_K
fn byte$N(word: u32, k: u32) -> u32 {
    return ($W[word + k / 4u] >> (8u * (k % 4u))) & 0xffu;
}

// 53 words per 256 values: ql (128 bytes), qh (64), 16 signed scales, d (f16, low half of the last
// word). Chunk j: half n = j/4 and quarter k = j%4 of ggml's unrolled loop.
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + (j / 8u) * 53u;
    let n = (j % 8u) / 4u;
    let k = j % 4u;
    let d = unpack2x16float($W[b + 52u]).x;
    let sc_lo = bitcast<i32>(byte$N(b + 48u, 8u * n + 2u * k) << 24u) >> 24u;
    let sc_hi = bitcast<i32>(byte$N(b + 48u, 8u * n + 2u * k + 1u) << 24u) >> 24u;
    let ql0 = 64u * n + 32u * (k & 1u);
    let nib = 4u * (k / 2u);
    for (var l = 0u; l < 32u; l++) {
        let ql = (byte$N(b, ql0 + l) >> nib) & 0xfu;
        let qh = (byte$N(b + 32u, 32u * n + l) >> (2u * k)) & 3u;
        let q = i32(ql | (qh << 4u)) - 32;
        let sc = select(sc_lo, sc_hi, l >= 16u);
        (*o)[l] = d * f32(sc) * f32(q);
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + (j / 8u) * 53u;
    let n = (j % 8u) / 4u;
    let k = j % 4u;
    let d = unpack2x16float($W[b + 52u]).x;
    let sc_lo = bitcast<i32>(byte$N(b + 48u, 8u * n + 2u * k) << 24u) >> 24u;
    let sc_hi = bitcast<i32>(byte$N(b + 48u, 8u * n + 2u * k + 1u) << 24u) >> 24u;
    let ql0 = (64u * n + 32u * (k & 1u)) / 4u;
    let qh0 = 32u + 8u * n;
    let nib = 4u * (k / 2u);
    var s = array<vec4<f32>, 2>(vec4<f32>(0.0), vec4<f32>(0.0));
    for (var i = 0u; i < 8u; i++) {
        let ql = nibbles($W[b + ql0 + i] >> nib);
        let qh = vec4<f32>((vec4<u32>($W[b + qh0 + i]) >> vec4<u32>(2u * k, 2u * k + 8u, 2u * k + 16u, 2u * k + 24u)) & vec4<u32>(3u));
        s[i / 4u] += (ql + 16.0 * qh - 32.0) * xin4(xo + i, 8u * j + i, scale);
    }
    return d * (f32(sc_lo) * hsum(s[0]) + f32(sc_hi) * hsum(s[1]));
}
//#endif
//#endif

//#if BF16
fn chunk$N(base: u32, j: u32, o: ptr<function, array<f32, 32>>) {
    let b = base + j * 16u;
    for (var i = 0u; i < 16u; i++) {
        let v = $W[b + i];
        (*o)[2u * i] = bitcast<f32>(v << 16u);
        (*o)[2u * i + 1u] = bitcast<f32>(v & 0xffff0000u);
    }
}
//#if DOT
fn dot$N(base: u32, j: u32, xo: u32, scale: f32) -> f32 {
    let b = base + j * 16u;
    var s = vec4<f32>(0.0);
    for (var i = 0u; i < 8u; i++) {
        let p = $W[b + 2u * i];
        let q = $W[b + 2u * i + 1u];
        let w4 = bitcast<vec4<f32>>(vec4<u32>(p << 16u, p & 0xffff0000u, q << 16u, q & 0xffff0000u));
        s += w4 * xin4(xo + i, 8u * j + i, scale);
    }
    return hsum(s);
}
//#endif
//#endif
