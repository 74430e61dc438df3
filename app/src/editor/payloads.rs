//! The plain data that crosses the bridge, in the shapes `app/js/editor.js` documents.
//!
//! Positions are UTF-16 offsets (see [`super::utf16_to_byte`]). These types serialize with
//! `serde-wasm-bindgen` in the JSON-compatible mode (`None` becomes `null`), so their serde shape
//! is the JS contract; the tests below pin it with `serde_json`.

use serde::{Deserialize, Serialize};

/// One document change inside a [`ChangeEvent`]: `from..to` (UTF-16, in the document *before*
/// the transaction) was replaced by `inserted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub from: usize,
    pub to: usize,
    pub inserted: String,
}

/// What `on_change` receives after each transaction that changed the document.
///
/// All `changes` refer to the document before the transaction and apply at once (like
/// CodeMirror's `ChangeSet.iterChanges`); apply them from last to first to replay them on a
/// copy of the old text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEvent {
    /// The new document's length in UTF-16 units.
    pub text_len: usize,
    pub changes: Vec<Change>,
    /// The main cursor after the change.
    pub cursor: usize,
    /// False only for [`super::EditorHandle::set_text`]; typing, paste, undo, and
    /// [`super::EditorHandle::replace`] are true.
    pub user: bool,
    /// CodeMirror's user event: "input.type", "delete.backward", "undo", "redo",
    /// "input.complete" (from [`super::EditorHandle::replace`]), ..., when the transaction has one.
    #[serde(default)]
    pub event: Option<String>,
}

impl ChangeEvent {
    /// An undo or a redo (which put back text rather than write new text).
    pub fn is_undo_or_redo(&self) -> bool {
        matches!(self.event.as_deref(), Some("undo" | "redo"))
    }
}

/// The payload of `onCursor` events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct CursorEvent {
    pub cursor: usize,
}

/// One piece of ghost text, usually one model token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GhostSegment {
    /// May contain newlines; they render as line breaks inside the ghost.
    pub text: String,
    /// The model's probability for this segment (0..=1), when known.
    pub prob: Option<f32>,
    /// Alternatives the model considered, with their probabilities (shown on hover when the
    /// confidence display is on). Crosses the bridge as `[{text, prob}]`.
    #[serde(with = "alternatives")]
    pub alts: Vec<(String, f32)>,
}

impl GhostSegment {
    /// A segment with no probability information.
    pub fn plain(text: impl Into<String>) -> Self {
        GhostSegment { text: text.into(), prob: None, alts: Vec::new() }
    }
}

/// The ghost currently shown: where it is now (mapped through edits) and its whole text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ghost {
    pub pos: usize,
    pub text: String,
}

/// A line of the document as `lineAt` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInfo {
    /// 1-based.
    pub number: usize,
    /// UTF-16 offset of the line start.
    pub from: usize,
    /// UTF-16 offset of the line end, before its line break.
    pub to: usize,
}

/// How a [`Decoration`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecorationKind {
    /// `class` on every whole line from the line of `from` to the line of `to` (a `to` exactly
    /// at a line start stops before that line).
    Line,
    /// `class` on the text `from..to`; empty ranges draw nothing.
    Mark,
    /// [`Decoration::text`] shown at `from` in a span of `class` (not part of the document, and
    /// hidden from screen readers), e.g. a proposed insertion.
    Widget,
}

/// A styled range (review risk marks, next-edit markers). The editor maps positions through
/// later edits until the next [`super::EditorHandle::set_decorations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoration {
    pub from: usize,
    pub to: usize,
    pub kind: DecorationKind,
    /// CSS class(es) to apply, space-separated.
    pub class: String,
    /// Shown as the native tooltip (`title` attribute).
    pub title: Option<String>,
    /// What a [`DecorationKind::Widget`] shows (may contain newlines); absent for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The lines on screen (`visibleLines`, `onView`): every line from `first` to `last` (1-based)
/// is wholly inside the scroller's visible box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisibleLines {
    pub first: usize,
    pub last: usize,
}

impl VisibleLines {
    pub fn contains(&self, line: usize) -> bool {
        (self.first..=self.last).contains(&line)
    }
}

/// Where a position is drawn (`placeAt`), in CSS pixels relative to the editor's parent element.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub left: f64,
    pub top: f64,
    pub bottom: f64,
    /// The right edge of its line's drawn content (widgets included).
    pub line_right: f64,
    /// The right edge of the scroller's visible box.
    pub view_width: f64,
}

