// Shared by every kernel: the per-step state the host writes before a submission (and the
// sampler advances when greedy decoding chains several tokens in one submission).
struct State {
    // First position of this step's tokens in the KV cache.
    pos0: u32,
    // Tokens in this step (prefill batch, or 1 when decoding).
    n_tokens: u32,
    // Index of this step in a chain, where the sampler writes its result.
    step: u32,
    pad: u32,
}

// The four low (or, given q >> 4, high) nibbles of a word's bytes, as floats.
fn nibbles(q: u32) -> vec4<f32> {
    return vec4<f32>(vec4<u32>(q, q >> 8u, q >> 16u, q >> 24u) & vec4<u32>(0xfu));
}

// The four bytes of a word as signed values.
fn signed_bytes(q: u32) -> vec4<f32> {
    return vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q << 24u, q << 16u, q << 8u, q)) >> vec4<u32>(24u));
}

fn hsum(v: vec4<f32>) -> f32 {
    return (v.x + v.y) + (v.z + v.w);
}
