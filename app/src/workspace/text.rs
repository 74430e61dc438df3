//! Which files the editor opens: text that is small enough to edit without freezing the tab.

use std::fmt;

/// The largest file the editor opens (5 MiB). Bigger files get a message instead: CodeMirror stays
/// responsive well past this, but highlighting, search and the model's context do not.
pub const MAX_EDITOR_BYTES: usize = 5 * 1024 * 1024;

/// How much of a file is searched for a NUL byte, as git does to call a file binary
/// (`buffer_is_binary` in git's `xdiff-interface.c` looks at the first 8000 bytes).
pub const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Why the editor will not open a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotEditable {
    /// Bigger than [`MAX_EDITOR_BYTES`]; `size` is in bytes.
    TooLarge { size: usize },
    /// Has a NUL byte near the start (images, archives, compiled files).
    Binary,
    /// Not valid UTF-8 (e.g. Latin-1 text).
    NotUtf8,
}

impl fmt::Display for NotEditable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { size } => write!(
                f,
                "it is {}, over the editor's {} limit; download it to open it in another program",
                human_size(*size as u64),
                human_size(MAX_EDITOR_BYTES as u64)
            ),
            Self::Binary => {
                f.write_str("it looks like a binary file; download it to open it in another program")
            }
            Self::NotUtf8 => {
                f.write_str("it is not UTF-8 text; convert it to UTF-8 (or download it) to work on it")
            }
        }
    }
}

/// Checks that `bytes` are text the editor can open: under the size limit first (so a huge file is
/// never scanned), then no NUL in the first [`BINARY_SNIFF_BYTES`], then valid UTF-8.
pub fn check_editable(bytes: &[u8]) -> Result<&str, NotEditable> {
    if bytes.len() > MAX_EDITOR_BYTES {
        return Err(NotEditable::TooLarge { size: bytes.len() });
    }
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(NotEditable::Binary);
    }
    std::str::from_utf8(bytes).map_err(|_| NotEditable::NotUtf8)
}

/// Whether the editor can open `bytes` (see [`check_editable`]).
pub fn is_editable_text(bytes: &[u8]) -> bool {
    check_editable(bytes).is_ok()
}

/// A size for people: `512 B`, `3.4 KiB`, `12.0 MiB`, `1.5 GiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_editable() {
        assert_eq!(check_editable(b"fn main() {}\n"), Ok("fn main() {}\n"));
        assert_eq!(check_editable(b""), Ok(""));
        assert!(is_editable_text("héllo wörld ✓".as_bytes()));
        assert!(is_editable_text(&vec![b'a'; MAX_EDITOR_BYTES]));
    }

    #[test]
    fn large_binary_and_non_utf8_are_not() {
        assert_eq!(
            check_editable(&vec![b'a'; MAX_EDITOR_BYTES + 1]),
            Err(NotEditable::TooLarge { size: MAX_EDITOR_BYTES + 1 })
        );
        assert_eq!(check_editable(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(NotEditable::Binary));
        assert_eq!(check_editable(b"caf\xe9"), Err(NotEditable::NotUtf8));
        // A NUL past the sniffed prefix is valid UTF-8 and passes the cheap check.
        let mut late_nul = vec![b'a'; BINARY_SNIFF_BYTES];
        late_nul.push(0);
        assert!(is_editable_text(&late_nul));
        let mut early_nul = vec![b'a'; BINARY_SNIFF_BYTES - 1];
        early_nul.push(0);
        assert_eq!(check_editable(&early_nul), Err(NotEditable::Binary));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }
}
