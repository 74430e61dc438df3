//! The inline-completion controller: wires the editor's events to the pure logic in
//! [`crate::assist`] and the engine worker. Each keystroke cancels the request in flight; after
//! an adaptive pause the worker is asked; a suggestion grows as tokens stream in; typing what it
//! says keeps the rest shown without asking again; Tab, Ctrl/Cmd+→ and Ctrl/Cmd+↓ accept all, a
//! word or a line; Alt+] / Alt+[ cycle alternatives; Esc dismisses; Ctrl/Cmd+Space asks now.
//!
//! Tab means one thing at a time: no ghost is shown while a next-edit marker is (see
//! [`super::next_edit`]), and the editor view offers each key to [`on_key`] before the next-edit
//! controller.

use leptos::prelude::*;

use super::state::{Ide, ModelStatus};
use crate::assist::accept::{accept_all, accept_line, accept_word, Accepted};
use crate::assist::cache::{after_accept, Key, Shown, SuggestionCache};
use crate::assist::complete::{CompletionRequest, CompletionToken};
use crate::assist::context::{select, ContextOptions, Focus, SourceFile};
use crate::assist::postprocess::{postprocess, CursorContext, Options};
use crate::assist::trigger::{should_trigger, Situation, Trigger, TriggerSettings};
use crate::clock::now_ms;
use crate::editor::{byte_to_utf16, utf16_to_byte, ChangeEvent, EditorHandle, GhostSegment, Language};
use crate::worker::protocol::{Backend, Event, Request, RequestId};

/// Lines a suggestion may have (more when asked with Ctrl/Cmd+Space).
const MAX_LINES: u32 = 6;
const MAX_TOKENS: u32 = 48;
/// Alternatives the cycle keys can reach (rank 0 is the greedy one).
const MAX_ALTERNATIVES: usize = 4;

/// What the status bar and the e2e tests read.
#[derive(Clone, Copy)]
pub struct CompletionStats {
    /// Suggestions asked of the worker after a pause, a shortcut or a cycle (not counting the
    /// precomputed follow-ups, nor answers from the cache).
    pub requests: RwSignal<u64>,
    /// Milliseconds from the last keystroke to the first ghost character of the last suggestion.
    pub pause_to_ghost_ms: RwSignal<Option<f64>>,
    pub tokens_per_s: RwSignal<Option<f64>>,
    /// The last suggestion's latency by stage: "pause 120 · prompt 3 · prefill 40 · first token 60 ms".
    pub stages: RwSignal<String>,
    /// Show ghost text shaded by each token's probability, with alternatives on hover.
    pub confidence: RwSignal<bool>,
    pub settings: RwSignal<TriggerSettings>,
}

/// The suggestion on screen and where it came from.
struct Current {
    shown: Shown,
    /// The first alternative's tokens, for the confidence view (while nothing was typed through).
    tokens: Vec<CompletionToken>,
    prefix: String,
    suffix: String,
}

#[derive(Default)]
struct Controller {
    trigger: Trigger,
    current: Option<Current>,
    in_flight: Option<RequestId>,
    timer: Option<gloo_timers::callback::Timeout>,
    cache: SuggestionCache,
    last_key_ms: f64,
    /// Files edited lately, most recent first (context for the prompt).
    recent: Vec<String>,
    /// The insertion an accept made, so its change event is not taken for typing.
    accepting: Option<String>,
    /// The request for what would follow the shown suggestion once accepted.
    precompute: Option<RequestId>,
}

thread_local! {
    static CONTROLLER: std::cell::RefCell<Controller> = std::cell::RefCell::new(Controller::default());
}

fn with<R>(f: impl FnOnce(&mut Controller) -> R) -> R {
    CONTROLLER.with_borrow_mut(f)
}

pub fn stats() -> CompletionStats {
    expect_context::<CompletionStats>()
}

