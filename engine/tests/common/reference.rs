//! A naive float64 forward pass, written from the papers and llama.cpp's graph rather than from
//! the engine: weights dequantized with the engine's (block-tested) dequantizers, everything else
//! plain loops in f64. Slow and obvious on purpose.

use marble_engine::config::{Config, RopeStyle};
use marble_engine::gguf::Gguf;
use marble_engine::quant::dequantize_row;

pub struct Reference<'a> {
    pub g: Gguf<'a>,
    pub c: Config,
    /// Chosen by the caller from the architecture's name, not taken from the engine's config.
    pub rope_style: RopeStyle,
}

impl Reference<'_> {
    fn tensor(&self, name: &str) -> Option<Vec<f64>> {
        let t = self.g.tensor(name)?;
        let mut out = vec![0.0f32; t.n_elements() as usize];
        dequantize_row(t.ggml_type, self.g.tensor_data(t), &mut out);
        Some(out.into_iter().map(f64::from).collect())
    }

    fn w(&self, name: &str) -> Vec<f64> {
        self.tensor(name).unwrap_or_else(|| panic!("{name}"))
    }

    /// `W·x` for W stored as rows of `x.len()` values.
    fn matvec(w: &[f64], x: &[f64]) -> Vec<f64> {
        w.chunks_exact(x.len()).map(|row| row.iter().zip(x).map(|(a, b)| a * b).sum()).collect()
    }

    fn rmsnorm(&self, x: &[f64], w: &[f64]) -> Vec<f64> {
        let ms = x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64;
        let s = 1.0 / (ms + f64::from(self.c.rms_eps)).sqrt();
        x.iter().zip(w).map(|(v, w)| v * s * w).collect()
    }

    fn rope(&self, v: &mut [f64], pos: usize) {
        let (hd, n_rot) = (self.c.head_dim, self.c.n_rot);
        for head in v.chunks_exact_mut(hd) {
            for j in 0..n_rot / 2 {
                let theta = pos as f64 * f64::from(self.c.rope_base).powf(-2.0 * j as f64 / n_rot as f64);
                let (a, b) = match self.rope_style {
                    RopeStyle::Adjacent => (2 * j, 2 * j + 1),
                    RopeStyle::Halves => (j, j + n_rot / 2),
                };
                let (x0, x1) = (head[a], head[b]);
                head[a] = x0 * theta.cos() - x1 * theta.sin();
                head[b] = x0 * theta.sin() + x1 * theta.cos();
            }
        }
    }

    /// Logits after every token of `ids`.
    pub fn forward(&self, ids: &[u32]) -> Vec<Vec<f64>> {
        let c = &self.c;
        let d = c.n_embd;
        let embd = self.w("token_embd.weight");
        let mut xs: Vec<Vec<f64>> = ids.iter().map(|&t| embd[t as usize * d..][..d].to_vec()).collect();
        for l in 0..c.n_layer {
            let n = |p: &str| format!("blk.{l}.{p}");
            // Each layer's weights, dequantized once.
            let w: std::collections::HashMap<&str, Vec<f64>> = [
                "attn_norm.weight",
                "attn_q.weight",
                "attn_k.weight",
                "attn_v.weight",
                "attn_output.weight",
                "ffn_norm.weight",
                "ffn_gate.weight",
                "ffn_up.weight",
                "ffn_down.weight",
            ]
            .into_iter()
            .map(|p| (p, self.w(&n(p))))
            .collect();
            let proj = |name: &str, bias: &str, h: &[f64]| {
                let mut y = Self::matvec(&w[name], h);
                if let Some(b) = self.tensor(&n(bias)) {
                    y.iter_mut().zip(b).for_each(|(v, b)| *v += b);
                }
                y
            };
            let (mut qs, mut ks, mut vs) = (vec![], vec![], vec![]);
            for (pos, x) in xs.iter().enumerate() {
                let h = self.rmsnorm(x, &w["attn_norm.weight"]);
                let (mut q, mut k) =
                    (proj("attn_q.weight", "attn_q.bias", &h), proj("attn_k.weight", "attn_k.bias", &h));
                self.rope(&mut q, pos);
                self.rope(&mut k, pos);
                qs.push(q);
                ks.push(k);
                vs.push(proj("attn_v.weight", "attn_v.bias", &h));
            }
            let hd = c.head_dim;
            let group = c.n_head / c.n_head_kv;
            for (t, x) in xs.iter_mut().enumerate() {
                let mut att = vec![0.0; c.n_head * hd];
                for h in 0..c.n_head {
                    let kh = h / group;
                    let q = &qs[t][h * hd..][..hd];
                    let scores: Vec<f64> = (0..=t)
                        .map(|p| {
                            q.iter().zip(&ks[p][kh * hd..][..hd]).map(|(a, b)| a * b).sum::<f64>()
                                / (hd as f64).sqrt()
                        })
                        .collect();
                    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let e: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                    let sum: f64 = e.iter().sum();
                    for (p, w) in e.iter().enumerate() {
                        for i in 0..hd {
                            att[h * hd + i] += w / sum * vs[p][kh * hd + i];
                        }
                    }
                }
                let o = Self::matvec(&w["attn_output.weight"], &att);
                x.iter_mut().zip(o).for_each(|(a, b)| *a += b);
                let h = self.rmsnorm(x, &w["ffn_norm.weight"]);
                let gate = Self::matvec(&w["ffn_gate.weight"], &h);
                let up = Self::matvec(&w["ffn_up.weight"], &h);
                let act: Vec<f64> = gate.iter().zip(&up).map(|(g, u)| g / (1.0 + (-g).exp()) * u).collect();
                let down = Self::matvec(&w["ffn_down.weight"], &act);
                x.iter_mut().zip(down).for_each(|(a, b)| *a += b);
            }
        }
        let head = self.tensor("output.weight").unwrap_or(embd);
        let norm = self.w("output_norm.weight");
        xs.iter().map(|x| Self::matvec(&head, &self.rmsnorm(x, &norm))).collect()
    }
}
