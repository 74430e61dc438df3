//! The command palette and the settings dialog.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::commands::{self, matching};
use super::state::{ide, Ide, Theme};
use crate::worker::protocol::{BackendChoice, Event, Request};

#[component]
pub fn Palette() -> impl IntoView {
    let ide = ide();
    let query = RwSignal::new(String::new());
    let index = RwSignal::new(0usize);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if ide.palette_open.get() {
            query.set(String::new());
            index.set(0);
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        }
    });
    let close = move || {
        ide.palette_open.set(false);
        super::files::focus_editor(ide);
    };
    let choose = move |id: &'static str| {
        ide.palette_open.set(false);
        commands::run(ide, id);
    };
    view! {
        <Show when=move || ide.palette_open.get()>
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div class="palette" role="dialog" aria-modal="true" aria-label="Command palette" on:click=|ev| ev.stop_propagation()>
                    <input
                        node_ref=input
                        class="palette-input"
                        placeholder="Type a command"
                        aria-label="Command"
                        aria-controls="palette-list"
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            index.set(0);
                        }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            let n = matching(&query.get_untracked()).len();
                            match ev.key().as_str() {
                                "ArrowDown" => index.update(|i| *i = (*i + 1).min(n.saturating_sub(1))),
                                "ArrowUp" => index.update(|i| *i = i.saturating_sub(1)),
                                "Enter" => {
                                    if let Some(c) = matching(&query.get_untracked()).get(index.get_untracked()) {
                                        choose(c.id);
                                    }
                                }
                                "Escape" => close(),
                                _ => return,
                            }
                            ev.prevent_default();
                        }
                    />
                    <ul id="palette-list" role="listbox" aria-label="Commands">
                        {move || {
                            matching(&query.get())
                                .into_iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    view! {
                                        <li
                                            role="option"
                                            aria-selected=move || (index.get() == i).to_string()
                                            class:current=move || index.get() == i
                                            on:click=move |_| choose(c.id)
                                        >
                                            <span>{c.label}</span>
                                            <kbd>{c.shortcut}</kbd>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </div>
        </Show>
    }
}

/// Mean round trip of `n` empty requests to the worker, one after another, in milliseconds.
/// (The page's clock is coarsened to 0.1 ms, too coarse for one round trip, so time them all.)
async fn measure_round_trip(ide: Ide, n: usize) -> Option<f64> {
    let engine = super::model::engine(ide)?;
    let t0 = crate::clock::now_ms();
    for _ in 0..n {
        let (tx, rx) = futures::channel::oneshot::channel::<()>();
        let tx = std::cell::RefCell::new(Some(tx));
        engine.request(Request::Ping, move |e| {
            if let (Event::Pong, Some(tx)) = (e, tx.borrow_mut().take()) {
                let _ = tx.send(());
            }
        });
        rx.await.ok()?;
    }
    Some((crate::clock::now_ms() - t0) / n as f64)
}

#[component]
pub fn Settings() -> impl IntoView {
    let ide = ide();
    let completion = super::completion::stats();
    let next_edit = super::next_edit::stats();
    let autoload = RwSignal::new(super::prefs::autoload());
    let backend = RwSignal::new(super::prefs::backend());
    let round_trip = RwSignal::new(None::<String>);
    let storage = LocalResource::new(|| async { crate::workspace::storage_info().await.ok() });
    view! {
        <Show when=move || ide.settings_open.get()>
            <div class="dialog-backdrop" on:click=move |_| ide.settings_open.set(false)>
                <div
                    class="dialog settings"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="settings-title"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ide.settings_open.set(false);
                        }
                    }
                >
                    <h2 id="settings-title">"Settings"</h2>
                    <fieldset>
                        <legend>"Appearance"</legend>
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || ide.theme.get() == Theme::Dark
                                on:change=move |_| commands::toggle_theme(ide)
                            />
                            " Dark theme"
                        </label>
                    </fieldset>
                    <fieldset>
                        <legend>"Inline completion"</legend>
                        <label>
                            <input
                                type="checkbox"
                                data-testid="completion-enabled"
                                prop:checked=move || completion.settings.get().enabled
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    completion.settings.update(|s| s.enabled = on);
                                    super::prefs::set("completion", if on { "on" } else { "off" });
                                }
                            />
                            " Suggest code as I type"
                        </label>
                        <div class="row">
                            {crate::editor::Language::ALL
                                .iter()
                                .map(|&lang| {
                                    view! {
                                        <label>
                                            <input
                                                type="checkbox"
                                                prop:checked=move || !completion.settings.get().off_for.contains(&lang)
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    completion.settings.update(|s| {
                                                        s.off_for.retain(|l| *l != lang);
                                                        if !on {
                                                            s.off_for.push(lang);
                                                        }
                                                    });
                                                    let off: Vec<String> = completion
                                                        .settings
                                                        .get_untracked()
                                                        .off_for
                                                        .iter()
                                                        .map(|l| l.as_str().to_string())
                                                        .collect();
                                                    super::prefs::set_list("completion.off_for", &off);
                                                }
                                            />
                                            {format!(" {}", lang.label())}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || completion.confidence.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    completion.confidence.set(on);
                                    super::prefs::set("confidence", if on { "on" } else { "off" });
                                }
                            />
                            " Show the model's confidence (shading, alternatives on hover)"
                        </label>
                        <label>
                            <input
                                type="checkbox"
                                data-testid="next-edit-enabled"
                                prop:checked=move || next_edit.enabled.get()
                                on:change=move |ev| super::next_edit::set_enabled(ide, next_edit, event_target_checked(&ev))
                            />
                            " Next-edit suggestions: after a change, offer the same change where else it applies"
                        </label>
                        <p class="muted">"Tab accepts · Ctrl+→ a word · Ctrl+↓ a line · Alt+] / Alt+[ other suggestions · Esc dismisses · Ctrl+Space asks now"</p>
                        <p class="muted">"Next edit: Tab jumps to the marked place, Tab again applies it · Esc ends · the palette's “Next edit: suggest now” asks at once"</p>
                    </fieldset>
                    <fieldset>
                        <legend>"Model"</legend>
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || autoload.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    autoload.set(on);
                                    super::prefs::set("autoload", if on { "on" } else { "off" });
                                }
                            />
                            " Load the model when Marble opens"
                        </label>
                        <label>
                            "Run the model on "
                            <select
                                aria-label="Backend"
                                data-testid="backend-select"
                                on:change=move |ev| {
                                    let b = match event_target_value(&ev).as_str() {
                                        "gpu" => BackendChoice::Gpu,
                                        "cpu" => BackendChoice::Cpu,
                                        _ => BackendChoice::Auto,
                                    };
                                    backend.set(b);
                                    super::prefs::set("backend", super::prefs::backend_key(b));
                                }
                            >
                                <option value="auto" selected=move || backend.get() == BackendChoice::Auto>"the GPU when available (WebGPU), else the CPU"</option>
                                <option value="gpu" selected=move || backend.get() == BackendChoice::Gpu>"the GPU (WebGPU)"</option>
                                <option value="cpu" selected=move || backend.get() == BackendChoice::Cpu>"the CPU"</option>
                            </select>
                        </label>
                        <p class="muted">"Takes effect at the next model load."</p>
                    </fieldset>
                    <fieldset>
                        <legend>"Diagnostics"</legend>
                        <p>
                            {move || match storage.get().flatten() {
                                Some(info) => format!(
                                    "Browser storage: {} used of {}.",
                                    super::state::bytes_label(info.usage),
                                    super::state::bytes_label(info.quota),
                                ),
                                None => "Browser storage: unknown.".to_string(),
                            }}
                        </p>
                        <button
                            data-testid="measure-round-trip"
                            on:click=move |_| {
                                round_trip.set(Some("Measuring…".into()));
                                spawn_local(async move {
                                    let r = measure_round_trip(ide, 200).await;
                                    round_trip.set(Some(match r {
                                        Some(ms) => format!("{ms:.3} ms per round trip (mean of 200)"),
                                        None => "The worker did not answer.".into(),
                                    }));
                                });
                            }
                        >
                            "Measure worker round trip"
                        </button>
                        " "
                        <output data-testid="round-trip">{move || round_trip.get()}</output>
                    </fieldset>
                    <div class="row end">
                        <button class="primary" on:click=move |_| ide.settings_open.set(false)>"Close"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
