//! The typed bridge to the CodeMirror 6 editing surface.
//!
//! The editor itself is JavaScript: `app/js/editor.js`, bundled by esbuild into one classic script
//! that defines the global `MarbleEditor` (`npm --prefix app/js run build -- <outfile>`). The page
//! must load that script before the wasm app starts. This module binds it with wasm-bindgen and
//! wraps it in [`EditorHandle`], so the rest of the app never touches a `JsValue`.
//!
//! It owns: creating and destroying editors, reading and replacing text, the cursor, language and
//! theme, ghost text, decorations (lines, marks, text widgets), change/cursor/view events, where
//! a position is on screen, and the assist key hook. It does not own
//! any assistance logic (what the ghost says, when it is cleared, what Tab does): that stays in
//! Rust, on plain types, and arrives here as calls.
//!
//! **Offsets are UTF-16 code units**, because JavaScript strings and CodeMirror count them. Every
//! `usize` position in this module (cursor, [`Change`], [`Ghost`], [`Decoration`], [`LineInfo`])
//! is one. Convert with [`utf16_to_byte`] / [`byte_to_utf16`] before slicing Rust strings. The
//! editor clamps out-of-range positions rather than failing.
//!
//! The bindings compile natively (calling them there panics), so the pure parts — [`Language`],
//! the offset helpers and the payload shapes — are tested with plain `cargo test`.

mod language;
mod offsets;
mod payloads;

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

pub use language::Language;
pub use offsets::{byte_to_utf16, utf16_to_byte};
use payloads::CursorEvent;
pub use payloads::{
    Change, ChangeEvent, Decoration, DecorationKind, Ghost, GhostSegment, LineInfo, Place, VisibleLines,
};

/// The keys the assist key handler is offered, in CodeMirror's key-name syntax (`Mod` is Cmd on
/// macOS, Ctrl elsewhere). Mirrors `ASSIST_KEYS` in `app/js/editor.js`.
pub const ASSIST_KEYS: [&str; 7] =
    ["Tab", "Escape", "Mod-ArrowRight", "Mod-ArrowDown", "Alt-]", "Alt-[", "Mod-Space"];

#[wasm_bindgen]
extern "C" {
    /// The object `MarbleEditor.create` returns (see `app/js/editor.js` for each method).
    #[derive(Debug, Clone)]
    type JsEditor;

    #[wasm_bindgen(catch, js_namespace = MarbleEditor, js_name = create)]
    fn js_create(parent: &HtmlElement, options: &JsValue) -> Result<JsEditor, JsValue>;

    #[wasm_bindgen(method, js_name = getText)]
    fn get_text(this: &JsEditor) -> String;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &JsEditor, text: &str);
    #[wasm_bindgen(method)]
    fn replace(this: &JsEditor, from: u32, to: u32, text: &str);
    #[wasm_bindgen(method, js_name = getCursor)]
    fn get_cursor(this: &JsEditor) -> u32;
    #[wasm_bindgen(method, js_name = setCursor)]
    fn set_cursor(this: &JsEditor, pos: u32);
    #[wasm_bindgen(method, js_name = lineAt)]
    fn line_at(this: &JsEditor, pos: u32) -> JsValue;
    #[wasm_bindgen(method)]
    fn reveal(this: &JsEditor, pos: u32);
    #[wasm_bindgen(method, js_name = visibleLines)]
    fn visible_lines(this: &JsEditor) -> JsValue;
    #[wasm_bindgen(method, js_name = placeAt)]
    fn place_at(this: &JsEditor, pos: u32) -> JsValue;
    #[wasm_bindgen(method, js_name = onView)]
    fn on_view(this: &JsEditor, callback: &JsValue);
    #[wasm_bindgen(method)]
    fn focus(this: &JsEditor);
    #[wasm_bindgen(method)]
    fn destroy(this: &JsEditor);
    #[wasm_bindgen(method, js_name = onChange)]
    fn on_change(this: &JsEditor, callback: &JsValue);
    #[wasm_bindgen(method, js_name = onCursor)]
    fn on_cursor(this: &JsEditor, callback: &JsValue);
    #[wasm_bindgen(method, js_name = setLanguage)]
    fn set_language(this: &JsEditor, language: &str);
    #[wasm_bindgen(method, js_name = setTheme)]
    fn set_theme(this: &JsEditor, dark: bool);
    #[wasm_bindgen(method, js_name = saveState)]
    fn save_state(this: &JsEditor) -> JsValue;
    #[wasm_bindgen(method, js_name = openDocument)]
    fn open_document(this: &JsEditor, doc: &str, language: &str, saved: &JsValue);
    #[wasm_bindgen(method, js_name = setGhost)]
    fn set_ghost(this: &JsEditor, pos: u32, segments: &JsValue, show_confidence: bool);
    #[wasm_bindgen(method, js_name = clearGhost)]
    fn clear_ghost(this: &JsEditor);
    #[wasm_bindgen(method, js_name = getGhost)]
    fn get_ghost(this: &JsEditor) -> JsValue;
    #[wasm_bindgen(method, js_name = setDecorations)]
    fn set_decorations(this: &JsEditor, layer: &str, list: &JsValue);
    #[wasm_bindgen(method, js_name = clearDecorations)]
    fn clear_decorations(this: &JsEditor, layer: &str);
    #[wasm_bindgen(method, js_name = setKeyHandler)]
    fn set_key_handler(this: &JsEditor, callback: &JsValue);
}

