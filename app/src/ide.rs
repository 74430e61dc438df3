//! The IDE's layout and its wiring: file tree, editor tabs, the side panel (the model manager
//! today; the review panel will live there too), status bar, settings and command palette.
//!
//! State lives in [`state::Ide`] (Leptos context); views read signals and call the operations in
//! [`files`], [`persist`] and [`model`]. Nothing here waits on the model: requests go to the
//! engine worker and answers arrive as events.

pub mod commands;
pub mod completion;
pub mod dialogs;
pub mod editor_view;
pub mod files;
pub mod model;
pub mod persist;
pub mod prefs;
pub mod state;
pub mod status;

use leptos::prelude::*;
use leptos::task::spawn_local;

use state::{ide, Ide, NoticeKind};

/// Mounts the IDE on the page (the `marble-app` binary's entry point).
pub fn mount() {
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&format!("Marble panic: {info}").into())));
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let ide = Ide::new();
    provide_context(ide);
    completion::provide();

    // The engine worker, and the model at start-up.
    model::start_engine(ide);
    spawn_local(async move {
        files::load_workspace(ide).await;
    });
    if prefs::autoload() {
        spawn_local(model::load_startup_model(ide));
    }
    register_service_worker(ide);

    // Keep the tab list and open folders across visits; save before the page goes away.
    Effect::new(move |_| prefs::set_list("tabs", &ide.tabs.get()));
    Effect::new(move |_| prefs::set_list("expanded", &ide.expanded.get().into_iter().collect::<Vec<_>>()));
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| persist::flush_now(ide));
    let _ = window_event_listener(leptos::ev::pagehide, move |_| persist::flush_now(ide));
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if let Some(id) = commands::for_key(&ev) {
            ev.prevent_default();
            commands::run(ide, id);
        } else if ev.key() == "Escape" {
            ide.palette_open.set(false);
            ide.settings_open.set(false);
        }
    });

    view! {
        <div class="ide" data-theme=move || ide.theme.get().as_str()>
            <header class="topbar">
                <span class="brand">
                    <img src="icon.svg" alt="" width="20" height="20" />
                    " Marble"
                </span>
                <span class="tagline muted">"private coding assistant · runs on your machine"</span>
                <span class="spacer"></span>
                <button class="ghost" aria-label="Command palette" title="Command palette (Ctrl+Shift+P)" on:click=move |_| ide.palette_open.set(true)>
                    "⌘ Commands"
                </button>
                <button class="ghost" aria-label="Toggle theme" title="Toggle light/dark" on:click=move |_| commands::toggle_theme(ide)>
                    {move || if ide.theme.get() == state::Theme::Dark { "☀" } else { "☾" }}
                </button>
                <button class="ghost" aria-label="Settings" data-testid="open-settings" title="Settings (Ctrl+,)" on:click=move |_| ide.settings_open.set(true)>
                    "⚙"
                </button>
            </header>
            <main class="workbench" class:panel-closed=move || !ide.side_open.get()>
                <files::FileTree />
                <editor_view::EditorArea />
                <aside class="side-panel" aria-label="Side panel" class:hidden=move || !ide.side_open.get()>
                    <model::ModelPanel />
                </aside>
            </main>
            <status::StatusBar />
            <Notices />
            <dialogs::Palette />
            <dialogs::Settings />
        </div>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let ide = ide();
    view! {
        <div class="notices" aria-live="polite">
            <For
                each=move || ide.notices.get()
                key=|n| n.id
                children=move |n| {
                    let kind = match n.kind {
                        NoticeKind::Info => "info",
                        NoticeKind::Warning => "warning",
                        NoticeKind::Error => "error",
                    };
                    let id = n.id;
                    view! {
                        <div class="notice" data-kind=kind role=if kind == "error" { "alert" } else { "status" }>
                            <p>{n.text.clone()}</p>
                            <button class="ghost" aria-label="Dismiss" on:click=move |_| ide.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            />
        </div>
    }
}

/// Registers the service worker that lets the IDE open offline after the first visit.
fn register_service_worker(ide: Ide) {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    let promise = container.register("sw.js");
    spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            ide.notify(
                NoticeKind::Warning,
                format!(
                    "Offline use is off: the browser refused the service worker ({}).",
                    crate::js_error::text(&e)
                ),
            );
        }
    });
}
