//! The model's view of a change: how surprising each new token is.
//!
//! Language models find buggy lines more surprising than the rest (the "naturalness" of code), so
//! the review asks a local model for the log-probability of every token of every hunk's new lines,
//! given the lines just above it, and underlines the tokens that stand out against the change as
//! a whole. The model is reached only through [`Scorer`]: the app implements it with the engine's
//! worker, the CLI with `marble-engine` directly, the tests with anything.

use crate::analysis::Review;
use crate::hunk::{Risk, Rule, Side, Tier};
use serde::Serialize;

/// Lines of the new file read before a hunk's text, as context for the model.
pub const LEAD_LINES: usize = 8;
/// A token is underlined only when it is at least this surprising (nats; e^-6 ≈ 1 in 400)…
pub const MIN_MARK_NATS: f32 = 6.0;
/// …and this many standard deviations above the change's mean.
pub const MARK_SIGMAS: f32 = 2.5;
/// Underlines kept per hunk, most surprising first.
const MAX_MARKS: usize = 8;

/// One token of the scored text: its byte range and its log-probability (natural log).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoredToken {
    pub start: u32,
    pub end: u32,
    pub log_prob: f32,
}

/// Scores text under a language model.
// Implementations are used through generics in one thread (the browser has one), so the future
// needs no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait Scorer {
    /// The log-probability of each token of `text` when it follows `context`, with the token's
    /// byte range in `text`. `context` itself is not scored.
    async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String>;
}

/// A text to score for one hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreRequest {
    pub hunk: usize,
    pub context: String,
    pub text: String,
}

/// An underlined token: a line of the hunk's added lines and a byte range in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub line: u32,
    pub start: u32,
    pub end: u32,
    /// −log p, in nats.
    pub surprisal: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HunkSurprisal {
    /// Mean surprisal of the hunk's non-blank tokens (nats per token).
    pub mean: f32,
    pub tokens: u32,
    /// The tokens that stand out, most surprising first.
    pub marks: Vec<Mark>,
}

/// What to score: every hunk that adds lines, with the lines above it as context.
pub fn requests(review: &Review) -> Vec<ScoreRequest> {
    review
        .hunks
        .iter()
        .filter(|h| !h.hunk.added.is_empty())
        .map(|h| ScoreRequest {
            hunk: h.id,
            context: if h.lead.is_empty() {
                // The top of a file: its name is the only context there is.
                path_comment(h.language, &h.hunk.path)
            } else {
                h.lead.iter().map(|l| format!("{l}\n")).collect()
            },
            text: h.hunk.added.iter().map(|l| format!("{l}\n")).collect(),
        })
        .collect()
}

/// `// src/tax.rs` in the file's own comment syntax.
fn path_comment(lang: crate::lang::Language, path: &str) -> String {
    match lang {
        crate::lang::Language::Python | crate::lang::Language::Other => format!("# {path}\n"),
        _ => format!("// {path}\n"),
    }
}

/// Scores every hunk and records the result in the review (see [`apply`]).
pub async fn score_review<S: Scorer>(review: &mut Review, scorer: &mut S) -> Result<(), String> {
    let mut results = Vec::new();
    for req in requests(review) {
        let tokens = scorer.score(&req.context, &req.text).await?;
        results.push((req, tokens));
    }
    apply(review, &results);
    Ok(())
}

