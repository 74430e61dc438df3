//! File operations (create, rename, delete, upload, download, open a local folder) and the file
//! tree that offers them. Every operation changes the in-memory workspace first, then the
//! browser's storage; a storage failure is reported and never loses what is in memory.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::persist;
use super::state::{ide, Ide, NameEdit, NoticeKind};
use crate::workspace::{path as wpath, transfer, TreeNode};

/// Opens `path` in a tab (or switches to it).
pub fn open(ide: Ide, path: &str) {
    if !ide.workspace.with_value(|w| w.is_file(path)) {
        return;
    }
    ide.tabs.update(|t| {
        if !t.iter().any(|p| p == path) {
            t.push(path.to_string());
        }
    });
    ide.selected.set(Some(path.to_string()));
    ide.active.set(Some(path.to_string()));
}

pub fn close_tab(ide: Ide, path: &str) {
    let tabs = ide.tabs.get_untracked();
    let Some(i) = tabs.iter().position(|p| p == path) else { return };
    ide.tabs.update(|t| {
        t.remove(i);
    });
    if ide.active.get_untracked().as_deref() == Some(path) {
        let rest = ide.tabs.get_untracked();
        ide.active.set(rest.get(i.min(rest.len().saturating_sub(1))).cloned());
    }
}

/// The folder new files go into: the selected folder, or the selected file's folder.
pub fn target_dir(ide: Ide) -> String {
    match ide.selected.get_untracked() {
        Some(p) if ide.workspace.with_value(|w| w.is_dir(&p)) => p,
        Some(p) => wpath::parent(&p).to_string(),
        None => String::new(),
    }
}

/// Applies a name typed in the tree.
pub fn commit_name(ide: Ide, edit: NameEdit, name: &str) {
    let name = name.trim();
    ide.name_edit.set(None);
    if name.is_empty() {
        return;
    }
    match edit {
        NameEdit::NewFile { dir } => {
            let path = wpath::join(&dir, name);
            match ide
                .workspace
                .try_update_value(|w| w.create_file(&path, Vec::new()))
                .expect("workspace is alive")
            {
                Ok(path) => {
                    ide.expanded.update(|e| {
                        e.extend(wpath::ancestors(&path).map(str::to_string));
                    });
                    ide.bump();
                    persist::write(ide, &path);
                    open(ide, &path);
                    focus_editor(ide);
                }
                Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
            }
        }
        NameEdit::NewFolder { dir } => {
            let path = wpath::join(&dir, name);
            match ide.workspace.try_update_value(|w| w.create_dir(&path)).expect("workspace is alive") {
                Ok(path) => {
                    ide.expanded.update(|e| {
                        e.insert(path.clone());
                    });
                    ide.selected.set(Some(path.clone()));
                    ide.bump();
                    persist::create_dir(ide, &path);
                }
                Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
            }
        }
        NameEdit::Rename { path } => {
            let to = wpath::join(wpath::parent(&path), name);
            if to == path {
                return;
            }
            // Edits still waiting to be saved go out under the old name first.
            persist::flush_now(ide);
            match ide.workspace.try_update_value(|w| w.rename(&path, &to)).expect("workspace is alive") {
                Ok(moved) => {
                    let follow = |p: &String| {
                        moved
                            .iter()
                            .find(|(old, _)| old == p)
                            .map(|(_, new)| new.clone())
                            .unwrap_or_else(|| p.clone())
                    };
                    ide.tabs.update(|t| t.iter_mut().for_each(|p| *p = follow(p)));
                    ide.editor_states.update_value(|m| {
                        for (old, new) in &moved {
                            if let Some(state) = m.remove(old) {
                                m.insert(new.clone(), state);
                            }
                        }
                    });
                    if let Some(shown) = ide.shown.get_value() {
                        ide.shown.set_value(Some(follow(&shown)));
                    }
                    ide.active.update(|a| {
                        if let Some(p) = a {
                            *p = follow(p);
                        }
                    });
                    ide.selected.set(Some(to.clone()));
                    if ide.expanded.get_untracked().contains(&path) {
                        ide.expanded.update(|e| {
                            e.insert(to.clone());
                        });
                    }
                    ide.bump();
                    persist::rename(ide, &path, &to);
                }
                Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
            }
        }
    }
}