pub fn provide() {
    let settings = TriggerSettings {
        enabled: super::prefs::get("completion").as_deref() != Some("off"),
        off_for: super::prefs::list("completion.off_for")
            .iter()
            .filter_map(|l| Language::ALL.iter().copied().find(|x| x.as_str() == l))
            .collect(),
    };
    provide_context(CompletionStats {
        requests: RwSignal::new(0),
        pause_to_ghost_ms: RwSignal::new(None),
        tokens_per_s: RwSignal::new(None),
        stages: RwSignal::new(String::new()),
        confidence: RwSignal::new(super::prefs::get("confidence").as_deref() == Some("on")),
        settings: RwSignal::new(settings),
    });
}

/// Hooks the controller to a freshly created editor.
pub fn attach(ide: Ide, editor: &EditorHandle) {
    let st = stats();
    editor.on_change(move |change| on_change(ide, st, &change));
    let e = editor.clone();
    editor.on_cursor(move |pos| {
        // Moving away from the suggestion (clicks, arrows) dismisses it.
        let moved = with(|c| c.current.as_ref().map(|cur| cur.shown.anchor()));
        if let Some(anchor) = moved {
            let text = e.text();
            if utf16_to_byte(&text, pos) != anchor {
                dismiss(ide);
            }
        }
    });
    // Re-render the ghost when the confidence view is switched.
    Effect::new(move |_| {
        st.confidence.track();
        render(ide, st);
    });
}

fn editor(ide: Ide) -> Option<EditorHandle> {
    ide.editor.get_value()
}

fn engine_ready(ide: Ide) -> Option<Backend> {
    match ide.model.get_untracked() {
        ModelStatus::Ready(info) => Some(info.backend),
        _ => None,
    }
}

fn cancel_precompute(ide: Ide) {
    if let (Some(id), Some(engine)) = (with(|c| c.precompute.take()), super::model::engine(ide)) {
        engine.cancel(id);
    }
}

fn cancel_in_flight(ide: Ide) {
    if let (Some(id), Some(engine)) = (with(|c| c.in_flight.take()), super::model::engine(ide)) {
        engine.cancel(id);
    }
}

/// Whether a ghost is on screen (then Tab is completion's).
pub fn showing() -> bool {
    with(|c| c.current.is_some())
}

/// Removes the ghost and forgets the suggestion.
pub fn dismiss(ide: Ide) {
    with(|c| c.current = None);
    if let Some(e) = editor(ide) {
        e.clear_ghost();
    }
}

fn on_change(ide: Ide, st: CompletionStats, change: &ChangeEvent) {
    if !change.user {
        dismiss(ide);
        return;
    }
    let now = now_ms();
    if let Some(path) = ide.shown.get_value() {
        with(|c| {
            c.recent.retain(|p| *p != path);
            c.recent.insert(0, path);
            c.recent.truncate(8);
        });
    }
    let [only] = change.changes.as_slice() else {
        return after_typing(ide, st, now, None);
    };
    if with(|c| c.accepting.take_if(|a| *a == only.inserted && only.from == only.to)).is_some() {
        // The accept's own insertion: the rest of the suggestion is already in place.
        if with(|c| c.current.is_some()) {
            render(ide, st);
        } else if with(|c| c.precompute.is_none()) {
            ask(ide, st, false);
        }
        return;
    }
    after_typing(ide, st, now, Some(only));
}

/// A keystroke: keep a suggestion it agrees with, else ask again after the pause.
fn after_typing(ide: Ide, st: CompletionStats, now: f64, change: Option<&crate::editor::Change>) {
    cancel_in_flight(ide);
    cancel_precompute(ide);
    // Typing what the suggestion says keeps the rest of it shown.
    let kept = editor(ide).zip(change).and_then(|(e, ch)| {
        let text = e.text();
        with(|c| {
            let cur = c.current.as_mut()?;
            let from = utf16_to_byte(&text, ch.from);
            let next = if ch.inserted.is_empty() {
                let to = from + (cur.shown.anchor() - from).min(ch.to - ch.from);
                cur.shown.on_delete(from, to)
            } else if ch.from == ch.to {
                cur.shown.on_insert(from, &ch.inserted)
            } else {
                None
            }?;
            cur.shown = next;
            Some(())
        })
    });
    if kept.is_some() {
        render(ide, st);
        with(|c| c.trigger.on_key(now));
        return;
    }
    dismiss(ide);
    with(|c| {
        c.trigger.on_key(now);
        c.last_key_ms = now;
    });
    schedule(ide, st);
}

