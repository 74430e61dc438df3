//! The next-edit controller: wires the editor's events to the pure inference in
//! [`crate::assist::next_edit`]. Each file's text is remembered when it is shown (the history's
//! baseline); after the user pauses typing, the edits since then are generalised into proposals
//! over the workspace, and the first one is marked — as an inline diff where it is on screen, a
//! hint with an arrow where it is not. Tab jumps there, Tab again applies it (one undoable editor
//! transaction) and marks the next; a proposal in another file opens it. Esc, a keystroke
//! elsewhere or the last place ends the chain, and the baselines move on ("settle").
//!
//! Tab means one thing at a time: while an inline-completion ghost is shown the marker waits, and
//! while a marker is shown the completion controller shows no ghost (see
//! [`super::completion`]). The key handler of the editor offers each key to completion first.
//!
//! - [`chain`]: the walk through the proposals (plain data, tested natively);
//! - [`marker`]: a proposal drawn as decorations, the hint's words (pure);
//! - [`hint`]: the floating hint and its card (reason, risk badges, latency);
//! - [`ranking`]: with a model loaded, the places it finds implausible leave the chain (through
//!   the engine worker, after the first marker is up).

pub mod chain;
pub mod hint;
pub mod marker;
pub mod ranking;

use std::collections::BTreeSet;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::chain::{Chain, Phase};
use self::marker::{Placement, RiskRow};
use super::state::{Ide, ModelStatus, NoticeKind};
use crate::assist::next_edit::history::History;
use crate::assist::next_edit::rank::rank;
use crate::assist::next_edit::{propose, File, Proposal};
use crate::clock::now_ms;
use crate::editor::{byte_to_utf16, utf16_to_byte, ChangeEvent, EditorHandle};
use crate::worker::protocol::RequestId;
use crate::workspace::text::check_editable;

/// The editor decoration layer the marker lives in (other layers are left alone).
pub const DECORATION_LAYER: &str = "next-edit";
/// Typing pause after which the last edit is followed up.
pub const PAUSE_MS: u32 = 300;
/// While a completion ghost holds Tab, look again this often.
const GHOST_RETRY_MS: u32 = 300;
/// Files larger than this are not searched for places (as the review reads at most 1 MiB).
const MAX_FILE_BYTES: usize = 1 << 20;
/// Room the hint needs beside a line's end (px); nearer the right edge it is pinned there.
const HINT_ROOM_PX: f64 = 150.0;

/// What the status bar, the settings and the e2e tests read.
#[derive(Clone, Copy)]
pub struct NextEditStats {
    pub enabled: RwSignal<bool>,
    /// Milliseconds from the last keystroke to the first marker of the last chain.
    pub edit_to_marker_ms: RwSignal<Option<f64>>,
    /// The same by stage: "pause 300 · propose 4.1 · render 0.9 ms (5 places)".
    pub stages: RwSignal<String>,
    /// "showing" while a chain is on screen, "done" after one, else "idle".
    pub state: RwSignal<&'static str>,
    /// "Next edit 2 of 5", "Next edit: 5 of 5 applied".
    pub status: RwSignal<String>,
    /// The hint on screen.
    pub hint: RwSignal<Option<Hint>>,
}

/// The floating hint's content and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    pub label: String,
    pub placement: Placement,
    pub phase: Phase,
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based number of the place, and how many there are.
    pub step: (usize, usize),
    pub reason: String,
    pub risks: Vec<RiskRow>,
    /// The reason and the risks as one plain text (the hint's accessible description).
    pub tooltip: String,
}

/// How the baselines move when a chain ends.
enum Settle {
    /// They stay (the user goes on with the same edit, or the document was replaced).
    No,
    /// To the files' texts now.
    Now,
    /// The shown file's to this text (from before the keystroke that ended the chain, which is a
    /// new edit); the other files' to their texts now.
    ShownAs(String),
}

#[derive(Default)]
struct Controller {
    history: History,
    /// Files with a baseline, so deleted or renamed ones are forgotten.
    opened: BTreeSet<String>,
    chain: Option<Chain>,
    timer: Option<Timeout>,
    last_key_ms: f64,
    /// The shown file and its text as the chain on screen last drew it: while a chain is shown
    /// only its own applications change the text, so this is the text before the keystroke that
    /// ends it.
    shadow: Option<(String, String)>,
    /// The replacement being applied, so its change event is not taken for typing.
    applying: Option<String>,
    /// The file a Tab is opening, to jump to the marked place once the editor shows it.
    pending_jump: Option<String>,
    /// The marked place in the shown file (UTF-16 offset, 1-based line), for the hint to follow
    /// scrolling without reading the text again.
    place: Option<(usize, usize)>,
    /// Counts chains, so a ranking that outlives its chain is dropped.
    generation: u64,
    /// The ranking's request in the worker, cancelled when its chain ends.
    ranking: Option<RequestId>,
    /// The last chain's stages (ms) until its first marker is timed.
    pause_ms: f64,
    propose_ms: f64,
    render_from_ms: f64,
    timed: bool,
    stats: Option<NextEditStats>,
}