/// `Vec<(String, f32)>` as `[{text, prob}]`, the shape the JS side reads.
mod alternatives {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    struct AltRef<'a> {
        text: &'a str,
        prob: f32,
    }

    #[derive(Deserialize)]
    struct Alt {
        text: String,
        prob: f32,
    }

    pub fn serialize<S: Serializer>(alts: &[(String, f32)], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(alts.iter().map(|(text, prob)| AltRef { text, prob: *prob }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, f32)>, D::Error> {
        let alts = Vec::<Alt>::deserialize(deserializer)?;
        Ok(alts.into_iter().map(|a| (a.text, a.prob)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ghost_segment_shape() {
        let seg = GhostSegment { text: "x\n".into(), prob: Some(0.5), alts: vec![("y".into(), 0.25)] };
        let value = serde_json::to_value(&seg).unwrap();
        assert_eq!(value, json!({"text": "x\n", "prob": 0.5, "alts": [{"text": "y", "prob": 0.25}]}));
        assert_eq!(serde_json::from_value::<GhostSegment>(value).unwrap(), seg);
        let plain = serde_json::to_value(GhostSegment::plain("z")).unwrap();
        assert_eq!(plain, json!({"text": "z", "prob": null, "alts": []}));
    }

    #[test]
    fn decoration_shape() {
        let deco = Decoration {
            from: 3,
            to: 9,
            kind: DecorationKind::Line,
            class: "risk-high".into(),
            title: Some("Risky".into()),
            text: None,
        };
        let value = serde_json::to_value(&deco).unwrap();
        assert_eq!(
            value,
            json!({"from": 3, "to": 9, "kind": "line", "class": "risk-high", "title": "Risky"})
        );
        let mark = Decoration { kind: DecorationKind::Mark, title: None, ..deco };
        assert_eq!(serde_json::to_value(&mark).unwrap()["kind"], "mark");
        assert_eq!(serde_json::to_value(&mark).unwrap()["title"], serde_json::Value::Null);
        let widget = Decoration { kind: DecorationKind::Widget, text: Some("+ x".into()), ..mark };
        let value = serde_json::to_value(&widget).unwrap();
        assert_eq!((value["kind"].as_str(), value["text"].as_str()), (Some("widget"), Some("+ x")));
    }

    #[test]
    fn change_event_reads_the_js_shape() {
        let js = json!({
            "text_len": 12,
            "changes": [{"from": 0, "to": 2, "inserted": "é🦀"}],
            "cursor": 3,
            "user": true,
            "event": "undo"
        });
        let event: ChangeEvent = serde_json::from_value(js).unwrap();
        assert_eq!(
            event,
            ChangeEvent {
                text_len: 12,
                changes: vec![Change { from: 0, to: 2, inserted: "é🦀".into() }],
                cursor: 3,
                user: true,
                event: Some("undo".into()),
            }
        );
        assert!(event.is_undo_or_redo());
        let typed: ChangeEvent = serde_json::from_value(
            json!({"text_len": 1, "changes": [], "cursor": 1, "user": true, "event": null}),
        )
        .unwrap();
        assert!(!typed.is_undo_or_redo());
    }

    #[test]
    fn small_shapes() {
        let cursor: CursorEvent = serde_json::from_value(json!({"cursor": 7})).unwrap();
        assert_eq!(cursor.cursor, 7);
        let line: LineInfo = serde_json::from_value(json!({"number": 2, "from": 5, "to": 9})).unwrap();
        assert_eq!(line, LineInfo { number: 2, from: 5, to: 9 });
        let ghost: Ghost = serde_json::from_value(json!({"pos": 4, "text": "a\nb"})).unwrap();
        let lines: VisibleLines = serde_json::from_value(json!({"first": 3, "last": 40})).unwrap();
        assert!(lines.contains(3) && lines.contains(40) && !lines.contains(41));
        let place: Place = serde_json::from_value(
            json!({"left": 1.5, "top": 20, "bottom": 38, "line_right": 300, "view_width": 800}),
        )
        .unwrap();
        assert_eq!(place.line_right, 300.0);
        assert_eq!(ghost, Ghost { pos: 4, text: "a\nb".into() });
    }
}
