//! A conversation with the model: owns the KV cache and reuses it.
//!
//! Feeding a token sequence keeps the longest common prefix with what is cached and computes only
//! the rest; in an editor most of the prompt is unchanged between keystrokes, so this is the main
//! lever for latency.

use std::sync::Arc;

use crate::error::Error;
use crate::model::{KvCache, Logits, Model, Scratch};
use crate::sampler::{log_sum_exp, top_n, Sampler, SamplerConfig};
use crate::tokenizer::StreamDecoder;

/// Tokens per forward call when prefilling: bounds the activations (and per-position logits)
/// held at once without costing speed.
const UBATCH: usize = 64;

/// Receives `(position, logits)` for each position of a feed.
pub type LogitsSink<'a> = &'a mut dyn FnMut(usize, &[f32]);

/// What a feed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeedReport {
    /// Positions kept from the cache.
    pub reused: usize,
    /// Positions run through the model.
    pub computed: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub max_tokens: usize,
    pub sampler: SamplerConfig,
    /// How many most likely alternatives to report with each token.
    pub top_alternatives: usize,
    /// Stop at the model's end-of-text / end-of-turn tokens.
    pub stop_at_end: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            max_tokens: 64,
            sampler: SamplerConfig::default(),
            top_alternatives: 0,
            stop_at_end: true,
        }
    }
}

/// One generated token, as streamed to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedToken {
    pub id: u32,
    /// Text that this token completes (may be empty mid-way through a UTF-8 character).
    pub text: String,
    /// The model's probability of this token (softmax of the raw logits).
    pub prob: f32,
    /// The most likely tokens at this step with their probabilities, most likely first.
    pub top: Vec<(u32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    MaxTokens,
    EndToken,
    /// The callback asked to stop.
    Caller,
    ContextFull,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub tokens: Vec<u32>,
    pub text: String,
    pub stop: StopReason,
    pub prompt: FeedReport,
}

pub struct Session {
    model: Arc<Model>,
    cache: KvCache,
    /// The tokens whose keys and values are in `cache`.
    tokens: Vec<u32>,
    scratch: Scratch,
    /// Logits after the last token of `tokens`.
    logits: Vec<f32>,
    max_context: usize,
}

impl Session {
    pub fn new(model: Arc<Model>) -> Self {
        let cache = KvCache::new(&model.config);
        let max_context = model.config.n_ctx_train;
        Session {
            model,
            cache,
            tokens: Vec::new(),
            scratch: Scratch::default(),
            logits: Vec::new(),
            max_context,
        }
    }

