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
