// Quantized matrix × activations: y[t][r] = W[r] · x[t], reading the weight blocks directly.
//
// A workgroup of 64 threads owns ROWS rows (LANES threads per row, each over every LANES-th chunk
// of 32 values) for T tokens, so a prefill batch dequantizes each weight chunk once per T tokens.
// Fusions that keep dispatches per layer low (each is a compile-time switch):
//   NORM   — RMSNorm of the input rows computed in the prologue (x·rsqrt(mean(x²)+eps)·g);
//   SWIGLU — a second matrix W2 and y = silu(W·x) ⊙ (W2·x) (gate and up in one pass);
//   BIAS   — y += b (Qwen2's Q/K/V biases);
//   ADD    — y += W·x (the residual connection) instead of y = W·x.

struct Shape {
    rows: u32,
    cols: u32,
    row_words: u32,
    row_words2: u32,
    // Output column of this part's first row (a tensor split by the binding limit, or Q/K/V
    // written side by side into one buffer).
    out_offset: u32,
    out_stride: u32,
    // Where input rows come from: 0 rows 0.. of x; 1 only the last token's row of the residual
    // stream (x row pos0 + n_tokens - 1); 2 the residual rows pos0.. of this step.
    x_mode: u32,
    // Where output rows go: 0 rows 0..; 2 rows pos0.. (the residual stream).
    y_mode: u32,
    eps: f32,
}

@group(0) @binding(0) var<uniform> shape: Shape;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read> w: array<u32>;
@group(0) @binding(3) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
//#if NORM
@group(0) @binding(5) var<storage, read> norm_w: array<vec4<f32>>;
//#endif
//#if SWIGLU
@group(0) @binding(6) var<storage, read> w2: array<u32>;
//#endif
//#if BIAS
@group(0) @binding(7) var<storage, read> bias: array<f32>;
//#endif

const WG: u32 = 64u;
const ROWS: u32 = WG / LANES;

var<workgroup> partial: array<f32, 64 * T>;
//#if SWIGLU
var<workgroup> partial2: array<f32, 64 * T>;
//#endif
var<workgroup> inv_rms: array<f32, T>;

@compute @workgroup_size(64)
fn main(
    @builtin(local_invocation_index) lid: u32,
    @builtin(workgroup_id) wid: vec3<u32>,
    @builtin(num_workgroups) nwg: vec3<u32>,
) {
    let ntok = select(state.n_tokens, 1u, shape.x_mode == 1u);
    var xrow0 = 0u;
    if shape.x_mode == 1u {
        xrow0 = state.pos0 + state.n_tokens - 1u;
    } else if shape.x_mode == 2u {
        xrow0 = state.pos0;
    }
    let yrow0 = select(0u, state.pos0, shape.y_mode == 2u);
    let t0 = wid.y * T;
    let cols = shape.cols;

//#if NORM
    for (var t = 0u; t < T; t++) {
        var ss = 0.0;
        if t0 + t < ntok {
            let xo = (xrow0 + t0 + t) * (cols / 4u);
            for (var i = lid; i < cols / 4u; i += WG) {
                let v = x[xo + i];
                ss += dot(v, v);
            }
        }
        partial[t * WG + lid] = ss;
    }
    workgroupBarrier();
    if lid < T {
        var ss = 0.0;
        for (var k = 0u; k < WG; k++) {
            ss += partial[lid * WG + k];
        }
        inv_rms[lid] = 1.0 / sqrt(ss / f32(cols) + shape.eps);
    }
    workgroupBarrier();
//#endif

    let lane = lid % LANES;
    let r = (wid.x + wid.z * nwg.x) * ROWS + lid / LANES;
    var acc: array<f32, T>;
//#if SWIGLU
    var acc2: array<f32, T>;
//#endif
    if r < shape.rows {
        let base = r * shape.row_words;
        for (var j = lane; j < cols / 32u; j += LANES) {
            for (var t = 0u; t < T; t++) {
                if t0 + t < ntok {
                    let xo = (xrow0 + t0 + t) * (cols / 4u) + 8u * j;
//#if NORM
                    let scale = inv_rms[t];
//#endif
//#if !NORM
                    let scale = 1.0;
//#endif
                    acc[t] += dot_w(base, j, xo, scale);
//#if SWIGLU
                    acc2[t] += dot_w2(r * shape.row_words2, j, xo, scale);
//#endif
                }
            }
        }
    }
    // Sum each row's LANES partial products into acc (and acc2) of its lane 0.
//#if SUBGROUPS
    // A row's lanes are adjacent invocations of one subgroup (the host enables this only for
    // subgroups of at least LANES): a butterfly of shuffles, no workgroup memory or barrier.
    for (var t = 0u; t < T; t++) {
        for (var o = LANES / 2u; o > 0u; o /= 2u) {
            acc[t] += subgroupShuffleXor(acc[t], o);
//#if SWIGLU
            acc2[t] += subgroupShuffleXor(acc2[t], o);
//#endif
        }
    }
//#endif
//#if !SUBGROUPS
    for (var t = 0u; t < T; t++) {
        partial[t * WG + lid] = acc[t];
//#if SWIGLU
        partial2[t * WG + lid] = acc2[t];
//#endif
    }
    workgroupBarrier();
    if lane == 0u {
        for (var t = 0u; t < T; t++) {
            var sum = 0.0;
//#if SWIGLU
            var up = 0.0;
//#endif
            for (var k = 0u; k < LANES; k++) {
                sum += partial[t * WG + lid + k];
//#if SWIGLU
                up += partial2[t * WG + lid + k];
//#endif
            }
            acc[t] = sum;
//#if SWIGLU
            acc2[t] = up;
//#endif
        }
    }
//#endif
    if lane == 0u && r < shape.rows {
        for (var t = 0u; t < T; t++) {
            if t0 + t < ntok {
                var sum = acc[t];
                let col = shape.out_offset + r;
                let o = (yrow0 + t0 + t) * shape.out_stride + col;
//#if SWIGLU
                sum = sum / (1.0 + exp(-sum)) * acc2[t];
//#endif
//#if BIAS
                sum += bias[col];
//#endif
//#if ADD
                y[o] = y[o] + sum;
//#endif
//#if !ADD
                y[o] = sum;
//#endif
            }
        }
    }
}

// Four inputs at vec4 `o` of x (column vec4 `i`), RMS-normed when the norm is fused.
fn xin4(o: u32, i: u32, scale: f32) -> vec4<f32> {
//#if NORM
    return x[o] * scale * norm_w[i];
//#endif
//#if !NORM
    return x[o];
//#endif
}
