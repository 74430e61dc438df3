//! Groups log lines into batches bounded by line count and bytes.

pub struct Batcher {
    lines: Vec<String>,
    bytes: usize,
    max_lines: usize,
    max_bytes: usize,
}

impl Batcher {
    pub fn new(max_lines: usize, max_bytes: usize) -> Self {
        Batcher { lines: Vec::with_capacity(max_lines), bytes: 0, max_lines, max_bytes }
    }

    /// Adds a line; returns a full batch once either limit is reached.
    pub fn push(&mut self, line: String) -> Option<Vec<String>> {
        self.bytes += line.len();
        self.lines.push(line);
        if self.lines.len() >= self.max_lines || self.bytes >= self.max_bytes {
            Some(self.take())
        } else {
            None
        }
    }

    /// Returns whatever is buffered, leaving the batcher empty.
    pub fn take(&mut self) -> Vec<String> {
        self.bytes = 0;
        std::mem::take(&mut self.lines)
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Like [`Batcher::take`], but `None` when nothing is buffered.
    pub fn take_if_nonempty(&mut self) -> Option<Vec<String>> {
        if self.lines.is_empty() {
            None
        } else {
            Some(self.take())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flushes_at_line_limit() {
        let mut b = Batcher::new(2, 1 << 20);
        assert!(b.push("a".into()).is_none());
        assert_eq!(b.push("b".into()), Some(vec!["a".to_string(), "b".to_string()]));
        assert!(b.is_empty());
    }

    #[test]
    fn flushes_at_byte_limit() {
        let mut b = Batcher::new(100, 8);
        assert!(b.push("12345".into()).is_none());
        assert!(b.push("6789".into()).is_some());
    }
}
