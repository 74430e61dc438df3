//! The checkpoint: the workspace as it was when the user last said "this is reviewed". The review
//! compares it with the workspace now. It lives in memory as a [`Workspace`] and in OPFS as
//! `checkpoint/` (every file, like `workspace/`) with `.marble-checkpoint.json` beside it saying
//! when it was made; that file is written last, so a checkpoint whose writing was cut short is
//! not taken for a whole one.
//!
//! The first visit has no checkpoint, so one is made from the workspace as loaded (the sample
//! project): the review starts empty and shows what the user changes from then on.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::ide::persist;
use crate::ide::state::{Ide, NoticeKind};
use crate::workspace::{Store, Workspace};

/// The checkpoint's folder in the OPFS root.
pub const CHECKPOINT_DIR: &str = "checkpoint";
/// Beside it: when it was made.
pub const META_FILE: &str = ".marble-checkpoint.json";

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub version: u32,
    /// Milliseconds since the Unix epoch.
    pub made_ms: f64,
}

impl Meta {
    pub fn parse(bytes: &[u8]) -> Option<Meta> {
        serde_json::from_slice::<Meta>(bytes).ok().filter(|m| m.version == 1 && m.made_ms.is_finite())
    }

    pub fn to_bytes(self) -> Vec<u8> {
        serde_json::to_vec(&self).unwrap_or_default()
    }
}

/// Loads the checkpoint after the workspace has loaded, or makes the first one.
pub async fn load(ide: Ide) {
    let rs = ide.review;
    // Without storage the checkpoint lives in this tab (the status bar already says saving is off).
    let Ok(store) = Store::open_dir(CHECKPOINT_DIR).await else {
        return make(ide);
    };
    rs.store.set_value(Some(store.clone()));
    let stored = async {
        let Some(meta) = store.read_beside(META_FILE).await?.as_deref().and_then(Meta::parse) else {
            return Ok(None);
        };
        Ok::<_, crate::workspace::StoreError>(Some((meta, store.load().await?)))
    };
    match stored.await {
        Ok(Some((meta, checkpoint))) => {
            rs.checkpoint.set_value(Some(checkpoint));
            rs.made_ms.set(Some(meta.made_ms));
            rs.moved();
        }
        Ok(None) => make(ide),
        Err(e) => {
            ide.notify(
                NoticeKind::Warning,
                format!("The review's checkpoint could not be read, so a new one was made from your files as they are: {e}"),
            );
            make(ide);
        }
    }
}

/// Makes the workspace as it is now (with the editor's unsaved text) the checkpoint, in memory
/// at once and in storage in the background.
pub fn make(ide: Ide) {
    let rs = ide.review;
    persist::sync_editor(ide);
    let snapshot = ide.workspace.get_value();
    let meta = Meta { version: 1, made_ms: js_sys::Date::now() };
    rs.checkpoint.set_value(Some(snapshot.clone()));
    rs.made_ms.set(Some(meta.made_ms));
    rs.moved();
    let Some(store) = rs.store.get_value() else { return };
    spawn_local(async move {
        // The description goes last, after the files it describes.
        let saved = async {
            store.replace_all(&snapshot).await?;
            store.write_beside(META_FILE, &meta.to_bytes()).await
        };
        if let Err(e) = saved.await {
            report(ide, e);
        }
    });
}

/// Saves the checkpoint's copy of `path` (or its absence) after a hunk was accepted.
pub fn save_file(ide: Ide, path: &str) {
    let rs = ide.review;
    let Some(store) = rs.store.get_value() else { return };
    let bytes = rs.checkpoint.with_value(|c| c.as_ref().and_then(|c| c.read(path).map(<[u8]>::to_vec)));
    let path = path.to_string();
    spawn_local(async move {
        let saved = match bytes {
            Some(bytes) => store.write_file(&path, &bytes).await,
            None => store.delete(&path).await,
        };
        if let Err(e) = saved {
            report(ide, e);
        }
    });
}

fn report(ide: Ide, e: crate::workspace::StoreError) {
    ide.notify(
        NoticeKind::Error,
        format!("The review's checkpoint was not saved (it is kept in this tab until you reload): {e}"),
    );
}

/// The checkpoint's copy of `path` as text, if it has the file.
pub fn text_of(checkpoint: &Workspace, path: &str) -> Option<String> {
    checkpoint.read(path).map(|b| String::from_utf8_lossy(b).into_owned())
}

/// "just now", "5 min ago", "3 h ago", "2 days ago".
pub fn ago(now_ms: f64, then_ms: f64) -> String {
    let s = ((now_ms - then_ms) / 1000.0).max(0.0);
    if s < 60.0 {
        "just now".into()
    } else if s < 3600.0 {
        format!("{:.0} min ago", (s / 60.0).floor())
    } else if s < 86_400.0 {
        format!("{:.0} h ago", (s / 3600.0).floor())
    } else {
        let days = (s / 86_400.0).floor();
        format!("{days:.0} day{} ago", if days == 1.0 { "" } else { "s" })
    }
}

/// The time of day (or the date, for an older one) of `ms`, in the browser's locale.
pub fn clock_label(ms: f64, now_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let label = if now_ms - ms < 86_400_000.0 {
        date.to_locale_time_string("default")
    } else {
        date.to_locale_date_string("default", &wasm_bindgen::JsValue::UNDEFINED)
    };
    label.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_round_trips_and_rejects_junk() {
        let meta = Meta { version: 1, made_ms: 1.7e12 };
        assert_eq!(Meta::parse(&meta.to_bytes()), Some(meta));
        assert_eq!(Meta::parse(b"{}"), None);
        assert_eq!(Meta::parse(b"{\"version\":2,\"made_ms\":1}"), None);
        assert_eq!(Meta::parse(b"\xff"), None);
    }

    #[test]
    fn ages_read_naturally() {
        let now = 1_000_000_000.0;
        assert_eq!(ago(now, now - 5_000.0), "just now");
        assert_eq!(ago(now, now + 5_000.0), "just now", "a clock that went back");
        assert_eq!(ago(now, now - 5.5 * 60_000.0), "5 min ago");
        assert_eq!(ago(now, now - 3.2 * 3_600_000.0), "3 h ago");
        assert_eq!(ago(now, now - 86_400_000.0), "1 day ago");
        assert_eq!(ago(now, now - 3.0 * 86_400_000.0), "3 days ago");
    }
}
