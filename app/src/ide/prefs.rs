//! Small settings kept in `localStorage` (theme, model choices, open tabs): read once at start,
//! written when they change. Missing or unreadable values fall back to defaults.

use super::state::Theme;
use crate::worker::protocol::BackendChoice;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(&format!("marble.{key}")).ok()?
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        // Best effort: a full or disabled localStorage only loses preferences.
        let _ = s.set_item(&format!("marble.{key}"), value);
    }
}

pub fn theme() -> Theme {
    match get("theme").as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => {
            let dark = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark {
                Theme::Dark
            } else {
                Theme::Light
            }
        }
    }
}

/// Load the model when the IDE opens (default on).
pub fn autoload() -> bool {
    get("autoload").as_deref() != Some("off")
}

pub fn backend() -> BackendChoice {
    match get("backend").as_deref() {
        Some("gpu") => BackendChoice::Gpu,
        Some("cpu") => BackendChoice::Cpu,
        _ => BackendChoice::Auto,
    }
}

pub fn backend_key(b: BackendChoice) -> &'static str {
    match b {
        BackendChoice::Auto => "auto",
        BackendChoice::Gpu => "gpu",
        BackendChoice::Cpu => "cpu",
    }
}

pub fn list(key: &str) -> Vec<String> {
    get(key).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

pub fn set_list(key: &str, items: &[String]) {
    if let Ok(s) = serde_json::to_string(items) {
        set(key, &s);
    }
}