pub fn delete(ide: Ide, path: &str) {
    ide.confirm_delete.set(None);
    match ide.workspace.try_update_value(|w| w.delete(path)).expect("workspace is alive") {
        Ok(removed) => {
            for p in &removed {
                close_tab(ide, p);
                ide.editor_states.update_value(|m| {
                    m.remove(p);
                });
            }
            ide.selected.set(None);
            ide.bump();
            persist::delete(ide, path);
        }
        Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
    }
}

/// Adds uploaded or imported files under `dir`.
pub fn import(ide: Ide, dir: &str, files: Vec<(String, Vec<u8>)>) {
    let count = files.len();
    let report = ide.workspace.try_update_value(|w| w.import(dir, files)).expect("workspace is alive");
    match report {
        Ok(report) => {
            for p in &report.written {
                ide.expanded.update(|e| e.extend(wpath::ancestors(p).map(str::to_string)));
                persist::write(ide, p);
            }
            ide.bump();
            let mut text = format!("Added {} of {} files", report.written.len(), count);
            if !report.replaced.is_empty() {
                text += &format!(" ({} replaced)", report.replaced.len());
            }
            text.push('.');
            if let Some((path, why)) = report.skipped.first() {
                text += &format!(" Skipped {}: {path} ({why}).", report.skipped.len());
            }
            let kind = if report.skipped.is_empty() { NoticeKind::Info } else { NoticeKind::Warning };
            ide.notify(kind, text);
            if let Some(first) = report.written.first() {
                open(ide, first);
            }
        }
        Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
    }
}

pub fn download_selected(ide: Ide) {
    let Some(path) = ide.selected.get_untracked().or_else(|| ide.active.get_untracked()) else {
        return download_workspace(ide);
    };
    persist::sync_editor(ide);
    let result = ide.workspace.with_value(|w| {
        if w.is_dir(&path) {
            let files: Vec<(&str, &[u8])> = w.files().filter(|(p, _)| wpath::is_within(p, &path)).collect();
            transfer::download_zip(&format!("{}.zip", wpath::file_name(&path)), &files)
                .map_err(|e| e.to_string())
        } else {
            let bytes = w.read(&path).unwrap_or_default().to_vec();
            transfer::download_file(wpath::file_name(&path), &bytes).map_err(|e| e.to_string())
        }
    });
    if let Err(e) = result {
        ide.notify(NoticeKind::Error, e);
    }
}

pub fn download_workspace(ide: Ide) {
    persist::sync_editor(ide);
    let result = ide.workspace.with_value(|w| transfer::download_workspace("workspace.zip", w));
    if let Err(e) = result {
        ide.notify(NoticeKind::Error, e.to_string());
    }
}

pub fn open_local_folder(ide: Ide) {
    spawn_local(async move {
        match transfer::open_local_folder().await {
            Ok(files) => import(ide, "", files),
            Err(transfer::TransferError::Cancelled) => {}
            Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
        }
    });
}

pub fn focus_editor(ide: Ide) {
    ide.editor.with_value(|e| {
        if let Some(e) = e {
            e.focus();
        }
    });
}

pub fn start_new_file(ide: Ide) {
    let dir = target_dir(ide);
    ide.side_open.set(true);
    if !dir.is_empty() {
        ide.expanded.update(|e| {
            e.insert(dir.clone());
        });
    }
    ide.name_edit.set(Some(NameEdit::NewFile { dir }));
}

pub fn start_new_folder(ide: Ide) {
    let dir = target_dir(ide);
    ide.name_edit.set(Some(NameEdit::NewFolder { dir }));
}

