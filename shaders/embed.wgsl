// Embedding lookup: the rows of the quantized token table for this step's token ids, written to
// the residual stream at rows pos0... A table split by the binding limit is looked up once per
// part; each part writes only the ids it holds.

struct Embed {
    // Rows of the table in this part, and the id of its first row.
    rows: u32,
    row0: u32,
    cols: u32,
    row_words: u32,
}

@group(0) @binding(0) var<uniform> embed: Embed;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read> ids: array<u32>;
@group(0) @binding(3) var<storage, read> w: array<u32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;

// Dispatch (n_tokens).
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
    let t = wid.x;
    let id = ids[t];
    if t >= state.n_tokens || id < embed.row0 || id >= embed.row0 + embed.rows {
        return;
    }
    let base = (id - embed.row0) * embed.row_words;
    let xo = (state.pos0 + t) * embed.cols;
    for (var j = lid; j < embed.cols / 32u; j += 64u) {
        var v: array<f32, 32>;
        chunk_w(base, j, &v);
        for (var i = 0u; i < 32u; i++) {
            x[xo + 32u * j + i] = v[i];
        }
    }
}