fn schedule(ide: Ide, st: CompletionStats) {
    let delay = with(|c| c.trigger.delay_ms());
    let timer = gloo_timers::callback::Timeout::new(delay, move || ask(ide, st, false));
    with(|c| c.timer = Some(timer));
}

/// The text around the cursor, in bytes.
struct Spot {
    path: String,
    language: Language,
    text: String,
    cursor: usize,
}

fn spot(ide: Ide) -> Option<Spot> {
    let e = editor(ide)?;
    let path = ide.shown.get_value()?;
    let text = e.text();
    let cursor = utf16_to_byte(&text, e.cursor());
    Some(Spot { language: Language::from_path(&path), path, text, cursor })
}

/// Context from the other open files, most recently edited first.
fn snippets(ide: Ide, s: &Spot, budget_tokens: u32) -> Vec<(String, String)> {
    let tabs = ide.tabs.get_untracked();
    let recent = with(|c| c.recent.clone());
    let texts: Vec<(String, String)> = ide.workspace.with_value(|w| {
        tabs.iter()
            .filter(|p| **p != s.path)
            .filter_map(|p| w.text(p).ok().map(|t| (p.clone(), t.to_string())))
            .collect()
    });
    let files: Vec<SourceFile> = texts
        .iter()
        .map(|(p, t)| SourceFile { path: p, text: t, edit_rank: recent.iter().position(|r| r == p) })
        .collect();
    let focus = Focus { path: &s.path, text: &s.text, cursor: s.cursor };
    // `budget_tokens` of snippets, at about four characters per token of code.
    let opts = ContextOptions { budget_chars: 4 * budget_tokens as usize, ..ContextOptions::default() };
    select(&focus, &files, &opts).into_iter().map(|sn| (sn.path, sn.text)).collect()
}

/// Asks the model for a suggestion at the cursor (`manual`: Ctrl/Cmd+Space, multi-line allowed).
fn ask(ide: Ide, st: CompletionStats, manual: bool) {
    with(|c| c.timer = None);
    // A next-edit marker holds Tab.
    if super::next_edit::showing() {
        return;
    }
    let Some(backend) = engine_ready(ide) else { return };
    let Some(s) = spot(ide) else { return };
    let (prefix, suffix) = (s.text[..s.cursor].to_string(), s.text[s.cursor..].to_string());
    let situation = Situation { language: s.language, has_selection: false, manual };
    let tail_start =
        (0..=prefix.len().saturating_sub(64)).rev().find(|&i| prefix.is_char_boundary(i)).unwrap_or(0);
    let head_end =
        (suffix.len().min(64)..=suffix.len()).find(|&i| suffix.is_char_boundary(i)).unwrap_or(suffix.len());
    if !should_trigger(&prefix[tail_start..], &suffix[..head_end], &situation, &st.settings.get_untracked()) {
        return;
    }
    let key = Key::new(&s.path, &prefix, &suffix);
    if let Some(shown) = with(|c| c.cache.get(key).and_then(|alts| Shown::new(s.cursor, alts.to_vec()))) {
        set_current(ide, st, shown, Vec::new(), &s, &prefix, &suffix);
        note_first_ghost(st);
        return;
    }
    request(ide, st, s, prefix, suffix, 0, manual, backend);
}

/// The request for a suggestion at `s` (`manual`: asked with Ctrl/Cmd+Space, several lines allowed
/// in comments and strings).
fn completion_request(
    ide: Ide,
    s: &Spot,
    prefix: &str,
    suffix: &str,
    rank: u32,
    manual: bool,
    backend: Backend,
) -> CompletionRequest {
    // The CPU prefills a few hundred tokens per second: keep its prompts short.
    let budget = if backend == Backend::WebGpu { 1024 } else { 384 };
    CompletionRequest {
        path: s.path.clone(),
        language: s.language,
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
        // A quarter of the prompt for other files.
        snippets: snippets(ide, s, budget / 4),
        budget_tokens: budget,
        max_tokens: MAX_TOKENS,
        rank,
        multiline: manual,
        max_lines: if manual { 2 * MAX_LINES } else { MAX_LINES },
        top_alternatives: 3,
    }
}

