//! Turning what JavaScript throws into text, once for the whole crate: a `DOMException` or `Error`
//! has a `name` (`QuotaExceededError`, …) and a `message`; anything else is printed.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The thrown value's `name` and `message` (`"Error"` and the value printed when it has none).
pub fn parts(error: &JsValue) -> (String, String) {
    let field = |key: &str| Reflect::get(error, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => (name, message),
        (name, _) => (
            name.unwrap_or_else(|| "Error".to_owned()),
            error.as_string().unwrap_or_else(|| format!("{error:?}")),
        ),
    }
}

/// "QuotaExceededError: …", for messages shown to the user.
pub fn text(error: &JsValue) -> String {
    match parts(error) {
        (name, message) if message.is_empty() => name,
        (name, message) => format!("{name}: {message}"),
    }
}
