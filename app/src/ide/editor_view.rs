//! The tab strip and the editor: one CodeMirror instance that shows the active tab's file, with
//! the assists attached (completion, next edit) and the next-edit hint floating over it. Files
//! that are binary or too large to edit get a sentence instead of a frozen page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::files::{close_tab, open};
use super::persist;
use super::state::{ide, Ide, NoticeKind, Theme};
use crate::editor::{EditorHandle, Language};
use crate::workspace::path as wpath;
use crate::workspace::text::{check_editable, human_size};

#[component]
pub fn Tabs() -> impl IntoView {
    let ide = ide();
    view! {
        <div class="tabs" role="tablist" aria-label="Open files">
            <For
                each=move || ide.tabs.get()
                key=|p| p.clone()
                children=move |path| {
                    let p1 = path.clone();
                    let p2 = path.clone();
                    let p3 = path.clone();
                    let p4 = path.clone();
                    let is_active = move || ide.active.get().as_deref() == Some(p1.as_str());
                    let is_active2 = is_active.clone();
                    view! {
                        <div class="tab" class:active=is_active data-path=path.clone()>
                            <button
                                role="tab"
                                class="tab-label"
                                aria-selected=move || is_active2().to_string()
                                title=path.clone()
                                on:click=move |_| open(ide, &p2)
                                on:auxclick=move |ev: web_sys::MouseEvent| {
                                    if ev.button() == 1 {
                                        close_tab(ide, &p4)
                                    }
                                }
                            >
                                {wpath::file_name(&path).to_string()}
                            </button>
                            <button class="tab-close" aria-label=format!("Close {}", wpath::file_name(&p3)) on:click=move |_| close_tab(ide, &p3)>
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}

/// Why the active file is not in the editor, if it is not.
fn blocked(ide: Ide, path: &str) -> Option<String> {
    ide.workspace.with_value(|w| {
        let bytes = w.read(path)?;
        check_editable(bytes).err().map(|why| {
            format!("{path} ({}) is not shown in the editor: {why}", human_size(bytes.len() as u64))
        })
    })
}

#[component]
pub fn EditorArea() -> impl IntoView {
    let ide = ide();
    let host = NodeRef::<leptos::html::Div>::new();
    let message = RwSignal::new(None::<String>);

    // Create the editor once its host is in the page.
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if ide.editor.with_value(Option::is_some) {
            return;
        }
        let el: web_sys::HtmlElement = el.unchecked_into();
        match EditorHandle::new(&el, "", Language::Plain, ide.theme.get_untracked() == Theme::Dark) {
            Ok(editor) => {
                editor.on_change(move |change| {
                    if change.user {
                        persist::edited(ide);
                    }
                });
                super::completion::attach(ide, &editor);
                super::next_edit::attach(ide, &editor);
                // Each assist key goes to completion first: a ghost on screen owns Tab.
                let (completion, next_edit) = (super::completion::stats(), super::next_edit::stats());
                editor.set_key_handler(move |key| {
                    super::completion::on_key(ide, completion, key)
                        || super::next_edit::on_key(ide, next_edit, key)
                });
                let e2 = editor.clone();
                editor.on_cursor(move |pos| {
                    let line = e2.line_at(pos);
                    ide.cursor.set((line.number, pos.saturating_sub(line.from) + 1));
                });
                ide.editor.set_value(Some(editor));
                show_active(ide, message);
            }
            Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
        }
    });

    // Follow the active tab.
    Effect::new(move |_| {
        ide.active.track();
        ide.structure.track();
        show_active(ide, message);
    });

    // Follow the theme.
    Effect::new(move |_| {
        let dark = ide.theme.get() == Theme::Dark;
        ide.editor.with_value(|e| {
            if let Some(e) = e {
                e.set_theme(dark);
            }
        });
    });

    view! {
        <section class="editor-area" aria-label="Editor">
            <Tabs />
            <div class="editor-stack">
                <div class="editor-host" node_ref=host class:hidden=move || message.get().is_some() || ide.active.get().is_none()></div>
                <super::next_edit::hint::NextEditHint />
                {move || message.get().map(|m| view! { <div class="editor-message" role="note">{m}</div> })}
                {move || {
                    ide.active.get().is_none().then(|| view! {
                        <div class="editor-message empty">
                            <p>"No file is open."</p>
                            <p class="muted">"Pick one in the file tree, or press Alt+N for a new file. Ctrl+Shift+P lists every command."</p>
                        </div>
                    })
                }}
            </div>
        </section>
    }
}

/// Puts the active file into the editor (after saving what the editor held, and its state).
fn show_active(ide: Ide, message: RwSignal<Option<String>>) {
    let Some(editor) = ide.editor.get_value() else { return };
    let active = ide.active.get_untracked();
    let shown = ide.shown.get_value();
    if shown == active && active.is_some() {
        return;
    }
    persist::sync_editor(ide);
    persist::flush_now(ide);
    if let Some(old) = shown.filter(|p| ide.workspace.with_value(|w| w.is_file(p))) {
        let state = (editor.save_state(), editor.text());
        ide.editor_states.update_value(|m| {
            m.insert(old, state);
        });
    }
    let Some(path) = active else {
        ide.shown.set_value(None);
        message.set(None);
        return;
    };
    if let Some(why) = blocked(ide, &path) {
        ide.shown.set_value(None);
        message.set(Some(why));
        return;
    }
    let text = ide.workspace.with_value(|w| w.text(&path).map(str::to_string).unwrap_or_default());
    let saved = ide.editor_states.try_update_value(|m| m.remove(&path)).flatten();
    let saved = saved.filter(|(_, held)| *held == text).map(|(state, _)| state);
    editor.open_document(&text, Language::from_path(&path), saved.as_ref());
    ide.shown.set_value(Some(path.clone()));
    ide.opened.update(|n| *n += 1);
    message.set(None);
    super::prefs::set("active", &path);
}
