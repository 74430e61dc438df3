//! The IDE's state, shared by every view through Leptos context: the workspace and its storage,
//! open tabs, the model's status, notices, settings.
//!
//! File contents live outside the reactive graph (a keystroke must not re-render the tree):
//! views track `structure`, bumped when files appear, move or go, and the active tab.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

use crate::editor::{EditorHandle, SavedState};
use crate::worker::protocol::{LoadPhase, ModelInfo};
use crate::worker::EngineClient;
use crate::workspace::Workspace;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Where the model stands.
#[derive(Clone, PartialEq, Debug)]
pub enum ModelStatus {
    /// Nothing loaded (the user may load one).
    None,
    Loading(LoadProgress),
    Ready(ModelInfo),
    Failed(String),
}

#[derive(Clone, PartialEq, Debug)]
pub struct LoadProgress {
    pub name: String,
    pub phase: LoadPhase,
    pub loaded: u64,
    pub total: Option<u64>,
    /// When this phase's first bytes arrived (ms), for the rate.
    pub phase_start_ms: f64,
    pub now_ms: f64,
}

impl LoadProgress {
    /// Bytes per second in the current phase.
    pub fn rate(&self) -> Option<f64> {
        let dt = (self.now_ms - self.phase_start_ms) / 1000.0;
        (dt > 0.05 && self.loaded > 0).then(|| self.loaded as f64 / dt)
    }

    /// Seconds left at the current rate.
    pub fn eta(&self) -> Option<f64> {
        let total = self.total?;
        let rate = self.rate()?;
        Some(total.saturating_sub(self.loaded) as f64 / rate)
    }

