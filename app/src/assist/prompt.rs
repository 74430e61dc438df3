//! The prompt for an inline completion, per model family: fill-in-the-middle (FIM) for models trained
//! with FIM markers, prefix continuation for the rest.
//!
//! Layout rule: everything that does not depend on the cursor (the repository name, snippets from
//! other files, the current file's path, the opening marker) comes first, so that between keystrokes
//! the worker keeps the KV cache of that part ([`BuiltPrompt::stable_len`]) and prefills only the
//! text near the cursor.
//!
//! Markers are spelled exactly as the model's vocabulary spells them: the engine's tokenizer turns a
//! special token's text into its id wherever it appears (llama.cpp's `parse_special`), which is also
//! why the same text inside the user's code is broken up before it goes in ([`defang`]).

use std::borrow::Cow;

use crate::editor::Language;

/// Share of the room left after the template that the text around the cursor claims before any
/// snippet: nearby code predicts the next tokens best, but long files still leave a quarter for
/// other files (Continue and llama.cpp's `/infill` also give the cursor region the larger part).
const CURSOR_SHARE_PERCENT: usize = 75;

/// Share of the cursor region the suffix gets when the prefix could use all of it: the prefix
/// matters more for what comes next (llama.cpp's `/infill` splits them 3:1).
const SUFFIX_SHARE_PERCENT: usize = 25;

/// Bytes per token assumed when a single line must be cut: it only bounds the search, so a line
/// longer than this many bytes per token of room is first cut to that length without counting.
const MAX_BYTES_PER_TOKEN: usize = 32;

/// Zero-width space, put inside a marker's text found in user code so it stays plain text.
const MARKER_BREAK: char = '\u{200B}';

/// A piece of another file (or of a far part of this one) shown to the model as context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Workspace-relative path: models trained on repositories tell files apart by it.
    pub path: String,
    /// Whole lines, as the file has them.
    pub text: String,
}

/// The editor's state at the cursor, as plain text: all a prompt is built from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PromptInput {
    /// The workspace's name, for models trained with one (`<|repo_name|>`); empty leaves it out.
    pub repo: String,
    /// Workspace-relative path of the file being edited.
    pub path: String,
    /// Picks the comment syntax of the path header for models without file markers.
    pub language: Language,
    /// The file's text before the cursor.
    pub prefix: String,
    /// The file's text after the cursor (only FIM prompts contain it).
    pub suffix: String,
    /// Context from other files, best first: when the budget is short the last ones go first.
    pub snippets: Vec<Snippet>,
}

/// How a model family wants its FIM prompt laid out, beyond its markers' spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FimFamily {
    /// `<|fim_prefix|>`…: Qwen2.5-Coder; files as `<|file_sep|>path\n` before `<|fim_prefix|>`
    /// (Qwen2.5-Coder report, fig. 4). CodeGemma spells its FIM markers the same.
    QwenCoder,
    /// `<fim_prefix>`…: StarCoder; StarCoder2 puts the file's path inside the prefix,
    /// `<file_sep><fim_prefix>path\n` (StarCoder2 paper, section 5.1).
    StarCoder,
    /// `<｜fim▁begin｜>prefix<｜fim▁hole｜>suffix<｜fim▁end｜>` (DeepSeek-Coder README).
    DeepSeekCoder,
    /// `<PRE> prefix <SUF>suffix <MID>`: the spaces are SentencePiece's, so a vocabulary that spells
    /// the markers `▁<SUF>` already carries them (Meta's `infilling_prompt_tokens`).
    CodeLlama,
    /// Markers named by GGUF metadata that no family here spells: laid out like llama.cpp's
    /// `/infill` (`format_infill`).
    Other,
}

/// A FIM model's markers, spelled as its vocabulary spells them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FimTemplate {
    /// Decides the layout around the markers.
    pub family: FimFamily,
    /// Opens the prompt's prefix part (PSM order: prefix, suffix, then the middle to generate).
    pub prefix: String,
    /// Opens the suffix part.
    pub suffix: String,
    /// Ends the prompt: the model writes the middle after it.
    pub middle: String,
    /// Starts a file in a repository-level prompt, followed by its path; without it other files go
    /// in as comments.
    pub file_sep: Option<String>,
    /// Starts a repository-level prompt, followed by the repository's name.
    pub repo_name: Option<String>,
    /// Further texts the model writes when it is done (end of text, padding), besides the markers.
    pub stops: Vec<String>,
}