thread_local! {
    static CONTROLLER: std::cell::RefCell<Controller> = std::cell::RefCell::new(Controller::default());
}

fn with<R>(f: impl FnOnce(&mut Controller) -> R) -> R {
    CONTROLLER.with_borrow_mut(f)
}

pub fn stats() -> NextEditStats {
    expect_context::<NextEditStats>()
}

pub fn provide() {
    let st = NextEditStats {
        enabled: RwSignal::new(super::prefs::get("next_edit").as_deref() != Some("off")),
        edit_to_marker_ms: RwSignal::new(None),
        stages: RwSignal::new(String::new()),
        state: RwSignal::new("idle"),
        status: RwSignal::new(String::new()),
        hint: RwSignal::new(None),
    };
    with(|c| c.stats = Some(st));
    provide_context(st);
}

/// Switches suggestions on or off (the setting), ending a chain on screen.
pub fn set_enabled(ide: Ide, st: NextEditStats, on: bool) {
    st.enabled.set(on);
    super::prefs::set("next_edit", if on { "on" } else { "off" });
    if !on {
        with(|c| c.timer = None);
        end_chain(ide, st, Settle::Now);
        st.status.set(String::new());
    }
}

/// Whether a marker is on screen (then Tab is the chain's, and completion shows no ghost).
pub fn showing() -> bool {
    with(|c| c.chain.is_some())
}

/// Ends the chain on screen, if any, as Esc does (used when another assist takes the keys).
pub fn dismiss(ide: Ide) {
    if let Some(st) = with(|c| c.stats) {
        end_chain(ide, st, Settle::Now);
    }
}

/// Hooks the controller to a freshly created editor. Keys come through [`on_key`], which the
/// editor view calls after completion has declined them.
pub fn attach(ide: Ide, editor: &EditorHandle) {
    let st = stats();
    editor.on_change(move |change| on_change(ide, st, &change));
    editor.on_cursor(move |_| on_cursor(ide, st));
    editor.on_view(move |_| follow_view(ide, st));
    // A file shown (opened, or back from another tab): its baseline, and the marker redrawn
    // (showing another document clears decorations).
    Effect::new(move |_| {
        ide.opened.track();
        on_opened(ide, st);
    });
}

fn editor(ide: Ide) -> Option<EditorHandle> {
    ide.editor.get_value()
}

fn on_opened(ide: Ide, st: NextEditStats) {
    let (Some(e), Some(path)) = (editor(ide), ide.shown.get_value()) else { return };
    let text = e.text();
    let jump_here = with(|c| {
        c.history.open(&path, &text);
        c.opened.insert(path.clone());
        c.pending_jump.take_if(|p| *p == path).is_some()
    });
    if jump_here {
        jump(ide, st);
    } else {
        render(ide, st);
    }
}

fn on_change(ide: Ide, st: NextEditStats, change: &ChangeEvent) {
    let Some(path) = ide.shown.get_value() else { return };
    if !change.user {
        with(|c| c.shadow = None);
        end_chain(ide, st, Settle::No);
        return;
    }
    // The chain's own application: it has moved on already (and drawn the next place).
    if let [only] = change.changes.as_slice() {
        if with(|c| c.applying.take_if(|a| *a == only.inserted)).is_some() {
            return;
        }
    }
    let before = with(|c| {
        c.applying = None;
        c.last_key_ms = now_ms();
        c.shadow.take()
    })
    .filter(|(p, _)| *p == path)
    .map(|(_, t)| t);
    if showing() {
        let settle = if change.is_undo_or_redo() {
            Settle::No
        } else {
            let line = before.as_deref().zip(change.changes.first()).map(|(b, ch)| {
                let at = utf16_to_byte(b, ch.from);
                b[..at].matches('\n').count() as u32
            });
            let goes_on = line.is_some_and(|l| {
                with(|c| c.chain.as_ref().is_some_and(|chain| chain.continues_edit(&path, l)))
            });
            match before {
                Some(b) if !goes_on => Settle::ShownAs(b),
                _ => Settle::No,
            }
        };
        end_chain(ide, st, settle);
    }
    // Undo and redo put back text; they are no new edit to follow up.
    if change.is_undo_or_redo() {
        with(|c| c.timer = None);
        return;
    }
    schedule(ide, st);
}