pub fn start_rename(ide: Ide) {
    if let Some(path) = ide.selected.get_untracked() {
        ide.name_edit.set(Some(NameEdit::Rename { path }));
    }
}

pub fn start_delete(ide: Ide) {
    if let Some(path) = ide.selected.get_untracked() {
        ide.confirm_delete.set(Some(path));
    }
}

#[component]
pub fn FileTree() -> impl IntoView {
    let ide = ide();
    let upload = NodeRef::<leptos::html::Input>::new();
    let upload_dir = NodeRef::<leptos::html::Input>::new();

    // Leptos has no typed `webkitdirectory` attribute; it turns the picker into a folder picker.
    Effect::new(move |_| {
        if let Some(el) = upload_dir.get() {
            let _ = el.set_attribute("webkitdirectory", "");
        }
    });

    let rows = Memo::new(move |_| {
        ide.structure.track();
        let open = ide.expanded.get();
        ide.workspace.with_value(|w| w.tree_expanded(|p| open.contains(p)))
    });

    let on_upload = move |input: NodeRef<leptos::html::Input>| {
        let Some(el) = input.get() else { return };
        let Some(list) = el.files() else { return };
        let dir = target_dir(ide);
        spawn_local(async move {
            match transfer::read_file_list(&list).await {
                Ok(files) => import(ide, &dir, files),
                Err(e) => ide.notify(NoticeKind::Error, e.to_string()),
            }
            el.set_value("");
        });
    };

    let keydown = move |ev: web_sys::KeyboardEvent| {
        if ide.name_edit.get_untracked().is_some() {
            return;
        }
        let list = rows.get_untracked();
        let sel = ide.selected.get_untracked();
        let i = sel.as_ref().and_then(|s| list.iter().position(|r| &r.path == s));
        let select = |j: usize| {
            if let Some(r) = list.get(j) {
                ide.selected.set(Some(r.path.clone()));
                focus_row(&r.path);
            }
        };
        match ev.key().as_str() {
            "ArrowDown" => select(i.map_or(0, |i| (i + 1).min(list.len().saturating_sub(1)))),
            "ArrowUp" => select(i.map_or(0, |i| i.saturating_sub(1))),
            "ArrowRight" | "ArrowLeft" => {
                if let Some(p) = sel.filter(|p| ide.workspace.with_value(|w| w.is_dir(p))) {
                    let expand = ev.key() == "ArrowRight";
                    ide.expanded.update(|e| {
                        if expand {
                            e.insert(p);
                        } else {
                            e.remove(&p);
                        }
                    });
                }
            }
            "Enter" => {
                if let Some(p) = sel {
                    if ide.workspace.with_value(|w| w.is_dir(&p)) {
                        ide.expanded.update(|e| {
                            if !e.remove(&p) {
                                e.insert(p);
                            }
                        });
                    } else {
                        open(ide, &p);
                        focus_editor(ide);
                    }
                }
            }
            "F2" => start_rename(ide),
            "Delete" => start_delete(ide),
            _ => return,
        }
        ev.prevent_default();
    };

    view! {
        <nav class="files" aria-label="Files">
            <div class="files-header">
                <h2>"Files"</h2>
                <div class="toolbar" role="toolbar" aria-label="File actions">
                    <button title="New file (Alt+N)" aria-label="New file" data-testid="new-file" on:click=move |_| start_new_file(ide)>
                        "+"
                    </button>
                    <button title="New folder" aria-label="New folder" data-testid="new-folder" on:click=move |_| start_new_folder(ide)>
                        "▣"
                    </button>
                    <label class="button" title="Upload files" aria-label="Upload files">
                        "⇪"
                        <input
                            type="file"
                            multiple
                            class="visually-hidden"
                            data-testid="upload-files"
                            node_ref=upload
                            on:change=move |_| on_upload(upload)
                        />
                    </label>
                    <label class="button" title="Upload a folder" aria-label="Upload a folder">
                        "⇑"
                        <input
                            type="file"
                            class="visually-hidden"
                            data-testid="upload-folder"
                            node_ref=upload_dir
                            on:change=move |_| on_upload(upload_dir)
                        />
                    </label>
                    <button title="Open a folder from this computer" aria-label="Open local folder" on:click=move |_| open_local_folder(ide)>
                        "📂"
                    </button>
                    <button title="Download the selection (a folder as .zip)" aria-label="Download" data-testid="download" on:click=move |_| download_selected(ide)>
                        "⇩"
                    </button>
                </div>
            </div>
            <ul class="tree" role="tree" aria-label="Workspace files" on:keydown=keydown>
                <NameEditRow dir=String::new() />
                <For each=move || rows.get() key=|r| (r.path.clone(), r.is_dir) children=move |r| view! { <TreeRow node=r /> } />
            </ul>
            <DeleteConfirm />
        </nav>
    }
}