/// How prompts are built for the loaded model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFormat {
    /// Fill-in-the-middle with the model's own markers.
    Fim(FimTemplate),
    /// Prefix continuation, for models without FIM markers (the default SmolLM2-135M-Instruct):
    /// context and prefix only; the post-processor uses the suffix to decide where to stop.
    Continue,
}

/// The FIM markers' ids a GGUF file declares, which win over spotting markers by their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FimTokenIds {
    /// `tokenizer.ggml.fim_pre_token_id` (or the older `prefix_token_id`).
    pub pre: Option<u32>,
    /// `tokenizer.ggml.fim_suf_token_id` (or `suffix_token_id`).
    pub suf: Option<u32>,
    /// `tokenizer.ggml.fim_mid_token_id` (or `middle_token_id`).
    pub mid: Option<u32>,
    /// `tokenizer.ggml.fim_pad_token_id`: written when the model has nothing more to fill in.
    pub pad: Option<u32>,
    /// `tokenizer.ggml.fim_rep_token_id`: the repository-name marker.
    pub rep: Option<u32>,
    /// `tokenizer.ggml.fim_sep_token_id`: the file-separator marker.
    pub sep: Option<u32>,
}

/// A prompt ready to tokenize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltPrompt {
    /// Markers included as text: the worker tokenizes it with special tokens parsed.
    pub text: String,
    /// Bytes at the start of `text` that do not depend on the cursor region: the worker reuses their
    /// KV cache when the next prompt starts with the same bytes (comparing token ids all the same:
    /// where this part ends in text rather than a marker, a tokenizer may merge across the end).
    pub stable_len: usize,
    pub parts: PromptParts,
}

/// Where the budget went, for the debug panel and the latency report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PromptParts {
    /// Tokens of the format's own text (markers, path headers), snippets excluded.
    pub template_tokens: usize,
    /// Snippets in the prompt: the first ones of [`PromptInput::snippets`].
    pub snippets_used: usize,
    /// Snippets left out for the budget: the last ones.
    pub snippets_dropped: usize,
    pub snippet_tokens: usize,
    /// Byte offset in [`PromptInput::prefix`] where the part in the prompt begins.
    pub prefix_start: usize,
    /// Tokens of the prefix part (summed line by line, so a token or two off the exact count).
    pub prefix_tokens: usize,
    /// Bytes of [`PromptInput::suffix`] in the prompt, from its start.
    pub suffix_end: usize,
    pub suffix_tokens: usize,
    /// The whole prompt's tokens, counted exactly.
    pub total_tokens: usize,
}

/// The families we know by their markers' text, in detection order.
struct Known {
    family: FimFamily,
    prefix: &'static str,
    suffix: &'static str,
    middle: &'static str,
    file_sep: Option<&'static str>,
    repo_name: Option<&'static str>,
    /// Kept only when the vocabulary has them.
    stops: &'static [&'static str],
}

const KNOWN: [Known; 5] = [
    // Qwen2.5-Coder README and tokenizer_config.json; `<|file_separator|>` is CodeGemma's.
    Known {
        family: FimFamily::QwenCoder,
        prefix: "<|fim_prefix|>",
        suffix: "<|fim_suffix|>",
        middle: "<|fim_middle|>",
        file_sep: Some("<|file_sep|>"),
        repo_name: Some("<|repo_name|>"),
        stops: &["<|endoftext|>", "<|fim_pad|>", "<|im_start|>", "<|im_end|>", "<|file_separator|>"],
    },
    // StarCoder(2) tokenizer; StarCoder 1 has no `<file_sep>` and gets comment headers.
    Known {
        family: FimFamily::StarCoder,
        prefix: "<fim_prefix>",
        suffix: "<fim_suffix>",
        middle: "<fim_middle>",
        file_sep: Some("<file_sep>"),
        repo_name: Some("<repo_name>"),
        stops: &["<|endoftext|>", "<fim_pad>"],
    },
    Known {
        family: FimFamily::DeepSeekCoder,
        prefix: "<｜fim▁begin｜>",
        suffix: "<｜fim▁hole｜>",
        middle: "<｜fim▁end｜>",
        file_sep: None,
        repo_name: None,
        stops: &["<｜end▁of▁sentence｜>", "<|EOT|>"],
    },
    // CodeLlama's HF tokenizer spells its markers with SentencePiece's space (llama.cpp's vocab
    // loader looks for both spellings).
    Known {
        family: FimFamily::CodeLlama,
        prefix: "▁<PRE>",
        suffix: "▁<SUF>",
        middle: "▁<MID>",
        file_sep: None,
        repo_name: None,
        stops: &["▁<EOT>", "<EOT>", "</s>"],
    },
    Known {
        family: FimFamily::CodeLlama,
        prefix: "<PRE>",
        suffix: "<SUF>",
        middle: "<MID>",
        file_sep: None,
        repo_name: None,
        stops: &["<EOT>", "</s>"],
    },
];

