//! Trimming what the model wrote into a suggestion worth showing.
//!
//! A model asked for a continuation rarely stops where a person would: it writes the closing
//! bracket the editor already put after the cursor, carries on into the next function, loops on a
//! line, or writes a paragraph inside a one-line comment. [`postprocess`] cuts the raw text at the
//! first place one of these rules objects, in this order:
//!
//! 1. [`Rule::CommentOrString`]: inside a comment or string at the cursor, one line only (unless
//!    the user asked for more): what the cursor is in bounds everything else, so it goes first.
//! 2. [`Rule::RepeatsSuffix`], by line: a line equal to the next non-blank line after the cursor
//!    ends it, before any other rule judges lines the model only copied.
//! 3. [`Rule::Brackets`]: a closer the completion did not open is dropped when the text after the
//!    cursor already provides it, or when it closes the wrong bracket.
//! 4. [`Rule::LeavesBlock`]: a line indented less than the cursor's block ends it (a line that
//!    closes a bracket rule 3 let through may still dedent).
//! 5. [`Rule::Repeats`], by line: a line equal to the line before it ends it (models loop).
//! 6. [`Rule::MaxLines`]: at most [`Options::max_lines`] lines.
//! 7. [`Rule::RepeatsSuffix`], by text: where what is left ends by repeating the start of the text
//!    after the cursor (`"42;"` before `";"`), that end goes. It looks at where the text ends, so it
//!    runs once the end can no longer move for other reasons.
//! 8. [`Rule::Repeats`], echo: a suggestion whose lines all repeat lines just above the cursor is
//!    the model copying the prefix; judged on what would be shown, so after the cuts above.
//! 9. Trailing whitespace goes (a leading line break stays: the suggestion starts a new line); an
//!    empty result is no suggestion ([`Rule::Empty`] when the model wrote nothing).
//!
//! Rules 1 to 6 decide each cut from the text up to the end of the line it falls in, never from
//! what comes later, so [`should_stop`] can apply them to the finished lines of a partial
//! completion and tell the generator to stop as soon as everything still to come would be thrown
//! away (a test checks that stopping there never changes the suggestion). Rules 7 and 8 look at
//! the whole text and are applied only to the finished completion.
//!
//! The lexer here is approximate on purpose (no JS regex literals or template `${}` nesting, a
//! heuristic for Rust's `'`): it only has to know whether brackets and line starts are code.

use crate::editor::Language;

/// Lines a suggestion may have unless the caller says otherwise: enough for a small block, few
/// enough to read at a glance.
pub const DEFAULT_MAX_LINES: usize = 8;

/// Prefix lines (before the cursor) a suggestion's lines are compared with to spot an echo.
const ECHO_WINDOW: usize = 16;

/// Columns a tab counts for when indentations are compared; only consistency matters.
const TAB_WIDTH: usize = 4;

/// What the caller allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The most lines a suggestion may have. A completion that starts with a line break (the
    /// cursor at a line end) does not count that first, empty line.
    pub max_lines: usize,
    /// The user asked for a multi-line suggestion explicitly, so a comment or a string at the
    /// cursor no longer limits it to one line.
    pub multiline: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_lines: DEFAULT_MAX_LINES, multiline: false }
    }
}

/// Which rule cut a completion: for tests, and for the replay benchmark to count what each rule
/// throws away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Rule 1: one line inside a comment or string.
    CommentOrString,
    /// Rules 2 and 7: the model copying the text after the cursor.
    RepeatsSuffix,
    /// Rule 3: a closer that is already there or closes the wrong bracket.
    Brackets,
    /// Rule 4: a line outside the cursor's block.
    LeavesBlock,
    /// Rules 5 and 8: a looping line, or the model copying the lines above.
    Repeats,
    /// Rule 6: too many lines.
    MaxLines,
    /// The model wrote nothing but whitespace.
    Empty,
}

/// A suggestion to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to insert at the cursor; never empty, no trailing line break.
    pub text: String,
    /// The rule that removed the last text cut off the end, if any (whitespace cuts don't count).
    pub truncated_by: Option<Rule>,
}

/// The cursor's surroundings, analysed once per request so that [`should_stop`], called per
/// generated token, does not lex the whole prefix again.
#[derive(Debug, Clone)]
pub struct CursorContext<'a> {
    prefix: &'a str,
    suffix: &'a str,
    language: Language,
    options: Options,
    /// The lexical state at the cursor.
    lex: Lex,
    /// Brackets the prefix opened and did not close, innermost last.
    open: Vec<char>,
    /// The cursor's line up to the cursor.
    line_before: &'a str,
    /// The first non-blank line after the cursor's line, without trailing whitespace.
    next_line: Option<&'a str>,
    /// The first non-whitespace character after the cursor.
    next_char: Option<char>,
    /// The least indentation (in columns) a completion line may have and stay in the cursor's
    /// block.
    min_indent: usize,
}

