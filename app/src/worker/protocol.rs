//! The messages between the UI and the engine worker. Every request carries an id chosen by the
//! UI; every event the worker sends back names the request it belongs to, so the UI can route
//! streamed tokens and drop events of requests it has cancelled.
//!
//! Plain serde types: they cross the worker boundary through `serde-wasm-bindgen` (see
//! [`super::codec`]), and natively they are unit-tested like any other data.

use serde::{Deserialize, Serialize};

pub use crate::assist::complete::{CompletionRequest, CompletionResult, CompletionToken};

/// A request id, unique within one UI session.
pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToWorker {
    pub id: RequestId,
    pub request: Request,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Answered at once with [`Event::Pong`]: measures the round trip.
    Ping,
    /// Downloads (or takes from the browser's cache) and loads a model, replacing the current one.
    LoadModel(LoadModel),
    /// Turns text into the loaded model's tokens.
    Tokenize { text: String },
    /// Runs the model on a prompt and streams what it generates.
    Generate(GenerateRequest),
    /// Per-token log-probabilities of a text under the model.
    Score { text: String },
    /// The log-probability of each token of `text` read after `context` (which is not scored),
    /// with the tokens' byte ranges in `text`: the review's surprisal. Answered by
    /// [`Event::TextScored`].
    ScoreText { context: String, text: String },
    /// An inline completion at the cursor (see [`crate::assist::complete`]).
    Complete(CompletionRequest),
    /// Stops the request with this id: a queued one never starts, a running one stops at its next
    /// token (or prefill chunk). Answered by the cancelled request's own [`Event::Cancelled`].
    Cancel { target: RequestId },
    /// Drops the model and frees its memory.
    Unload,
}

