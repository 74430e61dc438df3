//! One completion on a [`Session`]: build the prompt, reuse the KV cache's common prefix, decode
//! greedily while the text can still become a suggestion, and post-process it. The browser's
//! engine worker and the native replay benchmark both run exactly this.

use serde::{Deserialize, Serialize};

use marble_engine::sampler::top_n;
use marble_engine::{Error, GenerateOptions, Model, SamplerConfig, Session};

use super::postprocess::{self, CursorContext, Options};
use super::prompt::{build_prompt, PromptFormat, PromptInput, Snippet};
use crate::editor::Language;

/// What the editor asks for: the text around the cursor and context from other files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionRequest {
    pub path: String,
    pub language: Language,
    pub prefix: String,
    pub suffix: String,
    /// (path, text) of snippets from other files, best first.
    pub snippets: Vec<(String, String)>,
    /// Tokens the prompt may take (the backend's speed decides: fewer on the CPU).
    pub budget_tokens: u32,
    pub max_tokens: u32,
    /// 0: the greedy completion; n: the completion that starts with the n-th most likely first
    /// token instead (alternatives, cycled with Alt+] / Alt+[).
    pub rank: u32,
    /// The user asked for a multi-line suggestion inside a comment or string.
    pub multiline: bool,
    pub max_lines: u32,
    /// Alternatives to report per token (the confidence view's hover).
    pub top_alternatives: u32,
}

/// A token of the suggestion with the model's view of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionToken {
    pub text: String,
    pub prob: f32,
    pub alternatives: Vec<(String, f32)>,
}

/// Time spent in each stage, in milliseconds (STYLE: latency in named stages).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Stages {
    pub prompt_ms: f64,
    pub prefill_ms: f64,
    pub first_token_ms: f64,
    pub decode_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionResult {
    /// What the model wrote (before post-processing).
    pub raw: String,
    /// The suggestion to show, if any survived post-processing.
    pub suggestion: Option<String>,
    /// The post-processing rule that cut the raw text (or emptied it), by name.
    pub rule: Option<String>,
    /// The generated tokens (the suggestion is a prefix of their text, give or take trimming).
    pub tokens: Vec<CompletionToken>,
    pub prompt_tokens: u32,
    /// Prompt tokens whose keys and values were already in the cache.
    pub reused_tokens: u32,
    pub stages: Stages,
    /// Decoding stopped because the text could no longer grow into a longer suggestion.
    pub stopped_early: bool,
}

/// Runs `req` on `session`. `now` is a millisecond clock; `on_token` sees each token with the
/// raw text so far and returns false to stop (a cancel).
pub async fn complete(
    session: &mut Session,
    model: &Model,
    format: &PromptFormat,
    req: &CompletionRequest,
    now: &dyn Fn() -> f64,
    mut on_token: impl FnMut(&CompletionToken, &str) -> bool,
) -> Result<CompletionResult, Error> {
    let t0 = now();
    let tok = &model.tokenizer;
    let input = PromptInput {
        repo: String::new(),
        path: req.path.clone(),
        language: req.language,
        prefix: req.prefix.clone(),
        suffix: req.suffix.clone(),
        snippets: req
            .snippets
            .iter()
            .map(|(path, text)| Snippet { path: path.clone(), text: text.clone() })
            .collect(),
    };
    let count = |s: &str| tok.encode(s).map_or(s.len() / 3, |ids| ids.len());
    let prompt = build_prompt(&input, format, &count, req.budget_tokens as usize);
    let mut ids: Vec<u32> = tok.bos.filter(|_| tok.add_bos).into_iter().collect();
    ids.extend(tok.encode(&prompt.text)?);
    let reused = session.tokens().iter().zip(&ids).take_while(|(a, b)| a == b).count();
    let t_prompt = now();

    // The options the post-processor cuts by; `should_stop` ends decoding once it would cut.
    let options = Options { max_lines: req.max_lines.max(1) as usize, multiline: req.multiline };
    let ctx = CursorContext::new(&req.prefix, &req.suffix, req.language, options);
    let stops = format.stops();

    // An alternative starts with the rank-th most likely first token, then continues greedily.
    session.feed(&ids).await?;
    let mut forced = Vec::new();
    if req.rank > 0 {
        let logits = session.logits().await?;
        let lse = marble_engine::sampler::log_sum_exp(logits);
        if let Some(&(id, logit)) = top_n(logits, req.rank as usize + 1).get(req.rank as usize) {
            forced.push(CompletionToken {
                text: tok.token_text(id),
                prob: (logit - lse).exp(),
                alternatives: vec![],
            });
            ids.push(id);
        }
    }
    let t_prefill = now();

    let opts = GenerateOptions {
        max_tokens: req.max_tokens as usize,
        sampler: SamplerConfig { temperature: 0.0, top_k: 1, ..SamplerConfig::default() },
        top_alternatives: req.top_alternatives.min(8) as usize,
        stop_at_end: true,
        probabilities: true,
        chain: 1,
    };
    let mut raw: String = forced.iter().map(|t| t.text.as_str()).collect();
    let mut tokens = forced;
    let mut first_token = None;
    let mut early = false;
    session
        .generate(&ids, &opts, |t| {
            first_token.get_or_insert_with(now);
            raw.push_str(&t.text);
            let token = CompletionToken {
                text: t.text.clone(),
                prob: t.prob.unwrap_or(f32::NAN),
                alternatives: t.top.iter().map(|&(id, p)| (tok.token_text(id), p)).collect(),
            };
            tokens.push(token);
            let go_on = on_token(tokens.last().expect("just pushed"), &raw);
            if stops.iter().any(|s| raw.contains(s.as_str())) || postprocess::should_stop(&raw, &ctx) {
                early = true;
                return false;
            }
            go_on
        })
        .await?;
    let t_end = now();
    // A stop text is the model saying it is done: it never shows.
    if let Some(i) = stops.iter().filter_map(|s| raw.find(s.as_str())).min() {
        raw.truncate(i);
    }
    let (suggestion, rule) = match postprocess::postprocess(&raw, &ctx) {
        Ok(s) => (Some(s.text), s.truncated_by.map(|r| format!("{r:?}"))),
        Err(rule) => (None, Some(format!("{rule:?}"))),
    };
    let first = first_token.unwrap_or(t_end);
    Ok(CompletionResult {
        raw,
        suggestion,
        rule,
        tokens,
        prompt_tokens: ids.len() as u32,
        reused_tokens: reused as u32,
        stages: Stages {
            prompt_ms: t_prompt - t0,
            prefill_ms: t_prefill - t_prompt,
            first_token_ms: first - t_prefill,
            decode_ms: t_end - first,
        },
        stopped_early: early,
    })
}

/// The loaded model's prompt format: FIM markers named by the GGUF's metadata, else spotted
/// among its special tokens, else prefix continuation.
pub fn prompt_format(model: &Model, gguf: &marble_engine::gguf::Gguf) -> PromptFormat {
    use super::prompt::FimTokenIds;
    let t = &model.tokenizer;
    let specials: std::collections::HashSet<String> =
        (0..t.n_vocab() as u32).filter(|&id| t.is_special(id)).map(|id| t.token_text(id)).collect();
    let ids = FimTokenIds::from_metadata(|key| gguf.get(key).and_then(|v| v.as_u64()));
    PromptFormat::detect_with_ids(&ids, |id| t.token_text(id), |text| specials.contains(text))
}