impl<'a> CursorContext<'a> {
    /// The context for a cursor between `prefix` and `suffix` (the whole document around it).
    pub fn new(prefix: &'a str, suffix: &'a str, language: Language, options: Options) -> Self {
        let mut open = Vec::new();
        let lex = lex(language, Lex::Code, prefix, |_, c| match_bracket(&mut open, c));
        let line_before = &prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..];
        let next_line = suffix.split('\n').skip(1).map(str::trim_end).find(|l| !l.is_empty());
        let next_char = suffix.chars().find(|c| !c.is_whitespace());
        // After a block opener at the end of the line, the block's lines are indented deeper than
        // the line itself; otherwise they share the line's indentation.
        let opens_block = match line_before.trim_end().chars().next_back() {
            Some('{' | '(' | '[') => true,
            Some(':') => language == Language::Python,
            _ => false,
        };
        let min_indent = indent_width(line_before) + usize::from(opens_block);
        CursorContext {
            prefix,
            suffix,
            language,
            options,
            lex,
            open,
            line_before,
            next_line,
            next_char,
            min_indent,
        }
    }

    /// Whether the cursor is inside a comment or a string literal.
    pub fn in_comment_or_string(&self) -> bool {
        self.lex != Lex::Code
    }

    /// Rule 1: the first line break, when only one line makes sense here.
    fn comment_or_string_cut(&self, text: &str) -> Option<usize> {
        if self.in_comment_or_string() && !self.options.multiline {
            text.find('\n')
        } else {
            None
        }
    }

    /// Whether the cursor's line has nothing but whitespace on either side of the cursor, so that
    /// the completion's first line is a whole line.
    fn on_blank_line(&self) -> bool {
        self.line_before.trim().is_empty()
            && self.suffix.split('\n').next().unwrap_or_default().trim().is_empty()
    }
}

/// Trims `raw` into a suggestion, or says which rule left nothing to show.
pub fn postprocess(raw: &str, ctx: &CursorContext) -> Result<Suggestion, Rule> {
    let text = raw.replace("\r\n", "\n");
    let scan = Scan::new(&text, ctx);
    let mut cut = Cut { text: &text, end: text.len(), by: None };
    cut.monotone(&scan, ctx);
    cut.apply(Rule::RepeatsSuffix, suffix_overlap(&scan, cut.end, ctx));
    cut.apply(Rule::Repeats, echoes_prefix(&text[..cut.end], ctx).then_some(0));
    let kept = &text[..cut.end];
    let trimmed = kept.trim_end();
    if trimmed.trim_start().is_empty() {
        return Err(cut.by.unwrap_or(Rule::Empty));
    }
    let mut out = trimmed.to_string();
    // Spaces before a word right after the cursor separate two tokens ("return ˇx"): keep them.
    if ctx.suffix.starts_with(is_word) {
        let gap = &kept[trimmed.len()..];
        out.push_str(&gap[..gap.find('\n').unwrap_or(gap.len())]);
    }
    Ok(Suggestion { text: out, truncated_by: cut.by })
}

/// Whether the generator can stop: a rule already cuts the completion's finished lines, so every
/// further token would be thrown away.
pub fn should_stop(partial: &str, ctx: &CursorContext) -> bool {
    let text = partial.replace("\r\n", "\n");
    // Only finished lines: a rule's verdict on an unfinished line may change with its next token.
    let finished = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    let scan = Scan::new(finished, ctx);
    let mut cut = Cut { text: finished, end: finished.len(), by: None };
    cut.monotone(&scan, ctx);
    cut.end < finished.len()
}

/// The end of the text kept so far, and the rule that last removed more than whitespace.
struct Cut<'t> {
    text: &'t str,
    end: usize,
    by: Option<Rule>,
}

impl Cut<'_> {
    fn apply(&mut self, rule: Rule, at: Option<usize>) {
        if let Some(at) = at.filter(|&at| at < self.end) {
            if !self.text[at..self.end].trim().is_empty() {
                self.by = Some(rule);
            }
            self.end = at;
        }
    }

    /// Rules 1 to 6: those that decide a position from the text before it.
    fn monotone(&mut self, scan: &Scan, ctx: &CursorContext) {
        self.apply(Rule::CommentOrString, ctx.comment_or_string_cut(scan.text));
        self.apply(Rule::RepeatsSuffix, scan.line_equal_to_next(ctx));
        self.apply(Rule::Brackets, scan.bracket_cut);
        self.apply(Rule::LeavesBlock, scan.dedent(ctx));
        self.apply(Rule::Repeats, scan.repeated_line(ctx));
        self.apply(Rule::MaxLines, scan.max_lines(ctx));
    }
}

