//! Accepting a shown suggestion in full or in parts (Tab, Ctrl+→, and accept-line), so the user can
//! take the part that is right and keep typing; the rest stays shown.

/// What accepting inserts, and what stays shown afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted<'a> {
    /// What goes into the document at the cursor.
    pub inserted: &'a str,
    /// `None` when nothing is left to show.
    pub rest: Option<&'a str>,
}

impl<'a> Accepted<'a> {
    fn split(suggestion: &'a str, at: usize) -> Self {
        let (inserted, rest) = suggestion.split_at(at);
        Accepted { inserted, rest: (!rest.is_empty()).then_some(rest) }
    }
}

/// Accepts the whole suggestion.
pub fn accept_all(suggestion: &str) -> Accepted<'_> {
    Accepted::split(suggestion, suggestion.len())
}

/// Accepts the next word, as VS Code's Ctrl+→ does for inline suggestions: leading whitespace,
/// then one run of word characters (a number keeps its decimal point), or one run of punctuation.
pub fn accept_word(suggestion: &str) -> Accepted<'_> {
    let start = suggestion.len() - suggestion.trim_start().len();
    let body = &suggestion[start..];
    let Some(first) = body.chars().next() else {
        return accept_all(suggestion);
    };
    let run = if is_word(first) {
        let mut end = 0;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // "3.14" is one word; "x.len" is three.
            let decimal = c == '.'
                && first.is_ascii_digit()
                && !body[..i].contains('.')
                && chars.peek().is_some_and(|(_, d)| d.is_ascii_digit());
            if !is_word(c) && !decimal {
                break;
            }
            end = i + c.len_utf8();
        }
        end
    } else {
        body.find(|c: char| c.is_whitespace() || is_word(c)).unwrap_or(body.len())
    };
    Accepted::split(suggestion, start + run)
}

/// Accepts up to and including the next line break, or everything when there is none.
///
/// Leading blank lines come along with the first line that has text: accepting only a line break
/// would cost a keystroke and show nothing new.
pub fn accept_line(suggestion: &str) -> Accepted<'_> {
    let text = suggestion.len() - suggestion.trim_start().len();
    let end = suggestion[text..].find('\n').map_or(suggestion.len(), |i| text + i + 1);
    Accepted::split(suggestion, end)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::marked;

    /// Applies `accept` to the suggestion shown at the cursor of `marked`, and returns the
    /// document with the cursor after the inserted text and the rest still shown.
    fn after(accept: fn(&str) -> Accepted<'_>, marked: &str, suggestion: &str) -> (String, Option<String>) {
        let (before, after) = marked::split(marked);
        let got = accept(suggestion);
        assert_eq!(format!("{}{}", got.inserted, got.rest.unwrap_or_default()), suggestion, "parts");
        (format!("{before}{}{}{after}", got.inserted, marked::CURSOR), got.rest.map(str::to_string))
    }

    #[test]
    fn all_takes_everything() {
        assert_eq!(after(accept_all, "let x = ˇ;", "42"), ("let x = 42ˇ;".into(), None));
        assert_eq!(after(accept_all, "ˇ", "a\nb"), ("a\nbˇ".into(), None));
    }

    #[test]
    fn word_takes_one_identifier_with_its_leading_space() {
        assert_eq!(
            after(accept_word, "let ˇ", "total = a + b;"),
            ("let totalˇ".into(), Some(" = a + b;".into()))
        );
        assert_eq!(
            after(accept_word, "let totalˇ", " = a + b;"),
            ("let total =ˇ".into(), Some(" a + b;".into()))
        );
        assert_eq!(
            after(accept_word, "x = ˇ", "snake_case_9(1)"),
            ("x = snake_case_9ˇ".into(), Some("(1)".into()))
        );
        assert_eq!(after(accept_word, "s = ˇ", "größe"), ("s = größeˇ".into(), None));
    }

    #[test]
    fn word_takes_a_run_of_punctuation() {
        assert_eq!(after(accept_word, "fooˇ", "();\nbar"), ("foo();ˇ".into(), Some("\nbar".into())));
        assert_eq!(after(accept_word, "fooˇ", "?.bar"), ("foo?.ˇ".into(), Some("bar".into())));
    }

    #[test]
    fn word_keeps_a_decimal_number_whole() {
        assert_eq!(after(accept_word, "pi = ˇ", "3.14 * r"), ("pi = 3.14ˇ".into(), Some(" * r".into())));
        assert_eq!(after(accept_word, "n = ˇ", "xs.len()"), ("n = xsˇ".into(), Some(".len()".into())));
        assert_eq!(after(accept_word, "v = ˇ", "1.2.3"), ("v = 1.2ˇ".into(), Some(".3".into())));
    }

    #[test]
    fn word_crosses_a_line_break_to_the_next_word() {
        let (doc, rest) = after(accept_word, "fn a() {ˇ", "\n    return 1;\n}");
        assert_eq!(doc, "fn a() {\n    returnˇ");
        assert_eq!(rest.as_deref(), Some(" 1;\n}"));
        assert_eq!(after(accept_word, "xˇ", "   "), ("x   ˇ".into(), None));
    }

    #[test]
    fn line_takes_up_to_the_line_break() {
        assert_eq!(
            after(accept_line, "if x {ˇ", " a();\n    b();\n}"),
            ("if x { a();\nˇ".into(), Some("    b();\n}".into()))
        );
        assert_eq!(after(accept_line, "let x = ˇ;", "42"), ("let x = 42ˇ;".into(), None));
    }

    #[test]
    fn line_brings_leading_blank_lines_along() {
        let (doc, rest) = after(accept_line, "def f():ˇ", "\n    a = 1\n    return a");
        assert_eq!(doc, "def f():\n    a = 1\nˇ");
        assert_eq!(rest.as_deref(), Some("    return a"));
    }
}
