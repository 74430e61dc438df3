use std::io::{self, Read};

use serde::Serialize;

/// Counts for one input.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub lines: usize,
    pub words: usize,
    pub bytes: usize,
}

impl Counts {
    pub fn of(text: &[u8]) -> Counts {
        let lines = text.iter().filter(|&&b| b == b'\n').count();
        // A last line without a newline still counts as a line.
        let lines = lines + usize::from(text.last().is_some_and(|&b| b != b'\n'));
        let words = text
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count();
        Counts { lines, words, bytes: text.len() }
    }

    pub fn read(mut input: impl Read) -> io::Result<Counts> {
        let mut buf = Vec::new();
        input.read_to_end(&mut buf)?;
        Ok(Counts::of(&buf))
    }
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            lines: self.lines + other.lines,
            words: self.words + other.words,
            bytes: self.bytes + other.bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_a_partial_last_line() {
        assert_eq!(Counts::of(b"one two\nthree"), Counts { lines: 2, words: 3, bytes: 13 });
        assert_eq!(Counts::of(b""), Counts::default());
    }
}