    /// Caps the context below the model's training length (to bound memory).
    pub fn with_max_context(mut self, n: usize) -> Self {
        self.max_context = n.min(self.model.config.n_ctx_train);
        self
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The tokens currently cached.
    pub fn tokens(&self) -> &[u32] {
        &self.tokens
    }

    /// Logits after the last fed token (empty before the first feed).
    pub fn logits(&self) -> &[f32] {
        &self.logits
    }

    pub fn reset(&mut self) {
        self.cache.truncate(0, &self.model.config);
        self.tokens.clear();
        self.logits.clear();
    }

    fn check(&self, tokens: &[u32]) -> Result<(), Error> {
        if tokens.is_empty() {
            return Err(Error::EmptyInput);
        }
        if tokens.len() > self.max_context {
            return Err(Error::ContextFull { needed: tokens.len(), max: self.max_context });
        }
        let n_vocab = self.model.config.n_vocab;
        match tokens.iter().find(|&&t| t as usize >= n_vocab) {
            Some(&id) => Err(Error::TokenOutOfRange { id, n_vocab }),
            None => Ok(()),
        }
    }

    /// Drops cached positions from `keep` on.
    fn rewind(&mut self, keep: usize) {
        self.cache.truncate(keep, &self.model.config);
        self.tokens.truncate(keep);
    }

    /// Makes the cache hold exactly `tokens`, computing only what differs from what it held;
    /// afterwards [`Session::logits`] are the logits after the last token.
    pub fn feed(&mut self, tokens: &[u32]) -> Result<FeedReport, Error> {
        self.feed_inner(tokens, None)
    }

    /// Like [`Session::feed`], and calls `on_logits(position, logits)` for every position of
    /// `tokens`, in order (reused positions recompute only the output head).
    pub fn feed_with_logits(&mut self, tokens: &[u32], on_logits: LogitsSink) -> Result<FeedReport, Error> {
        self.feed_inner(tokens, Some(on_logits))
    }

    fn feed_inner(&mut self, tokens: &[u32], mut on_logits: Option<LogitsSink>) -> Result<FeedReport, Error> {
        self.check(tokens)?;
        let n_vocab = self.model.config.n_vocab;
        let lcp = self.tokens.iter().zip(tokens).take_while(|(a, b)| a == b).count();
        // At least the last position must have logits: recompute it from its hidden state if
        // nothing new is fed.
        self.rewind(lcp);
        if let Some(cb) = on_logits.as_deref_mut() {
            for start in (0..lcp).step_by(UBATCH) {
                let end = (start + UBATCH).min(lcp);
                self.model.logits_at(&self.cache, start..end, &mut self.scratch);
                for (i, row) in self.scratch.logits.chunks_exact(n_vocab).enumerate() {
                    cb(start + i, row);
                }
            }
        }
        if lcp == tokens.len() {
            self.model.logits_at(&self.cache, lcp - 1..lcp, &mut self.scratch);
            self.logits.clone_from(&self.scratch.logits);
            return Ok(FeedReport { reused: lcp, computed: 0 });
        }
        let rest = &tokens[lcp..];
        for (b, batch) in rest.chunks(UBATCH).enumerate() {
            let last_batch = (b + 1) * UBATCH >= rest.len();
            let want = match (&on_logits, last_batch) {
                (Some(_), _) => Logits::All,
                (None, true) => Logits::Last,
                (None, false) => Logits::None,
            };
            let pos = self.tokens.len();
            if let Err(e) = self.model.forward(batch, &mut self.cache, &mut self.scratch, want) {
                // Keep the session consistent: forget the partial batch.
                self.rewind(pos);
                return Err(e);
            }
            self.tokens.extend_from_slice(batch);
            if let Some(cb) = on_logits.as_deref_mut() {
                for (i, row) in self.scratch.logits.chunks_exact(n_vocab).enumerate() {
                    cb(pos + i, row);
                }
            }
        }
        let last = self.scratch.logits.len() - n_vocab;
        self.logits.clear();
        self.logits.extend_from_slice(&self.scratch.logits[last..]);
        Ok(FeedReport { reused: lcp, computed: rest.len() })
    }

    /// Feeds `prompt`, then samples up to `max_tokens` tokens, calling `on_token` with each;
    /// `on_token` returns false to stop.
    pub fn generate(
        &mut self,
        prompt: &[u32],
        opts: &GenerateOptions,
        mut on_token: impl FnMut(&GeneratedToken) -> bool,
    ) -> Result<Generation, Error> {
        let report = self.feed(prompt)?;
        let mut sampler = Sampler::new(opts.sampler);
        let mut decoder = StreamDecoder::default();
        let mut out = Generation {
            tokens: Vec::new(),
            text: String::new(),
            stop: StopReason::MaxTokens,
            prompt: report,
        };
        for step in 0..opts.max_tokens {
            let id = sampler.sample(&self.logits);
            let lse = log_sum_exp(&self.logits);
            let prob = (self.logits[id as usize] - lse).exp();
            let top = top_n(&self.logits, opts.top_alternatives)
                .into_iter()
                .map(|(t, l)| (t, (l - lse).exp()))
                .collect();
            let is_end = opts.stop_at_end && self.model.tokenizer.end_tokens.contains(&id);
            let text = if is_end { String::new() } else { decoder.push(&self.model.tokenizer, id) };
            let tok = GeneratedToken { id, text, prob, top };
            out.tokens.push(id);
            out.text.push_str(&tok.text);
            let go_on = on_token(&tok);
            if is_end {
                out.stop = StopReason::EndToken;
                break;
            }
            if !go_on {
                out.stop = StopReason::Caller;
                break;
            }
            if step + 1 == opts.max_tokens {
                break;
            }
            if self.tokens.len() + 1 > self.max_context {
                out.stop = StopReason::ContextFull;
                break;
            }
            self.model.forward(&[id], &mut self.cache, &mut self.scratch, Logits::Last)?;
            self.tokens.push(id);
            self.logits.clone_from(&self.scratch.logits);
        }
        out.text.push_str(&decoder.finish());
        Ok(out)
    }

    /// Log-probability of each token given the ones before it: `tokens.len() - 1` values, the
    /// first for `tokens[1]`. Reuses the cache like [`Session::feed`].
    pub fn score(&mut self, tokens: &[u32]) -> Result<Vec<f32>, Error> {
        let mut out = Vec::with_capacity(tokens.len().saturating_sub(1));
        self.feed_with_logits(tokens, &mut |pos, logits| {
            if let Some(&next) = tokens.get(pos + 1) {
                out.push(logits[next as usize] - log_sum_exp(logits));
            }
        })?;
        Ok(out)
    }
}
