//! One diff line cut into pieces for display: the words that changed (from the hunk's word
//! diff) are highlighted, and tokens the model found surprising are underlined with their value.

use std::ops::Range;

/// A run of a line's text with one look.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub text: String,
    /// Inside a changed word.
    pub changed: bool,
    /// Inside a surprising token: its surprisal (nats).
    pub surprisal: Option<f32>,
}

/// Cuts `line` at the edges of `words` (byte ranges) and `marks` (byte ranges with a value).
/// Ranges out of bounds or off a character boundary are ignored rather than trusted.
pub fn segments(line: &str, words: &[Range<usize>], marks: &[(Range<usize>, f32)]) -> Vec<Segment> {
    let valid = |r: &Range<usize>| {
        r.start < r.end
            && r.end <= line.len()
            && line.is_char_boundary(r.start)
            && line.is_char_boundary(r.end)
    };
    let words: Vec<&Range<usize>> = words.iter().filter(|r| valid(r)).collect();
    let marks: Vec<&(Range<usize>, f32)> = marks.iter().filter(|(r, _)| valid(r)).collect();
    let mut cuts: Vec<usize> = vec![0, line.len()];
    cuts.extend(words.iter().flat_map(|r| [r.start, r.end]));
    cuts.extend(marks.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let changed = words.iter().any(|r| r.start <= start && end <= r.end);
        let surprisal = marks.iter().find(|(r, _)| r.start <= start && end <= r.end).map(|(_, s)| *s);
        match out.last_mut() {
            Some(last) if last.changed == changed && last.surprisal == surprisal => {
                last.text += &line[start..end]
            }
            _ => out.push(Segment { text: line[start..end].to_string(), changed, surprisal }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, changed: bool, surprisal: Option<f32>) -> Segment {
        Segment { text: text.into(), changed, surprisal }
    }

    #[test]
    fn plain_line_is_one_segment() {
        assert_eq!(segments("let x = 1;", &[], &[]), vec![seg("let x = 1;", false, None)]);
        assert_eq!(segments("", &[], &[]), Vec::<Segment>::new());
    }

    #[test]
    fn words_and_marks_overlap() {
        // "quantity" changed; "unwrap" is surprising; "quantity.unw" overlaps neither fully.
        let line = "let q = quantity.unwrap();";
        let quantity = Range { start: 8, end: 16 };
        let segs = segments(line, &[quantity], &[(17..23, 9.5)]);
        assert_eq!(
            segs,
            vec![
                seg("let q = ", false, None),
                seg("quantity", true, None),
                seg(".", false, None),
                seg("unwrap", false, Some(9.5)),
                seg("();", false, None),
            ]
        );
        let both = segments(line, &[Range { start: 8, end: 23 }], &[(17..23, 9.5)]);
        assert_eq!(both[1], seg("quantity.", true, None));
        assert_eq!(both[2], seg("unwrap", true, Some(9.5)));
    }

    #[test]
    fn bad_ranges_are_ignored() {
        let line = "é = 1";
        // 1 is inside "é" (2 bytes); 99 is past the end.
        assert_eq!(
            segments(line, &[1..3, 2..99], &[(Range { start: 3, end: 2 }, 1.0)]),
            vec![seg(line, false, None)]
        );
    }
}
