//! Configuration files, read line by line: credentials, TLS verification off, CORS for all,
//! cookie flags.

use std::collections::HashMap;

use crate::hunk::{Rule, Side};

use super::credentials::{has_key_shape, literal_secret, mask, secret_name};
use super::findings::Findings;
use super::text::quote;
use super::HunkView;

/// Config files (TOML, YAML, `.env`, ...) have no lexer rules worth the name; the few risks they
/// carry are visible line by line: credentials, TLS verification off, CORS for all, cookie flags.
pub(super) fn config_rules(view: &HunkView, out: &mut Findings) {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut before: HashMap<String, usize> = HashMap::new();
    for line in view.removed {
        *before.entry(norm(line)).or_default() += 1;
    }
    let lower_path = view.path.to_ascii_lowercase();
    let example = ["example", "sample", "template", ".dist"].iter().any(|w| lower_path.contains(w));
    for (l, line) in view.added.iter().enumerate() {
        let n = norm(line);
        if let Some(count) = before.get_mut(&n).filter(|c| **c > 0) {
            *count -= 1;
            continue;
        }
        let t = n.trim_start_matches(['-', ' ']).trim_start_matches("export ");
        if t.starts_with(['#', ';']) || t.starts_with("//") {
            continue;
        }
        let Some(sep) = t.find(['=', ':']) else { continue };
        let key = t[..sep].trim().trim_matches(['"', '\'']);
        let value = t[sep + 1..].trim().trim_end_matches(',').trim().trim_matches(['"', '\'']);
        let (lk, lv) = (key.to_ascii_lowercase(), value.to_ascii_lowercase());
        let line = l as u32;
        let shown = quote(&format!("{key}: {value}"));
        if !example
            && (has_key_shape(value) || secret_name(key).is_some_and(|min| literal_secret(value, key, min)))
        {
            out.add(
                Rule::Security,
                Side::Added,
                line,
                format!(
                "Hard-codes a credential in `{key} = \"{}\"`: read it from the environment or a secret store",
                mask(value)
            ),
            );
        } else if (["ssl", "tls", "cert"].iter().any(|w| lk.contains(w)) || lk == "verify")
            && lk.contains("verify")
            && lv == "false"
            || (lk.contains("insecure") && lv == "true")
        {
            out.add(
                Rule::Unsafe,
                Side::Added,
                line,
                format!("Turns off TLS certificate verification (`{shown}`)"),
            );
        } else if lk.contains("origin") && matches!(lv.as_str(), "*" | "[\"*\"]" | "['*']" | "[*]") {
            out.add(Rule::Security, Side::Added, line, format!(
                "Allows requests from any origin (`{shown}`): any website can call this API and read the answers"
            ));
        } else if lk.contains("cookie")
            && (lk.ends_with("secure") || lk.ends_with("httponly") || lk.ends_with("http_only"))
            && lv == "false"
        {
            out.add(Rule::Security, Side::Added, line, format!("Turns off a cookie protection (`{shown}`)"));
        }
    }
}
