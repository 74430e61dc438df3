//! Choosing snippets from other open or recently edited files to show the model beside the code at
//! the cursor, the way Copilot's "neighboring tabs" and Continue's "similar files" do: files are cut
//! into chunks of about twenty lines at blank lines and top-level definitions, each chunk is scored
//! by the Jaccard similarity of its identifiers with those just before the cursor, and the best
//! chunks that add something the prompt does not already hold are kept within a character budget.
//!
//! The order is deterministic (score, then path, then position), so that the prompt's stable part,
//! where these snippets go, does not churn between keystrokes that leave the scores alone.

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::assist::prompt::Snippet;

/// Below this similarity a chunk shares only an incidental name or two with the cursor's code.
const MIN_SCORE: f64 = 0.05;

/// How much a chunk from the most recently edited file gains over one from a file only open, and
/// less for each older edit (`RECENT_BONUS / (rank + 1)`): what the user just touched is what they
/// are working with.
const RECENT_BONUS: f64 = 0.5;

/// A chunk whose meaningful lines are at least this share already in the prompt adds nothing.
const REDUNDANT_PERCENT: usize = 80;

/// Identifiers that every file of a language shares, so they say nothing about relatedness
/// (keywords and literals of Rust, then Python, then JavaScript and TypeScript).
const STOP_WORDS: &str = "\
    as async await break const continue crate dyn else enum extern false fn for if impl in let loop \
    match mod move mut pub ref return self Self static struct super trait true type unsafe use where \
    while \
    and assert class def del elif except finally from global import is lambda None nonlocal not or \
    pass raise True False try with yield \
    case catch default delete do export extends function instanceof new null of switch this throw \
    typeof undefined var void interface implements private protected public readonly string number \
    boolean any";

/// A file the user has open or edited lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceFile<'a> {
    /// Workspace-relative: shown to the model, and the tie-breaker between equal scores.
    pub path: &'a str,
    /// The editor's current text, saved or not.
    pub text: &'a str,
    /// 0 for the most recently edited file, 1 for the one before, …; `None` for a file that is
    /// open but was not edited lately.
    pub edit_rank: Option<usize>,
}

/// The file being edited and where its cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus<'a> {
    /// Workspace-relative path of the focused file.
    pub path: &'a str,
    /// The whole file: its far parts are context too.
    pub text: &'a str,
    /// Byte offset of the cursor in `text`.
    pub cursor: usize,
}

/// Sizes, each with the reason for its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextOptions {
    /// Characters of snippet text in all: roughly the token room the prompt leaves snippets, times
    /// four characters per token of code.
    pub budget_chars: usize,
    /// More, smaller snippets dilute the prompt: a few good ones beat many weak ones.
    pub max_snippets: usize,
    /// Lines per chunk aimed at: a function or two, small enough that one prompt holds several.
    pub chunk_lines: usize,
    /// Lines up to the cursor whose identifiers make the query: what the user is writing now.
    pub query_lines: usize,
    /// Lines before and after the cursor that the prompt surely holds as prefix and suffix:
    /// chunks of the focused file that overlap them, or repeat them, would be shown twice.
    pub near_before: usize,
    /// See `near_before`; the suffix gets less room than the prefix.
    pub near_after: usize,
    /// Files larger than this (bundles, lock files, data) cost more to chunk than they help.
    pub max_file_bytes: usize,
}

impl Default for ContextOptions {
    fn default() -> Self {
        ContextOptions {
            budget_chars: 2048,
            max_snippets: 4,
            chunk_lines: 20,
            query_lines: 20,
            near_before: 50,
            near_after: 20,
            max_file_bytes: 512 * 1024,
        }
    }
}

/// Lines `start_line..end_line` of a file, at bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    start_line: usize,
    end_line: usize,
    start: usize,
    end: usize,
}

/// Whether a line holds only whitespace.
fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Whether a line starts a top-level item: it is not indented and does not close a bracket
/// (`fn`, `def`, `class`, `#[…]`, a doc comment, a top-level statement).
fn starts_item(line: &str) -> bool {
    match line.chars().next() {
        Some(c) => !c.is_whitespace() && !matches!(c, '}' | ')' | ']'),
        None => false,
    }
}

/// Cuts `text` into chunks of about `target` lines, at a blank line or a top-level item once a
/// chunk has half that, and anywhere once it has half again as many; blank lines belong to none.
fn chunks(text: &str, target: usize) -> Vec<Chunk> {
    let min = (target / 2).max(1);
    let max = (target + target / 2).max(1);
    let mut out = Vec::new();
    // The open chunk: its first line, its start byte, and the end of its last non-blank line.
    let mut open: Option<(usize, usize, usize, usize)> = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let blank = is_blank(line);
        if let Some((first, start, last, end)) = open {
            let len = i - first;
            if len >= max || (len >= min && (blank || starts_item(line))) {
                out.push(Chunk { start_line: first, end_line: last + 1, start, end });
                open = None;
            }
        }
        if !blank {
            open = match open {
                Some((first, start, _, _)) => Some((first, start, i, offset + line.len())),
                None => Some((i, offset, i, offset + line.len())),
            };
        }
        offset += line.len();
    }
    if let Some((first, start, last, end)) = open {
        out.push(Chunk { start_line: first, end_line: last + 1, start, end });
    }
    out
}