fn on_cursor(ide: Ide, st: NextEditStats) {
    let at_place = with(|c| {
        let chain = c.chain.as_ref()?;
        (chain.phase() == Phase::AtPlace).then_some(c.place?.0)
    });
    // The cursor as it is now: an event can be older than the jump (showing a document reports
    // its saved cursor after the tab switch that the jump followed).
    let Some(place) = at_place else { return };
    if editor(ide).is_some_and(|e| e.cursor() != place) {
        with(|c| c.chain.as_mut().map(Chain::left_place));
        render(ide, st);
    }
}

fn schedule(ide: Ide, st: NextEditStats) {
    if !st.enabled.get_untracked() {
        return;
    }
    let timer = Timeout::new(PAUSE_MS, move || fire(ide, st));
    with(|c| c.timer = Some(timer));
}

fn fire(ide: Ide, st: NextEditStats) {
    with(|c| c.timer = None);
    if super::completion::showing() {
        let timer = Timeout::new(GHOST_RETRY_MS, move || fire(ide, st));
        with(|c| c.timer = Some(timer));
        return;
    }
    suggest(ide, st, false);
}

/// The palette's "Next edit: suggest now": follow up the last edit at once, even with
/// suggestions switched off.
pub fn suggest_now(ide: Ide) {
    let Some(st) = with(|c| c.stats) else { return };
    super::completion::dismiss(ide);
    end_chain(ide, st, Settle::No);
    with(|c| {
        c.timer = None;
        c.last_key_ms = now_ms();
    });
    suggest(ide, st, true);
    super::files::focus_editor(ide);
}

/// The workspace's text files, with the shown file's text as the editor has it.
fn workspace_files(ide: Ide, shown: &str, text: &str) -> Vec<File> {
    ide.workspace.with_value(|w| {
        w.files()
            .filter_map(|(path, bytes)| {
                if path == shown {
                    return Some(File { path: path.to_string(), text: text.to_string() });
                }
                let t = check_editable(bytes).ok().filter(|t| t.len() <= MAX_FILE_BYTES)?;
                Some(File { path: path.to_string(), text: t.to_string() })
            })
            .collect()
    })
}

/// Generalises the edits of the shown file since its baseline and marks the first place.
fn suggest(ide: Ide, st: NextEditStats, manual: bool) {
    let (Some(e), Some(path)) = (editor(ide), ide.shown.get_value()) else { return };
    let t0 = now_ms();
    let text = e.text();
    let cursor = utf16_to_byte(&text, e.cursor());
    let files = workspace_files(ide, &path, &text);
    let edits = with(|c| {
        let gone: Vec<String> =
            c.opened.iter().filter(|p| !files.iter().any(|f| f.path == **p)).cloned().collect();
        for p in gone {
            c.history.forget(&p);
            c.opened.remove(&p);
        }
        c.history.edits(&path, &text, cursor)
    });
    let Some(last) = edits.last() else {
        if manual {
            ide.notify(NoticeKind::Info, format!("No edits in {path} to follow up since it was opened."));
        }
        return;
    };
    let origin = (path.clone(), last.hunk.after.clone());
    let proposals = propose(&files, &path, &edits);
    let t1 = now_ms();
    let Some(chain) = Chain::new(proposals.clone(), &files, origin) else {
        if manual {
            ide.notify(NoticeKind::Info, "No follow-up edits found for your last change.");
        }
        return;
    };
    let generation = with(|c| {
        c.pause_ms = t0 - c.last_key_ms;
        c.propose_ms = t1 - t0;
        c.render_from_ms = t1;
        c.timed = false;
        c.chain = Some(chain);
        c.generation += 1;
        c.generation
    });
    render(ide, st);
    rank_in_background(ide, st, proposals, files, generation);
}

