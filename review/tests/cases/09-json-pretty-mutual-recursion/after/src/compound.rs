//! Arrays and objects: the recursive half of the writer.

use std::collections::BTreeMap;

use crate::value::Value;
use crate::write::{write_string, write_value, Style};

/// Starts a new line indented to `depth`, when the style is indented.
fn newline(out: &mut String, style: Style, depth: usize) {
    if let Some(width) = style.indent {
        out.push('\n');
        out.extend(std::iter::repeat(' ').take(width * depth));
    }
}

pub fn write_array(out: &mut String, items: &[Value], style: Style, depth: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, style, depth + 1);
        write_value(out, item, style, depth + 1);
    }
    newline(out, style, depth);
    out.push(']');
}

pub fn write_object(out: &mut String, fields: &BTreeMap<String, Value>, style: Style, depth: usize) {
    if fields.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (key, item)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, style, depth + 1);
        write_string(out, key);
        out.push_str(if style.indent.is_some() { ": " } else { ":" });
        write_value(out, item, style, depth + 1);
    }
    newline(out, style, depth);
    out.push('}');
}