/// Where a prefix-continuation model may stop: the chat and end markers of small instruct models.
const CONTINUE_STOPS: [&str; 3] = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

impl FimTokenIds {
    /// Reads the ids from GGUF metadata (`get` returns a key's unsigned integer): the
    /// `tokenizer.ggml.fim_*_token_id` keys, falling back to the older `prefix/suffix/middle` ones.
    pub fn from_metadata(get: impl Fn(&str) -> Option<u64>) -> FimTokenIds {
        let id = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| get(&format!("tokenizer.ggml.{k}_token_id")))
                .and_then(|v| u32::try_from(v).ok())
        };
        FimTokenIds {
            pre: id(&["fim_pre", "prefix"]),
            suf: id(&["fim_suf", "suffix"]),
            mid: id(&["fim_mid", "middle"]),
            pad: id(&["fim_pad"]),
            rep: id(&["fim_rep"]),
            sep: id(&["fim_sep"]),
        }
    }
}

impl PromptFormat {
    /// The format for a vocabulary, by which markers it has (`has_token` answers for a token's exact
    /// text); [`PromptFormat::Continue`] when it has no complete set.
    pub fn detect(has_token: impl Fn(&str) -> bool) -> PromptFormat {
        let Some(k) =
            KNOWN.iter().find(|k| has_token(k.prefix) && has_token(k.suffix) && has_token(k.middle))
        else {
            return PromptFormat::Continue;
        };
        PromptFormat::Fim(FimTemplate {
            family: k.family,
            prefix: k.prefix.into(),
            suffix: k.suffix.into(),
            middle: k.middle.into(),
            file_sep: k.file_sep.filter(|t| has_token(t)).map(Into::into),
            repo_name: k.repo_name.filter(|t| has_token(t)).map(Into::into),
            stops: present(k.stops, &has_token),
        })
    }

    /// Like [`PromptFormat::detect`], but markers the GGUF file names by id come first: a file can
    /// declare FIM markers no family here spells, and ids settle which of two spellings is meant.
    pub fn detect_with_ids(
        ids: &FimTokenIds,
        token_text: impl Fn(u32) -> String,
        has_token: impl Fn(&str) -> bool,
    ) -> PromptFormat {
        let text = |id: Option<u32>| id.map(&token_text).filter(|t| !t.is_empty());
        let (Some(prefix), Some(suffix), Some(middle)) = (text(ids.pre), text(ids.suf), text(ids.mid)) else {
            return PromptFormat::detect(has_token);
        };
        let known = KNOWN.iter().find(|k| k.prefix == prefix);
        let from_known = |pick: fn(&Known) -> Option<&'static str>| {
            known.and_then(pick).filter(|t| has_token(t)).map(String::from)
        };
        let mut stops: Vec<String> = known.map(|k| present(k.stops, &has_token)).unwrap_or_default();
        if let Some(pad) = text(ids.pad).filter(|p| !stops.contains(p)) {
            stops.push(pad);
        }
        PromptFormat::Fim(FimTemplate {
            family: known.map_or(FimFamily::Other, |k| k.family),
            prefix,
            suffix,
            middle,
            file_sep: text(ids.sep).or_else(|| from_known(|k| k.file_sep)),
            repo_name: text(ids.rep).or_else(|| from_known(|k| k.repo_name)),
            stops,
        })
    }

    /// Texts that end a completion when the model writes them: the format's markers (a model that
    /// writes one is starting another example) and its end-of-text markers. The worker checks the
    /// decoded text for them; they are also what [`build_prompt`] breaks up in user code.
    pub fn stops(&self) -> Vec<String> {
        match self {
            PromptFormat::Continue => CONTINUE_STOPS.iter().map(|s| s.to_string()).collect(),
            PromptFormat::Fim(t) => {
                let markers = [Some(&t.prefix), Some(&t.suffix), Some(&t.middle)];
                let mut out: Vec<String> = markers
                    .into_iter()
                    .chain([t.file_sep.as_ref(), t.repo_name.as_ref()])
                    .flatten()
                    .cloned()
                    .collect();
                for s in &t.stops {
                    if !out.contains(s) {
                        out.push(s.clone());
                    }
                }
                out
            }
        }
    }
}