/// With a model loaded, asks it about every place of the chain `generation` (which is on screen
/// already) and drops the places it finds implausible from the part not yet walked.
fn rank_in_background(
    ide: Ide,
    st: NextEditStats,
    proposals: Vec<Proposal>,
    files: Vec<File>,
    generation: u64,
) {
    let ready = ide.model.with_untracked(|m| matches!(m, ModelStatus::Ready(_)));
    let Some(engine) = super::model::engine(ide).filter(|_| ready) else { return };
    spawn_local(async move {
        let t0 = now_ms();
        let mut scorer = ranking::WorkerScorer { engine, on_request: |id| with(|c| c.ranking = Some(id)) };
        let ranked = rank(proposals.clone(), &files, &mut scorer).await;
        with(|c| c.ranking = None);
        // A failed or cancelled ranking leaves the chain as it was; so does a chain gone since.
        let Ok(kept) = ranked else { return };
        if with(|c| c.generation != generation || c.chain.is_none()) {
            return;
        }
        let ids = ranking::kept_ids(&proposals, &kept);
        with(|c| c.chain.as_mut().map(|chain| chain.retain(&ids)));
        st.stages.update(|s| {
            s.push_str(&format!(
                "; the model kept {} of {} in {:.0} ms",
                ids.len(),
                proposals.len(),
                now_ms() - t0
            ))
        });
        render(ide, st);
    });
}

/// Draws the marked place: decorations where the editor shows its file, and the hint.
fn render(ide: Ide, st: NextEditStats) {
    let Some(e) = editor(ide) else { return };
    let shown = ide.shown.get_value();
    let text = e.text();
    if let Some(path) = &shown {
        with(|c| c.shadow = Some((path.clone(), text.clone())));
    }
    loop {
        let current = with(|c| {
            let chain = c.chain.as_ref()?;
            Some((chain.current()?.clone(), chain.phase(), chain.position()))
        });
        let Some((p, phase, step)) = current else {
            if with(|c| c.chain.as_ref().is_some_and(Chain::is_finished)) {
                end_chain(ide, st, Settle::Now);
            }
            return;
        };
        let (placement, line) = if shown.as_deref() == Some(p.path.as_str()) {
            if !with(|c| c.chain.as_ref().is_some_and(|chain| chain.is_current_valid(&text))) {
                with(|c| c.chain.as_mut().map(Chain::skip));
                continue;
            }
            e.set_decorations(DECORATION_LAYER, &marker::decorations(&text, &p, phase));
            let pos = byte_to_utf16(&text, p.start);
            let line = text[..p.start].matches('\n').count() + 1;
            with(|c| c.place = Some((pos, line)));
            (placement(&e, pos, line), line)
        } else {
            let valid = ide.workspace.with_value(|w| {
                let text = w.text(&p.path).ok()?;
                with(|c| c.chain.as_ref().map(|chain| chain.is_current_valid(text)))
            });
            if valid != Some(true) {
                with(|c| c.chain.as_mut().map(Chain::skip));
                continue;
            }
            e.clear_decorations(DECORATION_LAYER);
            with(|c| c.place = None);
            (Placement::OtherFile, p.line as usize + 1)
        };
        st.hint.set(Some(Hint {
            label: marker::label(placement, phase, &p.path, line),
            placement,
            phase,
            path: p.path.clone(),
            line,
            step,
            reason: p.reason.clone(),
            risks: marker::risk_rows(&p.risks),
            tooltip: marker::tooltip(&p.reason, &p.risks),
        }));
        st.status.set(format!("Next edit {} of {}", step.0, step.1));
        st.state.set("showing");
        note_first_marker(st, step.1);
        return;
    }
}

/// Where the place at `pos` (UTF-16) on `line` (1-based) is, seen from the editor.
fn placement(e: &EditorHandle, pos: usize, line: usize) -> Placement {
    let lines = e.visible_lines();
    if line < lines.first {
        return Placement::Above;
    }
    if line > lines.last {
        return Placement::Below;
    }
    match e.place_at(pos) {
        Some(at) => {
            let left = at.line_right + 16.0;
            Placement::Here { top: at.top, left: (left + HINT_ROOM_PX <= at.view_width).then_some(left) }
        }
        None => Placement::Below,
    }
}

/// The view scrolled or resized: the hint follows its place.
fn follow_view(ide: Ide, st: NextEditStats) {
    let Some(e) = editor(ide) else { return };
    let Some((pos, line)) = with(|c| c.place) else { return };
    let now = placement(&e, pos, line);
    let changed = st.hint.with_untracked(|h| h.as_ref().is_some_and(|h| h.placement != now));
    if changed {
        st.hint.update(|h| {
            if let Some(h) = h {
                h.placement = now;
                h.label = marker::label(now, h.phase, &h.path, h.line);
            }
        });
    }
}

