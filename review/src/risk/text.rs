//! Text helpers for reasons and names: a name's words, string bodies, and quoting code.

/// How much code a reason quotes.
pub(super) const QUOTE_CHARS: usize = 60;

/// A name's words, lowercased: `isAdmin` → `is`, `admin`; `API_KEY` → `api`, `key`.
pub(super) fn components(ident: &str) -> Vec<String> {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A string literal without its prefix (`r#`, `f`, `b`) and quotes.
pub(super) fn string_body(text: &str) -> &str {
    let Some(open) = text.find(['"', '\'', '`']) else {
        return text;
    };
    let rest = &text[open..];
    let q = &rest[..1];
    let quotes = if rest.starts_with(&q.repeat(3)) && rest.len() >= 6 { 3 } else { 1 };
    let body = &rest[quotes..];
    let hashes = text[..open].matches('#').count();
    let close = format!("{}{}", q.repeat(quotes), "#".repeat(hashes));
    body.strip_suffix(close.as_str()).unwrap_or(body)
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Code for a reason: one line, no trailing `{`/`;`, at most [`QUOTE_CHARS`] characters.
pub(super) fn quote(s: &str) -> String {
    let s = collapse(s);
    let mut t = s.trim_end_matches(['{', ';', ',', ' ']);
    if t.ends_with(':') && !t.ends_with("::") {
        t = &t[..t.len() - 1];
    }
    shorten(t.trim_end(), QUOTE_CHARS)
}

pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max - 1).collect();
        format!("{}…", head.trim_end())
    }
}
