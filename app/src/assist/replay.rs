//! The replay benchmark's simulation (the program is `src/bin/marble-replay.rs`): a user retypes
//! lines of real source files; at each pause (the start of a line, and after each word) the
//! assistant is asked; a suggestion the user would have typed anyway is accepted with Tab, and
//! typing on keeps a suggestion that still agrees shown without asking again.
//!
//! Pure over a `complete` function, so the accounting is tested on its own; the program plugs in
//! the engine.

use super::cache::Shown;
use super::complete::{CompletionRequest, CompletionResult};
use crate::editor::Language;

/// One line to retype: the file's text, and where the line's content (after its indentation)
/// starts and ends.
#[derive(Debug, Clone)]
pub struct Position<'a> {
    pub path: &'a str,
    pub language: Language,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// What one retyped line gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineOutcome {
    pub typed_chars: usize,
    pub accepted_chars: usize,
    pub requests: usize,
    pub shown: usize,
    pub accepted: usize,
    /// Milliseconds from the request to the first token, and to the whole suggestion.
    pub first_token_ms: Vec<f64>,
    pub total_ms: Vec<f64>,
    pub prompt_tokens: usize,
    pub reused_tokens: usize,
}

/// Whether a pause comes before typing `next` after `prev`: people pause at the start of a line
/// and between words.
fn pauses_before(prev: Option<char>, next: char) -> bool {
    match prev {
        None => true,
        Some(p) => {
            !(p.is_alphanumeric() || p == '_') && (next.is_alphanumeric() || next == '_' || next == '"')
        }
    }
}

/// Retypes `pos`'s line. `make` builds the request for a cursor between a prefix and a suffix;
/// `complete` runs it.
pub fn retype_line(
    pos: &Position<'_>,
    make: &dyn Fn(&str, &str) -> CompletionRequest,
    complete: &mut dyn FnMut(&CompletionRequest) -> CompletionResult,
) -> LineOutcome {
    let truth = &pos.text[pos.start..pos.end];
    let before = &pos.text[..pos.start];
    // The rest of the file stays after the cursor, without the line being typed.
    let after = &pos.text[pos.end..];
    let mut out = LineOutcome::default();
    let mut done = 0; // bytes of `truth` in the document
    let mut shown: Option<Shown> = None;
    let mut prev: Option<char> = None;
    while done < truth.len() {
        let rest = &truth[done..];
        let next = rest.chars().next().expect("not done");
        if shown.is_none() && pauses_before(prev, next) {
            let prefix = format!("{before}{}", &truth[..done]);
            let req = make(&prefix, after);
            let result = complete(&req);
            out.requests += 1;
            out.prompt_tokens += result.prompt_tokens as usize;
            out.reused_tokens += result.reused_tokens as usize;
            let s = result.stages;
            out.first_token_ms.push(s.prompt_ms + s.prefill_ms + s.first_token_ms);
            out.total_ms.push(s.prompt_ms + s.prefill_ms + s.first_token_ms + s.decode_ms);
            shown = result.suggestion.and_then(|text| Shown::new(prefix.len(), vec![text]));
            if shown.is_some() {
                out.shown += 1;
            }
        }
        if let Some(s) = &shown {
            // Tab when the suggestion is what the user was about to type (on this line).
            let text = s.text();
            let line_part = text.split('\n').next().unwrap_or_default();
            if !line_part.is_empty()
                && rest.starts_with(line_part)
                && (text == line_part || line_part == rest)
            {
                out.accepted += 1;
                out.accepted_chars += line_part.len();
                done += line_part.len();
                prev = line_part.chars().next_back();
                shown = None;
                continue;
            }
        }
        // Type one character; a suggestion that still agrees stays shown.
        let anchor = before.len() + done;
        shown = shown.and_then(|s| s.on_insert(anchor, &next.to_string()));
        out.typed_chars += next.len_utf8();
        done += next.len_utf8();
        prev = Some(next);
    }
    out
}

