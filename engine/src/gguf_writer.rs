//! Writes GGUF files: small synthetic models for tests and fuzz seeds, and any file a test needs to
//! corrupt on purpose. Real models come from llama.cpp's converters, never from here.

use crate::ggml_type::GgmlType;
use crate::gguf::{Value, DEFAULT_ALIGNMENT};
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub struct GgufWriter {
    pub version: u32,
    metadata: Vec<(String, Value)>,
    tensors: Vec<(String, Vec<u64>, GgmlType, Vec<u8>)>,
}

impl Default for GgufWriter {
    fn default() -> Self {
        GgufWriter { version: 3, metadata: Vec::new(), tensors: Vec::new() }
    }
}

fn value_type_id(v: &Value) -> u32 {
    match v {
        Value::U8(_) => 0,
        Value::I8(_) => 1,
        Value::U16(_) => 2,
        Value::I16(_) => 3,
        Value::U32(_) => 4,
        Value::I32(_) => 5,
        Value::F32(_) => 6,
        Value::Bool(_) => 7,
        Value::String(_) => 8,
        Value::Array(_) => 9,
        Value::U64(_) => 10,
        Value::I64(_) => 11,
        Value::F64(_) => 12,
    }
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u64).to_le_bytes());
    out.extend(s.as_bytes());
}

fn write_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::U8(x) => out.push(*x),
        Value::I8(x) => out.push(*x as u8),
        Value::U16(x) => out.extend(x.to_le_bytes()),
        Value::I16(x) => out.extend(x.to_le_bytes()),
        Value::U32(x) => out.extend(x.to_le_bytes()),
        Value::I32(x) => out.extend(x.to_le_bytes()),
        Value::U64(x) => out.extend(x.to_le_bytes()),
        Value::I64(x) => out.extend(x.to_le_bytes()),
        Value::F32(x) => out.extend(x.to_le_bytes()),
        Value::F64(x) => out.extend(x.to_le_bytes()),
        Value::Bool(x) => out.push(u8::from(*x)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            // An empty array's element type is arbitrary; u8 is what gguf-py writes.
            out.extend(items.first().map_or(0, value_type_id).to_le_bytes());
            out.extend((items.len() as u64).to_le_bytes());
            for item in items {
                write_value(out, item);
            }
        }
    }
}

impl GgufWriter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn meta(&mut self, key: &str, value: Value) -> &mut Self {
        self.metadata.retain(|(k, _)| k != key);
        self.metadata.push((key.to_string(), value));
        self
    }

    pub fn remove_meta(&mut self, key: &str) -> &mut Self {
        self.metadata.retain(|(k, _)| k != key);
        self
    }

    /// Adds a tensor; `dims` in ggml order (contiguous dimension first).
    pub fn tensor(&mut self, name: &str, dims: &[u64], ty: GgmlType, data: Vec<u8>) -> &mut Self {
        self.tensors.retain(|(n, ..)| n != name);
        self.tensors.push((name.to_string(), dims.to_vec(), ty, data));
        self
    }

    pub fn remove_tensor(&mut self, name: &str) -> &mut Self {
        self.tensors.retain(|(n, ..)| n != name);
        self
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let alignment = match self.metadata.iter().find(|(k, _)| k == "general.alignment") {
            Some((_, Value::U32(a))) if a.is_power_of_two() => u64::from(*a),
            _ => DEFAULT_ALIGNMENT,
        };
        let align = |n: u64| n.div_ceil(alignment) * alignment;
        let mut out = Vec::new();
        out.extend(b"GGUF");
        out.extend(self.version.to_le_bytes());
        out.extend((self.tensors.len() as u64).to_le_bytes());
        out.extend((self.metadata.len() as u64).to_le_bytes());
        for (k, v) in &self.metadata {
            write_string(&mut out, k);
            out.extend(value_type_id(v).to_le_bytes());
            write_value(&mut out, v);
        }
        let mut offset = 0u64;
        for (name, dims, ty, data) in &self.tensors {
            write_string(&mut out, name);
            out.extend((dims.len() as u32).to_le_bytes());
            for d in dims {
                out.extend(d.to_le_bytes());
            }
            out.extend(ty.id().to_le_bytes());
            out.extend(offset.to_le_bytes());
            offset = align(offset + data.len() as u64);
        }
        out.resize(align(out.len() as u64) as usize, 0);
        for (_, _, _, data) in &self.tensors {
            out.extend(data);
            out.resize(align(out.len() as u64) as usize, 0);
        }
        out
    }
}