/// Records scored tokens: per-hunk means, underlined tokens, and a low-tier risk on hunks that
/// have any. Thresholds are relative to the whole change, so a file full of unusual but
/// consistent code (a new DSL, test data) doesn't light up everywhere.
pub fn apply(review: &mut Review, results: &[(ScoreRequest, Vec<ScoredToken>)]) {
    // (hunk id, line, start, end, surprisal) of every non-blank token
    let mut all: Vec<(usize, u32, u32, u32, f32)> = Vec::new();
    for (req, tokens) in results {
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(req.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        for t in tokens {
            let (start, end) = (t.start as usize, (t.end as usize).min(req.text.len()));
            let Some(piece) = req.text.get(start..end) else { continue };
            if piece.trim().is_empty() || !t.log_prob.is_finite() {
                continue;
            }
            // Leading whitespace is not the surprising part of "    foo".
            let start = start + (piece.len() - piece.trim_start().len());
            let end = start + piece.trim().len();
            let line = line_starts.partition_point(|&s| s <= start) - 1;
            let line_start = line_starts[line];
            let line_end = req.text[line_start..].find('\n').map_or(req.text.len(), |p| line_start + p);
            all.push((
                req.hunk,
                line as u32,
                (start - line_start) as u32,
                (end.min(line_end) - line_start) as u32,
                -t.log_prob,
            ));
        }
    }
    if all.is_empty() {
        return;
    }
    let n = all.len() as f32;
    let mean = all.iter().map(|t| t.4).sum::<f32>() / n;
    let sd = (all.iter().map(|t| (t.4 - mean).powi(2)).sum::<f32>() / n).sqrt();
    let threshold = MIN_MARK_NATS.max(mean + MARK_SIGMAS * sd);
    for h in &mut review.hunks {
        let mine: Vec<&(usize, u32, u32, u32, f32)> = all.iter().filter(|t| t.0 == h.id).collect();
        if mine.is_empty() {
            continue;
        }
        let markable = Markable::new(h);
        let mut marks: Vec<Mark> = mine
            .iter()
            .filter(|t| t.4 >= threshold && t.3 > t.2 && markable.allows(t.1, t.2, t.3))
            .filter(|t| {
                let line = &h.hunk.added[t.1 as usize];
                markable.allows_text(line.get(t.2 as usize..t.3 as usize).unwrap_or(""))
            })
            .map(|t| Mark { line: t.1, start: t.2, end: t.3, surprisal: t.4 })
            .collect();
        marks.sort_by(|a, b| b.surprisal.total_cmp(&a.surprisal));
        marks.truncate(MAX_MARKS);
        let hunk_mean = mine.iter().map(|t| t.4).sum::<f32>() / mine.len() as f32;
        h.risks.retain(|r| r.rule != Rule::Surprisal);
        if let Some(top) = marks.first() {
            let line = &h.hunk.added[top.line as usize];
            let word = line.get(top.start as usize..top.end as usize).unwrap_or("");
            h.risks.push(Risk {
                rule: Rule::Surprisal,
                tier: Tier::Low,
                reason: format!(
                    "The model finds `{}` unusually surprising here ({:.1} nats; this change averages {:.1}): check it is what was meant",
                    word, top.surprisal, mean
                ),
                side: Side::Added,
                line: top.line,
            });
        }
        h.surprisal = Some(HunkSurprisal { mean: hunk_mean, tokens: mine.len() as u32, marks });
    }
}

/// Where a surprising token says something about the code. Not: the first token of a line (a
/// new statement is where any code is least predictable), the name a definition introduces (a
/// new name is new by definition), or words in comments (prose, not code).
struct Markable {
    /// Per added line: the byte ranges of comments, and where its first token starts.
    comments: Vec<Vec<(u32, u32)>>,
    first: Vec<u32>,
    defined: Vec<String>,
}

impl Markable {
    fn new(h: &crate::analysis::ReviewedHunk) -> Markable {
        let text = h.hunk.added.join("\n");
        let mut comments = vec![Vec::new(); h.hunk.added.len()];
        let mut starts = vec![0usize];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        for t in crate::lex::lex(h.language, &text) {
            if t.kind == crate::lex::TokenKind::Comment {
                let line = t.line as usize;
                let from = t.start - starts[line];
                if let Some(c) = comments.get_mut(line) {
                    c.push((from as u32, (from + t.text.len()) as u32));
                }
            }
        }
        let first = h.hunk.added.iter().map(|l| (l.len() - l.trim_start().len()) as u32).collect();
        let defined = h.symbols.defines.iter().map(|d| d.name.clone()).collect();
        Markable { comments, first, defined }
    }

    fn allows(&self, line: u32, start: u32, end: u32) -> bool {
        let l = line as usize;
        if self.first.get(l) == Some(&start) {
            return false;
        }
        if self.comments.get(l).is_some_and(|c| c.iter().any(|&(a, b)| start >= a && end <= b)) {
            return false;
        }
        true
    }

    /// Drops marks on a defined name (called with the token's text).
    fn allows_text(&self, text: &str) -> bool {
        let t = text.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        t.is_empty() || !self.defined.iter().any(|d| d.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, FileChange};

    /// A scorer that finds every word ordinary except the ones it is told are odd: enough to
    /// test the bookkeeping without a model (the CLI's tests run the real one).
    struct WordScorer {
        odd: Vec<&'static str>,
        seen: Vec<(String, String)>,
    }

    impl Scorer for WordScorer {
        async fn score(&mut self, context: &str, text: &str) -> Result<Vec<ScoredToken>, String> {
            self.seen.push((context.to_string(), text.to_string()));
            let mut out = Vec::new();
            let mut i = 0;
            for piece in text.split_inclusive([' ', '\n']) {
                let word = piece.trim();
                let lp = if self.odd.contains(&word) { -12.0 } else { -1.0 };
                out.push(ScoredToken { start: i as u32, end: (i + piece.len()) as u32, log_prob: lp });
                i += piece.len();
            }
            Ok(out)
        }
    }

    #[test]
    fn marks_the_odd_token_with_context_and_a_reason() {
        let before: String = (0..20).map(|i| format!("let a{i} = {i};\n")).collect();
        let after =
            before.replace("let a15 = 15;\n", "let a15 = 15;\nlet total = price * quantity + zebra;\n");
        let mut review =
            analyze(&[FileChange { path: "x.js".into(), before: Some(before), after: Some(after) }]);
        let mut scorer = WordScorer { odd: vec!["zebra;"], seen: vec![] };
        pollster::block_on(score_review(&mut review, &mut scorer)).unwrap();
        assert_eq!(scorer.seen.len(), 1);
        let (context, text) = &scorer.seen[0];
        assert_eq!(context.lines().count(), LEAD_LINES);
        assert!(context.ends_with("let a15 = 15;\n"));
        assert_eq!(text, "let total = price * quantity + zebra;\n");
        let h = &review.hunks[0];
        let s = h.surprisal.as_ref().unwrap();
        assert_eq!(s.marks.len(), 1);
        let m = &s.marks[0];
        assert_eq!(&h.hunk.added[0][m.start as usize..m.end as usize], "zebra;");
        assert_eq!(m.surprisal, 12.0);
        let risk = h.risks.iter().find(|r| r.rule == Rule::Surprisal).unwrap();
        assert_eq!(risk.tier, Tier::Low);
        assert!(risk.reason.contains("`zebra;`"), "{}", risk.reason);
    }

    #[test]
    fn line_starts_comments_and_new_names_are_not_marked() {
        let mut review = analyze(&[FileChange {
            path: "x.rs".into(),
            before: Some("fn a() {}\n".into()),
            after: Some(format!(
                "fn a() {{}}\nfn zebra() {{\n    quux(1); // walrus here\n    let x = yak;\n{}}}\n",
                "    let value = other;\n".repeat(10)
            )),
        }]);
        // `fn` starts a line, `zebra` is the name being defined, `walrus` is in a comment, `quux`
        // starts a line: only `yak;` is left to mark.
        let mut scorer =
            WordScorer { odd: vec!["fn", "zebra()", "walrus", "quux(1);", "yak;"], seen: vec![] };
        pollster::block_on(score_review(&mut review, &mut scorer)).unwrap();
        let h = &review.hunks[0];
        let marked: Vec<&str> = h
            .surprisal
            .as_ref()
            .unwrap()
            .marks
            .iter()
            .map(|m| &h.hunk.added[m.line as usize][m.start as usize..m.end as usize])
            .collect();
        assert_eq!(marked, vec!["yak;"]);
    }

    #[test]
    fn a_new_file_is_read_after_its_name() {
        let review = analyze(&[FileChange {
            path: "src/tax.rs".into(),
            before: None,
            after: Some("pub fn vat() {}\n".into()),
        }]);
        let reqs = requests(&review);
        assert_eq!(reqs.len(), 1);
        assert_eq!(reqs[0].context, "// src/tax.rs\n");
        assert_eq!(reqs[0].text, "pub fn vat() {}\n");
    }

    #[test]
    fn ordinary_code_is_not_marked() {
        let mut review = analyze(&[FileChange {
            path: "x.py".into(),
            before: Some("a = 1\n".into()),
            after: Some("a = 1\nb = 2\n".into()),
        }]);
        let mut scorer = WordScorer { odd: vec![], seen: vec![] };
        pollster::block_on(score_review(&mut review, &mut scorer)).unwrap();
        let h = &review.hunks[0];
        assert!(h.surprisal.as_ref().unwrap().marks.is_empty());
        assert!(h.risks.iter().all(|r| r.rule != Rule::Surprisal));
    }
}
