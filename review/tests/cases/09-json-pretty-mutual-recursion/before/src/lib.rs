//! A dependency-free JSON value and writer.

mod value;
mod write;

pub use value::Value;

/// Serializes `value` on one line with no insignificant whitespace.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write::write_value(&mut out, value);
    out
}
