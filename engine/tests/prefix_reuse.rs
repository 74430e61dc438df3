//! A session keeps the longest common prefix of what it has cached and computes only the rest,
//! and what it computes that way is exactly what a fresh session computes — on the CPU and on the
//! GPU alike: every test body runs on both backends.

mod common;

use common::Backend;
use marble_engine::session::FeedReport;
use marble_engine::Error;
use pollster::block_on;

const PROMPT: &str = "/// Returns the n-th Fibonacci number.\npub fn fibonacci(n: u64) -> u64 {\n    if n < 2 {\n        return n;\n    }\n    fibonacci(n - 1) + fibonacci(n - 2)\n}\n\nfn main() {\n    for i in 0..10 {\n        println!(\"{}\", fibonacci(i));\n    }\n}\n";

fn fresh_logits(b: Backend, ids: &[u32]) -> Vec<f32> {
    let mut s = common::session(b);
    let report = block_on(s.feed(ids)).unwrap();
    assert_eq!(report, FeedReport { reused: 0, computed: ids.len() });
    block_on(s.logits()).unwrap().to_vec()
}

/// Every value computed for a position is the same code on the same inputs whatever the batch
/// around it (on the GPU too: a batch's kernels run each token through the same arithmetic as a
/// single token's), so reuse must be bit-exact, not just close.
fn assert_same(got: &[f32], want: &[f32], what: &str) {
    assert_eq!(got.len(), want.len());
    for (i, (a, b)) in got.iter().zip(want).enumerate() {
        assert!(a.to_bits() == b.to_bits(), "{what}: logit {i} is {a}, fresh session has {b}");
    }
}

fn extending_by_k_tokens_computes_k_positions_and_matches_a_fresh_session(b: Backend) {
    let model = common::model();
    let ids = model.tokenizer.encode(PROMPT).unwrap();
    assert!(ids.len() > 80, "the prompt spans more than one prefill batch");
    let base = 40;
    let mut s = common::session(b);
    assert_eq!(block_on(s.feed(&ids[..base])).unwrap(), FeedReport { reused: 0, computed: base });
    for k in [1, 2, 5, 30] {
        let n = s.tokens().len();
        let report = block_on(s.feed(&ids[..n + k])).unwrap();
        assert_eq!(report, FeedReport { reused: n, computed: k }, "extending by {k}");
        assert_same(
            block_on(s.logits()).unwrap(),
            &fresh_logits(b, &ids[..n + k]),
            &format!("extended by {k}"),
        );
    }
}

fn an_edit_recomputes_from_the_first_changed_token(b: Backend) {
    let model = common::model();
    let ids = model.tokenizer.encode(PROMPT).unwrap();
    let mut s = common::session(b);
    block_on(s.feed(&ids)).unwrap();

    let mut edited = ids.clone();
    let at = 30;
    edited[at] = model.tokenizer.encode(" value").unwrap()[0];
    let report = block_on(s.feed(&edited)).unwrap();
    assert_eq!(report, FeedReport { reused: at, computed: ids.len() - at });
    assert_same(block_on(s.logits()).unwrap(), &fresh_logits(b, &edited), "after an edit");

    // Going back to a shorter prefix computes nothing and gives that prefix's logits.
    let report = block_on(s.feed(&edited[..20])).unwrap();
    assert_eq!(report, FeedReport { reused: 20, computed: 0 });
    assert_same(block_on(s.logits()).unwrap(), &fresh_logits(b, &edited[..20]), "shorter prefix");
    assert_eq!(s.tokens(), &edited[..20]);
}

fn score_reuses_the_cache_and_matches_a_fresh_session(b: Backend) {
    let model = common::model();
    let ids = model.tokenizer.encode(PROMPT).unwrap();
    let mut warm = common::session(b);
    block_on(warm.feed(&ids[..50])).unwrap();
    let scores = block_on(warm.score(&ids)).unwrap();
    let fresh = block_on(common::session(b).score(&ids)).unwrap();
    assert_eq!(scores.len(), ids.len() - 1);
    assert_same(&scores, &fresh, "log-probabilities");
    assert!(scores.iter().all(|&lp| lp <= 0.0 && lp.is_finite()));
    // The closing brace after `return n;` is very likely; check the scores mean something.
    let mean = scores.iter().sum::<f32>() / scores.len() as f32;
    assert!(mean > -2.5, "mean log-probability of familiar code is {mean}");
}

/// `score_text` is `score` over the context's and the text's tokens, with byte spans that tile
/// the text: the review's surprisal rests on it.
fn score_text_spans_tile_the_text_and_match_score(b: Backend) {
    let model = common::model();
    let (context, text) = PROMPT.split_at(PROMPT.find("fn main").unwrap());
    let mut s = common::session(b);
    let scored = block_on(s.score_text(context, text)).unwrap();
    let text_ids = model.tokenizer.encode_continuation(text).unwrap();
    assert_eq!(scored.len(), text_ids.len());
    let mut at = 0;
    for t in &scored {
        assert_eq!(t.start, at);
        at = t.end;
    }
    assert_eq!(at, text.len());
    let mut ids = model.tokenizer.encode(context).unwrap();
    let lead = ids.len();
    ids.extend(&text_ids);
    let all = block_on(common::session(b).score(&ids)).unwrap();
    let want: Vec<f32> = all[lead - 1..].to_vec();
    let got: Vec<f32> = scored.iter().map(|t| t.log_prob).collect();
    assert_same(&got, &want, "text log-probabilities");
    // `println` after `for i in 0..10 {` is likely; the `{}` inside the string less so, but both are finite.
    assert!(got.iter().all(|lp| lp.is_finite() && *lp <= 0.0));
}

fn bad_input_is_an_error_and_keeps_the_session_usable(b: Backend) {
    let model = common::model();
    let mut s = common::session(b).with_max_context(100);
    assert_eq!(block_on(s.feed(&[])).unwrap_err(), Error::EmptyInput);
    assert_eq!(
        block_on(s.feed(&[1, 60_000])).unwrap_err(),
        Error::TokenOutOfRange { id: 60_000, n_vocab: 49152 }
    );
    let long = vec![198u32; 101];
    assert_eq!(block_on(s.feed(&long)).unwrap_err(), Error::ContextFull { needed: 101, max: 100 });
    let ids = model.tokenizer.encode("fn main() {").unwrap();
    block_on(s.feed(&ids)).unwrap();
    assert_same(block_on(s.logits()).unwrap(), &fresh_logits(b, &ids), "after errors");
}

/// Each body above as a test per backend.
macro_rules! on_both_backends {
    ($($body:ident),*) => {
        mod cpu { $(#[test] fn $body() { super::$body(super::Backend::Cpu) })* }
        mod gpu { $(#[test] fn $body() { super::$body(super::Backend::Gpu) })* }
    };
}

on_both_backends!(
    extending_by_k_tokens_computes_k_positions_and_matches_a_fresh_session,
    an_edit_recomputes_from_the_first_changed_token,
    score_reuses_the_cache_and_matches_a_fresh_session,
    score_text_spans_tile_the_text_and_match_score,
    bad_input_is_an_error_and_keeps_the_session_usable
);