/// Shape of a synthetic model: a real architecture at toy size with random weights.
#[derive(Debug, Clone)]
pub struct TinyModel {
    pub arch: &'static str,
    pub n_layer: u32,
    pub n_embd: u32,
    pub n_ff: u32,
    pub n_head: u32,
    pub n_head_kv: u32,
    pub weight_type: GgmlType,
    /// Write a separate `output.weight` instead of tying the head to the embeddings.
    pub untied_head: bool,
    pub seed: u64,
}

impl Default for TinyModel {
    fn default() -> Self {
        TinyModel {
            arch: "llama",
            n_layer: 2,
            n_embd: 64,
            n_ff: 96,
            n_head: 4,
            n_head_kv: 2,
            weight_type: GgmlType::Q4_1,
            untied_head: false,
            seed: 1,
        }
    }
}

impl TinyModel {
    /// A writer holding the whole model (callers may still edit it before `to_bytes`).
    pub fn writer(&self) -> GgufWriter {
        let mut rng = Rng::new(self.seed);
        let mut w = GgufWriter::new();
        let a = self.arch;
        // Vocabulary: three control tokens, the 256 byte symbols, and a few merges.
        let b2c = crate::tokenizer::byte_to_char();
        let mut tokens: Vec<String> =
            ["<|endoftext|>", "<|im_start|>", "<|im_end|>"].map(String::from).to_vec();
        tokens.extend(b2c.iter().map(|c| c.to_string()));
        let merges = ["Ġ t", "h e", "i n", "Ġt he", "e r"];
        for m in merges {
            tokens.push(m.replace(' ', ""));
        }
        let n_vocab = tokens.len() as u64;
        let mut types = vec![Value::I32(3); 3];
        types.extend(std::iter::repeat_n(Value::I32(1), tokens.len() - 3));

        w.meta("general.architecture", Value::String(a.into()))
            .meta("general.name", Value::String("tiny test model".into()))
            .meta(&format!("{a}.block_count"), Value::U32(self.n_layer))
            .meta(&format!("{a}.context_length"), Value::U32(256))
            .meta(&format!("{a}.embedding_length"), Value::U32(self.n_embd))
            .meta(&format!("{a}.feed_forward_length"), Value::U32(self.n_ff))
            .meta(&format!("{a}.attention.head_count"), Value::U32(self.n_head))
            .meta(&format!("{a}.attention.head_count_kv"), Value::U32(self.n_head_kv))
            .meta(&format!("{a}.rope.freq_base"), Value::F32(10000.0))
            .meta(&format!("{a}.attention.layer_norm_rms_epsilon"), Value::F32(1e-5))
            .meta("tokenizer.ggml.model", Value::String("gpt2".into()))
            .meta("tokenizer.ggml.pre", Value::String(if a == "qwen2" { "qwen2" } else { "smollm" }.into()))
            .meta("tokenizer.ggml.tokens", Value::Array(tokens.into_iter().map(Value::String).collect()))
            .meta("tokenizer.ggml.token_type", Value::Array(types))
            .meta(
                "tokenizer.ggml.merges",
                Value::Array(merges.iter().map(|m| Value::String(m.to_string())).collect()),
            )
            .meta("tokenizer.ggml.bos_token_id", Value::U32(1))
            .meta("tokenizer.ggml.eos_token_id", Value::U32(2))
            .meta("tokenizer.ggml.add_bos_token", Value::Bool(false));

        let d = u64::from(self.n_embd);
        let hd = d / u64::from(self.n_head);
        let kv = hd * u64::from(self.n_head_kv);
        let ff = u64::from(self.n_ff);
        let mut matrix = |w: &mut GgufWriter, name: &str, cols: u64, rows: u64, ty: GgmlType| {
            let values: Vec<f32> =
                (0..cols * rows).map(|_| rng.range_f32(-0.5, 0.5) / (cols as f32).sqrt() * 4.0).collect();
            w.tensor(name, &[cols, rows], ty, quantize(ty, &values));
        };
        matrix(&mut w, "token_embd.weight", d, n_vocab, GgmlType::Q8_0);
        for i in 0..self.n_layer {
            let n = |p: &str| format!("blk.{i}.{p}");
            let ty = self.weight_type;
            matrix(&mut w, &n("attn_q.weight"), d, d, ty);
            matrix(&mut w, &n("attn_k.weight"), d, kv, ty);
            matrix(&mut w, &n("attn_v.weight"), d, kv, ty);
            matrix(&mut w, &n("attn_output.weight"), d, d, ty);
            matrix(&mut w, &n("ffn_gate.weight"), d, ff, ty);
            matrix(&mut w, &n("ffn_up.weight"), d, ff, ty);
            matrix(&mut w, &n("ffn_down.weight"), ff, d, ty);
            for norm in ["attn_norm.weight", "ffn_norm.weight"] {
                let ones: Vec<u8> = (0..d).flat_map(|_| 1.0f32.to_le_bytes()).collect();
                w.tensor(&n(norm), &[d], GgmlType::F32, ones);
            }
        }
        let ones: Vec<u8> = (0..d).flat_map(|_| 1.0f32.to_le_bytes()).collect();
        w.tensor("output_norm.weight", &[d], GgmlType::F32, ones);
        if self.untied_head {
            matrix(&mut w, "output.weight", d, n_vocab, GgmlType::Q8_0);
        }
        // Qwen2's QKV biases.
        if a == "qwen2" {
            for i in 0..self.n_layer {
                for (p, n) in [("attn_q.bias", d), ("attn_k.bias", kv), ("attn_v.bias", kv)] {
                    let name = format!("blk.{i}.{p}");
                    let data: Vec<u8> = (0..n).flat_map(|_| rng.range_f32(-0.1, 0.1).to_le_bytes()).collect();
                    w.tensor(&name, &[n], GgmlType::F32, data);
                }
            }
        }
        w
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.writer().to_bytes()
    }
}

