//! A dependency-free JSON value and writer.

mod compound;
mod value;
mod write;

pub use value::Value;
use write::Style;

/// Serializes `value` on one line with no insignificant whitespace.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write::write_value(&mut out, value, Style::COMPACT, 0);
    out
}

/// Serializes `value` with one member per line, indented by `indent` spaces
/// per level.
pub fn to_string_pretty(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write::write_value(&mut out, value, Style { indent: Some(indent) }, 0);
    out
}
