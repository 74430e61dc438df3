//! The IDE's layout and its wiring: file tree, editor tabs, the side panel (two tabs: the model
//! manager and the review panel, [`crate::review`]), status bar, settings and command palette.
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
pub mod next_edit;
pub mod persist;
pub mod prefs;
pub mod state;
pub mod status;

use leptos::prelude::*;
use leptos::task::spawn_local;

use state::{ide, Ide, NoticeKind, SideTab};

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
    next_edit::provide();
    crate::review::state::start(ide);

    // The engine worker, and the model at start-up.
    model::start_engine(ide);
    spawn_local(async move {
        files::load_workspace(ide).await;
        // The review compares against a checkpoint: the stored one, or the workspace as loaded.
        crate::review::checkpoint::load(ide).await;
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
            <main class="workbench" class:panel-closed=move || !ide.side_open.get() class:review-open=move || ide.side_tab.get() == SideTab::Review>
                <files::FileTree />
                <editor_view::EditorArea />
                <aside class="side-panel" aria-label="Side panel" class:hidden=move || !ide.side_open.get()>
                    <SideTabs />
                    <div role="tabpanel" id="side-model" aria-labelledby="side-tab-model" class:hidden=move || ide.side_tab.get() != SideTab::Model>
                        <model::ModelPanel />
                    </div>
                    <div role="tabpanel" id="side-review" aria-labelledby="side-tab-review" class:hidden=move || ide.side_tab.get() != SideTab::Review>
                        <crate::review::panel::ReviewPanel />
                    </div>
                </aside>
            </main>
            <status::StatusBar />
            <Notices />
            <dialogs::Palette />
            <dialogs::Settings />
        </div>
    }
}

/// The side panel's tabs (the ARIA tabs pattern: arrows move between them).
#[component]
fn SideTabs() -> impl IntoView {
    let ide = ide();
    let choose = move |tab: SideTab| {
        ide.side_tab.set(tab);
        prefs::set("sidetab", if tab == SideTab::Review { "review" } else { "model" });
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" | "Home" | "End" => {
                if ide.side_tab.get_untracked() == SideTab::Model {
                    SideTab::Review
                } else {
                    SideTab::Model
                }
            }
            _ => return,
        };
        ev.prevent_default();
        choose(next);
        let id = if next == SideTab::Review { "side-tab-review" } else { "side-tab-model" };
        if let Some(el) = document().get_element_by_id(id) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let tab = move |which: SideTab, id: &'static str, panel: &'static str, label: &'static str| {
        let selected = move || ide.side_tab.get() == which;
        view! {
            <button
                role="tab"
                id=id
                class="side-tab"
                class:active=selected
                aria-controls=panel
                aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                data-testid=id
                on:click=move |_| choose(which)
            >
                {label}
            </button>
        }
    };
    let count =
        move || ide.review.analysed.with(|a| a.as_ref().map(|a| a.review.hunks.len()).filter(|&n| n > 0));
    view! {
        <div class="side-tabs" role="tablist" aria-label="Side panel" on:keydown=on_key>
            {tab(SideTab::Model, "side-tab-model", "side-model", "Model")}
            {tab(SideTab::Review, "side-tab-review", "side-review", "Review")}
            {move || count().map(|n| view! { <span class="side-tab-count" title="Hunks to review">{n}</span> })}
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