/// Round-to-nearest quantization into `ty` (for synthetic weights only; llama.cpp's quantizers
/// are more careful, which does not matter for tests that compare our own paths).
pub fn quantize(ty: GgmlType, values: &[f32]) -> Vec<u8> {
    let f16 = |v: f32| half::f16::from_f32(v).to_bits().to_le_bytes();
    let mut out = Vec::new();
    match ty {
        GgmlType::F32 => values.iter().for_each(|v| out.extend(v.to_le_bytes())),
        GgmlType::F16 => values.iter().for_each(|&v| out.extend(f16(v))),
        GgmlType::Q8_0 => {
            for b in values.chunks_exact(32) {
                let amax = b.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                let d = amax / 127.0;
                out.extend(f16(d));
                let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
                out.extend(b.iter().map(|v| (v * inv).round() as i8 as u8));
            }
        }
        GgmlType::Q4_0 => {
            for b in values.chunks_exact(32) {
                let max = b.iter().copied().fold(0.0f32, |m, v| if v.abs() > m.abs() { v } else { m });
                let d = max / -8.0;
                let inv = if d != 0.0 { 1.0 / d } else { 0.0 };
                out.extend(f16(d));
                let q = |v: f32| ((v * inv + 8.5) as i32).clamp(0, 15) as u8;
                out.extend((0..16).map(|j| q(b[j]) | (q(b[j + 16]) << 4)));
            }
        }
        GgmlType::Q4_1 => {
            for b in values.chunks_exact(32) {
                let min = b.iter().copied().fold(f32::INFINITY, f32::min);
                let max = b.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let d = (max - min) / 15.0;
                let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
                out.extend(f16(d));
                out.extend(f16(min));
                let q = |v: f32| (((v - min) * inv + 0.5) as i32).clamp(0, 15) as u8;
                out.extend((0..16).map(|j| q(b[j]) | (q(b[j + 16]) << 4)));
            }
        }
        other => panic!("the test quantizer does not write {other}"),
    }
    out
}
