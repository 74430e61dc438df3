//! The tiered risk rules: where a reviewer must look hard, and why, in one sentence each.
//!
//! This module owns the rule-based part of a hunk's risk: removed error handling, new `unsafe`
//! and panics, changed bounds, security-sensitive code, injection, concurrency, deleted or weakened
//! tests, and churn. It does not diff files, find symbols or score surprisal: the caller hands it
//! one hunk's lines, the language and whether the hunk sits in test code.
//!
//! How a change is read, so that refactors stay quiet: lines that reappear on the other side of
//! the hunk (moved, re-indented) are set aside; the code tokens that remain are diffed token by
//! token (comments and prose dropped by the lexer), so a rewrapped call is unchanged and a renamed
//! name is a rename. A rule fires only on tokens that changed, and only net: an `.unwrap()`
//! removed on one line and added on another is not new, a guard rewritten as `ensure!` is not
//! removed. Precision counts as much as recall; a rule that fires on renames or formatting costs
//! the reviewer's trust in every other finding.
//!
//! Where a rule fires follows what reviewers labelled in `tests/cases`: concurrency where threads
//! or tasks start and where global or shared state appears, not at every `Mutex` field or `lock()`;
//! security at specific patterns (credentials, weak hashes, cookie flags, CORS, unverified tokens)
//! and at edits or deletions of existing checks, not at new authentication code; disabled
//! verification (TLS, JWT) and `exec` are unsafe as well as security or injection.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use imara_diff::{Algorithm, Diff, InternedInput};

use crate::hunk::{Risk, Rule, Side, Tier};
use crate::lang::{Language, Role};
use crate::lex::{lex, Token, TokenKind};

/// What the rules see of one hunk.
pub struct HunkView<'a> {
    pub lang: Language,
    pub path: &'a str,
    pub removed: &'a [&'a str],
    pub added: &'a [&'a str],
    /// The hunk sits in test code (test module/function/file): panics and unwraps there are fine.
    pub in_test: bool,
}

/// A hunk with more changed lines than this (removed plus added) is read as new code.
pub const LARGE_HUNK_LINES: usize = 80;
/// A file with this many non-trivial hunks is too scattered to review hunk by hunk.
pub const SCATTERED_HUNKS: usize = 8;
/// A hunk that removes and adds at least this many lines each...
pub const REWRITE_MIN_SIDE: usize = 15;
/// ...and changes this many in all rewrites the code it touches (labelled rewrites of 51 and 65
/// lines replaced 16 to 19 lines; new 50-line modules were not churn).
pub const REWRITE_LINES: usize = 50;
/// Hunks smaller than this don't count towards scattering: a one-line edit (2 changed lines)
/// repeated through a file is a rename, which is mechanical, not churn.
pub const SCATTERED_MIN_LINES: usize = 4;
/// Findings of one rule in one hunk past this many are dropped: the badge is the same and the list
/// stays readable.
const MAX_PER_RULE: usize = 5;
/// How much code a reason quotes.
const QUOTE_CHARS: usize = 60;
/// A diff region larger than this (tokens per side) is a rewrite, not a changed bound.
const BOUNDARY_MAX_TOKENS: usize = 6;
/// The share of a line's tokens that must survive for an operator change on it to be an edit of
/// that line rather than a new line that happens to contain `<`.
const BOUNDARY_MIN_SIMILARITY: f32 = 0.5;

/// Every rule's findings for one hunk, highest tier first, at most one Risk per (rule, line).
pub fn hunk_risks(view: &HunkView) -> Vec<Risk> {
    let role = Role::from_path(view.path);
    let mut out = Findings::default();
    match (view.lang, role) {
        (_, Role::Docs | Role::Generated) => {}
        (Language::Other, Role::Config | Role::Code) => config_rules(view, &mut out),
        (Language::Other, _) => {}
        _ => {
            let in_test = view.in_test || role == Role::Test;
            let rem_src = view.removed.join("\n");
            let add_src = view.added.join("\n");
            let mut rem = Code::new(view.lang, Side::Removed, &rem_src, view.removed, in_test);
            let mut add = Code::new(view.lang, Side::Added, &add_src, view.added, in_test);
            let regions = align(&mut rem, &mut add);
            let change = Change { rem, add, regions, auth_path: is_auth_path(view.path) };
            if !in_test {
                error_handling(&change, &mut out);
                unsafe_code(&change, &mut out);
                net_new(&change, &mut out, panic_hits);
                boundary(&change, &mut out);
                security(&change, &mut out);
                injection(&change, &mut out);
                concurrency(&change, &mut out);
            }
            deleted_tests(&change, &mut out);
        }
    }
    out.finish()
}

/// File-level churn: given the hunks of one file (changed line counts) flag the ones that make the
/// file unreviewable: a hunk over [`LARGE_HUNK_LINES`], and, when the file has at least
/// [`SCATTERED_HUNKS`] hunks of [`SCATTERED_MIN_LINES`] or more, the first of those (one flag per
/// file is enough to say "read it whole"). Sizes are all it sees, so a new file counts like a
/// rewrite; [`churn_risks_by_side`] tells them apart.
pub fn churn_risks(hunk_sizes: &[usize]) -> Vec<Option<Risk>> {
    churn(hunk_sizes.iter().map(|&n| (n, false)))
}

/// [`churn_risks`] given each hunk's removed and added line counts, which also flags rewrites: a
/// hunk that replaces at least [`REWRITE_MIN_SIDE`] lines with at least as many, [`REWRITE_LINES`]
/// or more in all. Whole new code (a new module's one hunk) is read as new anyway and is not churn.
pub fn churn_risks_by_side(hunks: &[(usize, usize)]) -> Vec<Option<Risk>> {
    churn(hunks.iter().map(|&(removed, added)| {
        let rewrite = removed.min(added) >= REWRITE_MIN_SIDE && removed + added >= REWRITE_LINES;
        (removed + added, rewrite)
    }))
}

fn churn(hunks: impl Iterator<Item = (usize, bool)> + Clone) -> Vec<Option<Risk>> {
    let scattered = hunks.clone().filter(|&(n, _)| n >= SCATTERED_MIN_LINES).count();
    let flag_at = (scattered >= SCATTERED_HUNKS)
        .then(|| hunks.clone().position(|(n, _)| n >= SCATTERED_MIN_LINES))
        .flatten();
    let risk =
        |reason: String| Risk { rule: Rule::Churn, tier: Tier::Low, reason, side: Side::Added, line: 0 };
    hunks
        .enumerate()
        .map(|(k, (n, rewrite))| {
            if n > LARGE_HUNK_LINES {
                Some(risk(format!("Changes {n} lines in one hunk: review it as new code")))
            } else if rewrite {
                Some(risk(format!("Rewrites {n} lines in one hunk: review it as new code")))
            } else if flag_at == Some(k) {
                Some(risk(format!(
                    "Changes this file in {scattered} separate places: read the whole file, not hunk by hunk"
                )))
            } else {
                None
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the hunk

/// The code of one side of a hunk: its tokens without comments, by line, and which of them the
/// other side does not have.
struct Code<'a> {
    side: Side,
    lang: Language,
    /// The side's lines joined by `\n`; token offsets point into it.
    src: &'a str,
    toks: Vec<Token<'a>>,
    /// Per line, its tokens in `toks`.
    lines: Vec<Range<usize>>,
    /// Per token: not on the other side (after moved lines and the token diff).
    changed: Vec<bool>,
    /// Per token: changed only as a renamed identifier or an edited string literal.
    renamed: Vec<bool>,
    /// Per token: changed where the other side changed too (a replacement, not an insertion).
    replaced: Vec<bool>,
    /// Per line: a `use`/`import`/`require` line.
    import: Vec<bool>,
    /// The first line that is test code (`u32::MAX`: none).
    test_from: u32,
    /// Per line, [`Code::code_line`].
    quotes: OnceCell<Vec<String>>,
    /// Per token, [`Code::words`].
    words: OnceCell<Vec<Vec<String>>>,
}

/// One place where the token diff found the sides differ: token indices on each side, and for an
/// empty side the unchanged token next to the change.
struct Region {
    r: Vec<usize>,
    a: Vec<usize>,
    r_anchor: Option<usize>,
    a_anchor: Option<usize>,
}

/// Both sides of one hunk, read and aligned.
struct Change<'a> {
    rem: Code<'a>,
    add: Code<'a>,
    regions: Vec<Region>,
    /// The file is about authentication (`auth/`, `login.py`, `session.rs`...).
    auth_path: bool,
}

impl<'a> Code<'a> {
    fn new(lang: Language, side: Side, src: &'a str, raw: &[&str], in_test: bool) -> Code<'a> {
        let mut per_line: Vec<Vec<Token<'a>>> = vec![Vec::new(); raw.len()];
        for t in lex(lang, src) {
            if let Some(line) = per_line.get_mut(t.line as usize) {
                if t.is_code() {
                    line.push(t);
                }
            }
        }
        let mut toks = Vec::new();
        let mut lines = Vec::with_capacity(raw.len());
        for line in per_line {
            let start = toks.len();
            if !is_prose(&line) {
                toks.extend(line);
            }
            lines.push(start..toks.len());
        }
        let n = toks.len();
        let mut code = Code {
            side,
            lang,
            src,
            toks,
            lines,
            changed: vec![false; n],
            renamed: vec![false; n],
            replaced: vec![false; n],
            import: Vec::new(),
            test_from: u32::MAX,
            quotes: OnceCell::new(),
            words: OnceCell::new(),
        };
        code.import = (0..code.lines.len()).map(|l| code.is_import(l)).collect();
        code.test_from = if in_test {
            0
        } else {
            (0..n).find(|&i| code.starts_test_code(i)).map_or(u32::MAX, |i| code.toks[i].line)
        };
        code
    }

    fn js(&self) -> bool {
        self.lang.is_js_like()
    }

    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text)
    }

    /// The text `back` tokens before `i` ("" before the start).
    fn prev(&self, i: usize, back: usize) -> &'a str {
        i.checked_sub(back).map_or("", |k| self.text(k))
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn line(&self, i: usize) -> u32 {
        self.toks[i].line
    }

    fn line_toks(&self, l: u32) -> Range<usize> {
        self.lines.get(l as usize).cloned().unwrap_or(0..0)
    }

    fn line_has(&self, l: u32, text: &str) -> bool {
        self.line_toks(l).any(|k| self.toks[k].text == text)
    }

    fn is_test_line(&self, l: u32) -> bool {
        l >= self.test_from
    }

    /// A pattern at `i` changed when any of its tokens did: `json.loads` → `pickle.loads` keeps
    /// `loads`. Patterns span a few tokens, so the window is two each way, on the same line;
    /// netting against the other side cancels what merely sits next to an edit.
    fn touched(&self, i: usize) -> bool {
        let l = self.toks[i].line;
        (i.saturating_sub(2)..(i + 3).min(self.toks.len())).any(|k| self.changed[k] && self.toks[k].line == l)
    }

    /// Production code that a rule may read: not a test, not an import.
    fn prod(&self, i: usize) -> bool {
        let l = self.toks[i].line;
        !self.is_test_line(l) && !self.import[l as usize]
    }

    /// The source from token `a` to token `b`, whitespace collapsed.
    fn span(&self, a: usize, b: usize) -> String {
        let (Some(ta), Some(tb)) = (self.toks.get(a), self.toks.get(b)) else {
            return String::new();
        };
        let end = (tb.start + tb.text.len()).max(ta.start);
        collapse(&self.src[ta.start..end])
    }

    /// The code of line `l` (comments left out), quoted. Reasons are built while scanning, for
    /// every candidate, so each line is quoted once.
    fn code_line(&self, l: u32) -> String {
        self.quotes
            .get_or_init(|| {
                (0..self.lines.len())
                    .map(|l| {
                        let r = self.lines[l].clone();
                        if r.is_empty() {
                            String::new()
                        } else {
                            quote(&self.span(r.start, r.end - 1))
                        }
                    })
                    .collect()
            })
            .get(l as usize)
            .cloned()
            .unwrap_or_default()
    }

    fn close_of(&self, open: usize) -> Option<usize> {
        let (o, c) = match self.text(open) {
            "(" => ("(", ")"),
            "[" => ("[", "]"),
            "{" => ("{", "}"),
            _ => return None,
        };
        let mut depth = 0;
        for k in open..self.toks.len() {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                continue;
            }
            if t.text == o {
                depth += 1;
            } else if t.text == c {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    fn open_of(&self, close: usize) -> Option<usize> {
        let (o, c) = match self.text(close) {
            ")" => ("(", ")"),
            "]" => ("[", "]"),
            "}" => ("{", "}"),
            ">" => ("<", ">"),
            _ => return None,
        };
        let mut depth = 0;
        for k in (0..=close).rev() {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                continue;
            }
            if t.text == c {
                depth += 1;
            } else if t.text == o {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// The first token of the postfix expression that ends at `end`: `a.b(c)?.d[e]`.
    fn expr_start(&self, end: usize) -> usize {
        let mut k = end;
        loop {
            let t = self.toks[k];
            if t.kind == TokenKind::Punct && matches!(t.text, ")" | "]" | ">") {
                // A call, an index or a turbofish: step to what it applies to.
                let Some(open) = self.open_of(k) else {
                    return k;
                };
                let before = open.checked_sub(1).map(|b| self.toks[b]);
                match before {
                    Some(b)
                        if b.kind == TokenKind::Ident
                            || matches!(b.text, ")" | "]" | ">" | "?" | "::" | "self" | "this") =>
                    {
                        k = open - 1
                    }
                    _ => return open,
                }
                continue;
            }
            if matches!(t.text, "?" | "::" | "." | "?.") && t.kind == TokenKind::Punct {
                if k == 0 || k == end {
                    return k.min(end);
                }
                k -= 1;
                continue;
            }
            let operand = matches!(t.kind, TokenKind::Ident | TokenKind::String | TokenKind::Number)
                || matches!(t.text, "self" | "this" | "super" | "crate" | "Self");
            if !operand {
                return (k + 1).min(end);
            }
            if k > 0 && matches!(self.text(k - 1), "." | "?." | "::") {
                k -= 1;
                continue;
            }
            return k;
        }
    }

    /// The expression a method call at `dot` is made on, quoted.
    fn receiver(&self, dot: usize) -> String {
        if dot == 0 {
            return String::new();
        }
        shorten(&self.span(self.expr_start(dot - 1), dot - 1), 40)
    }

    /// The function called by the call that ends just before `at` (`parse` in `parse(x)?`).
    fn callee_before(&self, at: usize) -> &'a str {
        if at == 0 {
            return "";
        }
        let mut k = at - 1;
        if self.text(k) == ")" {
            let Some(open) = self.open_of(k).and_then(|o| o.checked_sub(1)) else {
                return "";
            };
            k = open;
            // A turbofish: `parse::<u32>()`.
            if self.text(k) == ">" {
                match self.open_of(k).and_then(|o| o.checked_sub(1)) {
                    Some(colons) if self.text(colons) == "::" && colons > 0 => k = colons - 1,
                    _ => return "",
                }
            }
        }
        if self.kind(k) == Some(TokenKind::Ident) {
            self.text(k)
        } else {
            ""
        }
    }

    fn idents(&self, r: Range<usize>) -> Vec<&'a str> {
        r.filter(|&k| self.toks[k].kind == TokenKind::Ident).map(|k| self.toks[k].text).collect()
    }

    /// The first `stop` at bracket depth 0 from `from`, not past a closing bracket, a `;` or `=>`,
    /// nor (for Python) past the end of the logical line.
    fn scan_to(&self, from: usize, stop: &str) -> Option<usize> {
        let line = self.toks.get(from)?.line;
        let mut depth = 0i32;
        for k in from..self.toks.len().min(from + 200) {
            let t = self.toks[k];
            if t.kind != TokenKind::Punct {
                if self.lang == Language::Python && depth == 0 && t.line != line {
                    return None;
                }
                continue;
            }
            if depth == 0 && t.text == stop {
                return Some(k);
            }
            match t.text {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                ";" | "=>" if depth == 0 => return None,
                _ => {}
            }
        }
        None
    }

    /// The last token of the statement that starts at `from`.
    fn stmt_end(&self, from: usize) -> usize {
        let line = self.toks[from].line;
        let mut depth = 0i32;
        let mut last = from;
        for k in from..self.toks.len().min(from + 80) {
            let t = self.toks[k];
            if self.lang == Language::Python && depth == 0 && t.line != line {
                break;
            }
            match t.text {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                ";" if depth == 0 => break,
                _ => {}
            }
            last = k;
        }
        last
    }

    /// The condition of an `if`/`elif`/`while` (or a Rust `let ... else`) at `i`, and where its
    /// body starts.
    fn condition(&self, i: usize) -> Option<(Range<usize>, usize)> {
        let t = self.toks[i];
        if t.kind != TokenKind::Keyword {
            return None;
        }
        match (self.lang, t.text) {
            (Language::Python, "if" | "elif" | "while") => {
                let colon = self.scan_to(i + 1, ":")?;
                Some((i + 1..colon, colon + 1))
            }
            (Language::Rust, "if" | "while") => {
                let brace = self.scan_to(i + 1, "{")?;
                Some((i + 1..brace, brace + 1))
            }
            (Language::Rust, "else") if self.text(i + 1) == "{" && self.prev(i, 1) != "}" => {
                let start = self.let_before(i)?;
                Some((start + 1..i, i + 2))
            }
            (_, "if" | "while") if self.js() && self.text(i + 1) == "(" => {
                let close = self.close_of(i + 1)?;
                let body = if self.text(close + 1) == "{" { close + 2 } else { close + 1 };
                Some((i + 2..close, body))
            }
            _ => None,
        }
    }

    /// The `let` of the `let ... else` statement whose `else` is at `at`.
    fn let_before(&self, at: usize) -> Option<usize> {
        let mut depth = 0i32;
        for k in (at.saturating_sub(60)..at).rev() {
            match self.text(k) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                ";" if depth == 0 => return None,
                "let" if depth == 0 => return Some(k),
                _ => {}
            }
        }
        None
    }

    fn is_exit(&self, j: usize) -> bool {
        matches!(self.text(j), "return" | "raise" | "throw" | "bail!" | "panic!")
            || (self.text(j) == "Err" && self.text(j + 1) == "(")
    }

    /// Guard clauses: conditions whose body starts by leaving (`return`, `raise`, `throw`...).
    /// A fast path that returns what it looked up (`if let Some(v) = cache.get(k) { return v }`,
    /// `if k in cache: return cache[k]`) is not a check, unless it leaves with an error.
    fn guards(&self) -> Vec<Guard> {
        (0..self.toks.len())
            .filter_map(|i| {
                let (cond, body) = self.condition(i)?;
                if !self.is_exit(body) {
                    return None;
                }
                let g = Guard { at: i, cond, body, end: self.stmt_end(body) };
                let pattern = self.text(g.cond.start) == "let" && self.text(i) != "else";
                let cond_names = self.idents(g.cond.clone());
                let lookup = (g.body..=g.end).any(|k| {
                    matches!(self.text(k), "[" | "get")
                        && k > 0
                        && cond_names.contains(&self.text(k - if self.text(k) == "get" { 2 } else { 1 }))
                });
                (self.error_exit(&g) || !(pattern || lookup)).then_some(g)
            })
            .collect()
    }

    /// The guard leaves with a failure: raises, throws, returns an error, nothing, or a status.
    fn error_exit(&self, g: &Guard) -> bool {
        if self.text(g.body) != "return" {
            return true;
        }
        let value = g.body + 1..g.end + 1;
        value.is_empty()
            || matches!(self.text(g.body + 1), ";" | "Err" | "None" | "null" | "undefined" | "false" | "nil")
            || value.clone().any(|k| {
                let t = self.toks[k];
                (t.kind == TokenKind::Number
                    && matches!(t.text.as_bytes().first(), Some(b'4' | b'5'))
                    && t.text.len() == 3)
                    || (t.kind == TokenKind::Ident
                        && self.words(k).iter().any(|w| {
                            matches!(
                                w.as_str(),
                                "err"
                                    | "error"
                                    | "invalid"
                                    | "fail"
                                    | "failure"
                                    | "reject"
                                    | "abort"
                                    | "forbidden"
                                    | "unauthorized"
                                    | "denied"
                                    | "status"
                            )
                        }))
            })
    }

    fn guard_quote(&self, g: &Guard) -> String {
        let cond = if g.cond.is_empty() {
            String::new()
        } else {
            shorten(&self.span(g.cond.start, g.cond.end - 1), 36)
        };
        let exit = self.span(g.body, g.end);
        let exit = match exit.find('(') {
            Some(p) if exit.chars().count() > 24 => format!("{}(...)", &exit[..p]),
            _ => exit,
        };
        let kw = self.text(g.at);
        // Guards read best whole, so they get a little more room than other quotes.
        shorten(
            &collapse(&match self.lang {
                Language::Python => format!("{kw} {cond}: {exit}"),
                Language::Rust if kw == "else" => format!("let {cond} else {{ {exit} }}"),
                Language::Rust => format!("{kw} {cond} {{ {exit} }}"),
                _ => format!("{kw} ({cond}) {exit}"),
            }),
            QUOTE_CHARS + 16,
        )
    }

    /// The identifiers of every condition and check on this side: `if`/`while` conditions,
    /// assertions and validation calls, and lines that propagate errors.
    /// Each with whether it is a validation call or an assertion, which checks its subject whole.
    fn checks(&self) -> Vec<(Vec<&'a str>, bool)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            if let Some((cond, _)) = self.condition(i) {
                out.push((self.idents(cond), false));
                continue;
            }
            let t = self.toks[i];
            let call = t.kind == TokenKind::Ident
                && is_check_name(t.text)
                && (self.text(i + 1) == "(" || t.text.ends_with('!'));
            let propagates = matches!(t.text, "raise" | "throw" | "assert")
                || (self.lang == Language::Rust && t.text == "?");
            if call || propagates {
                out.push((self.idents(self.line_toks(t.line)), call || t.text == "assert"));
            }
        }
        out
    }

    /// Whether this side has the token sequence `seq` (a condition that survived a refactor:
    /// `if v.is_empty() { return None }` → `(!v.is_empty()).then_some(v)`).
    fn contains_seq(&self, seq: &[&str]) -> bool {
        // A lone name (`if !url`) survives anywhere; an expression (`v.is_empty()`) only as a test.
        seq.len() >= 3 && self.toks.windows(seq.len()).any(|w| w.iter().zip(seq).all(|(t, s)| t.text == *s))
    }

    /// The first line of a definition this side deletes outright (its keyword changed, so it was
    /// neither kept nor renamed); what follows it is deleted code, not removed checks.
    fn deleted_def_line(&self) -> u32 {
        (0..self.toks.len())
            .find(|&i| {
                self.changed[i]
                    && self.toks[i].kind == TokenKind::Keyword
                    && matches!(self.toks[i].text, "fn" | "def" | "function" | "class")
            })
            .map_or(u32::MAX, |i| self.toks[i].line)
    }

    fn is_def_header(&self, l: u32) -> bool {
        self.line_toks(l).any(|k| matches!(self.toks[k].text, "fn" | "def" | "function" | "class"))
    }

    fn is_import(&self, l: usize) -> bool {
        let t = &self.toks[self.lines[l].clone()];
        let w = |k: usize| t.get(k).map_or("", |t| t.text);
        let any = |x: &str| t.iter().any(|t| t.text == x);
        match self.lang {
            Language::Rust => {
                w(0) == "use"
                    || (w(0) == "pub" && (w(1) == "use" || w(4) == "use"))
                    || (w(0) == "extern" && w(1) == "crate")
                    || (w(0) == "mod" && w(2) == ";")
            }
            Language::Python => w(0) == "import" || (w(0) == "from" && any("import")),
            _ => {
                (w(0) == "import" && w(1) != "(")
                    || (w(0) == "export" && any("from"))
                    || (matches!(w(0), "const" | "let" | "var") && any("require"))
            }
        }
    }

    /// The name of a test defined at `i`: `#[test] fn name`, `def test_name`, `it("name", ...)`.
    fn test_def(&self, i: usize) -> Option<String> {
        let t = self.toks[i];
        match self.lang {
            Language::Rust => {
                let attr = t.text == "test"
                    && ((self.prev(i, 1) == "[" && self.prev(i, 2) == "#")
                        || (self.prev(i, 1) == "::" && self.prev(i, 3) == "["));
                // `fn name()` in test code whose `#[test]` sits above the hunk.
                let bare = t.text == "fn"
                    && self.text(i + 2) == "("
                    && self.text(i + 3) == ")"
                    && self.prev(i, 1) != "]"
                    && self.is_test_line(t.line);
                if bare {
                    return Some(self.text(i + 1).to_string());
                }
                if !attr {
                    return None;
                }
                let f = (i..self.toks.len().min(i + 40)).find(|&k| self.text(k) == "fn")?;
                Some(self.text(f + 1).to_string())
            }
            Language::Python => {
                let name = self.text(i + 1);
                let test = (t.text == "def" && name.starts_with("test"))
                    || (t.text == "class" && name.starts_with("Test"));
                test.then(|| name.to_string())
            }
            _ => {
                let call = matches!(t.text, "it" | "test" | "describe")
                    && t.kind == TokenKind::Ident
                    && self.prev(i, 1) != "."
                    && self.text(i + 1) == "("
                    && self.kind(i + 2) == Some(TokenKind::String);
                call.then(|| string_body(self.text(i + 2)).to_string())
            }
        }
    }

    fn starts_test_code(&self, i: usize) -> bool {
        let cfg_test = self.lang == Language::Rust
            && self.text(i) == "cfg"
            && self.prev(i, 1) == "["
            && self.text(i + 1) == "("
            && self.text(i + 2) == "test"
            && self.text(i + 3) == ")";
        cfg_test || self.test_def(i).is_some()
    }

    /// `<`/`>` compare when spaced; generics (`Vec<u8>`, `Array<string>`) hug their brackets.
    fn is_comparison(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind != TokenKind::Punct {
            return false;
        }
        match t.text {
            "==" | "!=" | "===" | "!==" | "<=" | ">=" => true,
            "<" | ">" => {
                if self.lang == Language::Python {
                    return true;
                }
                let before = self.src[..t.start].chars().next_back().is_some_and(char::is_whitespace);
                let after = self.src[t.start + 1..].chars().next().is_some_and(char::is_whitespace);
                before && after
            }
            _ => false,
        }
    }

    /// The share of line `l`'s tokens that the other side also has.
    fn similarity(&self, l: u32) -> f32 {
        let r = self.line_toks(l);
        if r.len() < 3 {
            return 0.0;
        }
        let same = r.clone().filter(|&k| !self.changed[k]).count();
        same as f32 / r.len() as f32
    }

    /// An identifier's words ([`components`]), or a string's lowercased body as one word; computed
    /// once per side, since the security rules ask for every token's line context.
    fn words(&self, k: usize) -> &[String] {
        let all = self.words.get_or_init(|| {
            self.toks
                .iter()
                .map(|t| match t.kind {
                    TokenKind::Ident => components(t.text),
                    TokenKind::String => vec![string_body(t.text).to_ascii_lowercase()],
                    _ => Vec::new(),
                })
                .collect()
        });
        &all[k]
    }

    /// Whether line `l` mentions one of `words`: a name has it as a word, or a string contains it.
    fn line_mentions(&self, l: u32, words: &[&str]) -> bool {
        self.line_toks(l).any(|k| match self.toks[k].kind {
            TokenKind::Ident => self.words(k).iter().any(|c| words.contains(&c.as_str())),
            TokenKind::String => {
                let body = &self.words(k)[0];
                words.iter().any(|w| w.len() > 3 && body.contains(w))
            }
            _ => false,
        })
    }

    fn hit(&self, rule: Rule, kind: &'static str, key: impl Into<String>, i: usize) -> HitBuilder {
        HitBuilder { rule, kind, key: key.into(), side: self.side, line: self.toks[i].line, tok: i }
    }
}

