//! Hard-coded credentials: names that hold secrets, values shaped like keys, and masking them
//! in reasons.

use crate::lex::TokenKind;

use super::read::Code;
use super::text::{components, string_body};

/// A hard-coded credential in the string at `i`: `password = "hunter2"`, `"sk-live-..."`,
/// `postgres://user:pass@host`. Returns the assignment with the value masked.
pub(super) fn credential(c: &Code, i: usize) -> Option<String> {
    let body = string_body(c.text(i));
    if has_key_shape(body) {
        return Some(format!("\"{}\"", mask(body)));
    }
    let op = c.prev(i, 1);
    let env_lookup = c
        .line_toks(c.line(i))
        .any(|k| matches!(c.text(k), "environ" | "getenv" | "env" | "get" | "var" | "process"));
    let name_at = match op {
        "=" | ":" | ":=" => i.checked_sub(2)?,
        // A fallback for a secret from the environment is that secret, committed:
        // `os.environ.get("SECRET_KEY", "dev-...")`, `process.env.SECRET || "dev-..."`.
        "," if env_lookup || c.kind(i.checked_sub(2)?) == Some(TokenKind::String) => i - 2,
        "||" | "??" | "or" if c.prev(i, 2) == ")" => c.open_of(i - 2)? + 1,
        "||" | "??" | "or" => i.checked_sub(2)?,
        // `.password("hunter2")`
        "(" if c.prev(i, 3) == "." => i - 2,
        _ => return None,
    };
    let name_tok = c.toks[name_at];
    let name = match name_tok.kind {
        TokenKind::Ident => name_tok.text,
        TokenKind::String => string_body(name_tok.text),
        _ => return None,
    };
    let value_ok = if name.eq_ignore_ascii_case("authorization") {
        let lower = body.to_ascii_lowercase();
        ["bearer ", "basic ", "token "].iter().any(|p| lower.starts_with(p))
            && literal_secret(body.split_once(' ').map_or("", |(_, v)| v), name, 8)
            && !matches!(c.text(i + 1), "+" | "%" | ".")
    } else {
        (op != "," || env_lookup) && secret_name(name).is_some_and(|min| literal_secret(body, name, min))
    };
    value_ok.then(|| format!("{name} = \"{}\"", mask(body)))
}

/// The shortest value a name like this holds when it is a real credential, if it is one.
pub(super) fn secret_name(name: &str) -> Option<usize> {
    let comps = components(name);
    let has = |w: &str| comps.iter().any(|c| c == w);
    const NOT: &[&str] = &[
        "field",
        "label",
        "name",
        "prompt",
        "hint",
        "placeholder",
        "message",
        "msg",
        "error",
        "path",
        "file",
        "env",
        "var",
        "header",
        "type",
        "id",
        "url",
        "length",
        "len",
        "min",
        "max",
        "regex",
        "pattern",
        "column",
        "param",
        "prefix",
        "suffix",
        "format",
        "policy",
        "dir",
        "kind",
        "count",
        "hash",
        "input",
        "text",
        "title",
        "help",
        "key",
    ];
    let last = comps.last()?;
    if NOT.contains(&last.as_str()) && !(last == "key" && comps.len() > 1) {
        return None;
    }
    if ["password", "passwd", "pwd", "passphrase"].iter().any(|w| has(w)) {
        Some(4)
    } else if ["secret", "apikey", "credential", "credentials"].iter().any(|w| has(w))
        || (has("key")
            && ["api", "private", "secret", "access", "signing", "encryption", "master", "client"]
                .iter()
                .any(|w| has(w)))
    {
        Some(8)
    } else if has("token") {
        Some(16)
    } else {
        None
    }
}

pub(super) fn literal_secret(value: &str, name: &str, min: usize) -> bool {
    let lower = value.to_ascii_lowercase();
    let env_name =
        value.len() > 2 && value.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    value.chars().count() >= min
        && !value.contains(char::is_whitespace)
        && ![
            "{",
            "$",
            "%s",
            "<",
            "/",
            "xxx",
            "***",
            "...",
            "your",
            "example",
            "placeholder",
            "redacted",
            "dummy",
        ]
        .iter()
        .any(|p| lower.contains(p))
        && !lower.eq_ignore_ascii_case(name)
        && !matches!(lower.as_str(), "password" | "secret" | "token" | "none" | "null")
        && !env_name
}

/// Values shaped like a real key, whatever they are assigned to.
pub(super) fn has_key_shape(v: &str) -> bool {
    let alnum_after = |p: &str, n: usize| {
        v.strip_prefix(p).is_some_and(|r| {
            r.len() >= n && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
    };
    let url_password = v.split_once("://").is_some_and(|(_, rest)| {
        let authority = rest.split('/').next().unwrap_or("");
        authority.rsplit_once('@').is_some_and(|(user, _)| {
            user.split_once(':').is_some_and(|(_, pass)| {
                !pass.is_empty() && !pass.contains(['{', '$', '<']) && !pass.starts_with('%')
            })
        })
    });
    alnum_after("sk-", 20)
        || alnum_after("sk_live_", 16)
        || alnum_after("rk_live_", 16)
        || alnum_after("ghp_", 30)
        || alnum_after("github_pat_", 30)
        || alnum_after("xoxb-", 20)
        || alnum_after("xoxp-", 20)
        || alnum_after("AIza", 30)
        || (v.starts_with("AKIA")
            && v.len() == 20
            && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        || (v.contains("-----BEGIN") && v.contains("PRIVATE KEY"))
        || url_password
}

pub(super) fn mask(v: &str) -> String {
    let head: String = v.chars().take(3).collect();
    format!("{head}…")
}
