//! The review panel's state (a part of [`crate::ide::state::Ide`], so commands reach it) and the
//! loop that keeps the analysis current: while the panel is visible, a change to any file, to the
//! checkpoint or to the panel's visibility analyses again — at once for the panel opening or the
//! checkpoint moving, after a 300 ms pause for typing — and the editor's marks follow each new
//! analysis and each file the editor shows.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use marble_review::{analyze, FileChange, Review};

use super::changes::file_changes;
use super::decorations::editor_marks;
use super::rows::{rows, Cursor, Row};
use super::viewed::{self, Viewed};
use super::{scoring, DECORATION_LAYER};
use crate::clock::now_ms;
use crate::ide::persist;
use crate::ide::state::{Ide, SideTab};
use crate::workspace::{Store, Workspace};

/// Typing pause before the review is analysed again.
pub const DEBOUNCE_MS: u32 = 300;

/// One analysis of the checkpoint against the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysed {
    /// With the model's surprisal applied, once scored.
    pub review: Review,
    /// The texts it was computed from.
    pub changes: Vec<FileChange>,
    /// Changed files that were not read, and why.
    pub skipped: Vec<(String, &'static str)>,
    /// Milliseconds to build the file list and analyse it.
    pub ms: f64,
    /// Counts every update (a new analysis, surprisal applied): the views re-render on it.
    pub version: u64,
}

impl Analysed {
    /// The text of `path` the review was computed from, if the file changed.
    pub fn after_text(&self, path: &str) -> Option<&str> {
        self.changes.iter().find(|c| c.path == path).map(|c| c.after.as_deref().unwrap_or(""))
    }

    /// The rows of the panel's list with their keys.
    pub fn rows(&self, unfolded: &BTreeSet<String>) -> Vec<(Row, String)> {
        rows(&self.review, unfolded).into_iter().map(|r| (r, r.key(&self.review))).collect()
    }
}

/// Where surprisal scoring stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Scoring {
    /// Nothing asked yet (or nothing to score).
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    /// `scored` hunks asked of the model in `ms`, `cached` taken from earlier runs.
    Done {
        scored: usize,
        cached: usize,
        ms: f64,
    },
    /// A sentence.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct ReviewState {
    /// The workspace's text at the checkpoint; `None` until it is loaded at start-up.
    pub checkpoint: StoredValue<Option<Workspace>>,
    /// When the checkpoint was made (ms since the epoch), if known.
    pub made_ms: RwSignal<Option<f64>>,
    /// Bumped when the checkpoint moves (made, or a hunk accepted).
    pub checkpoint_rev: RwSignal<u64>,
    /// OPFS `checkpoint/`, when the browser has storage.
    pub store: StoredValue<Option<Store>, LocalStorage>,
    pub analysed: RwSignal<Option<Arc<Analysed>>>,
    pub cursor: RwSignal<Cursor>,
    /// Keys of the groups shown with their members.
    pub unfolded: RwSignal<BTreeSet<String>>,
    pub viewed: RwSignal<Viewed>,
    pub scoring: RwSignal<Scoring>,
}

impl ReviewState {
    pub fn new() -> Self {
        let viewed =
            crate::ide::prefs::get(viewed::STORAGE_KEY).map(|j| Viewed::from_json(&j)).unwrap_or_default();
        ReviewState {
            checkpoint: StoredValue::new(None),
            made_ms: RwSignal::new(None),
            checkpoint_rev: RwSignal::new(0),
            store: StoredValue::new_local(None),
            analysed: RwSignal::new(None),
            cursor: RwSignal::new(Cursor::default()),
            unfolded: RwSignal::new(BTreeSet::new()),
            viewed: RwSignal::new(viewed),
            scoring: RwSignal::new(Scoring::Idle),
        }
    }

    pub fn moved(&self) {
        self.checkpoint_rev.update(|r| *r += 1);
    }
}