/// An editor state saved by [`EditorHandle::save_state`] (opaque: a CodeMirror `EditorState`).
#[derive(Debug, Clone)]
pub struct SavedState(JsValue);

/// How to create an editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditorOptions<'a> {
    pub doc: &'a str,
    #[serde(serialize_with = "language_name")]
    pub language: Language,
    pub dark: bool,
    pub read_only: bool,
}

fn language_name<S: serde::Serializer>(language: &Language, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(language.as_str())
}

/// Why an editor could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorError {
    /// `MarbleEditor.create` is missing or threw; `detail` is the JS error's text.
    Create { detail: String },
}

impl fmt::Display for EditorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditorError::Create { detail } => write!(
                f,
                "The code editor could not start ({detail}). The editor script may have failed to \
                 load; reload the page."
            ),
        }
    }
}

impl std::error::Error for EditorError {}

/// The Rust closures the JS editor calls; they live until [`EditorHandle::destroy`].
#[derive(Default)]
struct Callbacks {
    listeners: Vec<Closure<dyn Fn(JsValue)>>,
    key_handler: Option<Closure<dyn Fn(String) -> bool>>,
}

/// One CodeMirror editor. Cheap to clone; every clone drives the same editor.
///
/// Callbacks run in a microtask after the edit that caused them, so they may call back into the
/// handle (set a ghost, move the cursor). They stay alive until [`destroy`](Self::destroy); an
/// editor whose handles are all dropped without `destroy` stays on the page but calls nothing.
#[derive(Clone)]
pub struct EditorHandle {
    js: JsEditor,
    callbacks: Rc<RefCell<Callbacks>>,
}

impl fmt::Debug for EditorHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EditorHandle").finish_non_exhaustive()
    }
}

impl EditorHandle {
    /// An editable editor inside `parent`, showing `doc`.
    pub fn new(parent: &HtmlElement, doc: &str, language: Language, dark: bool) -> Result<Self, EditorError> {
        Self::with_options(parent, &EditorOptions { doc, language, dark, read_only: false })
    }

    /// An editor inside `parent` with every option spelled out.
    pub fn with_options(parent: &HtmlElement, options: &EditorOptions<'_>) -> Result<Self, EditorError> {
        let js = js_create(parent, &to_js(options))
            .map_err(|err| EditorError::Create { detail: crate::js_error::parts(&err).1 })?;
        Ok(EditorHandle { js, callbacks: Rc::default() })
    }

    /// The whole document.
    pub fn text(&self) -> String {
        self.js.get_text()
    }