fn note_first_marker(st: NextEditStats, places: usize) {
    let timed = with(|c| {
        if c.timed {
            return None;
        }
        c.timed = true;
        let now = now_ms();
        Some((now - c.last_key_ms, c.pause_ms, c.propose_ms, now - c.render_from_ms))
    });
    if let Some((total, pause, propose, render)) = timed {
        st.edit_to_marker_ms.set(Some(total));
        st.stages.set(format!(
            "pause {pause:.0} · propose {propose:.1} · render {render:.1} ms ({places} place{})",
            if places == 1 { "" } else { "s" }
        ));
    }
}

/// Tab while a chain is on screen: open the place's file, jump to the place, or apply it.
fn tab(ide: Ide, st: NextEditStats) {
    let Some((path, phase)) = with(|c| {
        let chain = c.chain.as_ref()?;
        Some((chain.current()?.path.clone(), chain.phase()))
    }) else {
        return;
    };
    if ide.shown.get_value().as_deref() != Some(path.as_str()) {
        if ide.workspace.with_value(|w| w.is_file(&path)) {
            // The editor shows it after the tab switch; `on_opened` jumps then.
            with(|c| c.pending_jump = Some(path.clone()));
            super::files::open(ide, &path);
        } else {
            with(|c| c.chain.as_mut().map(Chain::skip));
            render(ide, st);
        }
        return;
    }
    match phase {
        Phase::Marked => jump(ide, st),
        Phase::AtPlace => apply(ide, st),
    }
}

/// Puts the cursor at the marked place and scrolls it into view.
fn jump(ide: Ide, st: NextEditStats) {
    let Some(e) = editor(ide) else { return };
    let text = e.text();
    let start = with(|c| {
        let chain = c.chain.as_mut()?;
        if !chain.is_current_valid(&text) {
            return None;
        }
        chain.jumped();
        chain.current().map(|p| p.start)
    });
    if let Some(start) = start {
        e.reveal(byte_to_utf16(&text, start));
    }
    render(ide, st);
}

/// Applies the marked place as one editor transaction (one undo step) and marks the next.
fn apply(ide: Ide, st: NextEditStats) {
    let Some(e) = editor(ide) else { return };
    let text = e.text();
    let Some(r) = with(|c| c.chain.as_mut()?.apply(&text)) else {
        with(|c| c.chain.as_mut().map(Chain::skip));
        render(ide, st);
        return;
    };
    if r.start < r.end || !r.text.is_empty() {
        with(|c| c.applying = Some(r.text.clone()));
        e.replace(byte_to_utf16(&text, r.start), byte_to_utf16(&text, r.end), &r.text);
    }
    render(ide, st);
}

/// Ends the chain on screen: the marker goes, the baselines settle as asked, and the status bar
/// keeps how many places were applied.
fn end_chain(ide: Ide, st: NextEditStats, settle: Settle) {
    let Some(chain) = with(|c| {
        c.pending_jump = None;
        c.place = None;
        c.chain.take()
    }) else {
        return;
    };
    if let (Some(id), Some(engine)) = (with(|c| c.ranking.take()), super::model::engine(ide)) {
        engine.cancel(id);
    }
    let e = editor(ide);
    if let Some(e) = &e {
        e.clear_decorations(DECORATION_LAYER);
    }
    st.hint.set(None);
    let shown = ide.shown.get_value();
    let texts: Vec<(String, String)> = match settle {
        Settle::No => Vec::new(),
        Settle::Now | Settle::ShownAs(_) => {
            let mut shown_text = match settle {
                Settle::ShownAs(t) => Some(t),
                _ => e.as_ref().map(EditorHandle::text),
            };
            chain
                .files()
                .into_iter()
                .filter_map(|path| {
                    if shown.as_deref() == Some(path.as_str()) {
                        return shown_text.take().map(|t| (path, t));
                    }
                    let text = ide.workspace.with_value(|w| w.text(&path).ok().map(str::to_string))?;
                    Some((path, text))
                })
                .collect()
        }
    };
    with(|c| {
        for (path, text) in &texts {
            c.history.settle(path, text);
        }
    });
    if chain.applied() > 0 || chain.is_finished() || !texts.is_empty() {
        st.status.set(format!("Next edit: {}", chain.summary()));
        st.state.set("done");
    } else {
        st.status.set(String::new());
        st.state.set("idle");
    }
}

/// The chain's keys: Tab (open the file, jump, apply) and Esc (end the chain). Returns true when
/// the key was the chain's.
pub fn on_key(ide: Ide, st: NextEditStats, key: &str) -> bool {
    if !showing() {
        return false;
    }
    match key {
        "Tab" => {
            tab(ide, st);
            true
        }
        "Escape" => {
            end_chain(ide, st, Settle::Now);
            true
        }
        _ => false,
    }
}
