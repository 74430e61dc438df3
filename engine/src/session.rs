//! A conversation with the model: owns the KV cache and reuses it, on either backend.
//!
//! Feeding a token sequence keeps the longest common prefix with what is cached and computes only
//! the rest; in an editor most of the prompt is unchanged between keystrokes, so this is the main
//! lever for latency.
//!
//! The API is async because the GPU's results arrive asynchronously in the browser; on the CPU
//! every future is ready at once, and native callers block on it (`pollster::block_on`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;
use crate::gpu::model::{GpuSampling, MAX_CHAIN};
use crate::gpu::{GpuModel, GpuState, GpuStats};
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
    /// Report each token's probability (the GPU then reads back a few more bytes per token).
    pub probabilities: bool,
    /// Greedy tokens the GPU may compute per submission, the sampled id feeding the next step
    /// on the GPU (1..=16; tokens past a stop are discarded). Ignored on the CPU.
    pub chain: usize,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            max_tokens: 64,
            sampler: SamplerConfig::default(),
            top_alternatives: 0,
            stop_at_end: true,
            probabilities: true,
            chain: 1,
        }
    }
}

/// One generated token, as streamed to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedToken {
    pub id: u32,
    /// Text that this token completes (may be empty mid-way through a UTF-8 character).
    pub text: String,
    /// The model's probability of this token (softmax of the raw logits), when asked for.
    pub prob: Option<f32>,
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

/// Where the KV cache lives and the forward pass runs.
#[allow(clippy::large_enum_variant)] // one per session; boxing the CPU state buys nothing
enum Backend {
    Cpu { cache: KvCache, scratch: Scratch },
    Gpu(GpuState),
}

pub struct Session {
    model: Arc<Model>,
    backend: Backend,
    /// The tokens whose keys and values are in the cache.
    tokens: Vec<u32>,
    /// Logits after the last token of `tokens`, once read (the GPU keeps them until asked).
    logits: Vec<f32>,
    logits_ready: bool,
    max_context: usize,
    pause: Option<PauseHook>,
}

/// One scored token of a text: its byte range in the text and its log-probability (natural log).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextScore {
    pub start: usize,
    pub end: usize,
    pub log_prob: f32,
}

/// Awaited between generated tokens on the host path. A caller on a single thread — the browser's
/// engine worker — uses it to yield to its event loop, so messages such as a cancel are handled
/// mid-generation. (GPU steps already yield while they wait for the read-back.)
pub type PauseHook = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>> + Send + Sync>;

impl Session {
    /// A session on the CPU.
    pub fn new(model: Arc<Model>) -> Self {
        let cache = KvCache::new(&model.config);
        let max_context = model.config.n_ctx_train;
        Session::with_backend(model, Backend::Cpu { cache, scratch: Scratch::default() }, max_context)
    }

    /// A session on the GPU; its KV cache holds `gpu.capacity` positions.
    pub fn new_gpu(gpu: Arc<GpuModel>) -> Result<Self, Error> {
        let max_context = gpu.capacity;
        let model = gpu.model.clone();
        Ok(Session::with_backend(model, Backend::Gpu(GpuState::new(gpu)?), max_context))
    }

    fn with_backend(model: Arc<Model>, backend: Backend, max_context: usize) -> Self {
        Session {
            model,
            backend,
            tokens: Vec::new(),
            logits: Vec::new(),
            logits_ready: false,
            max_context,
            pause: None,
        }
    }

    /// Sets the hook awaited between generated tokens (see [`PauseHook`]).
    pub fn set_pause_hook(&mut self, hook: PauseHook) {
        self.pause = Some(hook);
    }