/// One line of the completion.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte range in the completion, without the line break.
    start: usize,
    end: usize,
    /// The lexical state at the line's start: only a line that starts in code is judged by its
    /// indentation or its text.
    lex: Lex,
    /// Brackets the completion opened before this line and has not closed.
    depth: usize,
}

/// The completion, lexed once from the cursor's state; every rule reads it.
struct Scan<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// `(byte, depth)`: from `byte` on, the completion has `depth` brackets of its own open.
    depths: Vec<(usize, usize)>,
    /// Rule 3's cut: the first closer that is not the completion's own and is either already
    /// after the cursor or matches no open bracket.
    bracket_cut: Option<usize>,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str, ctx: &CursorContext) -> Self {
        let mut own: Vec<char> = Vec::new();
        let mut outer = ctx.open.clone();
        let mut depths = Vec::new();
        let mut bracket_cut = None;
        let mut lines = Vec::new();
        let mut state = ctx.lex;
        let mut start = 0;
        loop {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            lines.push(Line { start, end, lex: state, depth: own.len() });
            let next = (end + 1).min(text.len());
            state = lex(ctx.language, state, &text[start..next], |i, c| {
                let at = start + i;
                if bracket_cut.is_some() {
                    return;
                }
                if closer_of(c).is_some() {
                    own.push(c);
                } else if let Some(opener) = opener_of(c) {
                    if own.last() == Some(&opener) {
                        own.pop();
                    } else if own.is_empty() && outer.last() == Some(&opener) && ctx.next_char != Some(c) {
                        // Closes a bracket of the prefix that the suffix leaves open.
                        outer.pop();
                        return;
                    } else {
                        bracket_cut = Some(at);
                        return;
                    }
                } else {
                    return;
                }
                depths.push((at + 1, own.len()));
            });
            if end == text.len() {
                break;
            }
            start = end + 1;
        }
        Scan { text, lines, depths, bracket_cut }
    }

    /// The completion's own open brackets just before byte `at`.
    fn depth_at(&self, at: usize) -> usize {
        let i = self.depths.partition_point(|&(byte, _)| byte <= at);
        if i == 0 {
            0
        } else {
            self.depths[i - 1].1
        }
    }

    fn line_text(&self, line: &Line) -> &'t str {
        &self.text[line.start..line.end]
    }

    /// Where cutting before line `i` leaves the text: at the line break that ends line `i - 1`.
    fn before_line(&self, i: usize) -> usize {
        self.lines[i].start.saturating_sub(1)
    }

    /// Lines after the first (which continues the cursor's line), with their index.
    fn whole_lines(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines.iter().enumerate().skip(1)
    }

    /// Rule 2: the first line, in code and outside the completion's own brackets, equal to the
    /// next non-blank line after the cursor's line.
    fn line_equal_to_next(&self, ctx: &CursorContext) -> Option<usize> {
        let next = ctx.next_line?;
        let first_is_whole = ctx.on_blank_line();
        self.lines.iter().enumerate().find_map(|(i, line)| {
            let text = self.line_text(line).trim_end();
            let same = if i == 0 {
                first_is_whole && !text.is_empty() && format!("{}{text}", ctx.line_before) == next
            } else {
                text == next
            };
            (same && line.lex == Lex::Code && line.depth == 0).then(|| self.before_line(i))
        })
    }

    /// Rule 4: the first line indented less than the cursor's block, unless it starts with a
    /// closer (rule 3 already removed closers that the suffix provides).
    fn dedent(&self, ctx: &CursorContext) -> Option<usize> {
        self.whole_lines().find_map(|(i, line)| {
            let text = self.line_text(line);
            let first = text.trim_start().chars().next()?;
            let leaves =
                line.lex == Lex::Code && indent_width(text) < ctx.min_indent && opener_of(first).is_none();
            leaves.then(|| self.before_line(i))
        })
    }

    /// Rule 5: the first non-blank line equal to the line before it (the cursor's line, for the
    /// completion's second line).
    fn repeated_line(&self, ctx: &CursorContext) -> Option<usize> {
        let first = format!("{}{}", ctx.line_before, self.line_text(&self.lines[0]));
        let mut previous = first.trim_end().to_string();
        for (i, line) in self.whole_lines() {
            let text = self.line_text(line).trim_end();
            if !text.trim_start().is_empty() && text == previous {
                return Some(self.before_line(i));
            }
            previous = text.to_string();
        }
        None
    }

    /// Rule 6: the end of the last line allowed, when another line follows it.
    fn max_lines(&self, ctx: &CursorContext) -> Option<usize> {
        // An empty first line is only the line break that starts the suggestion.
        let skip = usize::from(self.lines[0].start == self.lines[0].end && self.lines.len() > 1);
        let last = skip + ctx.options.max_lines.max(1) - 1;
        (last + 1 < self.lines.len()).then(|| self.lines[last].end)
    }
}