#[component]
fn TreeRow(node: TreeNode) -> impl IntoView {
    let ide = ide();
    let TreeNode { path, name, depth, is_dir } = node;
    let path = StoredValue::new(path);
    let is = move |s: Option<String>| path.with_value(|p| s.as_deref() == Some(p.as_str()));
    let renaming = move || match ide.name_edit.get() {
        Some(NameEdit::Rename { path: r }) => is(Some(r)),
        _ => false,
    };
    let expanded = move || is_dir && path.with_value(|p| ide.expanded.with(|e| e.contains(p)));
    let on_click = move |_| {
        let p = path.get_value();
        ide.selected.set(Some(p.clone()));
        if is_dir {
            ide.expanded.update(|e| {
                if !e.remove(&p) {
                    e.insert(p);
                }
            });
        } else {
            open(ide, &p);
        }
    };
    let row = move || {
        view! {
            <div
                role="treeitem"
                class="tree-row"
                class:dir=is_dir
                class:selected=move || is(ide.selected.get())
                class:active=move || is(ide.active.get())
                aria-selected=move || is(ide.selected.get()).to_string()
                aria-expanded=move || is_dir.then(|| expanded().to_string())
                tabindex="-1"
                data-path=path.get_value()
                style=format!("--depth: {depth}")
                on:click=on_click
                on:dblclick=move |_| {
                    ide.selected.set(Some(path.get_value()));
                    start_rename(ide);
                }
            >
                <span class="twisty" aria-hidden="true">
                    {move || match (is_dir, expanded()) {
                        (false, _) => "",
                        (true, true) => "▾",
                        (true, false) => "▸",
                    }}
                </span>
                <span class="name">{name.clone()}</span>
            </div>
        }
        // Leptos has no typed `aria-level`.
        .attr("aria-level", (depth + 1).to_string())
    };
    view! {
        <li role="none">
            <Show when=renaming fallback=row>
                <NameInput
                    edit=NameEdit::Rename { path: path.get_value() }
                    initial=path.with_value(|p| wpath::file_name(p).to_string())
                    depth=depth
                />
            </Show>
            <Show when=move || is_dir>
                <NameEditRow dir=path.get_value() />
            </Show>
        </li>
    }
}

