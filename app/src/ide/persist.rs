//! Keeps the browser's copy of the workspace (OPFS, through [`crate::workspace::Store`]) in step
//! with memory: edits are saved shortly after typing pauses, structural changes at once. Memory
//! is the truth; a storage failure turns the status bar's "Saved" into a sentence saying what to
//! do, and nothing typed is lost while the tab stays open.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{Ide, NoticeKind, SaveState};
use crate::workspace::{Store, Workspace};

/// Typing pause after which edits are written.
const SAVE_DELAY_MS: u32 = 400;

/// Opens the store and loads the workspace, seeding the sample project on the first visit.
/// Returns the workspace and a sentence for the user, if any.
pub async fn open_and_load(ide: Ide) -> (Workspace, Option<String>) {
    let store = match Store::open().await {
        Ok(s) => s,
        Err(e) => {
            ide.save.set(SaveState::Off(e.to_string()));
            return (Workspace::sample(), Some(e.to_string()));
        }
    };
    let result = store.load_or_seed().await;
    ide.store.set_value(Some(store));
    match result {
        Ok(loaded) => {
            let (w, seeded) = (loaded.workspace, loaded.first_run);
            let note = seeded
                .then(|| "Welcome! This is a sample project; your files stay in this browser.".to_string());
            (w, note)
        }
        Err(e) => {
            ide.save.set(SaveState::Failed(e.to_string()));
            (Workspace::sample(), Some(e.to_string()))
        }
    }
}

fn store(ide: Ide) -> Option<Store> {
    ide.store.get_value()
}

fn report(ide: Ide, result: Result<(), crate::workspace::StoreError>) {
    match result {
        Ok(()) => {
            if ide.dirty.with_value(|d| d.is_empty())
                && !matches!(ide.save.get_untracked(), SaveState::Off(_))
            {
                ide.save.set(SaveState::Saved);
            }
        }
        Err(e) => {
            let text = e.to_string();
            if ide.save.get_untracked() != SaveState::Failed(text.clone()) {
                ide.notify(NoticeKind::Error, text.clone());
            }
            ide.save.set(SaveState::Failed(text));
        }
    }
}

/// Copies the editor's text into the workspace, if it changed since the last copy.
pub fn sync_editor(ide: Ide) {
    let Some(path) = ide.shown.get_value() else { return };
    let text = ide.editor.with_value(|e| e.as_ref().map(|e| e.text()));
    let Some(text) = text else { return };
    let changed = ide.workspace.with_value(|w| w.read(&path) != Some(text.as_bytes()));
    if changed && ide.workspace.with_value(|w| w.is_file(&path)) {
        let _ = ide.workspace.try_update_value(|w| w.write(&path, text.into_bytes()));
        ide.dirty.update_value(|d| {
            d.insert(path);
        });
    }
}

/// Called on every edit: saves once typing pauses.
pub fn edited(ide: Ide) {
    ide.touched();
    if store(ide).is_none() {
        return;
    }
    ide.save.set(SaveState::Saving);
    schedule(ide);
}

thread_local! {
    static TIMER: std::cell::RefCell<Option<gloo_timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
}

fn schedule(ide: Ide) {
    // Each edit restarts the pause; dropping the old timeout cancels it.
    let t = gloo_timers::callback::Timeout::new(SAVE_DELAY_MS, move || flush_now(ide));
    TIMER.with_borrow_mut(|slot| *slot = Some(t));
}

/// Marks `path` changed in memory and saves it after the pause.
pub fn write(ide: Ide, path: &str) {
    ide.touched();
    ide.dirty.update_value(|d| {
        d.insert(path.to_string());
    });
    if store(ide).is_some() {
        ide.save.set(SaveState::Saving);
        schedule(ide);
    }
}

/// Writes every changed file now.
pub fn flush_now(ide: Ide) {
    TIMER.with_borrow_mut(|slot| *slot = None);
    sync_editor(ide);
    let Some(store) = store(ide) else { return };
    let dirty = ide.dirty.try_update_value(std::mem::take).unwrap_or_default();
    if dirty.is_empty() {
        report(ide, Ok(()));
        return;
    }
    let files: Vec<(String, Vec<u8>)> = ide
        .workspace
        .with_value(|w| dirty.iter().filter_map(|p| w.read(p).map(|b| (p.clone(), b.to_vec()))).collect());
    spawn_local(async move {
        let mut result = Ok(());
        for (path, bytes) in files {
            if let Err(e) = store.write_file(&path, &bytes).await {
                // Keep it dirty so the next save tries again.
                ide.dirty.update_value(|d| {
                    d.insert(path);
                });
                result = Err(e);
            }
        }
        report(ide, result);
    });
}

pub fn create_dir(ide: Ide, path: &str) {
    let Some(store) = store(ide) else { return };
    let path = path.to_string();
    spawn_local(async move { report(ide, store.create_dir(&path).await) });
}

pub fn delete(ide: Ide, path: &str) {
    let Some(store) = store(ide) else { return };
    ide.dirty.update_value(|d| d.retain(|p| !crate::workspace::path::is_within(p, path)));
    let path = path.to_string();
    spawn_local(async move { report(ide, store.delete(&path).await) });
}

pub fn rename(ide: Ide, from: &str, to: &str) {
    let Some(store) = store(ide) else { return };
    let (from, to) = (from.to_string(), to.to_string());
    spawn_local(async move { report(ide, store.rename(&from, &to).await) });
}
