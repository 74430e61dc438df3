// Sampling on the GPU, so a decode step reads back 4 bytes (the token id) instead of the logits.
//
// One workgroup scans the logits row: argmax (lowest id wins ties, as on the CPU); when asked, the
// log-sum-exp and the K most likely tokens in order (K rounds of "best below the previous one");
// with a temperature, a draw from the top-k candidates (top-p applied to them) using the uniform
// number the host drew for this step. It then writes the token where the next step's embedding
// lookup reads it and advances the state, which lets greedy decoding chain tokens in one
// submission.

struct Sample {
    n_vocab: u32,
    // Candidates to rank (the draw's top-k, or alternatives to report); at most MAX_TOP.
    n_top: u32,
    // 0: greedy.
    temperature: f32,
    top_p: f32,
    // Compute the log-sum-exp (for probabilities).
    want_lse: u32,
    // Candidates a draw chooses from (top-k), at most n_top.
    n_draw: u32,
}

// Per step: token, its logit, log-sum-exp, then MAX_TOP ids and MAX_TOP logits.
const MAX_TOP: u32 = 32u;
const RESULT_WORDS: u32 = 3u + 2u * MAX_TOP;

@group(0) @binding(0) var<uniform> params: Sample;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read> logits: array<f32>;
@group(0) @binding(3) var<storage, read> uniforms: array<f32>;
@group(0) @binding(4) var<storage, read_write> result: array<u32>;
@group(0) @binding(5) var<storage, read_write> ids: array<u32>;

const WG: u32 = 256u;
var<workgroup> best_l: array<f32, WG>;
var<workgroup> best_i: array<u32, WG>;
var<workgroup> top_l: array<f32, MAX_TOP>;
var<workgroup> top_i: array<u32, MAX_TOP>;
var<workgroup> step_shared: u32;
var<workgroup> red: array<f32, WG>;

// Σ exp(logit − max_l) over the row of logits starting at `row`, summed by the whole workgroup
// (every thread gets the total).
fn sum_exp(lid: u32, row: u32, max_l: f32) -> f32 {
    var sum = 0.0;
    for (var i = lid; i < params.n_vocab; i += WG) {
        sum += exp(logits[row + i] - max_l);
    }
    workgroupBarrier();
    red[lid] = sum;
    for (var s = WG / 2u; s > 0u; s /= 2u) {
        workgroupBarrier();
        if lid < s {
            red[lid] += red[lid + s];
        }
    }
    workgroupBarrier();
    return red[0];
}

// Whether (l, i) comes before (bl, bi): larger logit first, then lower id.
fn before(l: f32, i: u32, bl: f32, bi: u32) -> bool {
    return l > bl || (l == bl && i < bi);
}

// Leaves in best_l[0], best_i[0] the first of every thread's candidate in the order.
fn reduce_best(lid: u32) {
    for (var s = WG / 2u; s > 0u; s /= 2u) {
        workgroupBarrier();
        if lid < s && before(best_l[lid + s], best_i[lid + s], best_l[lid], best_i[lid]) {
            best_l[lid] = best_l[lid + s];
            best_i[lid] = best_i[lid + s];
        }
    }
    workgroupBarrier();
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
    let n = params.n_vocab;
    if lid == 0u {
        step_shared = state.step;
    }
    let step = workgroupUniformLoad(&step_shared);
    // Candidate 0: the argmax.
    var bl = -3.4e38;
    var bi = 0xffffffffu;
    for (var i = lid; i < n; i += WG) {
        let l = logits[i];
        if before(l, i, bl, bi) {
            bl = l;
            bi = i;
        }
    }
    best_l[lid] = bl;
    best_i[lid] = bi;
    reduce_best(lid);
    let max_l = best_l[0];
    if lid == 0u {
        top_l[0] = best_l[0];
        top_i[0] = best_i[0];
    }
    // Candidates 1..n_top: the best that comes after the previous one.
    for (var r = 1u; r < params.n_top; r++) {
        workgroupBarrier();
        let pl = top_l[r - 1u];
        let pi = top_i[r - 1u];
        bl = -3.4e38;
        bi = 0xffffffffu;
        for (var i = lid; i < n; i += WG) {
            let l = logits[i];
            if before(pl, pi, l, i) && before(l, i, bl, bi) {
                bl = l;
                bi = i;
            }
        }
        best_l[lid] = bl;
        best_i[lid] = bi;
        reduce_best(lid);
        if lid == 0u {
            top_l[r] = best_l[0];
            top_i[r] = best_i[0];
        }
    }
    var lse = 0.0;
    if params.want_lse != 0u {
        lse = max_l + log(sum_exp(lid, 0u, max_l));
    }
    workgroupBarrier();
    if lid != 0u {
        return;
    }
    var chosen = 0u;
    if params.temperature > 0.0 && params.n_draw > 1u {
        // Softmax at the temperature over the candidates, cut to the top-p mass, then the draw.
        var probs: array<f32, MAX_TOP>;
        var total = 0.0;
        for (var k = 0u; k < params.n_draw; k++) {
            probs[k] = exp((top_l[k] - top_l[0]) / params.temperature);
            total += probs[k];
        }
        var keep = params.n_draw;
        if params.top_p < 1.0 {
            var acc = 0.0;
            for (var k = 0u; k < params.n_draw; k++) {
                acc += probs[k] / total;
                if acc >= params.top_p {
                    keep = k + 1u;
                    break;
                }
            }
            total = 0.0;
            for (var k = 0u; k < keep; k++) {
                total += probs[k];
            }
        }
        var u = uniforms[step] * total;
        chosen = keep - 1u;
        for (var k = 0u; k < keep; k++) {
            u -= probs[k];
            if u < 0.0 {
                chosen = k;
                break;
            }
        }
    }
    let token = top_i[chosen];
    let o = step * RESULT_WORDS;
    result[o] = token;
    result[o + 1u] = bitcast<u32>(top_l[chosen]);
    result[o + 2u] = bitcast<u32>(lse);
    for (var k = 0u; k < MAX_TOP; k++) {
        if k < params.n_top {
            result[o + 3u + k] = top_i[k];
            result[o + 3u + MAX_TOP + k] = bitcast<u32>(top_l[k]);
        }
    }
    ids[0] = token;
    state.pos0 = state.pos0 + state.n_tokens;
    state.n_tokens = 1u;
    state.step = step + 1u;
}

// Scoring: the log-probability of a given next token at each row of logits, so scoring a text
// reads back 4 bytes per position instead of the whole vocabulary. One workgroup per row.
@group(0) @binding(6) var<storage, read> targets: array<u32>;
@group(0) @binding(7) var<storage, read_write> log_probs: array<f32>;

@compute @workgroup_size(256)
fn log_prob(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
    let n = params.n_vocab;
    let row = wid.x * n;
    var m = -3.4e38;
    for (var i = lid; i < n; i += WG) {
        m = max(m, logits[row + i]);
    }
    red[lid] = m;
    for (var s = WG / 2u; s > 0u; s /= 2u) {
        workgroupBarrier();
        if lid < s {
            red[lid] = max(red[lid], red[lid + s]);
        }
    }
    workgroupBarrier();
    let max_l = red[0];
    let lse = max_l + log(sum_exp(lid, row, max_l));
    if lid == 0u {
        log_probs[wid.x] = logits[row + targets[wid.x]] - lse;
    }
}
