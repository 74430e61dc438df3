//! Converting between CodeMirror's UTF-16 offsets and Rust's byte offsets.
//!
//! Every position that crosses the bridge (cursor, change ranges, ghost and decoration positions)
//! counts UTF-16 code units, because that is what JavaScript strings and CodeMirror count. Rust
//! slices `str` by UTF-8 bytes. The two agree only on ASCII: `é` is 1 unit but 2 bytes, `中` is 1
//! unit but 3 bytes, and an astral character such as `🦀` is 2 units (a surrogate pair) but 4
//! bytes. Convert at the boundary with these helpers; never slice a Rust string with a CodeMirror
//! offset directly.

/// The byte offset in `text` of the UTF-16 offset `utf16`.
///
/// Clamps: an offset past the end gives `text.len()`. An offset that falls between the two halves
/// of a surrogate pair rounds up to the end of that character, so the result is always a char
/// boundary and safe to slice at.
pub fn utf16_to_byte(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (byte, ch) in text.char_indices() {
        if units >= utf16 {
            return byte;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of the byte offset `byte` in `text`.
///
/// Clamps: an offset past the end gives the UTF-16 length of `text`. An offset inside a
/// multi-byte character rounds up to the end of that character.
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let mut units = 0;
    for (start, ch) in text.char_indices() {
        if start >= byte {
            return units;
        }
        units += ch.len_utf16();
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_equal() {
        let text = "fn main() {}";
        for i in 0..=text.len() {
            assert_eq!(utf16_to_byte(text, i), i, "utf16 {i}");
            assert_eq!(byte_to_utf16(text, i), i, "byte {i}");
        }
    }

    #[test]
    fn multi_byte_characters() {
        // 'é' is 2 bytes / 1 unit, '中' is 3 bytes / 1 unit.
        let text = "aé中b";
        assert_eq!(utf16_to_byte(text, 0), 0);
        assert_eq!(utf16_to_byte(text, 1), 1);
        assert_eq!(utf16_to_byte(text, 2), 3);
        assert_eq!(utf16_to_byte(text, 3), 6);
        assert_eq!(utf16_to_byte(text, 4), 7);
        assert_eq!(byte_to_utf16(text, 1), 1);
        assert_eq!(byte_to_utf16(text, 3), 2);
        assert_eq!(byte_to_utf16(text, 6), 3);
        assert_eq!(byte_to_utf16(text, 7), 4);
    }

    #[test]
    fn astral_characters_are_two_units() {
        // '🦀' is 4 bytes and a surrogate pair (2 units).
        let text = "x🦀y";
        assert_eq!(utf16_to_byte(text, 1), 1);
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(utf16_to_byte(text, 4), 6);
        assert_eq!(byte_to_utf16(text, 5), 3);
        assert_eq!(byte_to_utf16(text, 6), 4);
        // Between the surrogate halves: rounds up past the crab.
        assert_eq!(utf16_to_byte(text, 2), 5);
        assert!(text.is_char_boundary(utf16_to_byte(text, 2)));
    }

    #[test]
    fn inside_a_character_rounds_up() {
        let text = "中b";
        assert_eq!(byte_to_utf16(text, 1), 1);
        assert_eq!(byte_to_utf16(text, 2), 1);
    }

    #[test]
    fn out_of_range_clamps() {
        let text = "é🦀";
        assert_eq!(utf16_to_byte(text, 99), text.len());
        assert_eq!(byte_to_utf16(text, 99), 3);
        assert_eq!(utf16_to_byte("", 5), 0);
        assert_eq!(byte_to_utf16("", 5), 0);
    }

    #[test]
    fn round_trip_on_char_boundaries() {
        let text = "let s = \"héllo 🦀 世界\";\n";
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(utf16_to_byte(text, byte_to_utf16(text, byte)), byte, "byte {byte}");
        }
        assert_eq!(byte_to_utf16(text, text.len()), text.encode_utf16().count());
    }
}