    /// Replace the whole document (opening a file): not undoable, resets undo history, clears the
    /// ghost and decorations, puts the cursor at 0 and scrolls to the top. `on_change` sees it with
    /// `user: false`.
    pub fn set_text(&self, text: &str) {
        self.js.set_text(text);
    }

    /// Replace `from..to` (UTF-16) with `text` as an undoable edit, cursor after it — e.g. to
    /// accept ghost text. `on_change` sees it with `user: true`.
    pub fn replace(&self, from: usize, to: usize, text: &str) {
        self.js.replace(to_u32(from), to_u32(to), text);
    }

    /// The main cursor (UTF-16 offset).
    pub fn cursor(&self) -> usize {
        self.js.get_cursor() as usize
    }

    /// Place the cursor at `pos` (UTF-16, clamped to the document) and scroll to it.
    pub fn set_cursor(&self, pos: usize) {
        self.js.set_cursor(to_u32(pos));
    }

    /// The line containing `pos` (UTF-16, clamped).
    pub fn line_at(&self, pos: usize) -> LineInfo {
        from_js(self.js.line_at(to_u32(pos)), "lineAt").unwrap_or(LineInfo { number: 1, from: 0, to: 0 })
    }

    /// Place the cursor at `pos` (UTF-16, clamped) and show it: a line already on screen stays
    /// where it is, any other comes to the middle of the view.
    pub fn reveal(&self, pos: usize) {
        self.js.reveal(to_u32(pos));
    }

    /// The lines wholly on screen.
    pub fn visible_lines(&self) -> VisibleLines {
        from_js(self.js.visible_lines(), "visibleLines").unwrap_or(VisibleLines { first: 1, last: 1 })
    }

    /// Where `pos` (UTF-16, clamped) is drawn, relative to the editor's parent element; `None`
    /// when it is outside the rendered part of the document.
    pub fn place_at(&self, pos: usize) -> Option<Place> {
        let value = self.js.place_at(to_u32(pos));
        if value.is_null() || value.is_undefined() {
            return None;
        }
        from_js(value, "placeAt")
    }

    pub fn focus(&self) {
        self.js.focus();
    }

    /// Remove the editor from the page and drop every callback. Later calls on any clone do
    /// nothing (reads return empty values).
    pub fn destroy(&self) {
        self.js.destroy();
        // After the JS side has let go of them; a callback that is running right now (one that
        // called destroy) is freed when it returns (wasm-bindgen counts closure references).
        let callbacks = std::mem::take(&mut *self.callbacks.borrow_mut());
        drop(callbacks);
    }

    pub fn set_language(&self, language: Language) {
        self.js.set_language(language.as_str());
    }

    pub fn set_theme(&self, dark: bool) {
        self.js.set_theme(dark);
    }

    /// The editor's state — document, selection and undo history — to reopen it later with
    /// [`open_document`](Self::open_document).
    pub fn save_state(&self) -> SavedState {
        SavedState(self.js.save_state())
    }

    /// Shows another document: `saved` when given (undo history and selection come back), else
    /// `doc` fresh in `language`. Clears ghost text and decorations; fires no change event.
    pub fn open_document(&self, doc: &str, language: Language, saved: Option<&SavedState>) {
        let none = JsValue::NULL;
        self.js.open_document(doc, language.as_str(), saved.map_or(&none, |s| &s.0));
    }