impl Default for ReviewState {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the review panel is on screen (tracked by the calling effect).
pub fn visible(ide: Ide) -> bool {
    ide.side_open.get() && ide.side_tab.get() == SideTab::Review
}

/// [`visible`], without tracking.
pub fn visible_now(ide: Ide) -> bool {
    ide.side_open.get_untracked() && ide.side_tab.get_untracked() == SideTab::Review
}

thread_local! {
    static TIMER: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
    static VERSION: Cell<u64> = const { Cell::new(0) };
}

/// The next [`Analysed::version`].
pub fn next_version() -> u64 {
    VERSION.with(|v| {
        v.set(v.get() + 1);
        v.get()
    })
}

/// Wires the analysis loop and the editor's marks (once, from the IDE's root).
pub fn start(ide: Ide) {
    let rs = ide.review;
    // What the last run saw, to tell typing (debounced) from everything else (at once).
    let last = StoredValue::new((0u64, 0u64, 0u64, false));
    Effect::new(move |_| {
        let seen = (ide.revision.get(), ide.structure.get(), rs.checkpoint_rev.get(), visible(ide));
        let (revision, _, _, shown) = seen;
        let before = last.get_value();
        last.set_value(seen);
        if !shown {
            TIMER.with_borrow_mut(|t| *t = None);
            return;
        }
        let only_typing = before.3 && (before.1, before.2) == (seen.1, seen.2) && before.0 != revision;
        let delay = if only_typing { DEBOUNCE_MS } else { 0 };
        let t = gloo_timers::callback::Timeout::new(delay, move || analyse(ide));
        TIMER.with_borrow_mut(|slot| *slot = Some(t));
    });

    Effect::new(move |_| {
        ide.opened.track();
        let analysed = rs.analysed.get();
        show_marks(ide, analysed.as_deref());
    });

    // A model that becomes ready while the panel is open scores what is there.
    Effect::new(move |_| {
        let ready = matches!(ide.model.get(), crate::ide::state::ModelStatus::Ready(_));
        if ready && visible_now(ide) {
            scoring::run(ide);
        }
    });
}

/// Analyses the checkpoint against the workspace now (with the editor's unsaved text).
pub fn analyse(ide: Ide) {
    let rs = ide.review;
    if rs.checkpoint.with_value(Option::is_none) {
        return;
    }
    persist::sync_editor(ide);
    let t0 = now_ms();
    let changes = rs
        .checkpoint
        .with_value(|c| c.as_ref().map(|c| ide.workspace.with_value(|w| file_changes(c, w))))
        .unwrap_or_default();
    let mut review = analyze(&changes.files);
    let ms = now_ms() - t0;
    // Surprisal already known for unchanged hunks comes back at once, so typing does not make
    // the underlines blink.
    scoring::apply_cached(&mut review);
    let analysed =
        Analysed { review, changes: changes.files, skipped: changes.skipped, ms, version: next_version() };
    rs.analysed.set(Some(Arc::new(analysed)));
    if scoring::model_ready(ide) {
        scoring::run(ide);
    }
}

/// Puts the review's marks for the shown file into the editor.
fn show_marks(ide: Ide, analysed: Option<&Analysed>) {
    let Some(editor) = ide.editor.get_value() else { return };
    let Some(path) = ide.shown.get_value() else { return };
    let Some(analysed) = analysed else {
        editor.clear_decorations(DECORATION_LAYER);
        return;
    };
    let Some(snapshot) = analysed.after_text(&path) else {
        editor.clear_decorations(DECORATION_LAYER);
        return;
    };
    let text = editor.text();
    if text != snapshot {
        // Typed since: the marks already there follow the edits until the next analysis.
        return;
    }
    let marks = editor_marks(&analysed.review, &path, &text);
    if marks.is_empty() {
        editor.clear_decorations(DECORATION_LAYER);
    } else {
        editor.set_decorations(DECORATION_LAYER, &marks);
    }
}