/// Where a model comes from. Every source is a URL on the page's origin: models opened from disk
/// are first put into the browser's model cache under a `models/local/…` URL by the UI, so a
/// later visit can load them again without the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadModel {
    pub url: String,
    /// What to call the model in the UI (usually the file name).
    pub name: String,
    pub backend: BackendChoice,
    /// Only the cache may provide the file (models opened from disk have no server copy).
    pub cache_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum BackendChoice {
    /// WebGPU where the browser has it, else the CPU.
    #[default]
    Auto,
    Gpu,
    Cpu,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Prompt {
    Text(String),
    Tokens(Vec<u32>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerateRequest {
    pub prompt: Prompt,
    pub max_tokens: u32,
    /// 0 is greedy.
    pub temperature: f32,
    /// 0 is no limit.
    pub top_k: u32,
    pub top_p: f32,
    pub seed: u64,
    /// How many of the most likely alternatives to send with each token (0 to 8).
    pub top_alternatives: u32,
    /// Stop at the model's end-of-text tokens.
    pub stop_at_end: bool,
    /// Stream each token as an [`Event::Token`]; otherwise only [`Event::Done`] comes back.
    pub stream: bool,
}

impl GenerateRequest {
    /// Greedy decoding of `max_tokens`, streamed with probabilities.
    pub fn greedy(prompt: Prompt, max_tokens: u32) -> Self {
        GenerateRequest {
            prompt,
            max_tokens,
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            seed: 0,
            top_alternatives: 0,
            stop_at_end: true,
            stream: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FromWorker {
    pub id: RequestId,
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Pong,
    /// Model loading progress: `loaded` of `total` bytes in `phase`.
    Progress {
        phase: LoadPhase,
        loaded: u64,
        total: Option<u64>,
    },
    ModelReady(ModelInfo),
    /// Something the user should know that is not an error (e.g. the CPU fallback, or that the
    /// model could not be cached).
    Notice(String),
    Tokenized {
        tokens: Vec<u32>,
    },
    Token(TokenEvent),
    Done(GenerationDone),
    Scored {
        tokens: Vec<u32>,
        log_probs: Vec<f32>,
    },
    /// The answer to [`Request::ScoreText`], in text order.
    TextScored {
        tokens: Vec<ScoredSpan>,
    },
    /// A completion's raw text so far, with its newest token (for a ghost that grows).
    CompletionProgress {
        raw: String,
        token: CompletionToken,
    },
    Completion(CompletionResult),
    Cancelled,
    Unloaded,
    Error(WorkerError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadPhase {
    /// Reading from the network (the server on this origin).
    Download,
    /// Reading from the browser's cache.
    Cache,
    /// Parsing the GGUF and building the tokenizer.
    Parse,
    /// Uploading the weights to the GPU.
    Upload,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub name: String,
    pub url: String,
    pub size_bytes: u64,
    /// GGUF `general.architecture` ("llama", "qwen2").
    pub architecture: String,
    /// The dominant weight type ("Q4_1", "Q4_K", …).
    pub quantization: String,
    pub parameters: u64,
    pub layers: u32,
    pub embedding: u32,
    pub vocab: u32,
    pub context: u32,
    /// Fill-in-the-middle tokens, when the vocabulary has them.
    pub fim: bool,
    /// How completion prompts are laid out ("fill-in-the-middle (Qwen)", "prefix continuation").
    pub prompt_format: String,
    pub backend: Backend,
    /// The WebGPU adapter's name, on the GPU.
    pub adapter: Option<String>,
    /// Why the CPU is used when WebGPU was wanted.
    pub fallback_reason: Option<String>,
    /// The file came from the browser's cache (no download).
    pub from_cache: bool,
    /// Milliseconds from the request to ready, split by phase.
    pub fetch_ms: f64,
    pub parse_ms: f64,
    pub upload_ms: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Backend {
    WebGpu,
    Cpu,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::WebGpu => "WebGPU",
            Backend::Cpu => "CPU",
        }
    }
}

/// One token of a scored text: bytes `start..end` of the text and its log-probability (natural
/// log).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoredSpan {
    pub start: u32,
    pub end: u32,
    pub log_prob: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenEvent {
    pub id: u32,
    pub text: String,
    pub prob: Option<f32>,
    /// The most likely alternatives at this step: (token text, probability).
    pub alternatives: Vec<(String, f32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerationDone {
    pub tokens: Vec<u32>,
    pub text: String,
    pub stop: StopReason,
    pub prompt_tokens: u32,
    /// Prompt positions taken from the KV cache of the previous request.
    pub reused: u32,
    pub prefill_ms: f64,
    pub decode_ms: f64,
}

impl GenerationDone {
    /// Generated tokens per second of decoding (the first token's time counts as prefill).
    pub fn tokens_per_second(&self) -> Option<f64> {
        (self.decode_ms > 0.0 && self.tokens.len() > 1)
            .then(|| (self.tokens.len() - 1) as f64 / (self.decode_ms / 1000.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    MaxTokens,
    EndToken,
    Cancelled,
    ContextFull,
}

/// An error as the user reads it: a sentence saying what happened and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerError {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The file is not a model Marble can run (corrupt, truncated, unsupported).
    BadModel,
    /// Fetching the file failed (offline, not found, blocked by the page's privacy policy).
    Network,
    /// The model does not fit in memory.
    OutOfMemory,
    /// The browser refused to store the model.
    Storage,
    /// The GPU device was lost; the worker reloads the model on the GPU or the CPU.
    DeviceLost,
    /// A request came before any model was loaded.
    NoModel,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_json() {
        // The worker boundary uses serde-wasm-bindgen; JSON checks the same derive natively.
        let msgs = vec![
            ToWorker { id: 1, request: Request::Ping },
            ToWorker {
                id: 2,
                request: Request::Generate(GenerateRequest::greedy(Prompt::Text("fn main".into()), 8)),
            },
            ToWorker { id: 3, request: Request::Cancel { target: 2 } },
            ToWorker {
                id: 4,
                request: Request::ScoreText { context: "fn a() {\n".into(), text: "    b()\n".into() },
            },
        ];
        for m in msgs {
            let back: ToWorker = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
            assert_eq!(back, m);
        }
    }

    #[test]
    fn text_scores_round_trip_through_json() {
        let msg = FromWorker {
            id: 4,
            event: Event::TextScored { tokens: vec![ScoredSpan { start: 0, end: 4, log_prob: -1.5 }] },
        };
        let back: FromWorker = serde_json::from_str(&serde_json::to_string(&msg).unwrap()).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn tokens_per_second_counts_decode_only() {
        let done = GenerationDone {
            tokens: vec![1, 2, 3, 4, 5],
            text: String::new(),
            stop: StopReason::MaxTokens,
            prompt_tokens: 10,
            reused: 0,
            prefill_ms: 100.0,
            decode_ms: 500.0,
        };
        assert_eq!(done.tokens_per_second(), Some(8.0));
        let one = GenerationDone { tokens: vec![1], ..done };
        assert_eq!(one.tokens_per_second(), None);
    }
}