fn present(texts: &[&str], has_token: &impl Fn(&str) -> bool) -> Vec<String> {
    texts.iter().filter(|t| has_token(t)).map(|t| t.to_string()).collect()
}

/// A line naming a file, as a comment in that file's language, for models without file markers
/// (the "Path:" header Copilot and Continue put above snippets).
fn path_comment(language: Language, path: &str) -> String {
    let lead = match language {
        Language::Rust | Language::JavaScript | Language::TypeScript => "//",
        // Most plain-text files in a code base (TOML, YAML, shell, Makefile) comment with `#`.
        Language::Python | Language::Plain => "#",
    };
    format!("{lead} Path: {path}\n")
}

/// A path as one line of prompt text.
fn clean_path(path: &str) -> Cow<'_, str> {
    if path.contains(['\n', '\r']) {
        Cow::Owned(path.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(path)
    }
}

/// Breaks up any marker's text inside user text with a zero-width space, so that code that
/// mentions a marker (a prompt builder, say) reaches the model as text rather than as the marker.
pub fn defang<'t>(text: &'t str, markers: &[String]) -> Cow<'t, str> {
    let mut out = Cow::Borrowed(text);
    for m in markers {
        if m.is_empty() || !out.contains(m.as_str()) {
            continue;
        }
        let split = m.chars().next().map_or(0, char::len_utf8);
        let broken = format!("{}{MARKER_BREAK}{}", &m[..split], &m[split..]);
        out = Cow::Owned(out.replace(m.as_str(), &broken));
    }
    out
}

/// The fixed text of one format's prompt around its variable parts.
struct Frame {
    /// Before the snippets: the repository name, or the opening marker when snippets go inside the
    /// prefix.
    open: String,
    /// After the snippets, right before the prefix: the current file's header.
    header: String,
    /// Between prefix and suffix.
    between: String,
    /// After the suffix.
    close: String,
    /// Whether the suffix goes in (FIM) or only guides the post-processor (continuation).
    with_suffix: bool,
    /// Files start with this marker and their path; `None`: with a path comment.
    file_sep: Option<String>,
}

impl Frame {
    fn new(format: &PromptFormat, req: &PromptInput, markers: &[String]) -> Frame {
        let path = defang(&clean_path(&req.path), markers).into_owned();
        let t = match format {
            PromptFormat::Continue => {
                return Frame {
                    open: String::new(),
                    header: path_comment(req.language, &path),
                    between: String::new(),
                    close: String::new(),
                    with_suffix: false,
                    file_sep: None,
                }
            }
            PromptFormat::Fim(t) => t,
        };
        // CodeLlama's spaces belong to SentencePiece: a `▁`-spelled marker already has its own.
        let space = |marker: &str| if marker.starts_with('▁') { "" } else { " " };
        let (between, close) = match t.family {
            FimFamily::CodeLlama => {
                (format!("{}{}", space(&t.suffix), t.suffix), format!("{}{}", space(&t.middle), t.middle))
            }
            _ => (t.suffix.clone(), t.middle.clone()),
        };
        let repo = |end: &str| match &t.repo_name {
            Some(marker) if !req.repo.is_empty() => {
                format!("{marker}{}{end}", defang(&clean_path(&req.repo), markers))
            }
            _ => String::new(),
        };
        let (open, header) = match (&t.file_sep, t.family) {
            // `<repo_name>name<file_sep>path\ncode…<file_sep><fim_prefix>path\nprefix`.
            (Some(sep), FimFamily::StarCoder) => (repo(""), format!("{sep}{}{path}\n", t.prefix)),
            // `<|repo_name|>name\n<|file_sep|>path\ncode…<|file_sep|>path\n<|fim_prefix|>prefix`.
            (Some(sep), _) => (repo("\n"), format!("{sep}{path}\n{}", t.prefix)),
            // Meta's reference encodes the prefix with SentencePiece's leading space.
            (None, FimFamily::CodeLlama) => (format!("{} ", t.prefix), path_comment(req.language, &path)),
            (None, _) => (t.prefix.clone(), path_comment(req.language, &path)),
        };
        Frame { open, header, between, close, with_suffix: true, file_sep: t.file_sep.clone() }
    }