/// Lines worth retyping in `text`: non-blank, not comments, at least `min_chars` of content; every
/// `stride`-th one, so positions spread over the file. Returns (content start, end) byte ranges.
pub fn pick_lines(text: &str, language: Language, min_chars: usize, stride: usize) -> Vec<(usize, usize)> {
    let comment = match language {
        Language::Python => "#",
        Language::Plain => "\u{0}",
        _ => "//",
    };
    let mut out = Vec::new();
    let mut offset = 0;
    let mut eligible = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        let body = content.trim();
        if body.len() >= min_chars && !body.starts_with(comment) && !body.starts_with('*') {
            if eligible % stride.max(1) == 0 {
                out.push((offset + indent, offset + indent + body.len()));
            }
            eligible += 1;
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::complete::Stages;

    fn request(prefix: &str, suffix: &str) -> CompletionRequest {
        CompletionRequest {
            path: "a.rs".into(),
            language: Language::Rust,
            prefix: prefix.into(),
            suffix: suffix.into(),
            snippets: vec![],
            budget_tokens: 256,
            max_tokens: 16,
            rank: 0,
            multiline: false,
            max_lines: 1,
            top_alternatives: 0,
        }
    }

    fn result(suggestion: Option<&str>) -> CompletionResult {
        CompletionResult {
            raw: suggestion.unwrap_or_default().into(),
            suggestion: suggestion.map(String::from),
            rule: None,
            tokens: vec![],
            prompt_tokens: 10,
            reused_tokens: 8,
            stages: Stages { prompt_ms: 1.0, prefill_ms: 2.0, first_token_ms: 3.0, decode_ms: 4.0 },
            stopped_early: false,
        }
    }

    const FILE: &str = "fn main() {\n    let total = a + b;\n}\n";

    fn line() -> Position<'static> {
        let start = FILE.find("let").unwrap();
        let end = FILE.find(";\n}").unwrap() + 1;
        Position { path: "a.rs", language: Language::Rust, text: FILE, start, end }
    }

    #[test]
    fn a_right_suggestion_is_accepted_and_saves_its_characters() {
        // The assistant knows the line's end once "let " is typed.
        let mut asked = Vec::new();
        let out = retype_line(&line(), &request, &mut |req| {
            asked.push(req.prefix.clone());
            let typed = req.prefix.rsplit('\n').next().unwrap().trim_start().to_string();
            result(if typed == "let " { Some("total = a + b;") } else { None })
        });
        assert_eq!(out.typed_chars, "let ".len());
        assert_eq!(out.accepted_chars, "total = a + b;".len());
        assert_eq!((out.requests, out.shown, out.accepted), (2, 1, 1));
        assert!(asked[0].ends_with("{\n    "), "first pause at the line's start: {:?}", asked[0]);
        assert_eq!(out.first_token_ms, vec![6.0, 6.0]);
        assert_eq!(out.total_ms, vec![10.0, 10.0]);
    }

    #[test]
    fn a_wrong_suggestion_is_typed_over_and_asked_again_at_the_next_word() {
        let out = retype_line(&line(), &request, &mut |_| result(Some("count = 0;")));
        assert_eq!(out.accepted, 0);
        assert_eq!(out.typed_chars, "let total = a + b;".len());
        // Pauses: start, "total", "a", "b" — the wrong suggestion is dropped at the first letter
        // that disagrees, so each word asks again.
        assert_eq!(out.requests, 4);
        assert_eq!(out.shown, 4);
    }

    #[test]
    fn typing_through_an_agreeing_suggestion_asks_nothing_new() {
        // Suggests the line's start plus a wrong end: typed through, then dropped at "total".
        let mut n = 0;
        let out = retype_line(&line(), &request, &mut |_| {
            n += 1;
            result(if n == 1 { Some("let x = 1;") } else { None })
        });
        assert_eq!(out.accepted, 0);
        // Pauses at the start, then "a" and "b": none at "total", the suggestion still showing.
        assert_eq!(out.requests, 3, "no request while 'let ' agreed with the suggestion");
    }

    #[test]
    fn picks_spread_code_lines() {
        let text = "// comment\nfn a() {}\n\n    let long_enough = 1;\nx\n";
        let lines = pick_lines(text, Language::Rust, 8, 1);
        let got: Vec<&str> = lines.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(got, ["fn a() {}", "let long_enough = 1;"]);
        assert_eq!(pick_lines(text, Language::Rust, 8, 2).len(), 1);
    }
}
