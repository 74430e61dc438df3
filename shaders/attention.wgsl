// Attention over the KV cache kept on the GPU, with grouped-query heads.
//
// `store_kv` rotates this step's keys (RoPE) and appends keys and values to the layer's cache;
// `attend` rotates each query and runs causal softmax attention in chunks of 256 positions with a
// running maximum (online softmax), so any context length fits in workgroup memory.
// RoPE cos/sin come from a table the host computes in f64, as the CPU path does.
// The cache holds `kv_t`: f16 where the adapter has shader-f16 (half the memory and the bandwidth
// attention reads; the composer then enables f16), else f32. Arithmetic is f32 either way.

struct Attn {
    n_head: u32,
    n_head_kv: u32,
    head_dim: u32,
    n_rot: u32,
    // 0: rotate adjacent pairs (2j, 2j+1) (llama); 1: rotate halves (j, j + n_rot/2) (NeoX, qwen2).
    rope_halves: u32,
    // Values per token in the fused Q|K|V buffer, and where K and V start.
    qkv_stride: u32,
    k_offset: u32,
    v_offset: u32,
    scale: f32,
}

@group(0) @binding(0) var<uniform> attn: Attn;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read> qkv: array<f32>;
@group(0) @binding(3) var<storage, read> rope: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> k_cache: array<kv_t>;
@group(0) @binding(5) var<storage, read_write> v_cache: array<kv_t>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

const WG: u32 = 64u;
const CHUNK: u32 = 256u;

// Element i of a head (values at `src`.. in qkv) after rotation at position `pos`.
fn roped(src: u32, i: u32, pos: u32) -> f32 {
    let half = attn.n_rot / 2u;
    if i >= attn.n_rot {
        return qkv[src + i];
    }
    var j: u32;
    var a: u32;
    var b: u32;
    if attn.rope_halves == 1u {
        j = i % half;
        a = j;
        b = j + half;
    } else {
        j = i / 2u;
        a = 2u * j;
        b = 2u * j + 1u;
    }
    let cs = rope[pos * half + j];
    let x0 = qkv[src + a];
    let x1 = qkv[src + b];
    if i == a {
        return x0 * cs.x - x1 * cs.y;
    }
    return x0 * cs.y + x1 * cs.x;
}

// Dispatch (n_tokens, n_head_kv).
@compute @workgroup_size(64)
fn store_kv(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
    let t = wid.x;
    let h = wid.y;
    let pos = state.pos0 + t;
    let hd = attn.head_dim;
    let kv_dim = attn.n_head_kv * hd;
    let src = t * attn.qkv_stride + h * hd;
    for (var i = lid; i < hd; i += WG) {
        k_cache[pos * kv_dim + h * hd + i] = kv_t(roped(src + attn.k_offset, i, pos));
        v_cache[pos * kv_dim + h * hd + i] = kv_t(qkv[src + attn.v_offset + i]);
    }
}

var<workgroup> q: array<f32, MAX_HEAD_DIM>;
var<workgroup> scores: array<f32, CHUNK>;
var<workgroup> red: array<f32, WG>;
var<workgroup> pos0_shared: u32;

// Dispatch (n_head, n_tokens).
@compute @workgroup_size(64)
fn attend(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
    if lid == 0u {
        pos0_shared = state.pos0;
    }
    let pos0 = workgroupUniformLoad(&pos0_shared);
    let h = wid.x;
    let t = wid.y;
    let hd = attn.head_dim;
    let kv_dim = attn.n_head_kv * hd;
    let kh = h / (attn.n_head / attn.n_head_kv);
    let pos = pos0 + t;
    let n_kv = pos + 1u;
    for (var i = lid; i < hd; i += WG) {
        q[i] = roped(t * attn.qkv_stride + h * hd, i, pos);
    }
    workgroupBarrier();

    var m = -3.0e38;
    var l = 0.0;
    var acc: array<f32, DIMS_PER_THREAD>;
    for (var c0 = 0u; c0 < n_kv; c0 += CHUNK) {
        let n = min(CHUNK, n_kv - c0);
        var local_max = -3.0e38;
        for (var k = lid; k < CHUNK; k += WG) {
            var s = -3.0e38;
            if k < n {
                let kb = (c0 + k) * kv_dim + kh * hd;
                var dot = 0.0;
                for (var i = 0u; i < hd; i++) {
                    dot += q[i] * f32(k_cache[kb + i]);
                }
                s = dot * attn.scale;
            }
            scores[k] = s;
            local_max = max(local_max, s);
        }
        red[lid] = local_max;
        workgroupBarrier();
        var chunk_max = -3.0e38;
        for (var k = 0u; k < WG; k++) {
            chunk_max = max(chunk_max, red[k]);
        }
        let new_m = max(m, chunk_max);
        let correction = exp(m - new_m);
        workgroupBarrier();
        var local_sum = 0.0;
        for (var k = lid; k < CHUNK; k += WG) {
            var e = 0.0;
            if k < n {
                e = exp(scores[k] - new_m);
            }
            scores[k] = e;
            local_sum += e;
        }
        red[lid] = local_sum;
        workgroupBarrier();
        var chunk_sum = 0.0;
        for (var k = 0u; k < WG; k++) {
            chunk_sum += red[k];
        }
        l = l * correction + chunk_sum;
        for (var s = 0u; s < DIMS_PER_THREAD; s++) {
            let d = lid + s * WG;
            if d < hd {
                var a = acc[s] * correction;
                for (var k = 0u; k < n; k++) {
                    a += scores[k] * f32(v_cache[(c0 + k) * kv_dim + kh * hd + d]);
                }
                acc[s] = a;
            }
        }
        m = new_m;
        workgroupBarrier();
    }
    let q_dim = attn.n_head * hd;
    for (var s = 0u; s < DIMS_PER_THREAD; s++) {
        let d = lid + s * WG;
        if d < hd {
            out[t * q_dim + h * hd + d] = acc[s] / l;
        }
    }
}
