//! Choosing the next token from logits: greedy, or temperature with top-k and top-p filtering,
//! from a seeded generator so a run can be repeated exactly.

use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SamplerConfig {
    /// 0 means greedy (argmax; ties go to the lowest id, as in llama.cpp's greedy sampler).
    pub temperature: f32,
    /// Keep only the k most likely tokens; 0 keeps all.
    pub top_k: usize,
    /// Keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all.
    pub top_p: f32,
    pub seed: u64,
}

impl Default for SamplerConfig {
    fn default() -> Self {
        SamplerConfig { temperature: 0.0, top_k: 0, top_p: 1.0, seed: 0 }
    }
}

#[derive(Debug, Clone)]
pub struct Sampler {
    config: SamplerConfig,
    rng: Rng,
}

impl Sampler {
    pub fn new(config: SamplerConfig) -> Self {
        Sampler { config, rng: Rng::new(config.seed) }
    }

    pub fn config(&self) -> &SamplerConfig {
        &self.config
    }

    pub fn sample(&mut self, logits: &[f32]) -> u32 {
        let c = self.config;
        if c.temperature <= 0.0 || c.top_k == 1 {
            return argmax(logits);
        }
        // Candidates sorted by logit, cut to top-k.
        let mut cand: Vec<(u32, f32)> = logits.iter().enumerate().map(|(i, &l)| (i as u32, l)).collect();
        let k = if c.top_k == 0 { cand.len() } else { c.top_k.min(cand.len()) };
        if k < cand.len() {
            cand.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            cand.truncate(k);
        }
        cand.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Softmax at temperature.
        let max = cand[0].1;
        let mut total = 0.0f64;
        let mut probs: Vec<f64> = cand
            .iter()
            .map(|&(_, l)| {
                let p = f64::from((l - max) / c.temperature).exp();
                total += p;
                p
            })
            .collect();
        // Top-p: the shortest prefix whose mass reaches p.
        if c.top_p < 1.0 {
            let mut acc = 0.0;
            let mut keep = probs.len();
            for (i, p) in probs.iter().enumerate() {
                acc += p / total;
                if acc >= f64::from(c.top_p) {
                    keep = i + 1;
                    break;
                }
            }
            probs.truncate(keep);
            total = probs.iter().sum();
        }
        let mut r = f64::from(self.rng.next_f32()) * total;
        for (i, p) in probs.iter().enumerate() {
            r -= p;
            if r < 0.0 {
                return cand[i].0;
            }
        }
        cand[probs.len() - 1].0
    }
}

/// Index of the largest logit; the lowest index wins ties.
pub fn argmax(logits: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &l) in logits.iter().enumerate() {
        if l > logits[best] {
            best = i;
        }
    }
    best as u32
}

/// The `n` largest logits as `(id, logit)`, largest first (ties: lower id first).
pub fn top_n(logits: &[f32], n: usize) -> Vec<(u32, f32)> {
    let mut all: Vec<(u32, f32)> = logits.iter().enumerate().map(|(i, &l)| (i as u32, l)).collect();
    let n = n.min(all.len());
    if n == 0 {
        return Vec::new();
    }
    let cmp = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if n < all.len() {
        all.select_nth_unstable_by(n - 1, cmp);
        all.truncate(n);
    }
    all.sort_unstable_by(cmp);
    all
}

/// `log Σ exp(logits)`, for turning logits into log-probabilities.
pub fn log_sum_exp(logits: &[f32]) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = logits.iter().map(|&l| f64::from(l - max).exp()).sum();
    max + sum.ln() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_lowest_id_on_ties() {
        let mut s = Sampler::new(SamplerConfig::default());
        assert_eq!(s.sample(&[1.0, 3.0, 3.0, -1.0]), 1);
    }

    #[test]
    fn top_k_one_is_greedy_at_any_temperature() {
        let mut s = Sampler::new(SamplerConfig { temperature: 5.0, top_k: 1, ..Default::default() });
        for _ in 0..100 {
            assert_eq!(s.sample(&[0.0, 0.5, 0.4]), 1);
        }
    }

    #[test]
    fn same_seed_same_draws_and_frequencies_follow_softmax() {
        let logits = [0.0f32, (2.0f32).ln(), (5.0f32).ln(), f32::NEG_INFINITY];
        let cfg = SamplerConfig { temperature: 1.0, seed: 42, ..Default::default() };
        let (mut a, mut b) = (Sampler::new(cfg), Sampler::new(cfg));
        let mut counts = [0usize; 4];
        for _ in 0..20_000 {
            let x = a.sample(&logits);
            assert_eq!(x, b.sample(&logits));
            counts[x as usize] += 1;
        }
        // Expected 1/8, 2/8, 5/8 of the draws; 3 standard deviations of a binomial ≈ 0.007.
        for (i, want) in [0.125, 0.25, 0.625, 0.0].iter().enumerate() {
            let got = counts[i] as f64 / 20_000.0;
            assert!((got - want).abs() < 0.015, "token {i}: {got} vs {want}");
        }
    }

    #[test]
    fn top_p_drops_the_tail() {
        // Probabilities 0.5, 0.3, 0.2: p = 0.7 keeps the first two only.
        let logits = [0.5f32.ln(), 0.3f32.ln(), 0.2f32.ln()];
        let mut s =
            Sampler::new(SamplerConfig { temperature: 1.0, top_p: 0.7, seed: 1, ..Default::default() });
        let mut seen = [false; 3];
        for _ in 0..2000 {
            seen[s.sample(&logits) as usize] = true;
        }
        assert_eq!(seen, [true, true, false]);
    }

    #[test]
    fn top_k_keeps_k() {
        let logits = [1.0f32, 2.0, 3.0, 4.0];
        let mut s =
            Sampler::new(SamplerConfig { temperature: 10.0, top_k: 2, seed: 3, ..Default::default() });
        for _ in 0..1000 {
            assert!(s.sample(&logits) >= 2);
        }
    }

    #[test]
    fn top_n_and_log_sum_exp() {
        assert_eq!(top_n(&[0.1, 0.9, 0.5, 0.9], 3), vec![(1, 0.9), (3, 0.9), (2, 0.5)]);
        let lse = log_sum_exp(&[0.0, 0.0]);
        assert!((lse - 2f32.ln()).abs() < 1e-6);
    }
}