#[allow(clippy::too_many_arguments)]
fn request(
    ide: Ide,
    st: CompletionStats,
    s: Spot,
    prefix: String,
    suffix: String,
    rank: u32,
    manual: bool,
    backend: Backend,
) {
    let Some(engine) = super::model::engine(ide) else { return };
    let req = completion_request(ide, &s, &prefix, &suffix, rank, manual, backend);
    let options = Options { max_lines: req.max_lines as usize, multiline: manual };
    let language = s.language;
    st.requests.update(|n| *n += 1);
    let anchor = s.cursor;
    let id = engine.request(Request::Complete(req), move |event| match event {
        // A ghost that grows as tokens arrive (only the greedy one: alternatives show whole).
        Event::CompletionProgress { raw, .. } if rank == 0 => {
            let ctx = CursorContext::new(&prefix, &suffix, language, options);
            if let Ok(partial) = postprocess(raw, &ctx) {
                let first = with(|c| c.current.is_none());
                if let Some(sh) = Shown::new(anchor, vec![partial.text]) {
                    set_current(ide, st, sh, Vec::new(), &s, &prefix, &suffix);
                    if first {
                        note_first_ghost(st);
                    }
                }
            }
        }
        Event::Completion(result) => {
            with(|c| c.in_flight = None);
            let g = result.stages;
            st.stages.set(format!(
                "pause {} · prompt {:.0} · prefill {:.0} ({} of {} tokens cached) · first token {:.0} · decode {:.0} ms",
                with(|c| c.trigger.delay_ms()),
                g.prompt_ms,
                g.prefill_ms,
                result.reused_tokens,
                result.prompt_tokens,
                g.first_token_ms,
                g.decode_ms
            ));
            if let Some(tps) = (result.stages.decode_ms > 0.0 && result.tokens.len() > 1)
                .then(|| (result.tokens.len() - 1) as f64 / (result.stages.decode_ms / 1000.0))
            {
                st.tokens_per_s.set(Some(tps));
            }
            let Some(text) = result.suggestion.clone() else {
                if rank == 0 {
                    dismiss(ide);
                } else if (rank as usize + 1) < MAX_ALTERNATIVES {
                    // That first token led nowhere showable: try the next most likely one.
                    if let (Some(backend), Some(here)) = (engine_ready(ide), spot(ide)) {
                        request(ide, st, here, prefix.clone(), suffix.clone(), rank + 1, false, backend);
                    }
                }
                return;
            };
            let key = Key::new(&s.path, &prefix, &suffix);
            if rank == 0 {
                let first = with(|c| c.current.is_none());
                with(|c| c.cache.insert(key, vec![text.clone()]));
                if let Some(sh) = Shown::new(anchor, vec![text.clone()]) {
                    set_current(ide, st, sh, result.tokens.clone(), &s, &prefix, &suffix);
                    if first {
                        note_first_ghost(st);
                    }
                    precompute(ide, st, &s, &prefix, &suffix, &text, backend);
                }
            } else {
                add_alternative(ide, st, key, text);
            }
        }
        _ => {}
    });
    with(|c| c.in_flight = Some(id));
}