/// The distinct identifiers in `text` that say something about it: two characters or more, not a
/// keyword.
fn identifiers(text: &str) -> HashSet<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.len() >= 2
                && !w.starts_with(|c: char| c.is_ascii_digit())
                && !STOP_WORDS.split_whitespace().any(|s| s == *w)
        })
        .collect()
}

/// Jaccard similarity: shared identifiers over all identifiers of the two.
fn jaccard(a: &HashSet<&str>, b: &HashSet<&str>) -> f64 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// The lines that carry content (something beyond brackets and punctuation), trimmed: what is
/// compared to decide whether a chunk repeats code the prompt already holds.
fn meaningful_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| l.chars().any(char::is_alphanumeric))
}

/// The 0-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()
}

struct Candidate<'a> {
    score: f64,
    path: &'a str,
    start_line: usize,
    text: &'a str,
}

/// Chooses snippets for a prompt at `focus`, best first, from `files` and from the focused file's
/// own far parts (an entry of `files` with the focused path is ignored: `focus.text` is newer).
pub fn select(focus: &Focus<'_>, files: &[SourceFile<'_>], opts: &ContextOptions) -> Vec<Snippet> {
    let mut cursor = focus.cursor.min(focus.text.len());
    while !focus.text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let cursor_line = line_of(focus.text, cursor);
    let query_start = cursor_line.saturating_sub(opts.query_lines.saturating_sub(1));
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(focus.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let byte_of_line = |line: usize| line_starts.get(line).copied().unwrap_or(focus.text.len());
    let query = identifiers(&focus.text[byte_of_line(query_start).min(cursor)..cursor]);
    if query.is_empty() {
        return Vec::new();
    }

    // What the prompt will hold anyway: the lines around the cursor.
    let near = (cursor_line.saturating_sub(opts.near_before), cursor_line + opts.near_after + 1);
    let near_text = &focus.text[byte_of_line(near.0)..byte_of_line(near.1)];
    let mut seen: HashSet<&str> = meaningful_lines(near_text).collect();

    let own = SourceFile { path: focus.path, text: focus.text, edit_rank: None };
    let sources = std::iter::once((&own, true))
        .chain(files.iter().filter(|f| f.path != focus.path).map(|f| (f, false)));
    let mut candidates = Vec::new();
    for (file, is_focus) in sources {
        if file.text.len() > opts.max_file_bytes {
            continue;
        }
        let weight = file.edit_rank.map_or(1.0, |r| 1.0 + RECENT_BONUS / (r as f64 + 1.0));
        for c in chunks(file.text, opts.chunk_lines) {
            if is_focus && c.start_line < near.1 && near.0 < c.end_line {
                continue;
            }
            let text = &file.text[c.start..c.end];
            let score = jaccard(&query, &identifiers(text)) * weight;
            if score >= MIN_SCORE {
                candidates.push(Candidate { score, path: file.path, start_line: c.start_line, text });
            }
        }
    }
    candidates.sort_by(by_rank);

    let mut out = Vec::new();
    let mut room = opts.budget_chars;
    for c in candidates {
        if out.len() == opts.max_snippets {
            break;
        }
        let size = c.text.chars().count();
        if size > room || repeats(c.text, &seen) {
            continue;
        }
        room -= size;
        seen.extend(meaningful_lines(c.text));
        out.push(Snippet { path: c.path.to_string(), text: c.text.to_string() });
    }
    out
}

/// Best score first; ties by path, then position, so equal scores never swap between calls.
fn by_rank(a: &Candidate<'_>, b: &Candidate<'_>) -> Ordering {
    b.score.total_cmp(&a.score).then_with(|| a.path.cmp(b.path)).then_with(|| a.start_line.cmp(&b.start_line))
}

/// Whether most of `text`'s meaningful lines are already among `seen` (the cursor's surroundings
/// and the snippets chosen so far): a copy of the code at the cursor, or a duplicate chunk.
fn repeats(text: &str, seen: &HashSet<&str>) -> bool {
    let (mut all, mut old) = (0, 0);
    for line in meaningful_lines(text) {
        all += 1;
        old += usize::from(seen.contains(line));
    }
    all == 0 || old * 100 >= all * REDUNDANT_PERCENT
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod tests;
