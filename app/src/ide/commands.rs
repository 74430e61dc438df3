//! Every command the IDE offers, in one table: the command palette lists them, and the global
//! shortcuts run them.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::files;
use super::model;
use super::state::{Ide, Theme};
use crate::review::panel as review;

pub struct Command {
    pub id: &'static str,
    pub label: &'static str,
    pub shortcut: &'static str,
    pub run: fn(Ide),
}

pub const COMMANDS: &[Command] = &[
    Command { id: "file.new", label: "New file", shortcut: "Alt+N", run: files::start_new_file },
    Command {
        id: "file.newFolder",
        label: "New folder",
        shortcut: "Alt+Shift+N",
        run: files::start_new_folder,
    },
    Command {
        id: "file.rename",
        label: "Rename selected",
        shortcut: "F2 (file tree)",
        run: files::start_rename,
    },
    Command {
        id: "file.delete",
        label: "Delete selected",
        shortcut: "Delete (file tree)",
        run: files::start_delete,
    },
    Command {
        id: "file.download",
        label: "Download selected file or folder",
        shortcut: "",
        run: files::download_selected,
    },
    Command {
        id: "file.downloadAll",
        label: "Download workspace as .zip",
        shortcut: "",
        run: files::download_workspace,
    },
    Command {
        id: "file.openFolder",
        label: "Open local folder…",
        shortcut: "",
        run: files::open_local_folder,
    },
    Command { id: "file.save", label: "Save now", shortcut: "Ctrl+S", run: super::persist::flush_now },
    Command { id: "tab.close", label: "Close tab", shortcut: "Alt+W", run: close_active },
    Command { id: "view.files", label: "Focus file tree", shortcut: "Alt+1", run: focus_tree },
    Command { id: "view.editor", label: "Focus editor", shortcut: "Alt+2", run: files::focus_editor },
    Command { id: "view.panel", label: "Toggle side panel", shortcut: "Alt+B", run: toggle_panel },
    Command { id: "view.theme", label: "Toggle light/dark theme", shortcut: "", run: toggle_theme },
    Command { id: "model.loadDefault", label: "Load the default model", shortcut: "", run: load_default },
    Command { id: "review.open", label: "Review: open panel", shortcut: "Alt+3", run: review::open_panel },
    Command {
        id: "review.checkpoint",
        label: "Review: make checkpoint",
        shortcut: "",
        run: review::make_checkpoint,
    },
    Command {
        id: "review.next",
        label: "Review: next hunk",
        shortcut: "j (review panel)",
        run: review::next_hunk,
    },
    Command {
        id: "review.previous",
        label: "Review: previous hunk",
        shortcut: "k (review panel)",
        run: review::previous_hunk,
    },
    Command {
        id: "nextEdit.suggest",
        label: "Next edit: suggest now",
        shortcut: "",
        run: super::next_edit::suggest_now,
    },
    Command { id: "settings.open", label: "Settings", shortcut: "Ctrl+,", run: open_settings },
];

fn close_active(ide: Ide) {
    if let Some(p) = ide.active.get_untracked() {
        files::close_tab(ide, &p);
    }
}

fn focus_tree(ide: Ide) {
    let _ = ide;
    let doc = web_sys::window().and_then(|w| w.document());
    let target = doc.as_ref().and_then(|d| {
        d.query_selector(".tree-row.selected")
            .ok()
            .flatten()
            .or_else(|| d.query_selector(".tree-row").ok().flatten())
    });
    if let Some(el) = target {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

fn toggle_panel(ide: Ide) {
    ide.side_open.update(|o| *o = !*o);
}

pub fn toggle_theme(ide: Ide) {
    let next = if ide.theme.get_untracked() == Theme::Dark { Theme::Light } else { Theme::Dark };
    ide.theme.set(next);
    super::prefs::set("theme", next.as_str());
}

fn load_default(ide: Ide) {
    spawn_local(model::load_default(ide));
}

fn open_settings(ide: Ide) {
    ide.settings_open.set(true);
}

/// The command for a key press outside the editor's own keys, if any.
pub fn for_key(ev: &web_sys::KeyboardEvent) -> Option<&'static str> {
    let ctrl = ev.ctrl_key() || ev.meta_key();
    let key = ev.key();
    Some(match (ctrl, ev.alt_key(), ev.shift_key(), key.as_str()) {
        (true, false, true, "P" | "p") => "palette",
        (true, false, false, "k" | "K") => "palette",
        (true, false, false, "s") => "file.save",
        (true, false, false, ",") => "settings.open",
        (false, true, false, "n" | "N") => "file.new",
        (false, true, true, "n" | "N") => "file.newFolder",
        (false, true, false, "w" | "W") => "tab.close",
        (false, true, false, "1") => "view.files",
        (false, true, false, "2") => "view.editor",
        (false, true, false, "3") => "review.open",
        (false, true, false, "b" | "B") => "view.panel",
        _ => return None,
    })
}

pub fn run(ide: Ide, id: &str) {
    if id == "palette" {
        ide.palette_open.set(true);
    } else if let Some(c) = COMMANDS.iter().find(|c| c.id == id) {
        (c.run)(ide);
    }
}

/// Commands whose label contains every word of `query` (case-insensitive), in table order.
pub fn matching(query: &str) -> Vec<&'static Command> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    COMMANDS.iter().filter(|c| words.iter().all(|w| c.label.to_lowercase().contains(w.as_str()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_matches_every_word() {
        let ids: Vec<_> = matching("down zip").iter().map(|c| c.id).collect();
        assert_eq!(ids, ["file.downloadAll"]);
        assert_eq!(matching("").len(), COMMANDS.len());
        assert!(matching("no such command").is_empty());
        let review: Vec<_> = matching("review hunk").iter().map(|c| c.id).collect();
        assert_eq!(review, ["review.next", "review.previous"]);
    }

    #[test]
    fn command_ids_are_unique() {
        let mut ids: Vec<_> = COMMANDS.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), COMMANDS.len());
    }
}