fn focus_row(path: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    let selector = format!("[data-path=\"{}\"]", path.replace('\\', "\\\\").replace('"', "\\\""));
    if let Some(el) = doc.and_then(|d| d.query_selector(&selector).ok().flatten()) {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The name input for a new file or folder inside `dir`, shown while one is being created there.
#[component]
fn NameEditRow(dir: String) -> impl IntoView {
    let ide = ide();
    let depth = if dir.is_empty() { 0 } else { dir.split('/').count() };
    move || {
        let edit = ide.name_edit.get()?;
        let (d, initial) = match &edit {
            NameEdit::NewFile { dir } => (dir.clone(), "untitled.rs".to_string()),
            NameEdit::NewFolder { dir } => (dir.clone(), "folder".to_string()),
            NameEdit::Rename { .. } => return None,
        };
        (d == dir).then(|| view! { <NameInput edit=edit initial=initial depth=depth /> })
    }
}

#[component]
fn NameInput(edit: NameEdit, initial: String, depth: usize) -> impl IntoView {
    let ide = ide();
    let input = NodeRef::<leptos::html::Input>::new();
    let label = match &edit {
        NameEdit::NewFile { .. } => "New file name",
        NameEdit::NewFolder { .. } => "New folder name",
        NameEdit::Rename { .. } => "New name",
    };
    // Select the stem, as editors do, so typing replaces the name and keeps the extension.
    let stem_len = initial.rfind('.').filter(|&i| i > 0).unwrap_or(initial.len());
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            let _ = el.set_selection_range(0, stem_len as u32);
        }
    });
    let done = StoredValue::new(false);
    let commit = {
        let edit = edit.clone();
        move || {
            // Removing the input (after Enter or Escape) fires a blur once this row is gone.
            if done.try_get_value().unwrap_or(true) {
                return;
            }
            done.set_value(true);
            let value = input.get().map(|el| el.value()).unwrap_or_default();
            commit_name(ide, edit.clone(), &value);
        }
    };
    let commit2 = commit.clone();
    view! {
        <div class="tree-row editing" style=format!("--depth: {depth}")>
            <input
                class="name-input"
                aria-label=label
                data-testid="name-input"
                node_ref=input
                value=initial
                on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        commit();
                    }
                    "Escape" => {
                        ev.prevent_default();
                        done.set_value(true);
                        ide.name_edit.set(None);
                    }
                    _ => {}
                }
                on:blur=move |_| commit2()
            />
        </div>
    }
}

#[component]
fn DeleteConfirm() -> impl IntoView {
    let ide = ide();
    move || {
        let path = ide.confirm_delete.get()?;
        let is_dir = ide.workspace.with_value(|w| w.is_dir(&path));
        let what = if is_dir { "folder and everything in it" } else { "file" };
        let p = path.clone();
        Some(view! {
            <div class="dialog-backdrop">
                <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-title">
                    <p id="delete-title">{format!("Delete the {what} “{path}”? This cannot be undone.")}</p>
                    <div class="row end">
                        <button on:click=move |_| ide.confirm_delete.set(None)>"Cancel"</button>
                        <button class="danger" data-testid="confirm-delete" autofocus on:click=move |_| delete(ide, &p)>
                            "Delete"
                        </button>
                    </div>
                </div>
            </div>
        })
    }
}

/// Seeds the sample project (first visit) or loads what the browser kept.
pub async fn load_workspace(ide: Ide) {
    let (w, note) = persist::open_and_load(ide).await;
    let first = w.files().next().map(|(p, _)| p.to_string());
    ide.workspace.set_value(w);
    ide.bump();
    if let Some(n) = note {
        ide.notify(NoticeKind::Info, n);
    }
    // Reopen the tabs of the last visit, or the sample's main file.
    let tabs: Vec<String> = super::prefs::list("tabs")
        .into_iter()
        .filter(|p| ide.workspace.with_value(|w| w.is_file(p)))
        .collect();
    let expanded = super::prefs::list("expanded");
    ide.expanded.set(expanded.into_iter().collect());
    if tabs.is_empty() {
        let preferred = ["src/main.rs", "README.md"];
        let start = preferred
            .iter()
            .map(|s| s.to_string())
            .find(|p| ide.workspace.with_value(|w| w.is_file(p)))
            .or(first);
        if let Some(p) = start {
            ide.expanded.update(|e| e.extend(wpath::ancestors(&p).map(str::to_string)));
            open(ide, &p);
        }
    } else {
        let active = super::prefs::get("active").filter(|a| tabs.contains(a));
        ide.tabs.set(tabs.clone());
        ide.active.set(active.or_else(|| tabs.first().cloned()));
    }
}