    /// Call `callback` after every transaction that changes the document.
    pub fn on_change(&self, callback: impl Fn(ChangeEvent) + 'static) {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
            if let Some(event) = from_js(value, "onChange") {
                callback(event);
            }
        });
        self.js.on_change(closure.as_ref());
        self.callbacks.borrow_mut().listeners.push(closure);
    }

    /// Call `callback` with the new cursor (UTF-16) whenever the main cursor moves.
    pub fn on_cursor(&self, callback: impl Fn(usize) + 'static) {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
            if let Some(CursorEvent { cursor }) = from_js(value, "onCursor") {
                callback(cursor);
            }
        });
        self.js.on_cursor(closure.as_ref());
        self.callbacks.borrow_mut().listeners.push(closure);
    }

    /// Call `callback` with the lines on screen after the view scrolls, resizes or redraws lines
    /// of another height (at most once per frame).
    pub fn on_view(&self, callback: impl Fn(VisibleLines) + 'static) {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
            if let Some(lines) = from_js(value, "onView") {
                callback(lines);
            }
        });
        self.js.on_view(closure.as_ref());
        self.callbacks.borrow_mut().listeners.push(closure);
    }

    /// Show `segments` as ghost text after `pos` (UTF-16), replacing any previous ghost. With
    /// `show_confidence`, segments are shaded by probability and hovering one lists its
    /// alternatives. The ghost is never part of [`text`](Self::text); typing at `pos` pushes it
    /// along, deleting across `pos` removes it, and everything else is the caller's to decide.
    pub fn set_ghost(&self, pos: usize, segments: &[GhostSegment], show_confidence: bool) {
        self.js.set_ghost(to_u32(pos), &to_js(segments), show_confidence);
    }

    pub fn clear_ghost(&self) {
        self.js.clear_ghost();
    }

    /// The ghost shown now, at its current (mapped) position.
    pub fn ghost(&self) -> Option<Ghost> {
        let value = self.js.get_ghost();
        if value.is_null() || value.is_undefined() {
            return None;
        }
        from_js(value, "getGhost")
    }

    /// Replace the decorations of `layer` with `decorations`; other layers' stay. A layer is one
    /// user's name (the review panel's risk marks are [`crate::review::DECORATION_LAYER`], the
    /// next-edit marker [`crate::ide::next_edit::DECORATION_LAYER`]).
    pub fn set_decorations(&self, layer: &str, decorations: &[Decoration]) {
        self.js.set_decorations(layer, &to_js(decorations));
    }

    /// Remove the decorations of `layer`.
    pub fn clear_decorations(&self, layer: &str) {
        self.js.clear_decorations(layer);
    }

    /// Offer each of [`ASSIST_KEYS`] to `handler` before the editor's own bindings; it returns
    /// true when it handled the key (Tab then does not indent). Replaces the previous handler.
    pub fn set_key_handler(&self, handler: impl Fn(&str) -> bool + 'static) {
        let closure = Closure::<dyn Fn(String) -> bool>::new(move |key: String| handler(&key));
        self.js.set_key_handler(closure.as_ref());
        // The old handler is dropped only now that JS holds the new one.
        let old = self.callbacks.borrow_mut().key_handler.replace(closure);
        drop(old);
    }

    /// Remove the key handler: every key gets its ordinary binding.
    pub fn clear_key_handler(&self) {
        self.js.set_key_handler(&JsValue::NULL);
        let old = self.callbacks.borrow_mut().key_handler.take();
        drop(old);
    }
}

/// Positions past `u32::MAX` cannot exist in a JS string; saturate and let the editor clamp.
fn to_u32(pos: usize) -> u32 {
    u32::try_from(pos).unwrap_or(u32::MAX)
}

/// Serialize for the bridge: plain objects, `None` as `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or_else(|err| {
        log_error(&format!("MarbleEditor: could not serialize a bridge value: {err}"));
        JsValue::NULL
    })
}

/// Deserialize what the editor sent; a malformed value is logged and dropped, never unwrapped.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Option<T> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|err| log_error(&format!("MarbleEditor: unexpected {what} value: {err}")))
        .ok()
}

fn log_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_shape() {
        let options =
            EditorOptions { doc: "fn main() {}", language: Language::Rust, dark: true, read_only: false };
        assert_eq!(
            serde_json::to_value(options).unwrap(),
            serde_json::json!({"doc": "fn main() {}", "language": "rust", "dark": true, "readOnly": false})
        );
    }

    #[test]
    fn positions_saturate() {
        assert_eq!(to_u32(7), 7);
        assert_eq!(to_u32(usize::MAX), u32::MAX);
    }

    #[test]
    fn create_error_is_a_sentence() {
        let err = EditorError::Create { detail: "MarbleEditor is not defined".into() };
        let text = err.to_string();
        assert!(text.contains("MarbleEditor is not defined"), "{text}");
        assert!(text.ends_with("reload the page."), "{text}");
    }
}