    pub fn fraction(&self) -> Option<f64> {
        self.total.filter(|&t| t > 0).map(|t| (self.loaded as f64 / t as f64).min(1.0))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NoticeKind {
    Info,
    Warning,
    Error,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

/// Whether edits have reached browser storage.
#[derive(Clone, PartialEq, Debug)]
pub enum SaveState {
    Saved,
    Saving,
    /// Storage refused: edits live in this tab only (the sentence says what to do).
    Failed(String),
    /// No persistent storage in this browser.
    Off(String),
}

/// Which view the side panel shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SideTab {
    Model,
    Review,
}

/// A name being typed in the file tree.
#[derive(Clone, PartialEq, Debug)]
pub enum NameEdit {
    NewFile { dir: String },
    NewFolder { dir: String },
    Rename { path: String },
}

#[derive(Clone, Copy)]
pub struct Ide {
    pub workspace: StoredValue<Workspace>,
    /// Bumped whenever files or folders appear, move or go.
    pub structure: RwSignal<u64>,
    /// Bumped whenever a file's text changes (typing in the editor, a write from elsewhere), for
    /// views that follow contents, such as the review panel.
    pub revision: RwSignal<u64>,
    pub expanded: RwSignal<BTreeSet<String>>,
    pub selected: RwSignal<Option<String>>,
    pub tabs: RwSignal<Vec<String>>,
    pub active: RwSignal<Option<String>>,
    /// The file whose text the editor holds (lags `active` while a tab switch is applied).
    pub shown: StoredValue<Option<String>>,
    /// Bumped after the editor shows another document (which clears its decorations).
    pub opened: RwSignal<u64>,
    pub name_edit: RwSignal<Option<NameEdit>>,
    pub confirm_delete: RwSignal<Option<String>>,
    pub save: RwSignal<SaveState>,
    pub dirty: StoredValue<BTreeSet<String>>,
    pub model: RwSignal<ModelStatus>,
    pub tokens_per_s: RwSignal<Option<f64>>,
    pub notices: RwSignal<Vec<Notice>>,
    pub next_notice: StoredValue<u64>,
    pub theme: RwSignal<Theme>,
    pub palette_open: RwSignal<bool>,
    pub settings_open: RwSignal<bool>,
    pub side_open: RwSignal<bool>,
    pub side_tab: RwSignal<SideTab>,
    pub cursor: RwSignal<(usize, usize)>,
    pub engine: StoredValue<Option<EngineClient>, LocalStorage>,
    pub editor: StoredValue<Option<EditorHandle>, LocalStorage>,
    /// Each file's editor state (undo history, selection) while it is not the one shown, with
    /// the text it held, so a file changed meanwhile (an upload replaced it) opens fresh.
    pub editor_states: StoredValue<HashMap<String, (SavedState, String)>, LocalStorage>,
    pub store: StoredValue<Option<crate::workspace::Store>, LocalStorage>,
    /// The review panel's state: checkpoint, analysis, selection, viewed marks, scoring.
    pub review: crate::review::ReviewState,
}

impl Ide {
    pub fn new() -> Self {
        Ide {
            workspace: StoredValue::new(Workspace::new()),
            structure: RwSignal::new(0),
            revision: RwSignal::new(0),
            expanded: RwSignal::new(BTreeSet::new()),
            selected: RwSignal::new(None),
            tabs: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            shown: StoredValue::new(None),
            opened: RwSignal::new(0),
            name_edit: RwSignal::new(None),
            confirm_delete: RwSignal::new(None),
            save: RwSignal::new(SaveState::Saved),
            dirty: StoredValue::new(BTreeSet::new()),
            model: RwSignal::new(ModelStatus::None),
            tokens_per_s: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            next_notice: StoredValue::new(0),
            theme: RwSignal::new(super::prefs::theme()),
            palette_open: RwSignal::new(false),
            settings_open: RwSignal::new(false),
            side_open: RwSignal::new(true),
            side_tab: RwSignal::new(if super::prefs::get("sidetab").as_deref() == Some("review") {
                SideTab::Review
            } else {
                SideTab::Model
            }),
            cursor: RwSignal::new((1, 1)),
            engine: StoredValue::new_local(None),
            editor: StoredValue::new_local(None),
            editor_states: StoredValue::new_local(HashMap::new()),
            store: StoredValue::new_local(None),
            review: crate::review::ReviewState::new(),
        }
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        let text = text.into();
        self.notices.update(|n| {
            // The same sentence twice in a row says nothing new.
            if n.last().is_none_or(|last| last.text != text) {
                n.push(Notice { id, kind, text });
            }
            if n.len() > 4 {
                n.remove(0);
            }
        });
        if kind == NoticeKind::Info {
            let notices = self.notices;
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(6000).await;
                notices.update(|n| n.retain(|x| x.id != id));
            });
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }

    pub fn bump(&self) {
        self.structure.update(|s| *s += 1);
    }

    /// Says that some file's text changed.
    pub fn touched(&self) {
        self.revision.update(|r| *r += 1);
    }
}

impl Default for Ide {
    fn default() -> Self {
        Self::new()
    }
}

pub fn ide() -> Ide {
    expect_context::<Ide>()
}

/// "12.3 MB", "640 kB".
pub fn bytes_label(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.2} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.0} kB", n / 1e3)
    } else {
        format!("{n} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_rate_and_time_left() {
        let p = LoadProgress {
            name: "m".into(),
            phase: LoadPhase::Download,
            loaded: 25_000_000,
            total: Some(100_000_000),
            phase_start_ms: 1000.0,
            now_ms: 2000.0,
        };
        assert_eq!(p.rate(), Some(25e6));
        assert_eq!(p.eta(), Some(3.0));
        assert_eq!(p.fraction(), Some(0.25));
        let early = LoadProgress { now_ms: 1010.0, ..p.clone() };
        assert_eq!(early.rate(), None, "too early for a meaningful rate");
        let unknown = LoadProgress { total: None, ..p };
        assert_eq!(unknown.eta(), None);
        assert_eq!(unknown.fraction(), None);
    }

    #[test]
    fn byte_labels() {
        assert_eq!(bytes_label(512), "512 B");
        assert_eq!(bytes_label(98_304_000), "98.3 MB");
        assert_eq!(bytes_label(1_500_000_000), "1.50 GB");
    }
}