/// Rule 7: the first position, outside the completion's own brackets, from which the text kept
/// so far (up to `end`) repeats the start of the suffix, ignoring whitespace.
fn suffix_overlap(scan: &Scan, end: usize, ctx: &CursorContext) -> Option<usize> {
    let first = ctx.next_char?;
    let kept = &scan.text[..end];
    kept.char_indices()
        .find(|&(at, c)| c == first && scan.depth_at(at) == 0 && repeats_suffix(&kept[at..], ctx.suffix))
        .map(|(at, _)| at)
}

/// Whether the non-whitespace characters of `tail` start those of `suffix`, ending between two
/// of its tokens (`e` is not the start of `else`).
fn repeats_suffix(tail: &str, suffix: &str) -> bool {
    let mut theirs = suffix.char_indices().filter(|(_, c)| !c.is_whitespace());
    let mut last: Option<(usize, char)> = None;
    for ours in tail.chars().filter(|c| !c.is_whitespace()) {
        match theirs.next() {
            Some((at, c)) if c == ours => last = Some((at, c)),
            // Past the end of the file: a copy of the suffix would have stopped where it ends.
            _ => return false,
        }
    }
    let Some((at, c)) = last else { return false };
    let after = suffix[at + c.len_utf8()..].chars().next();
    !(is_word(c) && after.is_some_and(is_word))
}

/// Rule 8: whether every non-blank line of `text` (at least two, one with a word in it) is a
/// line from just above the cursor.
fn echoes_prefix(text: &str, ctx: &CursorContext) -> bool {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    // The first line is a whole line only with the cursor's line before it.
    let first = (!first.trim().is_empty()).then(|| format!("{}{first}", ctx.line_before));
    let ours: Vec<String> = first
        .into_iter()
        .chain(lines.map(str::to_string))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if ours.len() < 2 || !ours.iter().any(|l| l.chars().any(char::is_alphanumeric)) {
        return false;
    }
    let above: Vec<&str> = ctx.prefix.rsplit('\n').take(ECHO_WINDOW + 1).map(str::trim).collect();
    ours.iter().all(|l| above.contains(&l.as_str()))
}

/// Indentation in columns.
fn indent_width(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { TAB_WIDTH } else { 1 }).sum()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The closer for an opening bracket.
fn closer_of(c: char) -> Option<char> {
    match c {
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    }
}

/// The opener for a closing bracket.
fn opener_of(c: char) -> Option<char> {
    match c {
        ')' => Some('('),
        ']' => Some('['),
        '}' => Some('{'),
        _ => None,
    }
}

/// Keeps `open` as the stack of unclosed brackets; a closer that does not match the innermost
/// (unbalanced code) is ignored rather than trusted.
fn match_bracket(open: &mut Vec<char>, c: char) {
    if closer_of(c).is_some() {
        open.push(c);
    } else if opener_of(c).is_some() && open.last().copied() == opener_of(c) {
        open.pop();
    }
}

/// Where a lexer is: code, or inside something whose brackets don't count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    LineComment,
    /// Rust block comments nest, so they keep a depth.
    BlockComment(u32),
    Str(Quote),
}

/// How a string literal ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
    Backtick,
    TripleDouble,
    TripleSingle,
    /// Rust's `r#"…"#`, with its number of `#`.
    Raw(usize),
}

impl Quote {
    /// The length of the closing quote at the start of `rest`, if there is one.
    fn closes(self, rest: &str) -> Option<usize> {
        let quote = match self {
            Quote::Double => "\"",
            Quote::Single => "'",
            Quote::Backtick => "`",
            Quote::TripleDouble => "\"\"\"",
            Quote::TripleSingle => "'''",
            Quote::Raw(hashes) => {
                let tail = rest.strip_prefix('"')?;
                let closed = tail.len() >= hashes && tail.bytes().take(hashes).all(|b| b == b'#');
                return closed.then_some(1 + hashes);
            }
        };
        rest.starts_with(quote).then_some(quote.len())
    }