/// Asks now for the suggestion that would follow `text` once accepted, so Tab, Tab goes on
/// without waiting; the answer goes into the cache (and on screen if the user accepted already).
fn precompute(
    ide: Ide,
    st: CompletionStats,
    s: &Spot,
    prefix: &str,
    suffix: &str,
    text: &str,
    backend: Backend,
) {
    let Some(engine) = super::model::engine(ide) else { return };
    let follow = after_accept(&s.path, prefix, suffix, text);
    let spot_after = Spot {
        path: s.path.clone(),
        language: s.language,
        text: format!("{}{suffix}", follow.prefix),
        cursor: follow.prefix.len(),
    };
    let req = completion_request(ide, &spot_after, &follow.prefix, suffix, 0, false, backend);
    let (key, anchor, after_prefix, after_suffix) =
        (follow.key, follow.prefix.len(), follow.prefix, suffix.to_string());
    let id = engine.request(Request::Complete(req), move |event| {
        let Event::Completion(result) = event else { return };
        with(|c| c.precompute = None);
        let Some(text) = result.suggestion.clone() else { return };
        with(|c| c.cache.insert(key, vec![text.clone()]));
        // Accepted meanwhile, and nothing shown yet: show it.
        let here = spot(ide).is_some_and(|now| now.cursor == anchor && now.path == spot_after.path);
        if here && with(|c| c.current.is_none()) {
            if let Some(sh) = Shown::new(anchor, vec![text]) {
                set_current(ide, st, sh, result.tokens.clone(), &spot_after, &after_prefix, &after_suffix);
                note_first_ghost(st);
            }
        }
    });
    with(|c| c.precompute = Some(id));
}

fn note_first_ghost(st: CompletionStats) {
    let since = now_ms() - with(|c| c.last_key_ms);
    with(|c| c.trigger.on_latency(since));
    st.pause_to_ghost_ms.set(Some(since));
}

fn set_current(
    ide: Ide,
    st: CompletionStats,
    shown: Shown,
    tokens: Vec<CompletionToken>,
    s: &Spot,
    prefix: &str,
    suffix: &str,
) {
    // A next-edit marker holds Tab; a suggestion for a spot the cursor has left is stale.
    if super::next_edit::showing() {
        return;
    }
    if spot(ide).is_none_or(|now| now.cursor != shown.anchor() || now.path != s.path) {
        return;
    }
    with(|c| {
        c.current = Some(Current { shown, tokens, prefix: prefix.to_string(), suffix: suffix.to_string() })
    });
    render(ide, st);
}

/// Another alternative arrived (Alt+]): show it.
fn add_alternative(ide: Ide, st: CompletionStats, key: Key, text: String) {
    let updated = with(|c| {
        let cur = c.current.as_mut()?;
        let mut alts = cur.shown.alternatives().to_vec();
        if alts.contains(&text) {
            return Some(());
        }
        alts.push(text);
        c.cache.insert(key, alts.clone());
        let target = alts.len() - 1;
        let mut shown = Shown::new(cur.shown.anchor(), alts)?;
        while shown.index() != target {
            shown = shown.cycle(true);
        }
        cur.shown = shown;
        Some(())
    });
    if updated.is_some() {
        render(ide, st);
    }
}

/// Draws the current suggestion as ghost text (shaded by confidence when that view is on).
fn render(ide: Ide, st: CompletionStats) {
    let Some(e) = editor(ide) else { return };
    let confidence = st.confidence.get_untracked();
    let drawn = with(|c| {
        let cur = c.current.as_ref()?;
        let text = cur.shown.text().to_string();
        let segments = if cur.shown.index() == 0 && cur.shown.typed().is_empty() && !cur.tokens.is_empty() {
            segments(&cur.tokens, &text)
        } else {
            vec![GhostSegment::plain(text)]
        };
        Some((cur.shown.anchor(), segments))
    });
    match drawn {
        Some((anchor, segments)) => {
            let doc = e.text();
            e.set_ghost(byte_to_utf16(&doc, anchor), &segments, confidence);
        }
        None => e.clear_ghost(),
    }
}

/// The suggestion cut into its tokens, with their probabilities and alternatives.
fn segments(tokens: &[CompletionToken], text: &str) -> Vec<GhostSegment> {
    let mut out = Vec::new();
    let mut at = 0;
    for t in tokens {
        if at >= text.len() {
            break;
        }
        let mut end = (at + t.text.len()).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end > at {
            out.push(GhostSegment {
                text: text[at..end].to_string(),
                prob: t.prob.is_finite().then_some(t.prob),
                alts: t.alternatives.clone(),
            });
        }
        at = end;
    }
    if at < text.len() {
        out.push(GhostSegment::plain(&text[at..]));
    }
    out
}