    /// One snippet as prompt text.
    fn snippet(&self, s: &Snippet, markers: &[String]) -> String {
        let path = clean_path(&s.path);
        let path = defang(&path, markers);
        let text = defang(&s.text, markers);
        let newline = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
        match &self.file_sep {
            Some(sep) => format!("{sep}{path}\n{text}{newline}"),
            // A blank line after each, so the next header does not read as the snippet's last line.
            None => format!("{}{text}{newline}\n", path_comment(Language::from_path(&path), &path)),
        }
    }
}

/// Token counts of whole lines, outward from the cursor, until they exceed `room` (the last one may
/// overflow): `(bytes, tokens)` per line.
fn line_counts<'a>(
    lines: impl Iterator<Item = &'a str>,
    count_tokens: &dyn Fn(&str) -> usize,
    room: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut sum = 0;
    for line in lines {
        let t = count_tokens(line);
        out.push((line.len(), t));
        sum += t;
        if sum > room {
            break;
        }
    }
    out
}

/// How many of `counts` fit in `room`, taken in order, and their bytes and tokens.
fn take_lines(counts: &[(usize, usize)], room: usize) -> (usize, usize, usize) {
    let (mut n, mut bytes, mut tokens) = (0, 0, 0);
    for &(b, t) in counts {
        if tokens + t > room {
            break;
        }
        n += 1;
        bytes += b;
        tokens += t;
    }
    (n, bytes, tokens)
}

/// `percent` of `n`, rounded down, without overflowing for any budget.
fn share(n: usize, percent: usize) -> usize {
    (n as u128 * percent as u128 / 100) as usize
}

/// The byte offset in `line` where its longest tail within `room` tokens starts (`line.len()` if
/// none fits).
fn tail_start(line: &str, room: usize, count_tokens: &dyn Fn(&str) -> usize) -> usize {
    let mut lo = line.len().saturating_sub(room.saturating_mul(MAX_BYTES_PER_TOKEN));
    while !line.is_char_boundary(lo) {
        lo += 1;
    }
    // Invariant: the tail from `hi` fits; find the smallest such start at or after `lo`.
    let mut hi = line.len();
    let starts: Vec<usize> = line[lo..].char_indices().map(|(i, _)| lo + i).collect();
    let (mut a, mut b) = (0, starts.len());
    while a < b {
        let m = (a + b) / 2;
        if count_tokens(&line[starts[m]..]) <= room {
            hi = starts[m];
            b = m;
        } else {
            a = m + 1;
        }
    }
    hi
}

/// The byte length of `line`'s longest head within `room` tokens.
fn head_end(line: &str, room: usize, count_tokens: &dyn Fn(&str) -> usize) -> usize {
    let mut hi = line.len().min(room.saturating_mul(MAX_BYTES_PER_TOKEN));
    while !line.is_char_boundary(hi) {
        hi -= 1;
    }
    let ends: Vec<usize> = line[..hi].char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let (mut a, mut b, mut best) = (0, ends.len(), 0);
    while a < b {
        let m = (a + b) / 2;
        if count_tokens(&line[..ends[m]]) <= room {
            best = ends[m];
            a = m + 1;
        } else {
            b = m;
        }
    }
    best
}