    /// Caps the context (to bound memory; on the GPU the cache was sized at creation).
    pub fn with_max_context(mut self, n: usize) -> Self {
        self.max_context = n.min(self.max_context);
        self
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// "cpu" or "gpu".
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Cpu { .. } => "cpu",
            Backend::Gpu(_) => "gpu",
        }
    }

    /// Work sent to the GPU so far (zero on the CPU).
    pub fn gpu_stats(&self) -> GpuStats {
        match &self.backend {
            Backend::Cpu { .. } => GpuStats::default(),
            Backend::Gpu(g) => g.stats,
        }
    }

    /// The tokens currently cached.
    pub fn tokens(&self) -> &[u32] {
        &self.tokens
    }

    /// Logits after the last fed token (empty before the first feed). On the GPU this reads
    /// them back the first time it is called after a feed.
    pub async fn logits(&mut self) -> Result<&[f32], Error> {
        if !self.logits_ready {
            if self.tokens.is_empty() {
                return Ok(&[]);
            }
            let n_vocab = self.model.config.n_vocab;
            match &mut self.backend {
                Backend::Cpu { scratch, .. } => {
                    self.logits.clear();
                    self.logits.extend_from_slice(&scratch.logits[scratch.logits.len() - n_vocab..]);
                }
                Backend::Gpu(g) => {
                    let rows = g.logits_rows();
                    self.logits = g.read_logits(rows - 1..rows).await?;
                }
            }
            self.logits_ready = true;
        }
        Ok(&self.logits)
    }

    pub fn reset(&mut self) {
        self.rewind(0);
        self.logits.clear();
        self.logits_ready = false;
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
        match &mut self.backend {
            Backend::Cpu { cache, .. } => cache.truncate(keep, &self.model.config),
            Backend::Gpu(g) => g.truncate(keep),
        }
        self.tokens.truncate(keep);
    }

    /// Tokens per forward call on this backend.
    fn batch(&self) -> usize {
        match &self.backend {
            Backend::Cpu { .. } => UBATCH,
            Backend::Gpu(g) => g.batch(),
        }
    }

    /// Runs `tokens` after the cached ones; logits for `want` are left in the backend.
    fn forward(&mut self, tokens: &[u32], want: Logits) -> Result<(), Error> {
        let pos = self.tokens.len();
        let r = match &mut self.backend {
            Backend::Cpu { cache, scratch } => self.model.forward(tokens, cache, scratch, want),
            Backend::Gpu(g) => g.forward(tokens, want),
        };
        match r {
            Ok(()) => {
                self.tokens.extend_from_slice(tokens);
                self.logits_ready = false;
                Ok(())
            }
            Err(e) => {
                // Keep the session consistent: forget the partial batch.
                self.rewind(pos);
                Err(e)
            }
        }
    }

    /// Recomputes logits at cached positions `range` from their hidden states.
    fn logits_at(&mut self, range: std::ops::Range<usize>) -> Result<(), Error> {
        self.logits_ready = false;
        match &mut self.backend {
            Backend::Cpu { cache, scratch } => {
                self.model.logits_at(cache, range, scratch);
                Ok(())
            }
            Backend::Gpu(g) => g.logits_at(range),
        }
    }

    /// Every row of logits the last forward or `logits_at` left, `[rows × n_vocab]`.
    async fn logit_rows(&mut self) -> Result<std::borrow::Cow<'_, [f32]>, Error> {
        match &mut self.backend {
            Backend::Cpu { scratch, .. } => Ok(std::borrow::Cow::Borrowed(&scratch.logits[..])),
            Backend::Gpu(g) => {
                let rows = g.logits_rows();
                Ok(std::borrow::Cow::Owned(g.read_logits(0..rows).await?))
            }
        }
    }

    /// Makes the cache hold exactly `tokens`, computing only what differs from what it held;
    /// afterwards [`Session::logits`] gives the logits after the last token.
    pub async fn feed(&mut self, tokens: &[u32]) -> Result<FeedReport, Error> {
        self.feed_inner(tokens, None).await
    }

    /// Like [`Session::feed`], and calls `on_logits(position, logits)` for every position of
    /// `tokens`, in order (reused positions recompute only the output head).
    pub async fn feed_with_logits(
        &mut self,
        tokens: &[u32],
        on_logits: LogitsSink<'_>,
    ) -> Result<FeedReport, Error> {
        self.feed_inner(tokens, Some(on_logits)).await
    }

    async fn feed_inner(
        &mut self,
        tokens: &[u32],
        mut on_logits: Option<LogitsSink<'_>>,
    ) -> Result<FeedReport, Error> {
        self.check(tokens)?;
        let n_vocab = self.model.config.n_vocab;
        let batch = self.batch();
        let lcp = self.tokens.iter().zip(tokens).take_while(|(a, b)| a == b).count();
        self.rewind(lcp);
        if on_logits.is_some() {
            for start in (0..lcp).step_by(batch) {
                let end = (start + batch).min(lcp);
                self.logits_at(start..end)?;
                let rows = self.logit_rows().await?;
                let cb = on_logits.as_deref_mut().expect("checked");
                for (i, row) in rows.chunks_exact(n_vocab).enumerate() {
                    cb(start + i, row);
                }
            }
        }
        if lcp == tokens.len() {
            // Nothing new: the last position's logits come from its hidden state.
            self.logits_at(lcp - 1..lcp)?;
            return Ok(FeedReport { reused: lcp, computed: 0 });
        }
        let rest = &tokens[lcp..];
        for (b, chunk) in rest.chunks(batch).enumerate() {
            let last_batch = (b + 1) * batch >= rest.len();
            let want = match (&on_logits, last_batch) {
                (Some(_), _) => Logits::All,
                (None, true) => Logits::Last,
                (None, false) => Logits::None,
            };
            let pos = self.tokens.len();
            self.forward(chunk, want)?;
            if on_logits.is_some() {
                let rows = self.logit_rows().await?;
                let cb = on_logits.as_deref_mut().expect("checked");
                for (i, row) in rows.chunks_exact(n_vocab).enumerate() {
                    cb(pos + i, row);
                }
                if last_batch {
                    let last = rows.len() - n_vocab;
                    self.logits = rows[last..].to_vec();
                    self.logits_ready = true;
                }
            }
        }
        Ok(FeedReport { reused: lcp, computed: rest.len() })
    }

    /// Feeds `prompt`, then samples up to `max_tokens` tokens, calling `on_token` with each;
    /// `on_token` returns false to stop.
    pub async fn generate(
        &mut self,
        prompt: &[u32],
        opts: &GenerateOptions,
        mut on_token: impl FnMut(&GeneratedToken) -> bool,
    ) -> Result<Generation, Error> {
        let report = self.feed(prompt).await?;
        let mut out = Generation {
            tokens: Vec::new(),
            text: String::new(),
            stop: StopReason::MaxTokens,
            prompt: report,
        };
        let mut decoder = StreamDecoder::default();
        let c = opts.sampler;
        let on_gpu = GpuSampling {
            temperature: if c.top_k == 1 { 0.0 } else { c.temperature },
            top_k: c.top_k,
            top_p: c.top_p,
            top_alternatives: opts.top_alternatives,
            probabilities: opts.probabilities,
        };
        if matches!(self.backend, Backend::Gpu(_)) && on_gpu.supported() {
            self.generate_on_gpu(opts, &on_gpu, &mut decoder, &mut out, &mut on_token).await?;
        } else {
            self.generate_on_host(opts, &mut decoder, &mut out, &mut on_token).await?;
        }
        out.text.push_str(&decoder.finish());
        Ok(out)
    }

    /// Turns a sampled token into what the caller sees; returns whether generation goes on.
    fn emit(
        &self,
        tok: GeneratedToken,
        opts: &GenerateOptions,
        decoder: &mut StreamDecoder,
        out: &mut Generation,
        on_token: &mut impl FnMut(&GeneratedToken) -> bool,
        cached: usize,
    ) -> bool {
        let is_end = opts.stop_at_end && self.model.tokenizer.end_tokens.contains(&tok.id);
        let text = if is_end { String::new() } else { decoder.push(&self.model.tokenizer, tok.id) };
        let tok = GeneratedToken { text, ..tok };
        out.tokens.push(tok.id);
        out.text.push_str(&tok.text);
        let go_on = on_token(&tok);
        if is_end {
            out.stop = StopReason::EndToken;
            return false;
        }
        if !go_on {
            out.stop = StopReason::Caller;
            return false;
        }
        if out.tokens.len() == opts.max_tokens {
            return false;
        }
        if cached + 1 > self.max_context {
            out.stop = StopReason::ContextFull;
            return false;
        }
        true
    }

    /// Sampling on the host from the logits (the CPU backend, and the GPU for sampler settings
    /// its kernel does not cover).
    async fn generate_on_host(
        &mut self,
        opts: &GenerateOptions,
        decoder: &mut StreamDecoder,
        out: &mut Generation,
        on_token: &mut impl FnMut(&GeneratedToken) -> bool,
    ) -> Result<(), Error> {
        let mut sampler = Sampler::new(opts.sampler);
        for _ in 0..opts.max_tokens {
            let logits = self.logits().await?;
            let id = sampler.sample(logits);
            let lse = log_sum_exp(logits);
            let prob = opts.probabilities.then(|| (logits[id as usize] - lse).exp());
            let top =
                top_n(logits, opts.top_alternatives).into_iter().map(|(t, l)| (t, (l - lse).exp())).collect();
            let tok = GeneratedToken { id, text: String::new(), prob, top };
            if !self.emit(tok, opts, decoder, out, on_token, self.tokens.len()) {
                break;
            }
            self.forward(&[id], Logits::Last)?;
            if let Some(pause) = &self.pause {
                pause().await;
            }
        }
        Ok(())
    }

    /// Sampling on the GPU: each submission samples up to `opts.chain` tokens, running each one
    /// through the model on the GPU before sampling the next, and reads back only the results.
    async fn generate_on_gpu(
        &mut self,
        opts: &GenerateOptions,
        how: &GpuSampling,
        decoder: &mut StreamDecoder,
        out: &mut Generation,
        on_token: &mut impl FnMut(&GeneratedToken) -> bool,
    ) -> Result<(), Error> {
        let mut rng = crate::rng::Rng::new(opts.sampler.seed);
        // Whether the last sampled token has yet to be run (it is, at the start of the next call).
        let mut pending: Option<u32> = None;
        while out.tokens.len() < opts.max_tokens {
            let room = self.max_context - self.tokens.len();
            let steps = opts
                .chain
                .clamp(1, MAX_CHAIN)
                .min(opts.max_tokens - out.tokens.len())
                .min(room + 1 - usize::from(pending.is_some()));
            if steps == 0 {
                out.stop = StopReason::ContextFull;
                break;
            }
            let uniforms: Vec<f32> = (0..steps).map(|_| rng.next_f32()).collect();
            let Backend::Gpu(g) = &mut self.backend else { unreachable!("GPU generation on the CPU") };
            let samples = g.sample_steps(pending.is_some(), steps, how, &uniforms).await?;
            // The cache now also holds the pending token and every sample but the last.
            self.tokens.extend(pending.take());
            self.tokens.extend(samples[..steps - 1].iter().map(|s| s.token));
            self.logits_ready = false;
            let first_new = self.tokens.len() - (steps - 1);
            for (i, s) in samples.iter().enumerate() {
                // Mirror the host loop: a token is run only once the caller has seen it and
                // generation goes on, so roll the cache back to just before this one.
                let cached_before = first_new + i;
                let lse = s.log_sum_exp;
                let prob = lse.map(|lse| (s.logit - lse).exp());
                let top =
                    s.top.iter().map(|&(t, l)| (t, lse.map_or(f32::NAN, |lse| (l - lse).exp()))).collect();
                let tok = GeneratedToken { id: s.token, text: String::new(), prob, top };
                if !self.emit(tok, opts, decoder, out, on_token, cached_before) {
                    self.rewind(cached_before);
                    return Ok(());
                }
            }
            pending = Some(samples[steps - 1].token);
        }
        // At max_tokens the last token is not run, as in the host loop.
        Ok(())
    }

    /// Log-probability of each token given the ones before it: `tokens.len() - 1` values, the
    /// first for `tokens[1]`. Reuses the cache like [`Session::feed`].
    pub async fn score(&mut self, tokens: &[u32]) -> Result<Vec<f32>, Error> {
        if matches!(self.backend, Backend::Gpu(_)) {
            return self.score_on_gpu(tokens).await;
        }
        let mut out = Vec::with_capacity(tokens.len().saturating_sub(1));
        self.feed_with_logits(tokens, &mut |pos, logits| {
            if let Some(&next) = tokens.get(pos + 1) {
                out.push(logits[next as usize] - log_sum_exp(logits));
            }
        })
        .await?;
        Ok(out)
    }

    /// The log-probability of each token of `text` when it follows `context` (which is read, not
    /// scored), with each token's byte range in `text`. The two are tokenized apart, so no token
    /// straddles the boundary; a text with no context and no BOS token loses its first token, which
    /// has nothing to be predicted from.
    pub async fn score_text(&mut self, context: &str, text: &str) -> Result<Vec<TextScore>, Error> {
        let tok = &self.model.tokenizer;
        let mut ids = tok.encode(context)?;
        let lead = ids.len();
        let mut spans = Vec::new();
        let mut at = 0usize;
        let enc = tok.encode_continuation(text)?;
        for id in enc {
            let len = tok.token_bytes(id).len();
            spans.push(at..at + len);
            at += len;
            ids.push(id);
        }
        if ids.len() < 2 {
            return Ok(Vec::new());
        }
        let log_probs = self.score(&ids).await?;
        // log_probs[i] is the log-probability of ids[i + 1].
        Ok(spans
            .into_iter()
            .enumerate()
            .filter_map(|(j, span)| {
                let i = (lead + j).checked_sub(1)?;
                Some(TextScore {
                    start: span.start.min(text.len()),
                    end: span.end.min(text.len()),
                    log_prob: log_probs[i],
                })
            })
            .collect())
    }

    /// [`Session::score`] with the log-softmax taken on the GPU: 4 bytes per position come back.
    async fn score_on_gpu(&mut self, tokens: &[u32]) -> Result<Vec<f32>, Error> {
        self.check(tokens)?;
        let batch = self.batch();
        let lcp = self.tokens.iter().zip(tokens).take_while(|(a, b)| a == b).count();
        self.rewind(lcp);
        let mut out = Vec::with_capacity(tokens.len() - 1);
        // Rows start..end of logits are on the GPU: keep the log-probabilities of their next tokens.
        async fn take(
            s: &mut Session,
            tokens: &[u32],
            start: usize,
            end: usize,
            out: &mut Vec<f32>,
        ) -> Result<(), Error> {
            let targets = &tokens[start + 1..(end + 1).min(tokens.len())];
            if !targets.is_empty() {
                let Backend::Gpu(g) = &mut s.backend else { unreachable!("GPU scoring on the CPU") };
                out.extend(g.log_probs(targets).await?);
            }
            Ok(())
        }
        for start in (0..lcp).step_by(batch) {
            let end = (start + batch).min(lcp);
            self.logits_at(start..end)?;
            take(self, tokens, start, end, &mut out).await?;
        }
        if lcp == tokens.len() {
            self.logits_at(lcp - 1..lcp)?;
        }
        for start in (lcp..tokens.len()).step_by(batch) {
            let end = (start + batch).min(tokens.len());
            self.forward(&tokens[start..end], Logits::All)?;
            take(self, tokens, start, end, &mut out).await?;
        }
        Ok(out)
    }
}
