//! The status bar: the model's state, backend and adapter, the last generation's speed, where the
//! cursor is, the file's language, and whether edits are saved.

use leptos::prelude::*;

use super::state::{bytes_label, ide, ModelStatus, SaveState};
use crate::editor::Language;

#[component]
pub fn StatusBar() -> impl IntoView {
    let ide = ide();
    let completion = super::completion::stats();
    let next_edit = super::next_edit::stats();
    let model = move || match ide.model.get() {
        ModelStatus::None => ("none", "No model".to_string(), None),
        ModelStatus::Loading(p) => {
            let pct = p.fraction().map_or(String::new(), |f| format!(" {:.0}%", f * 100.0));
            ("loading", format!("Loading {}{pct}", p.name), None)
        }
        ModelStatus::Ready(info) => {
            let backend = match &info.adapter {
                Some(a) => format!("{} · {a}", info.backend.label()),
                None => format!("{} (no WebGPU)", info.backend.label()),
            };
            ("ready", format!("{} ready", info.name), Some(backend))
        }
        ModelStatus::Failed(_) => ("failed", "Model failed to load".to_string(), None),
    };
    let save = move || match ide.save.get() {
        SaveState::Saved => ("saved", "Saved".to_string(), String::new()),
        SaveState::Saving => ("saving", "Saving…".to_string(), String::new()),
        SaveState::Failed(why) => ("failed", "Not saved".to_string(), why),
        SaveState::Off(why) => ("off", "Not persisted".to_string(), why),
    };
    view! {
        <footer class="statusbar" role="status" aria-label="Status">
            <button
                class="status-item model-state"
                data-testid="status-model"
                data-state=move || model().0
                title="Model panel"
                on:click=move |_| ide.side_open.update(|o| *o = !*o)
            >
                <span class="dot" aria-hidden="true"></span>
                {move || model().1}
            </button>
            {move || model().2.map(|b| view! { <span class="status-item" data-testid="status-backend">{b}</span> })}
            {move || {
                ide.tokens_per_s.get().map(|t| view! { <span class="status-item" data-testid="status-speed">{format!("{t:.1} tokens/s")}</span> })
            }}
            <span
                class="status-item"
                data-testid="status-completion"
                data-requests=move || completion.requests.get().to_string()
                data-pause-to-ghost=move || completion.pause_to_ghost_ms.get().map(|v| format!("{v:.0}"))
                title=move || format!("Inline completion: pause to first ghost character, and decoding speed. Last: {}", completion.stages.get())
            >
                {move || match (completion.settings.get().enabled, completion.pause_to_ghost_ms.get(), completion.tokens_per_s.get()) {
                    (false, _, _) => "Completion off".to_string(),
                    (true, Some(ms), Some(t)) => format!("Completion {ms:.0} ms · {t:.0} tok/s"),
                    (true, Some(ms), None) => format!("Completion {ms:.0} ms"),
                    (true, None, _) => String::new(),
                }}
            </span>
            <span
                class="status-item"
                data-testid="status-next-edit"
                data-state=move || next_edit.state.get()
                data-edit-to-marker=move || next_edit.edit_to_marker_ms.get().map(|v| format!("{v:.0}"))
                title=move || format!("Next-edit suggestions: time from your last keystroke to the first marker. Last: {}", next_edit.stages.get())
            >
                {move || {
                    let status = next_edit.status.get();
                    match (next_edit.enabled.get(), next_edit.edit_to_marker_ms.get()) {
                        (false, _) if status.is_empty() => "Next edit off".to_string(),
                        (_, Some(ms)) if next_edit.state.get() == "showing" => format!("{status} · {ms:.0} ms"),
                        _ => status,
                    }
                }}
            </span>
            <button
                class="status-item"
                data-testid="toggle-confidence"
                aria-pressed=move || completion.confidence.get().to_string()
                title="Shade suggestions by the model's confidence; hover a token for its alternatives"
                on:click=move |_| {
                    completion.confidence.update(|c| *c = !*c);
                    super::prefs::set("confidence", if completion.confidence.get_untracked() { "on" } else { "off" });
                }
            >
                "Confidence"
            </button>
            <span class="spacer"></span>
            {move || {
                ide.model.with(|m| match m {
                    ModelStatus::Ready(info) => Some(view! { <span class="status-item muted">{bytes_label(info.size_bytes)}</span> }),
                    _ => None,
                })
            }}
            <span class="status-item" data-testid="status-save" data-state=move || save().0 title=move || save().2>
                {move || save().1}
            </span>
            <span class="status-item" data-testid="status-cursor">{move || { let (l, c) = ide.cursor.get(); format!("Ln {l}, Col {c}") }}</span>
            <span class="status-item">{move || ide.active.get().map(|p| Language::from_path(&p).label()).unwrap_or("")}</span>
        </footer>
    }
}