/// Builds the prompt for `req` within `budget_tokens` (the context left after the tokens to
/// generate). `count_tokens` is the model's tokenizer without BOS: it is asked about single lines,
/// and a BOS in each answer would waste a token per line.
///
/// The cursor region comes first: the prefix's last lines and the suffix's first lines get up to
/// three quarters of the room; snippets fill what is left, best first, each whole or not at all;
/// then the cursor region takes the rest, the suffix at most a quarter of it unless the prefix is
/// short. The prefix loses whole lines from the top and the suffix from the
/// bottom; a single line too long for the room is cut at a character.
pub fn build_prompt(
    req: &PromptInput,
    format: &PromptFormat,
    count_tokens: &dyn Fn(&str) -> usize,
    budget_tokens: usize,
) -> BuiltPrompt {
    let markers = format.stops();
    let frame = Frame::new(format, req, &markers);
    let template_tokens: usize =
        [&frame.open, &frame.header, &frame.between, &frame.close].iter().map(|s| count_tokens(s)).sum();
    let room = budget_tokens.saturating_sub(template_tokens);
    // User text is counted as it will go in: a broken-up marker costs more than the marker.
    let count_user = |s: &str| count_tokens(&defang(s, &markers));
    let count_user: &dyn Fn(&str) -> usize = &count_user;

    let suffix = if frame.with_suffix { req.suffix.as_str() } else { "" };
    let prefix_counts = line_counts(req.prefix.split_inclusive('\n').rev(), count_user, room);
    let suffix_counts = line_counts(suffix.split_inclusive('\n'), count_user, room);
    let prefix_want: usize = prefix_counts.iter().map(|c| c.1).sum();
    let suffix_want: usize = suffix_counts.iter().map(|c| c.1).sum();
    // Once the file outgrows the cursor's share this no longer moves as the user types, so neither
    // does the choice of snippets, and the stable part stays cached.
    let cursor_reserve = (prefix_want + suffix_want).min(share(room, CURSOR_SHARE_PERCENT));

    // Snippets come best first; the first that does not fit ends the list, so the lowest go first.
    let snippet_room = room - cursor_reserve;
    let (mut snippets_text, mut snippet_tokens, mut snippets_used) = (String::new(), 0, 0);
    for s in &req.snippets {
        let text = frame.snippet(s, &markers);
        let t = count_tokens(&text);
        if snippet_tokens + t > snippet_room {
            break;
        }
        snippets_text.push_str(&text);
        snippet_tokens += t;
        snippets_used += 1;
    }

    let cursor_room = room - snippet_tokens;
    let suffix_room = share(cursor_room, SUFFIX_SHARE_PERCENT).max(cursor_room.saturating_sub(prefix_want));
    let (suffix_lines, mut suffix_end, mut suffix_tokens) = take_lines(&suffix_counts, suffix_room);
    if suffix_lines == 0 && !suffix.is_empty() && suffix_room > 0 {
        let first = suffix.split_inclusive('\n').next().unwrap_or("");
        suffix_end = head_end(first, suffix_room, count_user);
        suffix_tokens = count_user(&suffix[..suffix_end]);
    }
    let prefix_room = cursor_room.saturating_sub(suffix_tokens);
    let (prefix_lines, prefix_bytes, mut prefix_tokens) = take_lines(&prefix_counts, prefix_room);
    let mut prefix_start = req.prefix.len() - prefix_bytes;
    if prefix_lines == 0 && !req.prefix.is_empty() && prefix_room > 0 {
        let last = req.prefix.split_inclusive('\n').next_back().unwrap_or("");
        let line_start = req.prefix.len() - last.len();
        prefix_start = line_start + tail_start(last, prefix_room, count_user);
        prefix_tokens = count_user(&req.prefix[prefix_start..]);
    }

    let stable = [frame.open.as_str(), &snippets_text, &frame.header].concat();
    let assemble = |prefix_start: usize, suffix_end: usize| {
        let prefix = defang(&req.prefix[prefix_start..], &markers);
        let suffix = defang(&suffix[..suffix_end], &markers);
        [stable.as_str(), &prefix, &frame.between, &suffix, &frame.close].concat()
    };
    let mut text = assemble(prefix_start, suffix_end);
    let mut total_tokens = count_tokens(&text);
    // Lines counted one by one can undercount where a tokenizer merges across a line break: drop
    // a line at a time, the prefix's top while it has more than the cursor's line, then the
    // suffix's bottom, until the whole fits.
    let trimmed = total_tokens > budget_tokens;
    while total_tokens > budget_tokens {
        if let Some(i) = req.prefix[prefix_start..].find('\n') {
            prefix_start += i + 1;
        } else if suffix_end > 0 {
            let kept = &suffix[..suffix_end];
            suffix_end = kept.strip_suffix('\n').unwrap_or(kept).rfind('\n').map_or(0, |i| i + 1);
        } else if prefix_start < req.prefix.len() {
            prefix_start = req.prefix.len();
        } else {
            break;
        }
        text = assemble(prefix_start, suffix_end);
        total_tokens = count_tokens(&text);
    }
    if trimmed {
        prefix_tokens = count_user(&req.prefix[prefix_start..]);
        suffix_tokens = count_user(&suffix[..suffix_end]);
    }

    BuiltPrompt {
        text,
        stable_len: stable.len(),
        parts: PromptParts {
            template_tokens,
            snippets_used,
            snippets_dropped: req.snippets.len() - snippets_used,
            snippet_tokens,
            prefix_start,
            prefix_tokens,
            suffix_end,
            suffix_tokens,
            total_tokens,
        },
    }
}

#[cfg(test)]
#[path = "prompt_tests.rs"]
mod tests;