/// Inserts an accepted part at the anchor and keeps the rest shown; after the whole of it, the
/// precomputed follow-up (if any) shows next.
fn accept(ide: Ide, pick: fn(&str) -> Accepted<'_>) -> bool {
    let Some(e) = editor(ide) else { return false };
    let step = with(|c| {
        let cur = c.current.as_mut()?;
        let a = pick(cur.shown.text());
        let inserted = a.inserted.to_string();
        let anchor = cur.shown.anchor();
        match a.rest.and_then(|_| cur.shown.on_insert(anchor, &inserted)) {
            Some(rest) => cur.shown = rest,
            None => c.current = None,
        }
        c.accepting = Some(inserted.clone());
        c.last_key_ms = now_ms();
        Some((anchor, inserted))
    });
    let Some((anchor, inserted)) = step else { return false };
    e.clear_ghost();
    let at = byte_to_utf16(&e.text(), anchor);
    e.replace(at, at, &inserted);
    true
}

/// Completion's keys; returns true when the key was completion's.
pub fn on_key(ide: Ide, st: CompletionStats, key: &str) -> bool {
    let showing = with(|c| c.current.is_some());
    match key {
        "Tab" if showing => accept(ide, accept_all),
        "Mod-ArrowRight" if showing => accept(ide, accept_word),
        "Mod-ArrowDown" if showing => accept(ide, accept_line),
        "Escape" if showing => {
            cancel_in_flight(ide);
            cancel_precompute(ide);
            dismiss(ide);
            true
        }
        "Alt-]" | "Alt-[" if showing => {
            cycle(ide, st, key == "Alt-]");
            true
        }
        "Mod-Space" => {
            // Asked for a completion: it takes Tab from a next-edit marker.
            super::next_edit::dismiss(ide);
            cancel_in_flight(ide);
            dismiss(ide);
            with(|c| c.last_key_ms = now_ms());
            ask(ide, st, true);
            true
        }
        _ => false,
    }
}

/// Shows the next or previous alternative, asking the model for one more when the list is short.
fn cycle(ide: Ide, st: CompletionStats, next: bool) {
    let more = with(|c| {
        let cur = c.current.as_mut()?;
        let n = cur.shown.alternatives().len();
        if next && cur.shown.index() + 1 == n && n < MAX_ALTERNATIVES && cur.shown.typed().is_empty() {
            return Some((n as u32, cur.prefix.clone(), cur.suffix.clone()));
        }
        cur.shown = cur.shown.cycle(next);
        None
    });
    match more {
        Some((rank, prefix, suffix)) => {
            let (Some(backend), Some(s)) = (engine_ready(ide), spot(ide)) else { return };
            request(ide, st, s, prefix, suffix, rank, false, backend);
        }
        None => render(ide, st),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str, prob: f32) -> CompletionToken {
        CompletionToken { text: text.into(), prob, alternatives: vec![("x".into(), 0.1)] }
    }

    #[test]
    fn segments_follow_the_tokens_and_stop_where_the_suggestion_ends() {
        let tokens = [token(" return", 0.9), token(" a", 0.8), token(" +", 0.7), token(" b;\n}", 0.6)];
        let got = segments(&tokens, " return a + b;");
        let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, [" return", " a", " +", " b;"]);
        assert_eq!(got[0].prob, Some(0.9));
        assert_eq!(got[3].alts, vec![("x".to_string(), 0.1)]);
    }

    #[test]
    fn text_beyond_the_tokens_is_plain_and_cuts_respect_characters() {
        let got = segments(&[token("é", 0.5)], "éa");
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].text.as_str(), got[1].text.as_str(), got[1].prob), ("é", "a", None));
        // A token whose text ends mid-character of the suggestion is cut at a boundary.
        let got = segments(&[token("a\u{00e9}", f32::NAN)], "a");
        assert_eq!(got[0].text, "a");
        assert_eq!(got[0].prob, None, "no probability is shown as none");
    }
}