/// A three-word run of plain identifiers is prose: a docstring or block-comment line that the hunk
/// cut from its delimiters. No code in these languages puts three names in a row.
fn is_prose(line: &[Token]) -> bool {
    let mut run = 0;
    for t in line {
        run = if t.kind == TokenKind::Ident { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// A guard clause: `if cond { return ... }`, `if not x: raise ...`, `let ... else { return }`.
struct Guard {
    /// The `if` (or the `else` of a let-else).
    at: usize,
    cond: Range<usize>,
    body: usize,
    end: usize,
}

/// Sets aside lines that reappear unchanged on the other side (moved or re-indented), diffs the
/// remaining tokens, and marks what changed on each side.
fn align(rem: &mut Code, add: &mut Code) -> Vec<Region> {
    fn norm(c: &Code, l: usize) -> String {
        let texts: Vec<&str> = c.toks[c.lines[l].clone()].iter().map(|t| t.text).collect();
        texts.join(" ")
    }
    fn stream(c: &Code, same: &[bool]) -> Vec<usize> {
        (0..c.lines.len()).filter(|&l| !same[l]).flat_map(|l| c.lines[l].clone()).collect()
    }
    let mut pool: HashMap<String, Vec<usize>> = HashMap::new();
    // Reversed so that `pop` hands out the first occurrence.
    for l in (0..rem.lines.len()).rev() {
        if !rem.lines[l].is_empty() {
            pool.entry(norm(rem, l)).or_default().push(l);
        }
    }
    let mut rem_same = vec![false; rem.lines.len()];
    let mut add_same = vec![false; add.lines.len()];
    for (l, same) in add_same.iter_mut().enumerate() {
        if add.lines[l].is_empty() {
            continue;
        }
        if let Some(r) = pool.get_mut(&norm(add, l)).and_then(Vec::pop) {
            rem_same[r] = true;
            *same = true;
        }
    }
    let rs = stream(rem, &rem_same);
    let adds = stream(add, &add_same);
    let mut input: InternedInput<&str> = InternedInput::default();
    input.update_before(rs.iter().map(|&i| rem.toks[i].text));
    input.update_after(adds.iter().map(|&i| add.toks[i].text));
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_no_heuristic(&input);
    let mut regions = Vec::new();
    for h in diff.hunks() {
        let (rb, ab) =
            (h.before.start as usize..h.before.end as usize, h.after.start as usize..h.after.end as usize);
        let r = rs[rb.clone()].to_vec();
        let a = adds[ab.clone()].to_vec();
        let both = !r.is_empty() && !a.is_empty();
        for &i in &r {
            rem.changed[i] = true;
            rem.replaced[i] = both;
        }
        for &i in &a {
            add.changed[i] = true;
            add.replaced[i] = both;
        }
        let cosmetic = r.len() == a.len()
            && r.iter().zip(&a).all(|(&x, &y)| {
                let (kx, ky) = (rem.toks[x].kind, add.toks[y].kind);
                kx == ky && matches!(kx, TokenKind::Ident | TokenKind::String)
            });
        if cosmetic {
            for &i in &r {
                rem.renamed[i] = true;
            }
            for &i in &a {
                add.renamed[i] = true;
            }
        }
        let anchor = |s: &[usize], range: &Range<usize>| {
            range.start.checked_sub(1).and_then(|k| s.get(k)).or_else(|| s.get(range.end)).copied()
        };
        regions.push(Region { r_anchor: anchor(&rs, &rb), a_anchor: anchor(&adds, &ab), r, a });
    }
    regions
}

// ---------------------------------------------------------------------------------------------
// Findings

/// One occurrence of a pattern, before netting against the other side.
struct Hit {
    rule: Rule,
    /// Occurrences of the same kind cancel across the sides.
    kind: &'static str,
    /// Occurrences with the same kind and key cancel first (the same call, moved).
    key: String,
    side: Side,
    line: u32,
    tok: usize,
    reason: String,
    /// Cancels only against the same key: a different index into the same slice is a new risk.
    exact: bool,
}

struct HitBuilder {
    rule: Rule,
    kind: &'static str,
    key: String,
    side: Side,
    line: u32,
    tok: usize,
}

impl HitBuilder {
    fn because(self, reason: String) -> Hit {
        Hit {
            rule: self.rule,
            kind: self.kind,
            key: self.key,
            side: self.side,
            line: self.line,
            tok: self.tok,
            reason,
            exact: false,
        }
    }
}

impl Hit {
    fn exact(mut self) -> Hit {
        self.exact = true;
        self
    }
}

/// Cancels occurrences found on both sides: first those with the same key (the same call moved),
/// then any of the same kind (one `.unwrap()` traded for another). What is left is net.
fn net(mut gone: Vec<Hit>, mut new: Vec<Hit>) -> (Vec<Hit>, Vec<Hit>) {
    for exact in [true, false] {
        let mut i = 0;
        while i < gone.len() {
            let g = &gone[i];
            let same = |n: &Hit| n.kind == g.kind && (n.key == g.key || !(exact || g.exact || n.exact));
            match new.iter().position(same) {
                Some(j) => {
                    new.remove(j);
                    gone.remove(i);
                }
                None => i += 1,
            }
        }
    }
    (gone, new)
}

/// Runs a pattern scan on both sides and reports what the new code has more of.
fn net_new(h: &Change, out: &mut Findings, scan: fn(&Code) -> Vec<Hit>) {
    let (_, new) = net(scan(&h.rem), scan(&h.add));
    for hit in new {
        out.hit(hit);
    }
}

#[derive(Default)]
struct Findings {
    risks: Vec<Risk>,
    seen: HashSet<(Rule, Side, u32)>,
    per_rule: HashMap<Rule, usize>,
}

impl Findings {
    fn add(&mut self, rule: Rule, side: Side, line: u32, reason: String) {
        let count = self.per_rule.entry(rule).or_default();
        if *count >= MAX_PER_RULE || !self.seen.insert((rule, side, line)) {
            return;
        }
        *count += 1;
        self.risks.push(Risk { rule, tier: tier(rule), reason, side, line });
    }

    fn hit(&mut self, h: Hit) {
        self.add(h.rule, h.side, h.line, h.reason);
    }

    fn finish(mut self) -> Vec<Risk> {
        self.risks.sort_by_key(|r| (std::cmp::Reverse(r.tier), r.rule));
        self.risks
    }
}

fn tier(rule: Rule) -> Tier {
    match rule {
        Rule::ErrorHandling | Rule::Unsafe | Rule::Security | Rule::Injection | Rule::DeletedTest => {
            Tier::High
        }
        Rule::Panic | Rule::Boundary | Rule::Concurrency => Tier::Medium,
        Rule::Churn | Rule::Surprisal => Tier::Low,
    }
}

// ---------------------------------------------------------------------------------------------
// Error handling

fn error_handling(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let dead = rem.deleted_def_line();
    let live = |i: usize| rem.prod(i) && rem.line(i) < dead;
    let mut guarded = HashSet::new();
    for g in rem.guards() {
        guarded.extend(g.body..=g.end);
    }
    for g in lost_guards(h) {
        let q = rem.guard_quote(&g);
        out.add(
            Rule::ErrorHandling,
            Side::Removed,
            rem.line(g.at),
            format!("Removes the check `{q}`: what it rejected now goes through"),
        );
    }
    let (gone, new) =
        net(error_paths(rem, &guarded, &live), error_paths(add, &HashSet::new(), &|i| add.prod(i)));
    for hit in gone {
        if hit.kind == "swallow" {
            continue;
        }
        if rem.text(hit.tok) == "?" {
            dropped_propagation(h, &hit, out);
        } else {
            out.hit(hit);
        }
    }
    for hit in new.into_iter().filter(|h| h.kind == "swallow") {
        out.hit(hit);
    }
}

/// Removed guard clauses that the new code has no equivalent of: no condition or check on the
/// added side mentions most of what the guard tested.
fn lost_guards(h: &Change) -> Vec<Guard> {
    let (rem, add) = (&h.rem, &h.add);
    let dead = rem.deleted_def_line();
    let checks = add.checks();
    rem.guards()
        .into_iter()
        .filter(|g| {
            // The condition as written, less a leading negation, still tested somewhere.
            let mut cond: Vec<&str> = g.cond.clone().map(|k| rem.text(k)).collect();
            while matches!(cond.first(), Some(&("!" | "not"))) {
                cond.remove(0);
            }
            rem.prod(g.at)
                && rem.line(g.at) < dead
                && (g.at..=g.end).any(|k| rem.changed[k])
                && !add.contains_seq(&cond)
                && !covered(rem, g.cond.clone(), &checks)
        })
        .collect()
}

/// Whether the added side checks what the condition `cond` tested: a condition or check that
/// names at least half of its identifiers, or a validation call given all of its subjects (the
/// names it tests, not the methods and constants it compares them with).
fn covered(c: &Code, cond: Range<usize>, checks: &[(Vec<&str>, bool)]) -> bool {
    let mut want = c.idents(cond.clone());
    want.sort_unstable();
    want.dedup();
    if want.is_empty() {
        return false;
    }
    let subjects: Vec<&str> = cond
        .filter(|&k| {
            let t = c.toks[k];
            t.kind == TokenKind::Ident
                && c.prev(k, 1) != "."
                && c.text(k + 1) != "("
                && !t.text.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_' || ch.is_ascii_digit())
        })
        .map(|k| c.text(k))
        .collect();
    let need = want.len().div_ceil(2);
    checks.iter().any(|(names, whole)| {
        want.iter().filter(|w| names.contains(w)).count() >= need
            || (*whole && !subjects.is_empty() && subjects.iter().all(|s| names.contains(s)))
    })
}

/// Error paths, handlers and checks on one side: `?`, `Err` arms, `except`, `raise`, `catch`,
/// `throw`, assertions and validation calls, and handlers that swallow errors.
fn error_paths(c: &Code, skip: &HashSet<usize>, live: &dyn Fn(usize) -> bool) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.changed[i] || skip.contains(&i) || !live(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let at = |kind, key: &str| c.hit(Rule::ErrorHandling, kind, key, i);
        match (c.lang, t.text) {
            (Rust, "?") => hits.push(at("propagate", c.callee_before(i)).because(String::new())),
            // `Err(e) => return Err(...)` is one construct, counted at its arm.
            (Rust, "Err") if c.text(i + 1) == "(" && !(c.prev(i, 1) == "return" && c.prev(i, 2) == "=>") => {
                let close = c.close_of(i + 1);
                let arm = close.is_some_and(|k| c.text(k + 1) == "=>");
                if arm && close.is_some_and(|k| swallowing_arm(c, k + 2)) {
                    hits.push(
                        at("swallow", "Err")
                            .because(format!("Swallows errors with `{q}`: failures here go unnoticed")),
                    );
                } else if arm {
                    hits.push(at("propagate", "Err").because(format!(
                        "Removes the `Err` arm `{q}`: this error is no longer handled here"
                    )));
                } else if c.prev(i, 1) == "return" {
                    hits.push(at("propagate", "return Err").because(format!(
                        "Removes the error return `{q}`: this failure is no longer reported"
                    )));
                }
            }
            (Rust, "bail!") => hits.push(
                at("propagate", "return Err")
                    .because(format!("Removes the error return `{q}`: this failure is no longer reported")),
            ),
            (Python, "except") => {
                let colon = c.scan_to(i + 1, ":");
                let body = colon.map_or("", |k| c.text(k + 1));
                if matches!(body, "pass" | "...") {
                    let clause = colon.map_or(String::new(), |k| c.span(i, k - 1));
                    hits.push(at("swallow", "except").because(format!(
                        "Swallows errors with `{}: {body}`: failures here go unnoticed",
                        shorten(&clause, 40)
                    )));
                }
                hits.push(
                    at("except", c.text(i + 1))
                        .because(format!("Removes the handler `{q}`: this error now reaches the caller")),
                );
            }
            (Python, "raise") => hits.push(
                at("raise", c.text(i + 1)).because(format!("Removes `{q}`: this error is no longer raised")),
            ),
            (JavaScript | TypeScript, "catch") if c.prev(i, 1) == "." => {
                let close = c.close_of(i + 1);
                let args = close.map_or(String::new(), |k| c.span(i + 2, k.saturating_sub(1)));
                let empty = args
                    .rsplit("=>")
                    .next()
                    .is_some_and(|b| matches!(b.trim(), "{}" | "{ }" | "null" | "undefined"));
                if empty && args.contains("=>") {
                    hits.push(at("swallow", "catch").because(format!(
                        "Swallows errors with `.catch({})`: a failed promise goes unnoticed",
                        shorten(&args, 30)
                    )));
                }
                hits.push(at("catch", ".catch").because(format!(
                    "Removes `.catch(...)` in `{q}`: a rejected promise now goes unhandled"
                )));
            }
            (JavaScript | TypeScript, "catch") => {
                let brace = if c.text(i + 1) == "(" { c.close_of(i + 1).map(|k| k + 1) } else { Some(i + 1) };
                if brace.is_some_and(|b| c.text(b) == "{" && c.text(b + 1) == "}") {
                    hits.push(at("swallow", "catch").because(format!(
                        "Swallows errors with the empty `{q} }}`: failures here go unnoticed"
                    )));
                }
                hits.push(
                    at("catch", "catch")
                        .because(format!("Removes the `catch` in `{q}`: a thrown error now propagates")),
                );
            }
            (JavaScript | TypeScript, "on" | "once" | "addEventListener")
                if c.text(i + 1) == "(" && string_body(c.text(i + 2)) == "error" =>
            {
                hits.push(
                    at("catch", "error-event").because(format!(
                        "Removes the `'error'` handler in `{q}`: its errors now go unhandled"
                    )),
                )
            }
            (JavaScript | TypeScript, "throw") => hits.push(
                at("throw", c.text(i + 2)).because(format!("Removes `{q}`: this error is no longer thrown")),
            ),
            (Python, "assert") => hits.push(
                at("check", "assert")
                    .because(format!("Removes the check `{q}`: what it rejected now goes through")),
            ),
            _ if t.kind == TokenKind::Ident
                && is_check_name(t.text)
                && (c.text(i + 1) == "(" || t.text.ends_with('!'))
                && !matches!(c.prev(i, 1), "fn" | "def" | "function")
                // `jwt.verify` → `jwt.decode` is the security rule's.
                && !(c.prev(i, 1) == "." && c.prev(i, 2) == "jwt") =>
            {
                hits.push(
                    at("check", t.text)
                        .because(format!("Removes the check `{q}`: what it rejected now goes through")),
                )
            }
            _ => {}
        }
    }
    hits
}

/// `Err(_) => {}` or `Err(_) => ()`.
fn swallowing_arm(c: &Code, body: usize) -> bool {
    matches!((c.text(body), c.text(body + 1)), ("{", "}") | ("(", ")"))
}

/// A `?` the new code no longer has. It matters only where the call is still made: a call that
/// is gone took its error handling with it.
fn dropped_propagation(h: &Change, hit: &Hit, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let callee = hit.key.as_str();
    if callee.is_empty() {
        return;
    }
    let call = quote(&rem.span(rem.expr_start(hit.tok - 1), hit.tok - 1));
    let Some(j) = (0..add.toks.len()).find(|&j| add.toks[j].text == callee && add.prod(j)) else {
        // `items.get(i)?` → `items[i]`: the bounds check became a panic.
        if matches!(callee, "get" | "get_mut") {
            let base = call.rsplit_once(".get").map_or("", |(b, _)| b);
            let indexed = (1..add.toks.len()).find(|&k| {
                add.text(k) == "["
                    && add.changed[k]
                    && indexes(add, k)
                    && add.span(add.expr_start(k - 1), k - 1) == base
            });
            if let Some(k) = indexed {
                out.add(
                    Rule::ErrorHandling,
                    Side::Added,
                    add.line(k),
                    format!("Replaces the checked `{call}` with indexing: an out-of-range index now panics"),
                );
            }
        }
        return;
    };
    let l = add.line(j);
    let r = add.line_toks(l);
    let (first, last) = (add.text(r.start), add.text(r.end - 1));
    if let Some(w) = ["unwrap", "expect"].into_iter().find(|w| add.line_has(l, w)) {
        out.add(
            Rule::ErrorHandling,
            Side::Added,
            l,
            format!("`?` on `{call}` replaced by `.{w}()`: its error now panics instead of propagating"),
        );
    } else if ["ok", "unwrap_or", "unwrap_or_default", "unwrap_or_else", "_"]
        .iter()
        .any(|w| add.line_has(l, w))
    {
        out.add(
            Rule::ErrorHandling,
            Side::Added,
            l,
            format!("The error from `{call}` is now discarded instead of propagated with `?`"),
        );
    } else if first != "return" && (last == ";" || first == "let") {
        // A tail expression (`parse(s)` returned as is) still hands its error up.
        out.add(
            Rule::ErrorHandling,
            Side::Removed,
            hit.line,
            format!("Drops the `?` on `{call}`: its error is no longer propagated"),
        );
    }
}

fn is_check_name(name: &str) -> bool {
    let lower = name.trim_start_matches('_').trim_end_matches('!').to_ascii_lowercase();
    const PREFIXES: [&str; 8] =
        ["validate", "verify", "ensure", "assert", "debug_assert", "is_valid", "isvalid", "sanitize"];
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // `check` alone names a verb too general to mean validation (`check_one(url)` in a link
    // checker fetches); it counts with the thing checked, or as checked arithmetic.
    const CHECKED: &[&str] = &[
        "valid",
        "bounds",
        "bound",
        "range",
        "input",
        "args",
        "arg",
        "perm",
        "permission",
        "permissions",
        "access",
        "auth",
        "length",
        "len",
        "size",
        "limit",
        "limits",
        "positive",
        "empty",
        "format",
        "type",
        "types",
        "signature",
        "sig",
        "token",
        "owner",
        "ownership",
        "overflow",
        "capacity",
        "amount",
        "balance",
        "quota",
        "admin",
        "role",
        "csrf",
    ];
    let comps = components(name);
    comps.first().is_some_and(|c| c == "check")
        && (comps.len() == 1 || comps[1..].iter().any(|c| CHECKED.contains(&c.as_str())))
        || lower.starts_with("checked_")
}

// ---------------------------------------------------------------------------------------------
// Unsafe, panics

fn unsafe_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let (next, prev, prev2) = (c.text(i + 1), c.prev(i, 1), c.prev(i, 2));
        let call = next == "(";
        let reason = match (c.lang, t.text) {
            (Rust, "unsafe") if t.kind == TokenKind::Keyword => Some(match next {
                "fn" => format!("New `unsafe fn` in `{q}`: every caller must uphold its contract"),
                "impl" => format!("New `unsafe impl` in `{q}`: the compiler takes its promise on trust"),
                _ => format!(
                    "New `unsafe` code in `{q}`: it must uphold invariants the compiler no longer checks"
                ),
            }),
            (Rust, "transmute" | "transmute_copy") => {
                Some(format!("`{}` in `{q}` reinterprets memory without any check", t.text))
            }
            (Rust, "danger_accept_invalid_certs" | "danger_accept_invalid_hostnames")
                if c.text(i + 2) == "true" =>
            {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Rust, "NONE") if prev2 == "SslVerifyMode" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Python | JavaScript | TypeScript, "eval") if call && prev != "." => {
                Some(format!("`eval` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (Python, "exec") if call && prev != "." => {
                Some(format!("`exec` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (Python, "loads" | "load")
                if prev == "." && matches!(prev2, "pickle" | "cPickle" | "dill" | "marshal") =>
            {
                Some(format!(
                    "`{prev2}.{}` in `{q}` runs code hidden in the data: never use it on untrusted input",
                    t.text
                ))
            }
            (Python, "load" | "unsafe_load")
                if prev == "." && prev2 == "yaml" && {
                    let end = c.close_of(i + 1).unwrap_or(i);
                    t.text == "unsafe_load"
                        || !(i..=end)
                            .any(|k| matches!(c.text(k), "SafeLoader" | "CSafeLoader" | "BaseLoader"))
                } =>
            {
                Some(format!("`yaml.{}` in `{q}` can build arbitrary objects: use `yaml.safe_load`", t.text))
            }
            (Python, "verify") if next == "=" && c.text(i + 2) == "False" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (Python, "check_hostname") if next == "=" && c.text(i + 2) == "False" => {
                Some(format!("Turns off TLS host name checks in `{q}`"))
            }
            (Python, "_create_unverified_context" | "CERT_NONE") => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (JavaScript | TypeScript, "Function") if prev == "new" => {
                Some(format!("`new Function` in `{q}` runs a string as code: input that reaches it runs too"))
            }
            (JavaScript | TypeScript, "innerHTML" | "outerHTML")
                if prev == "." && matches!(next, "=" | "+=") && !constant_string(c, i + 2) =>
            {
                Some(format!(
                    "Assigns `{}` in `{q}`: text that reaches it becomes markup and can run script (XSS)",
                    t.text
                ))
            }
            (JavaScript | TypeScript, "insertAdjacentHTML") if call => {
                Some(format!("`insertAdjacentHTML` in `{q}` turns text into markup (XSS)"))
            }
            (JavaScript | TypeScript, "write" | "writeln") if call && prev == "." && prev2 == "document" => {
                Some(format!("`document.{}` in `{q}` turns text into markup (XSS)", t.text))
            }
            (JavaScript | TypeScript, "dangerouslySetInnerHTML") => Some(format!(
                "`dangerouslySetInnerHTML` in `{q}` renders raw markup (XSS) unless it is sanitized"
            )),
            (JavaScript | TypeScript, "rejectUnauthorized") if c.text(i + 2) == "false" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            (JavaScript | TypeScript, "NODE_TLS_REJECT_UNAUTHORIZED") if next == "=" => {
                Some(format!("Turns off TLS certificate verification in `{q}`"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            // Disabled TLS verification is a security hole as much as unchecked code.
            let kind = if reason.contains("TLS") { "tls" } else { "unsafe" };
            hits.push(c.hit(Rule::Unsafe, kind, t.text, i).because(reason));
        }
    }
    hits
}

fn unsafe_code(h: &Change, out: &mut Findings) {
    let (_, new) = net(unsafe_hits(&h.rem), unsafe_hits(&h.add));
    for hit in new {
        if hit.kind == "tls" {
            out.add(Rule::Security, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
}

fn panic_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        // An index changed anywhere inside its brackets.
        let index_changed = c.text(i) == "[" && c.close_of(i).is_some_and(|e| (i..=e).any(|k| c.changed[k]));
        if !(c.touched(i) || index_changed) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let (prev, next) = (c.prev(i, 1), c.text(i + 1));
        let q = || c.code_line(t.line);
        let hit = |kind, key: String| c.hit(Rule::Panic, kind, key, i);
        match (c.lang, t.text) {
            // `lock().unwrap()` only panics on a poisoned lock: the idiom, not a risk.
            (Rust, "unwrap")
                if prev == "."
                    && next == "("
                    && c.text(i + 2) == ")"
                    && !matches!(c.callee_before(i - 1), "lock" | "read" | "write") =>
            {
                let recv = c.receiver(i - 1);
                hits.push(
                    hit("unwrap", recv.clone())
                        .because(format!("New `.unwrap()` on `{recv}`: an `Err` or `None` here panics")),
                );
            }
            (Rust, "expect") if prev == "." && next == "(" => {
                let recv = c.receiver(i - 1);
                hits.push(
                    hit("unwrap", recv.clone())
                        .because(format!("New `.expect(...)` on `{recv}`: an `Err` or `None` here panics")),
                );
            }
            (Rust, "panic!" | "unreachable!" | "todo!" | "unimplemented!") => {
                let name = t.text.trim_end_matches('!');
                let why = match name {
                    "todo" | "unimplemented" => "this path panics when it is reached",
                    "unreachable" => "if the assumption is wrong, it panics",
                    _ => "the caller gets a crash instead of an error",
                };
                hits.push(hit("panic", t.text.into()).because(format!("New `{name}!` in `{}`: {why}", q())));
            }
            (Rust, "assert!" | "assert_eq!" | "assert_ne!") => {
                hits.push(hit("assert", t.text.into()).because(format!(
                    "New `{}` outside tests: `{}` panics when it fails",
                    t.text,
                    q()
                )));
            }
            (Rust, "[") if indexes(c, i) => {
                let Some(close) = c.close_of(i) else { continue };
                let inner = i + 1..close;
                if inner.is_empty()
                    || inner
                        .clone()
                        .all(|k| c.kind(k) == Some(TokenKind::Number) || matches!(c.text(k), ".." | "..="))
                    // `pos + 1` steps past whatever bounded `pos`.
                    || (!inner.clone().any(|k| matches!(c.text(k), "+" | "-"))
                        && c.idents(inner.clone()).iter().all(|x| bounded(c, x, i..close + 1)))
                {
                    continue;
                }
                let base = shorten(&c.span(c.expr_start(i - 1), i - 1), 30);
                let index = shorten(&c.span(i + 1, close - 1), 20);
                hits.push(
                    hit("index", format!("{base}[{index}]"))
                        .because(format!(
                            "Indexes `{base}[{index}]` without a bounds check: an out-of-range index panics"
                        ))
                        .exact(),
                );
            }
            (TypeScript, "!") if non_null(c, i) => {
                let recv = shorten(&c.span(c.expr_start(i - 1), i - 1), 30);
                hits.push(hit("non-null", recv.clone()).because(format!(
                    "Non-null assertion `{recv}!`: if it is `null` or `undefined` this fails at run time"
                )));
            }
            (Python, "assert") if t.kind == TokenKind::Keyword => {
                hits.push(hit("assert", String::new()).because(format!(
                    "`assert` in production code: `{}` raises `AssertionError`, and is skipped under `python -O`",
                    q()
                )));
            }
            _ => {}
        }
    }
    hits
}

/// A Rust `[` that indexes: right after a name, a call or another index. Attributes (`#[`),
/// slice types (`&[u8]`, `: [T; N]`) and macros (`vec![`) follow other tokens.
fn indexes(c: &Code, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = c.toks[i - 1];
    (p.kind == TokenKind::Ident && !p.text.ends_with('!')) || matches!(p.text, ")" | "]")
}

/// The name is checked against a length or bounded by a loop elsewhere on this side.
fn bounded(c: &Code, name: &str, except: Range<usize>) -> bool {
    (0..c.toks.len()).any(|k| {
        if except.contains(&k) || c.toks[k].text != name {
            return false;
        }
        c.line_toks(c.toks[k].line).any(|m| {
            matches!(c.text(m), "len" | "length" | "size" | "enumerate" | "for" | "min" | "clamp" | "get")
                || (!except.contains(&m) && c.is_comparison(m))
        })
    })
}

/// A string literal that is a whole statement's value: `el.innerHTML = "";` clears, it injects nothing.
fn constant_string(c: &Code, k: usize) -> bool {
    c.kind(k) == Some(TokenKind::String)
        && !c.text(k).contains("${")
        && c.toks.get(k + 1).is_none_or(|n| n.text == ";" || n.line != c.toks[k].line)
}

/// A TypeScript postfix `!` (`user!.name`, `f(x!)`), not a negation.
fn non_null(c: &Code, i: usize) -> bool {
    let t = c.toks[i];
    let glued = c.src[..t.start].chars().next_back().is_some_and(|ch| !ch.is_whitespace());
    let after_value =
        i > 0 && (c.toks[i - 1].kind == TokenKind::Ident || matches!(c.prev(i, 1), ")" | "]" | "this"));
    glued && after_value && matches!(c.text(i + 1), "." | ")" | "]" | ";" | "," | "[" | "")
}

// ---------------------------------------------------------------------------------------------
// Boundaries

fn boundary(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    // Conditions that reject: their body leaves, or lies below the hunk where it can't be seen.
    let rejecting: Vec<Range<usize>> = (0..rem.toks.len())
        .filter_map(|i| rem.condition(i))
        .filter(|(_, body)| *body >= rem.toks.len() || rem.is_exit(*body))
        .map(|(cond, _)| cond)
        .collect();
    for reg in &h.regions {
        if reg.r.len() > BOUNDARY_MAX_TOKENS || reg.a.len() > BOUNDARY_MAX_TOKENS {
            continue;
        }
        let rl = reg.r.first().or(reg.r_anchor.as_ref()).map(|&i| rem.line(i));
        let al = reg.a.first().or(reg.a_anchor.as_ref()).map(|&i| add.line(i));
        let (Some(rl), Some(al)) = (rl, al) else { continue };
        if rem.similarity(rl) < BOUNDARY_MIN_SIMILARITY
            || add.similarity(al) < BOUNDARY_MIN_SIMILARITY
            || rem.is_test_line(rl)
            || add.is_test_line(al)
            || add.import[al as usize]
        {
            continue;
        }
        // The bound must be the line's one edit: a statement rewritten around it is not an edit.
        let others = |c: &Code, l: u32, mine: &[usize]| {
            c.line_toks(l).filter(|k| c.changed[*k] && !mine.contains(k)).count()
        };
        if others(rem, rl, &reg.r) > 2 || others(add, al, &reg.a) > 2 {
            continue;
        }
        let rt: Vec<&str> = reg.r.iter().map(|&i| rem.text(i)).collect();
        let at: Vec<&str> = reg.a.iter().map(|&i| add.text(i)).collect();
        let q = add.code_line(al);
        let one = |code: &Code, k: usize| code.text(k) == "1";
        let reason = match (rt.as_slice(), at.as_slice()) {
            ([x], [y])
                if rem.is_comparison(reg.r[0]) && add.is_comparison(reg.a[0]) && !strictness_only(x, y) =>
            {
                Some(format!("Comparison changed from `{x}` to `{y}` in `{q}`: check the boundary"))
            }
            ([x @ (".." | "..=")], [y @ (".." | "..=")]) if x != y => {
                let now = if *y == "..=" { "included" } else { "excluded" };
                Some(format!("Range changed from `{x}` to `{y}` in `{q}`: the end is now {now}"))
            }
            ([x], [y])
                if rem.kind(reg.r[0]) == Some(TokenKind::Number)
                    && add.kind(reg.a[0]) == Some(TokenKind::Number)
                    && int_value(x).zip(int_value(y)).is_some_and(|(a, b)| a.abs_diff(b) == 1)
                    && bound_neighbor(add, reg.a[0]) =>
            {
                Some(format!("Bound changed from `{x}` to `{y}` in `{q}`: check for an off-by-one"))
            }
            // Any `± 1` gained or lost on a line that otherwise stays: the classic off-by-one.
            ([], [op @ ("+" | "-"), _]) if one(add, reg.a[1]) && binary(add, reg.a[0]) => {
                Some(format!("Adds `{op} 1` in `{q}`: check for an off-by-one"))
            }
            ([op @ ("+" | "-"), _], []) if one(rem, reg.r[1]) && binary(rem, reg.r[0]) => {
                Some(format!("Drops the `{op} 1` in `{q}`: check for an off-by-one"))
            }
            ([x @ ("+" | "-")], [y @ ("+" | "-")]) if x != y && one(add, reg.a[0] + 1) => {
                Some(format!("Changes `{x} 1` to `{y} 1` in `{q}`: check for an off-by-one"))
            }
            (r, [])
                if r.len() >= 3
                    && reg.r.iter().any(|&k| rem.is_comparison(k))
                    && r.iter().any(|t| matches!(*t, "&&" | "||" | "and" | "or")) =>
            {
                let cond: Vec<&str> =
                    r.iter().copied().filter(|t| !matches!(*t, "&&" | "||" | "and" | "or")).collect();
                let cond = cond.join(" ");
                // A guard that rejected `a || b` and now only `a` lets `b` through.
                let guard = rejecting.iter().any(|cond| cond.contains(&reg.r[0]));
                if guard && r.iter().any(|t| matches!(*t, "||" | "or")) {
                    out.add(
                        Rule::ErrorHandling,
                        Side::Added,
                        al,
                        format!("Narrows the check `{q}`: it no longer rejects `{cond}`"),
                    );
                }
                Some(format!("Drops the condition `{cond}` from `{q}`: check the boundary"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            out.add(Rule::Boundary, Side::Added, al, reason);
        }
    }
}

/// `==` ↔ `===` and `!=` ↔ `!==` tighten equality without moving a boundary (a common lint fix).
fn strictness_only(x: &str, y: &str) -> bool {
    x == y || x.trim_end_matches('=') == y.trim_end_matches('=') && x.starts_with(['=', '!'])
}

fn int_value(s: &str) -> Option<i64> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '_')).unwrap_or(s.len());
    // Floats, hex, octal and binary are not bounds; a type suffix (`10usize`, `10n`) is fine.
    if s[end..].starts_with(['.', 'e', 'E', 'x', 'X', 'o', 'b']) {
        return None;
    }
    s[..end].replace('_', "").parse().ok()
}

/// A `+`/`-` between two operands, not a sign.
fn binary(c: &Code, i: usize) -> bool {
    i > 0
        && (matches!(c.toks[i - 1].kind, TokenKind::Ident | TokenKind::Number)
            || matches!(c.prev(i, 1), ")" | "]"))
}

/// A number compared, used as a range end, an index, or an argument of a bounding call.
fn bound_neighbor(c: &Code, i: usize) -> bool {
    let near = |k: usize| {
        matches!(c.text(k), ".." | "..=" | "[" | "]" | "+" | "-")
            || c.toks.get(k).is_some_and(|_| c.is_comparison(k))
    };
    if near(i + 1) || (i > 0 && near(i - 1)) {
        return true;
    }
    // Inside `[...]` or a bounding call like `range(...)`.
    let mut depth = 0;
    for k in (i.saturating_sub(20)..i).rev() {
        match c.text(k) {
            ")" | "]" => depth += 1,
            "[" if depth == 0 => return true,
            "(" if depth == 0 => {
                return matches!(
                    c.prev(k, 1),
                    "range"
                        | "take"
                        | "skip"
                        | "truncate"
                        | "slice"
                        | "substring"
                        | "substr"
                        | "splice"
                        | "nth"
                        | "min"
                        | "max"
                        | "clamp"
                        | "split_at"
                        | "chunks"
                        | "windows"
                )
            }
            "(" | "[" => depth -= 1,
            _ => {}
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Security

/// What a security-sensitive name is about, for the reason's wording.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Sec {
    Password,
    Secret,
    Token,
    Auth,
    Permission,
    Csrf,
    Jwt,
    Crypto,
    Cors,
    Session,
}

impl Sec {
    fn what(self) -> &'static str {
        match self {
            Sec::Password => "passwords",
            Sec::Secret => "secrets",
            Sec::Token => "access tokens",
            Sec::Auth => "authentication",
            Sec::Permission => "permissions",
            Sec::Csrf => "CSRF protection",
            Sec::Jwt => "JWTs",
            Sec::Crypto => "cryptography",
            Sec::Cors => "CORS",
            Sec::Session => "sessions",
        }
    }
}

/// Words that make `token` an access token rather than a lexer's token.
const TOKEN_CONTEXT: &[&str] = &[
    "auth",
    "authorization",
    "authenticate",
    "authenticated",
    "authentication",
    "authorize",
    "login",
    "logout",
    "bearer",
    "jwt",
    "csrf",
    "xsrf",
    "api",
    "access",
    "refresh",
    "reset",
    "oauth",
    "password",
    "secret",
    "cookie",
    "credential",
    "credentials",
    "session",
    "verify",
    "verification",
    "otp",
    "mfa",
    "signin",
];
/// Words that make `session` a login session rather than a database or HTTP client session.
const SESSION_CONTEXT: &[&str] = &[
    "auth",
    "authenticate",
    "authenticated",
    "login",
    "logout",
    "cookie",
    "csrf",
    "jwt",
    "token",
    "secret",
    "password",
    "expire",
    "expires",
    "expiry",
    "signin",
];

/// Names that label a secret rather than hold or check it: `PASSWORD_ENV`, `PasswordField`.
const LABEL_WORDS: &[&str] = &[
    "env",
    "var",
    "field",
    "label",
    "name",
    "prompt",
    "hint",
    "placeholder",
    "message",
    "msg",
    "error",
    "errors",
    "title",
    "text",
    "help",
    "column",
    "input",
    "icon",
    "link",
    "button",
];

fn sec_category(name: &str, token_ctx: bool, session_ctx: bool) -> Option<Sec> {
    sec_category_of(&components(name), token_ctx, session_ctx)
}

/// [`sec_category`] of a name already split into words.
fn sec_category_of(comps: &[String], token_ctx: bool, session_ctx: bool) -> Option<Sec> {
    if comps.last().is_some_and(|w| LABEL_WORDS.contains(&w.as_str())) {
        return None;
    }
    let has = |w: &str| comps.iter().any(|c| c == w);
    let starts = |p: &str| comps.iter().any(|c| c.starts_with(p));
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    if any(&["password", "passwd", "passphrase", "pwd"]) {
        Some(Sec::Password)
    } else if any(&["csrf", "xsrf"]) {
        Some(Sec::Csrf)
    } else if has("jwt") {
        Some(Sec::Jwt)
    } else if any(&["secret", "secrets", "credential", "credentials", "apikey"])
        || (has("key") && any(&["api", "private", "secret", "signing", "encryption"]))
    {
        Some(Sec::Secret)
    } else if any(&["token", "tokens"]) {
        let ctx = token_ctx || comps.iter().any(|c| TOKEN_CONTEXT.contains(&c.as_str()));
        ctx.then_some(Sec::Token)
    } else if any(&["hmac", "bcrypt", "argon2", "scrypt", "pbkdf2", "cipher", "salt"])
        || starts("encrypt")
        || starts("decrypt")
    {
        Some(Sec::Crypto)
    } else if has("cors") || has("origins") || (has("origin") && (has("allowed") || has("allow"))) {
        Some(Sec::Cors)
    } else if any(&[
        "admin",
        "superuser",
        "permission",
        "permissions",
        "privilege",
        "privileges",
        "rbac",
        "acl",
        "role",
        "roles",
    ]) {
        Some(Sec::Permission)
    } else if any(&["auth", "authn", "authz", "login", "logout", "oauth", "bearer", "signin"])
        || starts("authent")
        || starts("authoriz")
    {
        Some(Sec::Auth)
    } else if any(&["session", "sessions"]) {
        let ctx = session_ctx || comps.iter().any(|c| SESSION_CONTEXT.contains(&c.as_str()));
        ctx.then_some(Sec::Session)
    } else {
        None
    }
}

fn is_auth_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "auth",
        "login",
        "logout",
        "session",
        "security",
        "permission",
        "oauth",
        "jwt",
        "password",
        "credential",
        "signin",
        "signup",
        "acl",
        "rbac",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

impl Code<'_> {
    fn sec_at(&self, h: &Change, k: usize) -> Option<Sec> {
        let t = self.toks[k];
        if t.kind != TokenKind::Ident || self.jsx_markup(k) {
            return None;
        }
        let words = self.words(k);
        // The line's context matters only for `token` and `session`.
        let contextual =
            words.iter().any(|w| matches!(w.as_str(), "token" | "tokens" | "session" | "sessions"));
        if !contextual {
            return sec_category_of(words, false, false);
        }
        let l = t.line;
        sec_category_of(
            words,
            h.auth_path || self.line_mentions(l, TOKEN_CONTEXT),
            h.auth_path || self.line_mentions(l, SESSION_CONTEXT),
        )
    }

    /// A line of JSX markup: it opens or closes a tag.
    fn jsx_line(&self, l: u32) -> bool {
        let r = self.line_toks(l);
        self.js()
            && !r.is_empty()
            && matches!(
                (self.text(r.start), self.kind(r.start + 1)),
                ("<", Some(TokenKind::Ident | TokenKind::Keyword))
                    | ("<", Some(TokenKind::Punct))
                    | ("/>" | ">", _)
            )
    }

    /// A JSX tag or attribute name (`<PasswordField`, `role="button"`): markup, not logic.
    fn jsx_markup(&self, k: usize) -> bool {
        if !self.js() {
            return false;
        }
        let t = self.toks[k];
        let tag = matches!(self.prev(k, 1), "<" | "/") && self.src[..t.start].ends_with(['<', '/']);
        let attr = self.text(k + 1) == "="
            && self.kind(k + 2) == Some(TokenKind::String)
            && self.prev(k, 1) != "."
            && !matches!(self.prev(k, 1), "let" | "const" | "var" | ";" | "{" | "(" | ",");
        tag || attr
    }
}

fn security(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    for g in lost_guards(h) {
        let cond = rem.sec_in(h, g.cond.clone());
        let exit = rem.span(g.body, g.end);
        let denies = [
            "401",
            "403",
            "Unauthorized",
            "Forbidden",
            "PermissionDenied",
            "PermissionError",
            "AccessDenied",
            "NotAuthorized",
        ]
        .iter()
        .any(|w| exit.contains(w));
        if let Some(what) = cond.map(Sec::what).or(denies.then_some("access")) {
            out.add(
                Rule::Security,
                Side::Removed,
                rem.line(g.at),
                format!(
                    "Removes the {what} check `{}`: this path may now run without it",
                    rem.guard_quote(&g)
                ),
            );
        }
    }
    let (gone, new) = net(sec_hits(h, rem), sec_hits(h, add));
    const REMOVED_RISK: [&str; 3] = ["cookie-on", "constant-time", "sanitizer"];
    for hit in new.into_iter().filter(|h| !REMOVED_RISK.contains(&h.kind)) {
        // A token read without verification is disabled verification: unsafe too.
        if hit.kind == "jwt" {
            out.add(Rule::Unsafe, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
    for hit in gone.into_iter().filter(|h| REMOVED_RISK.contains(&h.kind)) {
        if hit.kind == "sanitizer" {
            out.add(Rule::ErrorHandling, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
    // A rename that drops a security word: `is_admin` became `is_active`.
    for reg in &h.regions {
        for (&x, &y) in reg.r.iter().zip(&reg.a) {
            // Only in a decision (a condition, a check, a return); renaming a variable where it is
            // bound is a rename.
            let binding =
                matches!(add.prev(y, 1), "let" | "const" | "var" | "fn" | "def" | "function" | "mut");
            if !rem.renamed[x] || !add.prod(y) || rem.kind(x) != Some(TokenKind::Ident) || binding {
                continue;
            }
            let decides = add.line_toks(add.line(y)).any(|k| {
                add.is_comparison(k)
                    || matches!(
                        add.text(k),
                        "if" | "elif" | "while" | "return" | "&&" | "||" | "and" | "or" | "not" | "!" | "?"
                    )
            });
            if !decides {
                continue;
            }
            let was = sec_category(rem.text(x), true, true);
            if let Some(cat) = was.filter(|&c| sec_category(add.text(y), true, true) != Some(c)) {
                out.add(
                    Rule::Security,
                    Side::Added,
                    add.line(y),
                    format!(
                        "Replaces `{}` with `{}` in `{}`: check the {} logic still holds",
                        rem.text(x),
                        add.text(y),
                        add.code_line(add.line(y)),
                        cat.what()
                    ),
                );
            }
        }
    }
    // Other edits to security decisions: a value or operator changed on a line that handles
    // secrets, logins or permissions, or such a decision deleted (a condition, a decorator, a
    // middleware argument). New auth code is a feature; the specific rules above read it.
    let dead = rem.deleted_def_line();
    for c in [add, rem] {
        for l in 0..c.lines.len() as u32 {
            let r = c.line_toks(l);
            // Reading a secret from the environment is how it should be done; markup is not logic.
            if r.is_empty()
                || c.import[l as usize]
                || c.is_test_line(l)
                || c.jsx_line(l)
                || r.clone().any(|k| matches!(c.text(k), "environ" | "getenv" | "env" | "env!" | "dotenv"))
            {
                continue;
            }
            let substantive: Vec<usize> = r.clone().filter(|&k| c.changed[k] && !c.renamed[k]).collect();
            let modified = c.similarity(l) >= BOUNDARY_MIN_SIMILARITY;
            let q = c.code_line(l);
            if c.side == Side::Added {
                // An existing line whose value or condition was replaced (an inserted
                // `requireRole('admin')` adds protection, it does not change it).
                if !modified
                    || c.is_def_header(l)
                    || !substantive.iter().any(|&k| c.replaced[k] && literal_or_logic(c, k))
                {
                    continue;
                }
                if let Some(cat) = c.sec_in(h, r) {
                    out.add(
                        Rule::Security,
                        Side::Added,
                        l,
                        format!("Changes a value or condition in code that handles {}: `{q}`", cat.what()),
                    );
                }
            } else if l < dead {
                // A deleted decision: the security name itself is gone from it.
                let decision = c.text(r.start) == "@"
                    || r.clone().any(|k| {
                        c.is_comparison(k)
                            || matches!(
                                c.text(k),
                                "if" | "elif" | "&&" | "||" | "and" | "or" | "not" | "!" | "assert"
                            )
                    });
                let found = substantive.iter().find_map(|&k| {
                    let argument = matches!(c.prev(k, 1), "(" | ",") && c.text(k + 1) != "(";
                    c.sec_at(h, k).filter(|_| decision || argument)
                });
                if let Some(cat) = found {
                    out.add(
                        Rule::Security,
                        Side::Removed,
                        l,
                        format!(
                            "Removes `{q}`, which checked {}: check this path is still protected",
                            cat.what()
                        ),
                    );
                }
            }
        }
    }
}

impl Code<'_> {
    fn sec_in(&self, h: &Change, r: Range<usize>) -> Option<Sec> {
        r.into_iter().find_map(|k| self.sec_at(h, k))
    }
}

fn literal_or_logic(c: &Code, k: usize) -> bool {
    matches!(c.toks[k].kind, TokenKind::Number | TokenKind::String)
        || c.is_comparison(k)
        || matches!(
            c.text(k),
            "true"
                | "false"
                | "True"
                | "False"
                | "None"
                | "null"
                | "undefined"
                | "&&"
                | "||"
                | "!"
                | "not"
                | "and"
                | "or"
        )
}

/// Specific security patterns on one side. Most are risky where added (`cred`, `weak-hash`,
/// `random`, `cookie-off`, `cors`, `jwt`); `cookie-on` and `constant-time` where removed.
fn sec_hits(h: &Change, c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    let secret_context = h.auth_path
        || [&h.rem, &h.add].iter().any(|s| {
            (0..s.toks.len()).any(|k| {
                s.kind(k) == Some(TokenKind::Ident)
                    && (matches!(
                        sec_category_of(s.words(k), false, false),
                        Some(Sec::Password | Sec::Secret | Sec::Token | Sec::Auth | Sec::Jwt | Sec::Csrf)
                    ) || s
                        .words(k)
                        .iter()
                        .any(|w| matches!(w.as_str(), "sign" | "signature" | "hmac" | "salt")))
            })
        });
    let mentions = |words: &[&str]| {
        [&h.rem, &h.add].iter().any(|s| (0..s.lines.len() as u32).any(|l| s.line_mentions(l, words)))
    };
    let cookie_context = mentions(&["cookie", "cookies", "session"]);
    // A random value for a secret: the hunk or the file says what it is for.
    let secret_words = h.auth_path
        || mentions(&[
            "token",
            "secret",
            "password",
            "nonce",
            "salt",
            "otp",
            "csrf",
            "session",
            "apikey",
            "reset",
            "invite",
            "verification",
        ]);
    for i in 0..c.toks.len() {
        // `httpOnly: true` → `httpOnly: false` changes the value, not the name.
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let hit = |kind: &'static str, key: &str| c.hit(Rule::Security, kind, key, i);
        if t.kind == TokenKind::String {
            if let Some(shown) = credential(c, i) {
                hits.push(hit("cred", t.text).because(format!(
                    "Hard-codes a credential in `{shown}`: read it from the environment or a secret store"
                )));
                continue;
            }
            let body = string_body(t.text).to_ascii_lowercase();
            if matches!(body.as_str(), "md5" | "sha1" | "sha-1") && prev == "(" && secret_context {
                hits.push(hit("weak-hash", &body).because(format!(
                    "Uses the weak hash {body} in `{q}`: use SHA-256, or bcrypt/argon2 for passwords"
                )));
            }
            if body == "*"
                && c.line_mentions(t.line, &["origin", "origins", "cors", "access-control-allow-origin"])
            {
                hits.push(hit("cors", "*").because(format!(
                    "Allows requests from any origin in `{q}`: any website can call this API and read the answers"
                )));
            }
            if body == "none" && c.line_mentions(t.line, &["algorithm", "algorithms", "alg"]) {
                hits.push(hit("jwt", "none").because(format!(
                    "Accepts unsigned tokens (`none` algorithm) in `{q}`: anyone can forge one"
                )));
            }
            continue;
        }
        if t.kind != TokenKind::Ident {
            continue;
        }
        let comps = c.words(i);
        let joined: String = comps.concat();
        let value = if matches!(next, "=" | ":" | "(") { c.text(i + 2) } else { "" };
        let falsy = matches!(value, "false" | "False");
        let truthy = matches!(value, "true" | "True");
        if (comps.iter().any(|w| w == "md5" || w == "sha1"))
            && secret_context
            && !c.line_has(t.line, "usedforsecurity")
        {
            hits.push(hit("weak-hash", t.text).because(format!(
                "Uses the weak hash `{}` in `{q}`: use SHA-256, or bcrypt/argon2 for passwords",
                t.text
            )));
        }
        let random = match c.lang {
            JavaScript | TypeScript => t.text == "random" && prev == "." && prev2 == "Math",
            Python => {
                prev == "."
                    && prev2 == "random"
                    && matches!(
                        t.text,
                        "random"
                            | "randint"
                            | "choice"
                            | "choices"
                            | "randrange"
                            | "getrandbits"
                            | "sample"
                            | "uniform"
                    )
            }
            _ => false,
        };
        if random && secret_words {
            let fix = if c.lang == Python {
                "use the `secrets` module"
            } else {
                "use `crypto.randomUUID()` or `crypto.getRandomValues()`"
            };
            hits.push(
                hit("random", t.text)
                    .because(format!("Makes a secret with a predictable random generator in `{q}`: {fix}")),
            );
        }
        // Cookie flags.
        let flag = if joined.ends_with("httponly") {
            Some(("httpOnly", "page scripts can read the cookie"))
        } else if joined.ends_with("samesite") {
            Some(("sameSite", "the cookie rides along on cross-site requests"))
        } else if joined.ends_with("secure") && (joined != "secure" || cookie_context) {
            Some(("secure", "the cookie is sent over plain HTTP"))
        } else {
            None
        };
        if let Some((name, why)) = flag {
            let v = string_body(value).to_ascii_lowercase();
            let off = falsy
                || (name == "sameSite" && (v == "none" || (value == "SameSite" && c.text(i + 4) == "None")))
                || (name == "sameSite" && value == "None");
            let on = truthy || (name == "sameSite" && matches!(v.as_str(), "strict" | "lax"));
            if off {
                hits.push(
                    hit("cookie-off", name)
                        .because(format!("Turns off the cookie flag `{name}` in `{q}`: {why}")),
                );
            } else if on {
                hits.push(
                    hit("cookie-on", name)
                        .because(format!("Removes the cookie flag `{name}` (`{q}`): {why}")),
                );
            }
        }
        // CORS that lets every origin in.
        let any_origin = matches!(joined.as_str(), "corsoriginallowall" | "corsallowallorigins") && truthy
            || (c.lang == Rust && matches!(t.text, "permissive" | "very_permissive" | "allow_any_origin"))
            || (c.lang == Rust && t.text == "any" && prev2 == "AllowOrigin")
            || (c.lang == Rust && t.text == "allow_origin" && c.text(i + 2) == "Any")
            || (c.js() && t.text == "cors" && next == "(" && c.text(i + 2) == ")")
            // `origin: true` is the `cors` package reflecting every origin.
            || (c.js() && t.text == "origin" && next == ":" && truthy);
        if any_origin {
            hits.push(hit("cors", t.text).because(format!(
                "Allows requests from any origin in `{q}`: any website can call this API and read the answers"
            )));
        }
        // Tokens read without checking them.
        let jwt = match c.lang {
            JavaScript | TypeScript => {
                (t.text == "decode" && prev == "." && prev2 == "jwt")
                    || (t.text == "ignoreExpiration" && truthy)
            }
            Python => {
                t.text == "decode"
                    && prev == "."
                    && prev2 == "jwt"
                    && c.close_of(i + 1).is_some_and(|end| {
                        (i..end).any(|k| c.text(k) == "False")
                            && (i..end).any(|k| {
                                string_body(c.text(k)) == "verify_signature" || c.text(k) == "verify"
                            })
                    })
            }
            Rust => {
                matches!(
                    t.text,
                    "insecure_decode" | "dangerous_insecure_decode" | "insecure_disable_signature_validation"
                ) || (t.text == "validate_exp" && falsy)
            }
            Other => false,
        };
        if jwt {
            hits.push(hit("jwt", t.text).because(format!(
                "Reads a token without verifying it in `{q}`: anyone can forge its claims"
            )));
        }
        if is_sanitizer(c, i) {
            hits.push(hit("sanitizer", t.text).because(format!(
                "Drops the sanitizer `{}` in `{q}`: untrusted input now reaches what it protected",
                t.text
            )));
        }
        if matches!(
            t.text,
            "compare_digest"
                | "timingSafeEqual"
                | "constant_time_eq"
                | "ct_eq"
                | "verify_slices_are_equal"
                | "safe_str_cmp"
        ) {
            hits.push(hit("constant-time", "").because(format!(
                "Drops the constant-time comparison `{q}`: comparing secrets with `==` leaks them through timing"
            )));
        }
    }
    hits
}

/// A call that escapes or sanitizes untrusted input: `secure_filename(...)`, `escape(...)`,
/// `shlex.quote(...)`, `DOMPurify.sanitize(...)`.
fn is_sanitizer(c: &Code, i: usize) -> bool {
    let t = c.toks[i];
    if t.kind != TokenKind::Ident || c.text(i + 1) != "(" || matches!(c.prev(i, 1), "fn" | "def" | "function")
    {
        return false;
    }
    let lower = t.text.to_ascii_lowercase();
    lower.starts_with("sanitize")
        || lower.starts_with("escape")
        || matches!(lower.as_str(), "secure_filename" | "encodeuricomponent" | "html_escape" | "purify")
        || (t.text == "quote" && c.prev(i, 2) == "shlex")
        || (t.text == "clean" && c.prev(i, 2) == "bleach")
}

/// A hard-coded credential in the string at `i`: `password = "hunter2"`, `"sk-live-..."`,
/// `postgres://user:pass@host`. Returns the assignment with the value masked.
fn credential(c: &Code, i: usize) -> Option<String> {
    let body = string_body(c.text(i));
    if has_key_shape(body) {
        return Some(format!("\"{}\"", mask(body)));
    }
    let op = c.prev(i, 1);
    let env_lookup = c
        .line_toks(c.line(i))
        .any(|k| matches!(c.text(k), "environ" | "getenv" | "env" | "get" | "var" | "process"));
    let name_at = match op {
        "=" | ":" | ":=" => i.checked_sub(2)?,
        // A fallback for a secret from the environment is that secret, committed:
        // `os.environ.get("SECRET_KEY", "dev-...")`, `process.env.SECRET || "dev-..."`.
        "," if env_lookup || c.kind(i.checked_sub(2)?) == Some(TokenKind::String) => i - 2,
        "||" | "??" | "or" if c.prev(i, 2) == ")" => c.open_of(i - 2)? + 1,
        "||" | "??" | "or" => i.checked_sub(2)?,
        // `.password("hunter2")`
        "(" if c.prev(i, 3) == "." => i - 2,
        _ => return None,
    };
    let name_tok = c.toks[name_at];
    let name = match name_tok.kind {
        TokenKind::Ident => name_tok.text,
        TokenKind::String => string_body(name_tok.text),
        _ => return None,
    };
    let value_ok = if name.eq_ignore_ascii_case("authorization") {
        let lower = body.to_ascii_lowercase();
        ["bearer ", "basic ", "token "].iter().any(|p| lower.starts_with(p))
            && literal_secret(body.split_once(' ').map_or("", |(_, v)| v), name, 8)
            && !matches!(c.text(i + 1), "+" | "%" | ".")
    } else {
        (op != "," || env_lookup) && secret_name(name).is_some_and(|min| literal_secret(body, name, min))
    };
    value_ok.then(|| format!("{name} = \"{}\"", mask(body)))
}

/// The shortest value a name like this holds when it is a real credential, if it is one.
fn secret_name(name: &str) -> Option<usize> {
    let comps = components(name);
    let has = |w: &str| comps.iter().any(|c| c == w);
    const NOT: &[&str] = &[
        "field",
        "label",
        "name",
        "prompt",
        "hint",
        "placeholder",
        "message",
        "msg",
        "error",
        "path",
        "file",
        "env",
        "var",
        "header",
        "type",
        "id",
        "url",
        "length",
        "len",
        "min",
        "max",
        "regex",
        "pattern",
        "column",
        "param",
        "prefix",
        "suffix",
        "format",
        "policy",
        "dir",
        "kind",
        "count",
        "hash",
        "input",
        "text",
        "title",
        "help",
        "key",
    ];
    let last = comps.last()?;
    if NOT.contains(&last.as_str()) && !(last == "key" && comps.len() > 1) {
        return None;
    }
    if ["password", "passwd", "pwd", "passphrase"].iter().any(|w| has(w)) {
        Some(4)
    } else if ["secret", "apikey", "credential", "credentials"].iter().any(|w| has(w))
        || (has("key")
            && ["api", "private", "secret", "access", "signing", "encryption", "master", "client"]
                .iter()
                .any(|w| has(w)))
    {
        Some(8)
    } else if has("token") {
        Some(16)
    } else {
        None
    }
}

fn literal_secret(value: &str, name: &str, min: usize) -> bool {
    let lower = value.to_ascii_lowercase();
    let env_name =
        value.len() > 2 && value.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    value.chars().count() >= min
        && !value.contains(char::is_whitespace)
        && ![
            "{",
            "$",
            "%s",
            "<",
            "/",
            "xxx",
            "***",
            "...",
            "your",
            "example",
            "placeholder",
            "redacted",
            "dummy",
        ]
        .iter()
        .any(|p| lower.contains(p))
        && !lower.eq_ignore_ascii_case(name)
        && !matches!(lower.as_str(), "password" | "secret" | "token" | "none" | "null")
        && !env_name
}

/// Values shaped like a real key, whatever they are assigned to.
fn has_key_shape(v: &str) -> bool {
    let alnum_after = |p: &str, n: usize| {
        v.strip_prefix(p).is_some_and(|r| {
            r.len() >= n && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
    };
    let url_password = v.split_once("://").is_some_and(|(_, rest)| {
        let authority = rest.split('/').next().unwrap_or("");
        authority.rsplit_once('@').is_some_and(|(user, _)| {
            user.split_once(':').is_some_and(|(_, pass)| {
                !pass.is_empty() && !pass.contains(['{', '$', '<']) && !pass.starts_with('%')
            })
        })
    });
    alnum_after("sk-", 20)
        || alnum_after("sk_live_", 16)
        || alnum_after("rk_live_", 16)
        || alnum_after("ghp_", 30)
        || alnum_after("github_pat_", 30)
        || alnum_after("xoxb-", 20)
        || alnum_after("xoxp-", 20)
        || alnum_after("AIza", 30)
        || (v.starts_with("AKIA")
            && v.len() == 20
            && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        || (v.contains("-----BEGIN") && v.contains("PRIVATE KEY"))
        || url_password
}

fn mask(v: &str) -> String {
    let head: String = v.chars().take(3).collect();
    format!("{head}…")
}

// ---------------------------------------------------------------------------------------------
// Injection

fn injection_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let q = c.code_line(t.line);
        if t.kind == TokenKind::String && looks_like_sql(string_body(t.text)) {
            if let Some((how, op)) = sql_built(c, i) {
                if c.changed[i] || op.is_some_and(|k| c.changed[k]) {
                    hits.push(c.hit(Rule::Injection, "sql", t.text, i).because(format!(
                        "Builds SQL with {how} in `{q}`: pass values as query parameters instead"
                    )));
                }
            }
            continue;
        }
        if !c.touched(i) || t.kind != TokenKind::Ident {
            continue;
        }
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let shell = match c.lang {
            Python => {
                let call_args = |from: usize| c.close_of(from).map(|end| from + 1..end);
                ((matches!(t.text, "system" | "popen") && prev == "." && prev2 == "os")
                    || (t.text == "getoutput" && prev2 == "commands"))
                    && next == "("
                    && dynamic_arg(c, i + 2)
                    || (prev == "."
                        && prev2 == "subprocess"
                        && next == "("
                        && call_args(i + 1).is_some_and(|args| {
                            args.clone().any(|k| {
                                c.text(k) == "shell" && c.text(k + 1) == "=" && c.text(k + 2) == "True"
                            }) && dynamic_arg(c, i + 2)
                        }))
            }
            JavaScript | TypeScript => {
                let module = prev != "." || matches!(prev2, "child_process" | "cp" | "childProcess");
                (matches!(t.text, "exec" | "execSync") && next == "(" && module && dynamic_arg(c, i + 2))
                    || (matches!(t.text, "spawn" | "spawnSync" | "execFile" | "execFileSync")
                        && next == "("
                        && module
                        && dynamic_arg(c, i + 2)
                        && c.close_of(i + 1).is_some_and(|end| {
                            (i..end).any(|k| c.text(k) == "shell" && c.text(k + 2) == "true")
                        }))
            }
            Rust => t.text == "new" && prev == "::" && prev2 == "Command" && shell_command(c, i),
            Other => false,
        };
        if shell {
            // `exec` runs a string as a command line: unsafe as well as injectable.
            let kind = if c.js() && t.text.starts_with("exec") { "exec" } else { "shell" };
            hits.push(c.hit(Rule::Injection, kind, t.text, i).because(format!(
                "Runs a shell command built from variables in `{q}`: pass arguments as a list, without a shell"
            )));
        }
    }
    hits
}

fn injection(h: &Change, out: &mut Findings) {
    let (_, new) = net(injection_hits(&h.rem), injection_hits(&h.add));
    for hit in new {
        if hit.kind == "exec" {
            out.add(Rule::Unsafe, hit.side, hit.line, hit.reason.clone());
        }
        out.hit(hit);
    }
}

fn looks_like_sql(body: &str) -> bool {
    let trimmed = body.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    let starts = |w: &str| lower.starts_with(w);
    let has = |w: &str| lower.contains(w);
    let compares = ["=", "<", ">", " like ", " in "].iter().any(|w| has(w));
    (starts("select ") && has(" from ") && (trimmed.starts_with("SELECT") || has(" where ") || has("*")))
        || starts("insert into ")
        || (starts("update ") && has(" set "))
        || starts("delete from ")
        || ((starts("where ") || starts("and ") || starts("or ")) && compares)
        || [" WHERE ", " FROM ", "ORDER BY", "GROUP BY", " VALUES"].iter().any(|w| body.contains(w))
}

/// How the SQL string at `i` is combined with values, and the token that combines them.
fn sql_built(c: &Code, i: usize) -> Option<(&'static str, Option<usize>)> {
    let text = c.text(i);
    let body = string_body(text);
    let prefix = &text[..text.find(['"', '\'', '`']).unwrap_or(0)];
    let string_at = |k: usize| c.kind(k) == Some(TokenKind::String);
    if c.lang == Language::Python && prefix.contains(['f', 'F']) && body.contains('{') {
        Some(("an f-string", None))
    } else if c.js() && text.starts_with('`') && body.contains("${") {
        Some(("a template literal", None))
    } else if c.prev(i, 1) == "(" && c.prev(i, 2) == "format!" && body.contains('{') {
        Some(("`format!`", Some(i - 2)))
    } else if c.lang == Language::Python && c.text(i + 1) == "%" {
        Some(("`%` formatting", Some(i + 1)))
    } else if c.text(i + 1) == "." && c.text(i + 2) == "format" {
        Some(("`.format()`", Some(i + 2)))
    } else if c.text(i + 1) == "+" && !string_at(i + 2) {
        Some(("string concatenation", Some(i + 1)))
    } else if c.prev(i, 1) == "+" && i >= 2 && !string_at(i - 2) {
        Some(("string concatenation", Some(i - 1)))
    } else {
        None
    }
}

/// The argument at `k` is not a plain string literal: a variable, an interpolation, a concatenation.
fn dynamic_arg(c: &Code, k: usize) -> bool {
    match c.kind(k) {
        Some(TokenKind::String) => {
            let text = c.text(k);
            let body = string_body(text);
            let prefix = &text[..text.find(['"', '\'', '`']).unwrap_or(0)];
            (prefix.contains(['f', 'F']) && body.contains('{'))
                || (text.starts_with('`') && body.contains("${"))
                || matches!(c.text(k + 1), "+" | "%" | ".")
        }
        Some(TokenKind::Ident) => true,
        _ => false,
    }
}

/// `Command::new("sh").arg("-c").arg(format!(...))`: a shell running a built command line.
fn shell_command(c: &Code, new: usize) -> bool {
    let prog = string_body(c.text(new + 2)).to_ascii_lowercase();
    let prog = prog.rsplit(['/', '\\']).next().unwrap_or("");
    if c.text(new + 1) != "("
        || !matches!(prog, "sh" | "bash" | "zsh" | "cmd" | "cmd.exe" | "powershell" | "pwsh")
    {
        return false;
    }
    let end = c.stmt_end(new);
    let Some(flag) = (new..=end).find(|&k| matches!(string_body(c.text(k)), "-c" | "/C" | "/c" | "-Command"))
    else {
        return false;
    };
    (flag + 1..=end).any(|k| {
        c.text(k) == "format!"
            || (c.kind(k) == Some(TokenKind::Ident)
                && matches!(c.prev(k, 1), "(" | "&" | ",")
                && !matches!(c.text(k + 1), "(" | "::" | "!"))
    })
}

// ---------------------------------------------------------------------------------------------
// Concurrency

/// Where concurrency starts or shared state appears: spawned threads and tasks, globals behind
/// locks or atomics, hand-written `Send`/`Sync`, shared memory. A `Mutex` field, a type
/// annotation or a `lock()` call alone is the plumbing of such a change, not where it is judged.
fn concurrency_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    let async_code = (0..c.toks.len()).any(|k| matches!(c.text(k), "async" | "await"));
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let x = t.text;
        let kind = match (c.lang, x) {
            (Rust, "spawn")
                if prev == "::"
                    && matches!(prev2, "thread" | "tokio" | "task" | "rayon" | "async_std" | "smol") =>
            {
                Some("spawn")
            }
            (Rust, "spawn_blocking" | "spawn_local") => Some("spawn"),
            (Rust, "static") if t.kind == TokenKind::Keyword && shared_static(c, i) => Some("global"),
            (Rust, "Send" | "Sync")
                if (i.saturating_sub(8)..i).any(|k| c.text(k) == "unsafe")
                    && (i.saturating_sub(8)..i).any(|k| c.text(k) == "impl") =>
            {
                Some("send-sync")
            }
            // Relaxed is right for counters; on a store or exchange it usually publishes data.
            (Rust, "Relaxed")
                if prev == "::"
                    && matches!(
                        enclosing_call(c, i),
                        "store" | "swap" | "compare_exchange" | "compare_exchange_weak" | "compare_and_swap"
                    ) =>
            {
                Some("relaxed")
            }
            (Rust, "channel" | "sync_channel") if prev == "::" && prev2 == "mpsc" => Some("channel"),
            (Python, "threading" | "multiprocessing") if next == "." => Some("threads"),
            (
                Python,
                "gather"
                | "create_task"
                | "ensure_future"
                | "run_coroutine_threadsafe"
                | "to_thread"
                | "TaskGroup",
            ) if prev == "." => Some("tasks"),
            (Python, "ThreadPoolExecutor" | "ProcessPoolExecutor" | "Thread") if next == "(" => {
                Some("threads")
            }
            (Python, "Lock" | "RLock" | "Semaphore" | "BoundedSemaphore") if next == "(" => Some("lock"),
            (Python, "global") if async_code => Some("global"),
            (JavaScript | TypeScript, "Worker") if prev == "new" => Some("threads"),
            (JavaScript | TypeScript, "SharedArrayBuffer") if prev == "new" => Some("shared"),
            (JavaScript | TypeScript, "Atomics")
                if next == "."
                    && matches!(
                        c.text(i + 2),
                        "add"
                            | "sub"
                            | "and"
                            | "or"
                            | "xor"
                            | "store"
                            | "exchange"
                            | "compareExchange"
                            | "wait"
                            | "waitAsync"
                            | "notify"
                    ) =>
            {
                Some("shared")
            }
            _ => None,
        };
        let Some(kind) = kind else { continue };
        let q = c.code_line(t.line);
        let reason = match kind {
            "spawn" | "threads" | "tasks" => {
                format!("Starts concurrent work in `{q}`: check shared state, errors and shutdown")
            }
            "global" => format!("Adds shared global state in `{q}`: every thread or task now contends for it"),
            "send-sync" => {
                format!("Implements `{x}` by hand in `{q}`: the compiler no longer checks thread safety")
            }
            "relaxed" => format!(
                "Publishes with `Ordering::Relaxed` in `{q}`: other threads may see it before the data it guards"
            ),
            "channel" => format!("Adds a channel in `{q}`: check both ends close and nothing blocks forever"),
            "lock" => format!("Adds a lock in `{q}`: check every access to what it guards takes it"),
            _ => format!("Shares memory between threads in `{q}`: check ordering and races"),
        };
        hits.push(c.hit(Rule::Concurrency, kind, x, i).because(reason));
    }
    hits
}

/// A Rust `static` that holds shared mutable state: `static mut`, or a lock or atomic.
fn shared_static(c: &Code, at: usize) -> bool {
    if c.text(at + 1) == "mut" {
        return true;
    }
    let end = c.stmt_end(at);
    (at..=end).any(|k| {
        let x = c.text(k);
        matches!(x, "Mutex" | "RwLock" | "RefCell" | "Cell") || (x.starts_with("Atomic") && x.len() > 6)
    })
}

/// The function whose argument list holds token `i`.
/// The function whose argument list holds token `i` (list brackets in between are looked through).
fn enclosing_call<'a>(c: &Code<'a>, i: usize) -> &'a str {
    let mut depth = 0;
    for k in (i.saturating_sub(120)..i).rev() {
        match c.text(k) {
            ")" | "]" => depth += 1,
            "(" | "[" if depth > 0 => depth -= 1,
            "(" => return c.prev(k, 1),
            _ => {}
        }
    }
    ""
}

/// Locks on one side: removing one leaves what it guarded to race.
fn locks(c: &Code) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let lock = match c.lang {
            Language::Python => {
                (matches!(t.text, "Lock" | "RLock") && c.text(i + 1) == "(")
                    || (t.text == "with" && {
                        let r = c.line_toks(t.line);
                        r.clone().any(|k| components(c.text(k)).iter().any(|w| w == "lock"))
                    })
            }
            Language::Rust => matches!(t.text, "Mutex" | "RwLock") && c.text(i + 1) == "::",
            _ => false,
        };
        if lock {
            let q = c.code_line(t.line);
            hits.push(c.hit(Rule::Concurrency, "lock", t.text, i).because(format!(
                "Removes the lock in `{q}`: what it guarded can now be changed by two threads at once"
            )));
        }
    }
    hits
}

fn concurrency(h: &Change, out: &mut Findings) {
    net_new(h, out, concurrency_hits);
    let (gone, _) = net(locks(&h.rem), locks(&h.add));
    for hit in gone {
        out.hit(hit);
    }
}

// ---------------------------------------------------------------------------------------------
// Tests

fn deleted_tests(h: &Change, out: &mut Findings) {
    let (rem, add) = (&h.rem, &h.add);
    let gone = lost_tests(test_defs(rem), test_defs(add));
    let first_gone = gone.iter().map(|h| h.line).min().unwrap_or(u32::MAX);
    for hit in gone {
        out.hit(hit);
    }
    let added_asserts: Vec<String> = assertions(add)
        .into_iter()
        .filter(|h| h.kind == "strong")
        .map(|h| add.span(h.tok, add.stmt_end(h.tok)))
        .collect();
    let (gone, new) = net(assertions(rem), assertions(add));
    let (mut weak, mut strong): (Vec<Hit>, Vec<Hit>) = new.into_iter().partition(|h| h.kind == "weak");
    for g in gone {
        // Inside a deleted test: that finding already says it. Expected values that another
        // assertion still checks (two `assert_eq!` merged into one) are still checked.
        if g.line >= first_gone || still_asserted(rem, g.tok, &added_asserts) {
            continue;
        }
        if g.kind == "weak" && !strong.is_empty() {
            // `assert!(q.is_empty())` → `assert_eq!(q.len(), 1)`: checked more precisely.
            strong.remove(0);
        } else if g.kind == "strong" && !weak.is_empty() {
            let w = weak.remove(0);
            out.add(
                Rule::DeletedTest,
                Side::Added,
                w.line,
                format!("Weakens `{}` to `{}`: the test now accepts wrong values", g.key, w.key),
            );
        } else {
            out.hit(g);
        }
    }
    let (_, new) = net(skips(rem), skips(add));
    for hit in new {
        out.hit(hit);
    }
    // Cases dropped from a table-driven test: `@pytest.mark.parametrize(...)`, `it.each([...])`,
    // `#[case(...)]`.
    let (before, after) = (table_cases(rem), table_cases(add));
    if let Some(&(l, _)) = before.first().filter(|_| count(&before) > count(&after)) {
        out.add(
            Rule::DeletedTest,
            Side::Removed,
            l,
            format!(
                "Drops test cases from `{}` ({} before, {} now): the inputs they covered are no longer tested",
                rem.code_line(l),
                count(&before),
                count(&after)
            ),
        );
    }
}

fn count(tables: &[(u32, usize)]) -> usize {
    tables.iter().map(|t| t.1).sum()
}

/// The case tables this side changes, as (line, number of cases).
fn table_cases(c: &Code) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    for i in 0..c.toks.len() {
        if !c.is_test_line(c.line(i)) {
            continue;
        }
        let t = c.toks[i];
        // `#[case(...)]` / `#[test_case(...)]`: one case each.
        if matches!(t.text, "case" | "test_case") && c.prev(i, 1) == "[" && c.prev(i, 2) == "#" {
            if c.touched(i) {
                out.push((t.line, 1));
            }
            continue;
        }
        if !matches!(t.text, "parametrize" | "each" | "cases") || c.text(i + 1) != "(" {
            continue;
        }
        let Some(end) = c.close_of(i + 1) else { continue };
        let Some(list) = (i + 2..end).find(|&k| c.text(k) == "[") else { continue };
        let Some(list_end) = c.close_of(list) else { continue };
        if !(list..=list_end).any(|k| c.changed[k]) {
            continue;
        }
        // Elements at depth 1 in the list: commas between them, plus one, less a trailing comma.
        let mut depth = 0;
        let mut commas = 0;
        for k in list + 1..list_end {
            match c.text(k) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth -= 1,
                "," if depth == 0 && k + 1 < list_end => commas += 1,
                _ => {}
            }
        }
        let cases = if list + 1 == list_end { 0 } else { commas + 1 };
        out.push((t.line, cases));
    }
    out
}

/// Every literal the assertion at `i` expects appears in one of `added`.
fn still_asserted(c: &Code, i: usize, added: &[String]) -> bool {
    let end = c.stmt_end(i);
    let literals: Vec<&str> = (i..=end)
        .filter(|&k| matches!(c.kind(k), Some(TokenKind::String | TokenKind::Number)))
        .map(|k| string_body(c.text(k)))
        .filter(|l| !l.is_empty())
        .collect();
    !literals.is_empty() && added.iter().any(|a| literals.iter().all(|l| a.contains(l)))
}

/// Tests the new code no longer has. A test of the same name, or one whose name shares most of
/// its words (a renamed test), still covers it; a different test replacing it does not.
fn lost_tests(gone: Vec<Hit>, mut new: Vec<Hit>) -> Vec<Hit> {
    let words = |name: &str| -> Vec<String> {
        components(name).into_iter().filter(|w| !matches!(w.as_str(), "test" | "tests" | "it")).collect()
    };
    gone.into_iter()
        .filter(|g| {
            let gw = words(&g.key);
            let similar = |n: &Hit| {
                let nw = words(&n.key);
                let shared = gw.iter().filter(|w| nw.contains(w)).count();
                shared > 0 && shared * 2 >= gw.len().min(nw.len())
            };
            let found = new.iter().position(|n| n.key == g.key).or_else(|| new.iter().position(similar));
            match found {
                Some(p) => {
                    new.remove(p);
                    false
                }
                None => true,
            }
        })
        .collect()
}

fn test_defs(c: &Code) -> Vec<Hit> {
    (0..c.toks.len())
        .filter(|&i| c.touched(i))
        .filter_map(|i| {
            let name = c.test_def(i)?;
            let what = if c.text(i) == "describe" || c.text(i) == "class" { "test suite" } else { "test" };
            Some(c.hit(Rule::DeletedTest, "test", name.clone(), i).because(format!(
                "Deletes the {what} `{}`: what it checked is no longer tested",
                shorten(&name, 40)
            )))
        })
        .collect()
}

/// Assertions in test code, as `strong` (compares with an expected value) or `weak` (only checks
/// that something is truthy, defined or `Ok`).
fn assertions(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.is_test_line(c.line(i)) {
            continue;
        }
        let t = c.toks[i];
        let found = match (c.lang, t.text) {
            (Rust, x)
                if t.kind == TokenKind::Ident
                    && x.ends_with('!')
                    && (x.starts_with("assert")
                        || x.starts_with("debug_assert")
                        || x.starts_with("prop_assert")) =>
            {
                c.close_of(i + 1).map(|end| {
                    let strong = x.contains("_eq")
                        || x.contains("_ne")
                        || x.contains("matches")
                        || (i..end).any(|k| c.is_comparison(k) || c.text(k) == "matches!");
                    (end, strong)
                })
            }
            (Python, "assert") if t.kind == TokenKind::Keyword => {
                let end = c.stmt_end(i);
                let strong = (i..=end).any(|k| c.is_comparison(k) || c.text(k) == "in");
                Some((end, strong))
            }
            (Python, x) if x.starts_with("assert") && c.prev(i, 1) == "." && c.text(i + 1) == "(" => {
                c.close_of(i + 1).map(|end| {
                    (end, !matches!(x, "assertTrue" | "assertFalse" | "assertIsNotNone" | "assert_called"))
                })
            }
            (Python, "raises") if c.prev(i, 2) == "pytest" => c.close_of(i + 1).map(|end| (end, true)),
            (JavaScript | TypeScript, "expect") if c.prev(i, 1) != "." && c.text(i + 1) == "(" => {
                c.close_of(i + 1).map(|close| {
                    let mut m = close + 1;
                    while c.text(m) == "." && matches!(c.text(m + 1), "not" | "resolves" | "rejects") {
                        m += 2;
                    }
                    let matcher = if c.text(m) == "." { c.text(m + 1) } else { "" };
                    let end = if matcher.is_empty() { close } else { c.close_of(m + 2).unwrap_or(m + 1) };
                    (
                        end,
                        !matches!(
                            matcher,
                            "toBeDefined" | "toBeTruthy" | "toBeFalsy" | "toHaveBeenCalled" | ""
                        ),
                    )
                })
            }
            (JavaScript | TypeScript, "assert")
                if c.prev(i, 1) != "." && matches!(c.text(i + 1), "(" | ".") =>
            {
                let method = if c.text(i + 1) == "." { c.text(i + 2) } else { "" };
                let open = if method.is_empty() { i + 1 } else { i + 3 };
                c.close_of(open).map(|end| (end, !matches!(method, "" | "ok")))
            }
            _ => None,
        };
        // A changed matcher (`toBe(3)` → `toBeDefined()`) changes the assertion.
        if let Some((end, strong)) = found.filter(|&(end, _)| (i..=end).any(|k| c.changed[k])) {
            let text = quote(&c.span(i, end));
            let kind = if strong { "strong" } else { "weak" };
            hits.push(
                c.hit(Rule::DeletedTest, kind, text.clone(), i)
                    .because(format!("Removes the assertion `{text}`: the test no longer checks it")),
            );
        }
    }
    hits
}

/// Markers that stop tests from running: `#[ignore]`, `@pytest.mark.skip`, `it.skip`, `xit`, and
/// `.only`, which stops every other test.
fn skips(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.changed[i] {
            continue;
        }
        let t = c.toks[i];
        let (prev, prev2) = (c.prev(i, 1), c.prev(i, 2));
        let q = c.code_line(t.line);
        let test_call = matches!(prev2, "it" | "test" | "describe") && prev == ".";
        let reason = match (c.lang, t.text) {
            (Rust, "ignore") if prev == "[" && prev2 == "#" => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (Python, "skip" | "skipif" | "xfail")
                if prev == "." && matches!(prev2, "mark" | "unittest" | "pytest") =>
            {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (Python, "skipTest") if prev == "." => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "skip") if test_call => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "xit" | "xtest" | "xdescribe") if c.text(i + 1) == "(" => {
                Some(format!("Skips the test with `{q}`: it no longer runs"))
            }
            (JavaScript | TypeScript, "only") if test_call => {
                Some(format!("Focuses the suite with `{q}`: every other test in the file stops running"))
            }
            (JavaScript | TypeScript, "fit" | "fdescribe") if c.text(i + 1) == "(" => {
                Some(format!("Focuses the suite with `{q}`: every other test in the file stops running"))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            hits.push(c.hit(Rule::DeletedTest, "skip", t.text, i).because(reason));
        }
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// Configuration files

/// Config files (TOML, YAML, `.env`, ...) have no lexer rules worth the name; the few risks they
/// carry are visible line by line: credentials, TLS verification off, CORS for all, cookie flags.
fn config_rules(view: &HunkView, out: &mut Findings) {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut before: HashMap<String, usize> = HashMap::new();
    for line in view.removed {
        *before.entry(norm(line)).or_default() += 1;
    }
    let lower_path = view.path.to_ascii_lowercase();
    let example = ["example", "sample", "template", ".dist"].iter().any(|w| lower_path.contains(w));
    for (l, line) in view.added.iter().enumerate() {
        let n = norm(line);
        if let Some(count) = before.get_mut(&n).filter(|c| **c > 0) {
            *count -= 1;
            continue;
        }
        let t = n.trim_start_matches(['-', ' ']).trim_start_matches("export ");
        if t.starts_with(['#', ';']) || t.starts_with("//") {
            continue;
        }
        let Some(sep) = t.find(['=', ':']) else { continue };
        let key = t[..sep].trim().trim_matches(['"', '\'']);
        let value = t[sep + 1..].trim().trim_end_matches(',').trim().trim_matches(['"', '\'']);
        let (lk, lv) = (key.to_ascii_lowercase(), value.to_ascii_lowercase());
        let line = l as u32;
        let shown = quote(&format!("{key}: {value}"));
        if !example
            && (has_key_shape(value) || secret_name(key).is_some_and(|min| literal_secret(value, key, min)))
        {
            out.add(
                Rule::Security,
                Side::Added,
                line,
                format!(
                "Hard-codes a credential in `{key} = \"{}\"`: read it from the environment or a secret store",
                mask(value)
            ),
            );
        } else if (["ssl", "tls", "cert"].iter().any(|w| lk.contains(w)) || lk == "verify")
            && lk.contains("verify")
            && lv == "false"
            || (lk.contains("insecure") && lv == "true")
        {
            out.add(
                Rule::Unsafe,
                Side::Added,
                line,
                format!("Turns off TLS certificate verification (`{shown}`)"),
            );
        } else if lk.contains("origin") && matches!(lv.as_str(), "*" | "[\"*\"]" | "['*']" | "[*]") {
            out.add(Rule::Security, Side::Added, line, format!(
                "Allows requests from any origin (`{shown}`): any website can call this API and read the answers"
            ));
        } else if lk.contains("cookie")
            && (lk.ends_with("secure") || lk.ends_with("httponly") || lk.ends_with("http_only"))
            && lv == "false"
        {
            out.add(Rule::Security, Side::Added, line, format!("Turns off a cookie protection (`{shown}`)"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/// A name's words, lowercased: `isAdmin` → `is`, `admin`; `API_KEY` → `api`, `key`.
fn components(ident: &str) -> Vec<String> {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A string literal without its prefix (`r#`, `f`, `b`) and quotes.
fn string_body(text: &str) -> &str {
    let Some(open) = text.find(['"', '\'', '`']) else {
        return text;
    };
    let rest = &text[open..];
    let q = &rest[..1];
    let quotes = if rest.starts_with(&q.repeat(3)) && rest.len() >= 6 { 3 } else { 1 };
    let body = &rest[quotes..];
    let hashes = text[..open].matches('#').count();
    let close = format!("{}{}", q.repeat(quotes), "#".repeat(hashes));
    body.strip_suffix(close.as_str()).unwrap_or(body)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Code for a reason: one line, no trailing `{`/`;`, at most [`QUOTE_CHARS`] characters.
fn quote(s: &str) -> String {
    let s = collapse(s);
    let mut t = s.trim_end_matches(['{', ';', ',', ' ']);
    if t.ends_with(':') && !t.ends_with("::") {
        t = &t[..t.len() - 1];
    }
    shorten(t.trim_end(), QUOTE_CHARS)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max - 1).collect();
        format!("{}…", head.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of a snippet written as an indented raw string: the first newline dropped.
    fn lines(s: &str) -> Vec<&str> {
        let s = s.strip_prefix('\n').unwrap_or(s);
        if s.is_empty() {
            return Vec::new();
        }
        s.strip_suffix('\n').unwrap_or(s).split('\n').collect()
    }

    fn risks_in(path: &str, removed: &str, added: &str, in_test: bool) -> Vec<Risk> {
        let (r, a) = (lines(removed), lines(added));
        hunk_risks(&HunkView { lang: Language::from_path(path), path, removed: &r, added: &a, in_test })
    }

    fn risks(path: &str, removed: &str, added: &str) -> Vec<Risk> {
        risks_in(path, removed, added, false)
    }

    fn rules(found: &[Risk]) -> Vec<Rule> {
        let mut r: Vec<Rule> = found.iter().map(|r| r.rule).collect();
        r.sort();
        r.dedup();
        r
    }

    #[track_caller]
    fn expect(found: Vec<Risk>, want: &[Rule]) -> Vec<Risk> {
        assert_eq!(rules(&found), want, "got {found:#?}");
        found
    }

    #[track_caller]
    fn reason(found: &[Risk], rule: Rule) -> &str {
        &found.iter().find(|r| r.rule == rule).unwrap_or_else(|| panic!("no {rule:?} in {found:#?}")).reason
    }

    use Rule::*;

    // ---- error handling

    #[test]
    fn rust_removed_guard_is_flagged() {
        let found = expect(
            risks(
                "src/pay.rs",
                "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }
    let fee = compute_fee(amount);",
                "
    let fee = compute_fee(amount);",
            ),
            &[ErrorHandling],
        );
        assert_eq!(
            reason(&found, ErrorHandling),
            "Removes the check `if amount <= 0 { return Err(...) }`: what it rejected now goes through"
        );
        assert_eq!((found[0].side, found[0].line), (Side::Removed, 0));
    }

    #[test]
    fn rust_guard_moved_reindented_or_rewritten_is_not_removed() {
        // Moved into a block, re-indented.
        expect(
            risks(
                "src/pay.rs",
                "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }
    let fee = compute_fee(amount);",
                "
    let fee = {
        if amount <= 0 {
            return Err(PayError::InvalidAmount(amount));
        }
        compute_fee(amount)
    };",
            ),
            &[],
        );
        // Rewritten as a macro that checks the same thing.
        expect(
            risks(
                "src/pay.rs",
                "
    if amount <= 0 {
        return Err(PayError::InvalidAmount(amount));
    }",
                "
    ensure!(amount > 0, PayError::InvalidAmount(amount));",
            ),
            &[],
        );
    }

    #[test]
    fn rust_question_mark_to_unwrap_is_error_handling_and_panic() {
        let found = expect(
            risks(
                "src/main.rs",
                "    let header = parse_header(&buf)?;",
                "    let header = parse_header(&buf).unwrap();",
            ),
            &[ErrorHandling, Panic],
        );
        assert_eq!(
            reason(&found, ErrorHandling),
            "`?` on `parse_header(&buf)` replaced by `.unwrap()`: its error now panics instead of propagating"
        );
        assert_eq!(
            reason(&found, Panic),
            "New `.unwrap()` on `parse_header(&buf)`: an `Err` or `None` here panics"
        );
        // Tier order: the High error-handling finding comes first.
        assert_eq!(found[0].rule, ErrorHandling);
    }

    #[test]
    fn rust_discarded_error_is_flagged_but_a_tail_call_is_not() {
        expect(
            risks("src/sync.rs", "    flush(&mut file)?;", "    let _ = flush(&mut file);"),
            &[ErrorHandling],
        );
        // `let x = f()?; Ok(x)` → `f()`: the error still goes up.
        expect(
            risks(
                "src/sync.rs",
                "
    let n = flush(&mut file)?;
    Ok(n)",
                "
    flush(&mut file)",
            ),
            &[],
        );
    }

    #[test]
    fn rust_renamed_function_keeps_its_question_marks() {
        expect(
            risks(
                "src/config.rs",
                "
pub fn load(path: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let config = toml::from_str(&text)?;",
                "
pub fn load_config(path: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let config = toml::from_str(&text)?;",
            ),
            &[],
        );
    }

    #[test]
    fn rust_deleted_function_is_not_removed_error_handling() {
        expect(
            risks(
                "src/legacy.rs",
                "
fn old_parse(s: &str) -> Result<u32, Error> {
    if s.is_empty() {
        return Err(Error::Empty);
    }
    let n = s.parse()?;
    Ok(n)
}",
                "",
            ),
            &[],
        );
    }

    #[test]
    fn removed_validation_and_assert_are_flagged() {
        expect(
            risks("src/api.rs", "    validate_request(&req)?;\n    handle(req)", "    handle(req)"),
            &[ErrorHandling],
        );
        expect(
            risks("src/buf.rs", "    assert!(len <= self.cap);\n    self.len = len;", "    self.len = len;"),
            &[ErrorHandling],
        );
    }

    #[test]
    fn python_removed_guard_and_handler() {
        expect(
            risks(
                "app/orders.py",
                "
    if not items:
        raise ValueError(\"an order needs items\")
    total = sum(i.price for i in items)",
                "
    total = sum(i.price for i in items)",
            ),
            &[ErrorHandling],
        );
        let found = expect(
            risks(
                "app/load.py",
                "
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None",
                "
    data = json.loads(text)",
            ),
            &[ErrorHandling],
        );
        assert!(reason(&found, ErrorHandling).contains("except json.JSONDecodeError"));
    }

    #[test]
    fn python_guard_moved_into_a_check_helper_is_fine() {
        expect(
            risks(
                "app/orders.py",
                "
    if amount <= 0:
        raise ValueError(\"amount must be positive\")",
                "
    _check_positive(amount)",
            ),
            &[],
        );
    }

    #[test]
    fn swallowed_errors_are_flagged() {
        let found = expect(
            risks(
                "app/sync.py",
                "    push(changes)",
                "
    try:
        push(changes)
    except Exception:
        pass",
            ),
            &[ErrorHandling],
        );
        assert!(reason(&found, ErrorHandling).contains("except Exception: pass"));
        expect(
            risks("web/sync.js", "  await push(changes);", "  try { await push(changes); } catch (e) {}"),
            &[ErrorHandling],
        );
        expect(
            risks("web/sync.js", "  push(changes);", "  push(changes).catch(() => {});"),
            &[ErrorHandling],
        );
    }

    #[test]
    fn js_removed_catch_is_flagged_but_a_new_message_is_not() {
        expect(
            risks(
                "web/api.js",
                "
  return fetch(url)
    .then((res) => res.json())
    .catch((err) => showError(err));",
                "
  return fetch(url).then((res) => res.json());",
            ),
            &[ErrorHandling],
        );
        expect(
            risks(
                "web/api.ts",
                "  if (!res.ok) throw new Error(\"request failed\");",
                "  if (!res.ok) throw new Error(`request failed: ${res.status}`);",
            ),
            &[],
        );
    }

    // ---- unsafe

    #[test]
    fn rust_new_unsafe_and_transmute() {
        let found = expect(
            risks(
                "src/buf.rs",
                "    let x = bytes.get(i).copied();",
                "    let x = unsafe { *bytes.get_unchecked(i) };",
            ),
            &[Unsafe],
        );
        assert!(reason(&found, Unsafe).starts_with("New `unsafe` code in `let x = unsafe"));
        expect(risks("src/f.rs", "", "    let bits: u32 = std::mem::transmute(x);"), &[Unsafe]);
        // An existing unsafe block re-indented under a new `if`.
        expect(
            risks(
                "src/buf.rs",
                "    unsafe { ptr.write(v) };",
                "    if ok {\n        unsafe { ptr.write(v) };\n    }",
            ),
            &[],
        );
    }

    #[test]
    fn python_unsafe_loading_and_tls() {
        expect(risks("app/cache.py", "", "    obj = pickle.loads(blob)"), &[Unsafe]);
        expect(risks("app/cfg.py", "", "    cfg = yaml.load(f)"), &[Unsafe]);
        expect(risks("app/cfg.py", "", "    cfg = yaml.load(f, Loader=yaml.SafeLoader)"), &[]);
        expect(
            risks("app/net.py", "    r = requests.get(url)", "    r = requests.get(url, verify=False)"),
            &[Unsafe, Security],
        );
        // PyTorch's `model.eval()` is not `eval`.
        expect(risks("app/train.py", "", "    model.eval()"), &[]);
    }

    #[test]
    fn js_unsafe_markup_and_eval() {
        expect(risks("web/view.js", "  el.textContent = html;", "  el.innerHTML = html;"), &[Unsafe]);
        expect(risks("web/view.js", "", "  el.innerHTML = \"\";"), &[]);
        expect(risks("web/calc.js", "", "  const v = eval(expr);"), &[Unsafe]);
        expect(
            risks("web/client.ts", "", "  const agent = new https.Agent({ rejectUnauthorized: false });"),
            &[Unsafe, Security],
        );
    }

    // ---- panics

    #[test]
    fn rust_unwrap_new_moved_in_tests_and_in_comments() {
        expect(
            risks("src/a.rs", "    let n = s.parse::<u32>()?;", "    let n = s.parse::<u32>().unwrap();"),
            &[ErrorHandling, Panic],
        );
        // Moved from one line to another, unchanged.
        expect(
            risks(
                "src/a.rs",
                "
    let a = first.lock().unwrap();
    let b = second();",
                "
    let b = second();
    let a = first.lock().unwrap();",
            ),
            &[],
        );
        // The same call with one argument more: not a new unwrap.
        expect(
            risks("src/a.rs", "    let v = load(path).unwrap();", "    let v = load(path, opts).unwrap();"),
            &[],
        );
        // Test code may unwrap.
        expect(risks_in("src/a.rs", "", "    let v = load(path).unwrap();", true), &[]);
        expect(risks("tests/load.rs", "", "    let v = load(path).unwrap();"), &[]);
        // Comments and strings are not code.
        expect(
            risks(
                "src/a.rs",
                "",
                "    // never unwrap() here: todo!() later\n    log(\"call .unwrap() and panic!\");",
            ),
            &[],
        );
    }

    #[test]
    fn rust_panicking_macros() {
        let found = expect(risks("src/a.rs", "    None => None,", "    None => todo!(),"), &[Panic]);
        assert!(reason(&found, Panic).contains("todo!"));
        expect(risks("src/a.rs", "", "    assert_eq!(buf.len(), HEADER_LEN);"), &[Panic]);
        expect(risks("src/a.rs", "", "    debug_assert!(buf.len() <= HEADER_LEN);"), &[]);
    }

    #[test]
    fn rust_unchecked_indexing() {
        let found = expect(
            risks("src/a.rs", "    let item = items.get(idx)?;", "    let item = &items[idx];"),
            &[ErrorHandling, Panic],
        );
        assert_eq!(
            reason(&found, Panic),
            "Indexes `items[idx]` without a bounds check: an out-of-range index panics"
        );
        expect(risks("src/a.rs", "", "    let first = items[0];"), &[]);
        expect(
            risks("src/a.rs", "", "    for i in 0..items.len() {\n        total += items[i];\n    }"),
            &[],
        );
        expect(
            risks("src/a.rs", "", "#[derive(Debug)]\nstruct Header { magic: [u8; 4], rest: Vec<[u8; 2]> }\nfn f(b: &[u8]) -> Vec<u8> { vec![b.len() as u8] }"),
            &[],
        );
    }

    #[test]
    fn ts_non_null_and_any() {
        let found = expect(
            risks("web/user.ts", "  const name = user?.name;", "  const name = user!.name;"),
            &[Panic],
        );
        assert!(reason(&found, Panic).contains("`user!`"));
        expect(risks("web/user.ts", "", "  if (!done && !user.active) return;"), &[]);
        // `as any` loosens types; it does not crash anything by itself.
        expect(risks("web/user.ts", "", "  const cfg = JSON.parse(raw) as any;"), &[]);
        // Plain JavaScript has no non-null assertion.
        expect(risks("web/user.js", "", "  const ok = !user;"), &[]);
    }

    #[test]
    fn python_assert_outside_tests() {
        expect(risks("app/core.py", "", "    assert amount > 0"), &[Panic]);
        expect(risks("tests/test_core.py", "", "    assert amount > 0"), &[]);
    }

    // ---- boundaries

    #[test]
    fn comparison_and_range_changes() {
        let found = expect(
            risks("src/a.rs", "    while i < items.len() {", "    while i <= items.len() {"),
            &[Boundary],
        );
        assert_eq!(
            reason(&found, Boundary),
            "Comparison changed from `<` to `<=` in `while i <= items.len()`: check the boundary"
        );
        let found = expect(risks("src/a.rs", "    for i in 0..n {", "    for i in 0..=n {"), &[Boundary]);
        assert!(reason(&found, Boundary).contains("the end is now included"));
        expect(risks("web/a.js", "  if (a.kind === b.kind) {", "  if (a.kind !== b.kind) {"), &[Boundary]);
        // Loose to strict equality is a lint fix, not a boundary.
        expect(risks("web/a.js", "  if (a.kind == b.kind) {", "  if (a.kind === b.kind) {"), &[]);
    }

    #[test]
    fn off_by_one_changes() {
        let found = expect(
            risks("src/a.rs", "    let last = items.len();", "    let last = items.len() - 1;"),
            &[Boundary],
        );
        assert!(reason(&found, Boundary).starts_with("Adds `- 1` in `let last = items.len() - 1`"));
        expect(risks("app/a.py", "    for i in range(n):", "    for i in range(n + 1):"), &[Boundary]);
        expect(risks("app/a.py", "    if retries > 3:", "    if retries > 4:"), &[Boundary]);
        expect(
            risks("web/a.ts", "  const page = rows.slice(0, 10);", "  const page = rows.slice(0, 11);"),
            &[Boundary],
        );
        // A version bump is not a bound.
        expect(risks("src/a.rs", "const VERSION: u32 = 2;", "const VERSION: u32 = 3;"), &[]);
        // Any `± 1` gained or lost on a line that stays (here a column turned 0-based)...
        expect(
            risks(
                "src/lexer.rs",
                "    column: self.pos - self.line_start + 1,",
                "    column: self.pos - self.line_start,",
            ),
            &[Boundary],
        );
        // ...but not on a new line.
        expect(risks("src/a.rs", "", "    let next = id + 1;"), &[]);
    }

    #[test]
    fn dropped_condition_is_a_boundary() {
        expect(risks("src/a.rs", "    if idx >= 0 && idx < len {", "    if idx < len {"), &[Boundary]);
    }

    #[test]
    fn rewrites_and_generics_are_not_boundaries() {
        expect(
            risks(
                "src/a.rs",
                "    if a < b {",
                "    while queue.pop_front().is_some() && seen.len() < limit {",
            ),
            &[],
        );
        expect(
            risks("src/a.rs", "fn f(v: Vec<u8>) -> Option<u8> {", "fn f(v: Vec<u16>) -> Option<u16> {"),
            &[],
        );
        expect(
            risks(
                "web/a.ts",
                "  const m: Map<string, number> = new Map();",
                "  const m = new Map<string, number>();",
            ),
            &[],
        );
    }

    // ---- security

    #[test]
    fn removed_permission_check() {
        let found = expect(
            risks(
                "src/handlers.rs",
                "
    if !user.is_admin {
        return Err(ApiError::Forbidden);
    }
    db.delete_post(id)?;",
                "
    db.delete_post(id)?;",
            ),
            &[ErrorHandling, Security],
        );
        assert!(reason(&found, Security).starts_with("Removes the permissions check `if !user.is_admin"));
        // Python, by the exception it raised.
        expect(
            risks(
                "app/views.py",
                "
    if request.user.id != post.owner_id:
        raise PermissionDenied()
    post.delete()",
                "
    post.delete()",
            ),
            &[ErrorHandling, Security],
        );
    }

    #[test]
    fn renamed_check_that_loses_its_meaning() {
        expect(
            risks("src/handlers.rs", "    if user.is_admin() {", "    if user.is_active() {"),
            &[Security],
        );
    }

    #[test]
    fn hard_coded_credentials() {
        let found = expect(
            risks(
                "app/settings.py",
                "API_KEY = os.environ[\"API_KEY\"]",
                "API_KEY = \"sk-live-4f9a8b7c6d5e4f3a2b1c\"",
            ),
            &[Security],
        );
        assert!(reason(&found, Security).contains("sk-…"));
        assert!(!reason(&found, Security).contains("4f9a"), "the secret itself is not quoted");
        expect(
            risks("src/db.rs", "", "    let url = \"postgres://admin:hunter2@db:5432/app\";"),
            &[Security],
        );
        expect(risks("web/login.ts", "", "  const password = \"correct-horse\";"), &[Security]);
        // Reading it from the environment, naming the variable, or a form field is fine.
        expect(risks("app/settings.py", "", "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]"), &[]);
        expect(risks("app/settings.py", "", "PASSWORD_ENV = \"DB_PASSWORD\""), &[]);
    }

    #[test]
    fn insecure_tokens_cookies_cors_and_jwt() {
        expect(
            risks("web/reset.js", "", "  const resetToken = Math.random().toString(36).slice(2);"),
            &[Security],
        );
        expect(risks("web/list.js", "", "  const id = Math.random();"), &[]);
        let found = expect(
            risks(
                "web/server.js",
                "  res.cookie(\"sid\", sid, { httpOnly: true, secure: true });",
                "  res.cookie(\"sid\", sid, { httpOnly: false, secure: true });",
            ),
            &[Security],
        );
        assert!(reason(&found, Security).contains("httpOnly"));
        expect(
            risks("web/server.js", "", "  res.setHeader(\"Access-Control-Allow-Origin\", \"*\");"),
            &[Security],
        );
        expect(
            risks(
                "web/auth.js",
                "  const claims = jwt.verify(token, SECRET);",
                "  const claims = jwt.decode(token);",
            ),
            &[Unsafe, Security],
        );
        expect(
            risks("app/auth.py", "    if hmac.compare_digest(sig, expected):", "    if sig == expected:"),
            &[Security],
        );
    }

    #[test]
    fn weak_hashes_only_for_secrets() {
        expect(
            risks(
                "app/users.py",
                "    digest = bcrypt.hashpw(password, salt)",
                "    digest = hashlib.md5(password).hexdigest()",
            ),
            &[Security],
        );
        expect(risks("app/cache.py", "", "    etag = hashlib.md5(body).hexdigest()"), &[]);
    }

    #[test]
    fn lexer_tokens_and_docs_are_not_security() {
        expect(
            risks(
                "src/lexer.rs",
                "    let token = self.next_token();",
                "    let token = self.next_token()?;",
            ),
            &[],
        );
        expect(
            risks(
                "src/lexer.rs",
                "",
                "    tokens.push(Token { kind, text });\n    let token_count = tokens.len();",
            ),
            &[],
        );
        // A comment and a docstring that talk about passwords.
        expect(
            risks(
                "app/users.py",
                "",
                "
    # The password is hashed by the caller.
    \"\"\"
    Store the user. The password must already be hashed.
    \"\"\"",
            ),
            &[],
        );
        // A docstring line cut from its quotes by the hunk.
        expect(
            risks(
                "app/users.py",
                "    Returns the password hash of the user.",
                "    Returns the hashed password of the user.",
            ),
            &[],
        );
    }

    #[test]
    fn renames_in_auth_code_are_quiet() {
        expect(
            risks(
                "src/auth.rs",
                "pub fn check_session(s: &Session) -> bool {",
                "pub fn validate_session(s: &Session) -> bool {",
            ),
            &[],
        );
        expect(
            risks(
                "app/auth.py",
                "    raise AuthError(\"bad token\")",
                "    raise AuthError(\"invalid or expired token\")",
            ),
            &[],
        );
    }

    #[test]
    fn changed_auth_logic_is_flagged() {
        expect(
            risks(
                "app/auth.py",
                "    hashed = bcrypt.hashpw(password, bcrypt.gensalt(12))",
                "    hashed = bcrypt.hashpw(password, bcrypt.gensalt(4))",
            ),
            &[Security],
        );
        expect(
            risks("app/views.py", "@login_required\ndef dashboard(request):", "def dashboard(request):"),
            &[Security],
        );
    }

    // ---- injection

    #[test]
    fn sql_built_from_values() {
        let found = expect(
            risks(
                "app/db.py",
                "    cur.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))",
                "    cur.execute(f\"SELECT * FROM users WHERE id = {user_id}\")",
            ),
            &[Injection],
        );
        assert!(reason(&found, Injection).starts_with("Builds SQL with an f-string"));
        expect(
            risks("app/db.py", "", "    cur.execute(\"DELETE FROM t WHERE id = %s\" % tid)"),
            &[Injection],
        );
        expect(
            risks("web/db.js", "", "  db.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");"),
            &[Injection],
        );
        expect(
            risks("web/db.ts", "", "  db.query(`UPDATE users SET name = ${name} WHERE id = ${id}`);"),
            &[Injection],
        );
        expect(
            risks("src/db.rs", "", "    conn.execute(&format!(\"DELETE FROM jobs WHERE id = {id}\"), [])?;"),
            &[Injection],
        );
        // Parameterized queries are fine, and so is prose.
        expect(risks("web/db.js", "", "  db.query(\"SELECT * FROM users WHERE id = $1\", [id]);"), &[]);
        expect(
            risks("src/db.rs", "", "    sqlx::query(\"SELECT * FROM users WHERE id = $1\").bind(id);"),
            &[],
        );
        expect(risks("web/ui.js", "", "  label.textContent = \"Select a file from \" + dir;"), &[]);
    }

    #[test]
    fn shell_commands_built_from_values() {
        expect(risks("app/tools.py", "", "    os.system(f\"tar -czf {out} {src}\")"), &[Injection]);
        expect(risks("app/tools.py", "", "    subprocess.run(cmd, shell=True)"), &[Injection]);
        expect(risks("app/tools.py", "", "    subprocess.run([\"tar\", \"-czf\", out, src])"), &[]);
        // `exec` runs a command line: unsafe as well as injectable.
        expect(risks("web/git.js", "", "  execSync(`git log ${branch}`);"), &[Unsafe, Injection]);
        expect(risks("web/parse.js", "", "  const m = pattern.exec(line);"), &[]);
        expect(
            risks(
                "src/run.rs",
                "",
                "    Command::new(\"sh\").arg(\"-c\").arg(format!(\"ls {}\", dir)).status()?;",
            ),
            &[Injection],
        );
        expect(risks("src/run.rs", "", "    Command::new(\"git\").arg(\"log\").arg(branch).status()?;"), &[]);
    }

    // ---- concurrency

    #[test]
    fn rust_concurrency() {
        expect(risks("src/jobs.rs", "", "    let handle = thread::spawn(move || work(rx));"), &[Concurrency]);
        expect(
            risks("src/jobs.rs", "", "    tokio::spawn(async move { flush(queue).await });"),
            &[Concurrency],
        );
        let found = expect(
            risks("src/audit.rs", "", "static LOG: Mutex<Vec<Action>> = Mutex::new(Vec::new());"),
            &[Concurrency],
        );
        assert!(reason(&found, Concurrency).starts_with("Adds shared global state"));
        expect(risks("src/flag.rs", "", "    READY.store(true, Ordering::Relaxed);"), &[Concurrency]);
        // The plumbing of such a change is judged where the threads start: a `Mutex` field, its
        // constructor, a lock taken, a counter bumped with `Relaxed`.
        expect(
            risks(
                "src/cache.rs",
                "    buckets: HashMap<String, Bucket>,",
                "    buckets: Mutex<HashMap<String, Bucket>>,",
            ),
            &[],
        );
        expect(
            risks(
                "src/cache.rs",
                "    let cache = HashMap::new();",
                "    let cache = Arc::new(Mutex::new(HashMap::new()));",
            ),
            &[],
        );
        expect(
            risks(
                "src/stats.rs",
                "    self.rejected += 1;",
                "    self.rejected.fetch_add(1, Ordering::Relaxed);",
            ),
            &[],
        );
        expect(risks("src/jobs.rs", "", "use std::sync::{Arc, Mutex};"), &[]);
        expect(risks("src/jobs.rs", "", "    let child = Command::new(\"make\").spawn()?;"), &[]);
        // `lock().unwrap()` only panics on a poisoned lock: the idiom, not a new panic.
        expect(
            risks(
                "src/cache.rs",
                "    let n = self.map.len();",
                "    let n = self.map.lock().unwrap().len();",
            ),
            &[],
        );
    }

    #[test]
    fn removed_lock_is_concurrency() {
        let found = expect(
            risks(
                "cache/memory.py",
                "
    def put(self, key, value):
        with self._lock:
            self._data[key] = value",
                "
    def put(self, key, value):
        self._data[key] = value",
            ),
            &[Concurrency],
        );
        assert!(reason(&found, Concurrency).starts_with("Removes the lock in `with self._lock`"));
    }

    #[test]
    fn python_and_js_concurrency() {
        expect(risks("app/jobs.py", "", "    t = threading.Thread(target=work)"), &[Concurrency]);
        expect(risks("app/jobs.py", "", "    results = await asyncio.gather(*tasks)"), &[Concurrency]);
        expect(risks("web/main.js", "", "  const worker = new Worker(\"worker.js\");"), &[Concurrency]);
        expect(risks("web/main.js", "", "  const results = await Promise.all(tasks);"), &[]);
        expect(risks("web/pool.ts", "", "  readonly progress = new SharedArrayBuffer(4);"), &[Concurrency]);
        expect(risks("web/worker.ts", "", "  Atomics.add(progress, 0, n);"), &[Concurrency]);
        // A type annotation and a read are not where shared memory starts.
        expect(
            risks(
                "web/messages.ts",
                "",
                "  progress: SharedArrayBuffer;\n  const done = Atomics.load(counter, 0);",
            ),
            &[],
        );
    }

    // ---- tests

    #[test]
    fn rust_deleted_and_weakened_tests() {
        let found = expect(
            risks_in(
                "src/header.rs",
                "
    #[test]
    fn parses_header() {
        assert_eq!(parse_header(b\"MRB1\"), Ok(Header::V1));
    }",
                "",
                true,
            ),
            &[DeletedTest],
        );
        assert_eq!(found.len(), 1, "one finding for the test, not one per assertion");
        assert!(reason(&found, DeletedTest).contains("parses_header"));
        let found = expect(
            risks_in(
                "src/header.rs",
                "        assert_eq!(parse_header(b\"MRB1\"), Ok(Header::V1));",
                "        assert!(parse_header(b\"MRB1\").is_ok());",
                true,
            ),
            &[DeletedTest],
        );
        assert!(reason(&found, DeletedTest).starts_with("Weakens `assert_eq!"));
        expect(risks_in("src/header.rs", "    #[test]", "    #[test]\n    #[ignore]", true), &[DeletedTest]);
        // The expected value changed: the test was updated, not weakened.
        expect(
            risks_in("src/header.rs", "        assert_eq!(total, 3);", "        assert_eq!(total, 4);", true),
            &[],
        );
    }

    #[test]
    fn python_deleted_renamed_and_skipped_tests() {
        expect(
            risks("tests/test_cart.py", "def test_total():\n    assert total([1, 2]) == 3", ""),
            &[DeletedTest],
        );
        expect(risks("tests/test_cart.py", "def test_total():", "def test_total_of_two_items():"), &[]);
        expect(
            risks(
                "tests/test_cart.py",
                "def test_total():",
                "@pytest.mark.skip(reason=\"flaky\")\ndef test_total():",
            ),
            &[DeletedTest],
        );
        expect(
            risks(
                "tests/test_cart.py",
                "    assert total([1, 2]) == 3\n    assert total([]) == 0",
                "    assert total([1, 2]) == 3",
            ),
            &[DeletedTest],
        );
    }

    #[test]
    fn js_deleted_focused_and_weakened_tests() {
        expect(
            risks(
                "web/cart.test.js",
                "
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });",
                "",
            ),
            &[DeletedTest],
        );
        expect(
            risks("web/cart.test.ts", "  it(\"adds items\", () => {", "  it.only(\"adds items\", () => {"),
            &[DeletedTest],
        );
        let found = expect(
            risks(
                "web/cart.test.ts",
                "    expect(total(cart)).toBe(3);",
                "    expect(total(cart)).toBeDefined();",
            ),
            &[DeletedTest],
        );
        assert!(reason(&found, DeletedTest).starts_with("Weakens"));
        // A test moved within the file is still there.
        expect(
            risks(
                "web/cart.test.ts",
                "
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });
  const cart = [];",
                "
  const cart = [];
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });",
            ),
            &[],
        );
    }

    // ---- formatting, moves, comments

    #[test]
    fn refactors_that_keep_their_checks_raise_nothing() {
        // A lookup fast path rewritten with combinators.
        expect(
            risks(
                "src/cache.rs",
                "    if let Some(v) = self.cache.get(&key) {\n        return v.clone();\n    }\n    let v = compute(&key);",
                "    let v = self.cache.get(&key).cloned().unwrap_or_else(|| compute(&key));",
            ),
            &[],
        );
        expect(
            risks(
                "app/cache.py",
                "    if key in self._cache:\n        return self._cache[key]\n    value = compute(key)",
                "    value = self._cache.get(key) or compute(key)",
            ),
            &[],
        );
        // A `match` on the error turned into `?`.
        expect(
            risks(
                "src/parse.rs",
                "    let n = match s.parse::<u32>() {\n        Ok(n) => n,\n        Err(e) => return Err(Error::Parse(e)),\n    };",
                "    let n = s.parse::<u32>().map_err(Error::Parse)?;",
            ),
            &[],
        );
        // A guard moved into a validation helper, and a condition kept as an expression.
        expect(
            risks(
                "src/name.rs",
                "    if name.len() > MAX_NAME {\n        return Err(Error::NameTooLong);\n    }",
                "    validate_name_len(name)?;",
            ),
            &[],
        );
        expect(
            risks(
                "src/lib.rs",
                "    if v.is_empty() { return None; }\n    Some(v)",
                "    (!v.is_empty()).then_some(v)",
            ),
            &[],
        );
        // Promise chains turned into `try`/`catch`.
        expect(
            risks(
                "web/api.js",
                "  return fetch(url)\n    .then((res) => res.json())\n    .catch((err) => {\n      log(err);\n      throw err;\n    });",
                "  try {\n    const res = await fetch(url);\n    return await res.json();\n  } catch (err) {\n    log(err);\n    throw err;\n  }",
            ),
            &[],
        );
        // But a let-else that bailed out, replaced by an unwrap, is both.
        expect(
            risks(
                "src/users.rs",
                "    let Some(user) = users.find(id) else {\n        return Err(Error::NotFound);\n    };",
                "    let user = users.find(id).unwrap();",
            ),
            &[ErrorHandling, Panic],
        );
    }

    #[test]
    fn reformatting_raises_nothing() {
        expect(
            risks(
                "src/a.rs",
                "    let header = parse_header(&buf, opts.strict).unwrap_or_default().fields?;",
                "
    let header = parse_header(
        &buf,
        opts.strict,
    )
    .unwrap_or_default()
    .fields?;",
            ),
            &[],
        );
        expect(
            risks(
                "app/a.py",
                "
if user.password != given:
    raise PermissionError()",
                "
    if user.password != given:
        raise PermissionError()",
            ),
            &[],
        );
    }

    #[test]
    fn comments_and_strings_do_not_trigger_code_rules() {
        expect(
            risks(
                "src/a.rs",
                "",
                "
    // SAFETY: no unsafe { } here; eval( and innerHTML = are fine in comments
    /* password = \"hunter2\"; thread::spawn(x) */
    let msg = \"use unsafe { transmute } and panic! carefully\";",
            ),
            &[],
        );
        expect(
            risks(
                "web/a.ts",
                "",
                "  // el.innerHTML = html; eval(code); user!.name\n  const s = \"exec(`ls ${dir}`)\";",
            ),
            &[],
        );
    }

    #[test]
    fn docs_and_generated_files_are_skipped() {
        expect(risks("README.md", "", "Set `password = \"hunter2\"` and call `unwrap()`."), &[]);
        expect(risks("dist/app.min.js", "", "el.innerHTML = html; eval(x);"), &[]);
    }

    #[test]
    fn config_files() {
        expect(risks(".env", "", "STRIPE_KEY=sk_live_4f9a8b7c6d5e4f3a2b1c0d"), &[Security]);
        expect(risks("config/app.yaml", "", "  password: ${DB_PASSWORD}"), &[]);
        expect(risks("config/app.yaml", "", "  ssl_verify: false"), &[Unsafe]);
        expect(risks(".env.example", "", "API_KEY=sk-your-key-here"), &[]);
    }

    #[test]
    fn one_risk_per_rule_and_line_highest_tier_first() {
        let found = risks(
            "src/a.rs",
            "    let a = x.get(i)?;",
            "    let a = unsafe { x.get_unchecked(i) }.clone(); let b = y.unwrap(); let c = z.unwrap();",
        );
        let mut keys: Vec<(Rule, u32)> = found.iter().map(|r| (r.rule, r.line)).collect();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "{found:#?}");
        assert!(found.windows(2).all(|w| w[0].tier >= w[1].tier), "{found:#?}");
    }

    // ---- behaviours learned from the labelled set

    #[test]
    fn narrowed_guard_is_error_handling_and_boundary() {
        expect(
            risks(
                "web/pages.ts",
                "  if (!Number.isInteger(page) || page < 1) {",
                "  if (!Number.isInteger(page)) {",
            ),
            &[ErrorHandling, Boundary],
        );
    }

    #[test]
    fn checks_are_named_for_what_they_check() {
        // A link checker's `check_one` fetches; it validates nothing.
        expect(
            risks("crawler/pool.py", "    results.append(check_one(url))\n    log(url)", "    log(url)"),
            &[],
        );
        // Skipping an item (`continue`) is not rejecting input.
        expect(
            risks(
                "crawler/pool.py",
                "        if url in seen:\n            continue\n        fetch(url)",
                "        fetch(url)",
            ),
            &[],
        );
        expect(
            risks("src/pay.rs", "    check_amount(amount)?;\n    pay(amount)", "    pay(amount)"),
            &[ErrorHandling],
        );
    }

    #[test]
    fn removed_error_event_handler() {
        expect(
            risks(
                "web/pool.js",
                "  worker.on('error', (err) => reject(err));\n  worker.postMessage(job);",
                "  worker.postMessage(job);",
            ),
            &[ErrorHandling],
        );
    }

    #[test]
    fn index_past_a_bounded_variable_is_unchecked() {
        // `pos` is bounded by the loop, `pos + 1` is not; and a different index into the same
        // slice is new even though one was removed.
        let found = expect(
            risks(
                "src/lexer.rs",
                "            let text = &self.src[begin..self.pos];",
                "            while self.pos < self.src.len() {\n            let escaped = self.src[self.pos + 1];",
            ),
            &[Panic],
        );
        assert!(reason(&found, Panic).contains("self.src[self.pos + 1]"));
    }

    #[test]
    fn dropped_sanitizer() {
        expect(
            risks("app/uploads.py", "    name = secure_filename(file.filename)", "    name = file.filename"),
            &[ErrorHandling, Security],
        );
        // Renamed, not dropped.
        expect(risks("web/md.js", "  out += escape(text);", "  out += escapeHtml(text);"), &[]);
    }

    #[test]
    fn fallback_secrets_and_reflected_origins() {
        let found = expect(
            risks(
                "webapp/settings.py",
                "SECRET_KEY = os.environ[\"WEBAPP_SECRET_KEY\"]",
                "SECRET_KEY = os.environ.get(\"WEBAPP_SECRET_KEY\", \"dev-only-7f3a9c2e\")",
            ),
            &[Security],
        );
        assert!(
            reason(&found, Security).starts_with("Hard-codes a credential in `WEBAPP_SECRET_KEY = \"dev…\"`")
        );
        expect(
            risks(
                "src/hooks.js",
                "",
                "const WEBHOOK_SECRET = process.env.WEBHOOK_SECRET || 'change-me-in-prod';",
            ),
            &[Security],
        );
        expect(risks("src/app.js", "    origin: config.allowedOrigins,", "    origin: true,"), &[Security]);
        // A random reset code in an auth module, whatever the variable is called.
        expect(
            risks(
                "src/auth/reset.js",
                "",
                "    code += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];",
            ),
            &[Security],
        );
    }

    #[test]
    fn new_auth_code_is_a_feature_but_removed_checks_are_not() {
        expect(
            risks("src/auth/middleware.ts", "", "export function requireRole(...allowed: string[]) {"),
            &[],
        );
        expect(
            risks(
                "src/routes/admin.ts",
                "adminRouter.use(authenticate);",
                "adminRouter.use(authenticate, requireRole('admin'));",
            ),
            &[],
        );
        expect(risks("src/types.ts", "", "  role?: Role;\n  if (filter.role) where.push(role);"), &[]);
        expect(
            risks(
                "src/routes.js",
                "app.delete('/posts/:id', requireAdmin, deletePost);",
                "app.delete('/posts/:id', deletePost);",
            ),
            &[Security],
        );
        // A variable renamed where it is bound is a rename.
        expect(
            risks(
                "src/auth/reset.js",
                "  const token = await issueResetToken(db, user.id);",
                "  const code = await issueResetToken(db, user.id);",
            ),
            &[],
        );
    }

    #[test]
    fn test_tables_assertions_and_replaced_tests() {
        expect(
            risks(
                "tests/test_pages.py",
                "@pytest.mark.parametrize(\"page, per_page\", [(0, 20), (1, 0), (1, -5)])",
                "@pytest.mark.parametrize(\"page, per_page\", [(0, 20), (-1, 20)])",
            ),
            &[DeletedTest],
        );
        expect(
            risks(
                "tests/test_pages.py",
                "@pytest.mark.parametrize(\"page\", [0, -1])",
                "@pytest.mark.parametrize(\"page\", [0, -1, -50])",
            ),
            &[],
        );
        // A weak assertion made precise, and two assertions merged into one that checks the same.
        expect(
            risks_in(
                "src/worker.rs",
                "        assert!(queue.is_empty());",
                "        assert_eq!(queue.len(), 1);",
                true,
            ),
            &[],
        );
        expect(
            risks_in(
                "src/config.rs",
                "        assert_eq!(hook.program, \"convert\");\n        assert_eq!(hook.args, vec![\"-resize\", \"200x200\"]);",
                "        assert_eq!(hook.command, \"convert -resize 200x200\");",
                true,
            ),
            &[],
        );
        // A test replaced by another (its `#[test]` above the hunk), or merely renamed.
        expect(
            risks("tests/import.rs", "fn rejects_negative_quantities() {", "fn normalises_messy_rows() {"),
            &[DeletedTest],
        );
        expect(
            risks(
                "tests/import.rs",
                "fn rejects_negative_quantities() {",
                "fn rejects_negative_and_zero_quantities() {",
            ),
            &[],
        );
    }

    // ---- churn

    #[test]
    fn churn_flags_big_hunks_and_scattered_files() {
        let flags = churn_risks(&[120, 6, 2]);
        assert_eq!(
            flags[0].as_ref().map(|r| r.reason.as_str()),
            Some("Changes 120 lines in one hunk: review it as new code")
        );
        assert!(flags[0].as_ref().is_some_and(|r| r.rule == Churn && r.tier == Tier::Low));
        assert!(flags[1].is_none() && flags[2].is_none());
        // Ten two-line edits: a rename repeated through the file, not churn.
        assert!(churn_risks(&[2; 10]).iter().all(Option::is_none));
        // Nine real edits: the first one says so, once.
        let flags = churn_risks(&[2, 6, 5, 9, 4, 12, 7, 6, 5, 8]);
        assert!(flags[0].is_none());
        assert!(flags[1]
            .as_ref()
            .is_some_and(|r| r.reason.starts_with("Changes this file in 9 separate places")));
        assert_eq!(flags.iter().filter(|f| f.is_some()).count(), 1);
        assert!(churn_risks(&[]).is_empty());
    }

    #[test]
    fn churn_by_side_tells_rewrites_from_new_code() {
        let flags = churn_risks_by_side(&[(16, 49), (0, 51), (19, 32), (2, 3)]);
        assert!(flags[0]
            .as_ref()
            .is_some_and(|r| r.reason == "Rewrites 65 lines in one hunk: review it as new code"));
        assert!(flags[1].is_none(), "a new module is new code, not churn");
        assert!(flags[2].is_some());
        assert!(flags[3].is_none());
        assert!(churn_risks_by_side(&[(0, 120)])[0].is_some());
    }

    // ---- helpers

    #[test]
    fn name_components() {
        assert_eq!(components("isAdmin"), ["is", "admin"]);
        assert_eq!(components("API_KEY"), ["api", "key"]);
        assert_eq!(components("HTTPServer"), ["http", "server"]);
        assert_eq!(components("assert_eq!"), ["assert", "eq"]);
        assert_eq!(string_body("r#\"a\"#"), "a");
        assert_eq!(string_body("f'{x}'"), "{x}");
        assert_eq!(string_body("\"\"\"doc\"\"\""), "doc");
        assert_eq!(quote("    if x < 10 {   "), "if x < 10");
    }
}