    /// Whether a line break ends the literal (unterminated): Python's and JavaScript's one-line
    /// quotes; Rust strings and the multi-line kinds go on.
    fn ends_at_newline(self, language: Language) -> bool {
        matches!(self, Quote::Double | Quote::Single)
            && matches!(language, Language::Python | Language::JavaScript | Language::TypeScript)
    }
}

/// Walks `text` from `state`, calling `code` with the byte offset of each character outside
/// comments and strings, and returns the state at the end.
fn lex(language: Language, mut state: Lex, text: &str, mut code: impl FnMut(usize, char)) -> Lex {
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let mut len = c.len_utf8();
        match state {
            Lex::Code => match opens(language, text, i) {
                Some((next, n)) => {
                    state = next;
                    len = n;
                }
                None => code(i, c),
            },
            Lex::LineComment => {
                if c == '\n' {
                    state = Lex::Code;
                    code(i, c);
                }
            }
            Lex::BlockComment(depth) => {
                if rest.starts_with("*/") {
                    len = 2;
                    state = if depth > 1 { Lex::BlockComment(depth - 1) } else { Lex::Code };
                } else if language == Language::Rust && rest.starts_with("/*") {
                    len = 2;
                    state = Lex::BlockComment(depth + 1);
                }
            }
            Lex::Str(quote) => {
                if c == '\\' && !matches!(quote, Quote::Raw(_)) {
                    len += rest[1..].chars().next().map_or(0, char::len_utf8);
                } else if let Some(n) = quote.closes(rest) {
                    len = n;
                    state = Lex::Code;
                } else if c == '\n' && quote.ends_at_newline(language) {
                    state = Lex::Code;
                    code(i, c);
                }
            }
        }
        i += len;
    }
    state
}

/// What starts at byte `i` of `text` in code: a comment or a string (the new state and the
/// opener's length), or a Rust character literal (skipped whole, staying in code).
fn opens(language: Language, text: &str, i: usize) -> Option<(Lex, usize)> {
    let rest = &text[i..];
    let c_like = matches!(language, Language::Rust | Language::JavaScript | Language::TypeScript);
    if c_like && rest.starts_with("//") {
        return Some((Lex::LineComment, 2));
    }
    if c_like && rest.starts_with("/*") {
        return Some((Lex::BlockComment(1), 2));
    }
    if language == Language::Python {
        for (triple, quote) in [("\"\"\"", Quote::TripleDouble), ("'''", Quote::TripleSingle)] {
            if rest.starts_with(triple) {
                return Some((Lex::Str(quote), 3));
            }
        }
    }
    let script = matches!(language, Language::JavaScript | Language::TypeScript);
    let quote = match (language, rest.chars().next()?) {
        (Language::Python, '#') => return Some((Lex::LineComment, 1)),
        (Language::Rust, 'r') => return raw_string(text, i),
        (Language::Rust, '\'') => return char_literal(rest).map(|n| (Lex::Code, n)),
        (Language::Plain, _) => return None,
        (_, '"') => Quote::Double,
        (_, '\'') => Quote::Single,
        (_, '`') if script => Quote::Backtick,
        _ => return None,
    };
    Some((Lex::Str(quote), 1))
}

/// Rust's `r"…"` / `r#"…"#` (also after `b`) at byte `i`, when the `r` starts a token.
fn raw_string(text: &str, i: usize) -> Option<(Lex, usize)> {
    let mut before = text[..i].chars().rev();
    let starts_token = match before.next() {
        None => true,
        Some('b') => !before.next().is_some_and(is_word),
        Some(c) => !is_word(c),
    };
    let rest = &text[i + 1..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    (starts_token && rest[hashes..].starts_with('"')).then_some((Lex::Str(Quote::Raw(hashes)), 2 + hashes))
}

/// The length of a Rust character literal at the start of `rest` (`'a'`, `'\n'`, `'\u{1F980}'`),
/// or `None` for a lifetime or label (`'a`), which is code.
fn char_literal(rest: &str) -> Option<usize> {
    let body = &rest[1..];
    if let Some(escape) = body.strip_prefix('\\') {
        // Past the escaped character (it may be a quote); the longest escape is `\u{10FFFF}`.
        let skip = 1 + escape.chars().next()?.len_utf8();
        let close = skip + body[skip..].find(['\'', '\n'])?;
        return (body[close..].starts_with('\'') && close <= 10).then_some(close + 2);
    }
    let c = body.chars().next()?;
    body[c.len_utf8()..].starts_with('\'').then_some(c.len_utf8() + 2)
}

#[cfg(test)]
#[path = "postprocess_tests.rs"]
mod tests;
