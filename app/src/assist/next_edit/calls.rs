//! Call sites: a function's parameters changed, so its calls gain or lose an argument.

use super::pattern::{code_tokens, split_args};
use super::places::proposal;
use super::{File, Kind, Proposal};
use marble_review::lang::Language;

/// Calls of a constructor (`Owner::new(`, `new Owner(`, `Owner(`): drop argument `index`.
pub(super) fn call_sites_of(
    files: &[File],
    owner: &str,
    rust_new: bool,
    index: usize,
    reason: &str,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    for f in files {
        let lang = Language::from_path(&f.path);
        let toks = code_tokens(lang, &f.text);
        for i in 0..toks.len() {
            let open = if rust_new {
                (toks[i].text == owner
                    && toks.get(i + 1).is_some_and(|t| t.text == "::")
                    && toks.get(i + 2).is_some_and(|t| t.text == "new"))
                .then(|| i + 3)
            } else {
                (toks[i].text == owner
                    && i > 0
                    && matches!(toks[i - 1].text.as_str(), "new" | "=" | "(" | "," | "return"))
                .then(|| i + 1)
            };
            let Some(open) = open.filter(|&o| toks.get(o).is_some_and(|t| t.text == "(")) else { continue };
            let Some(args) = split_args(&f.text, toks[open].start) else { continue };
            if let Some(p) = drop_arg(f, &args, index, Kind::RemoveMember, reason) {
                out.push(p);
            }
        }
    }
    out
}

pub(super) fn drop_arg(
    f: &File,
    args: &[(usize, usize)],
    index: usize,
    kind: Kind,
    reason: &str,
) -> Option<Proposal> {
    if index >= args.len() {
        return None;
    }
    let (s, e) = if index + 1 < args.len() {
        let (s, _) = args[index];
        let s = s + (f.text[s..args[index].1].len() - f.text[s..args[index].1].trim_start().len());
        let next = args[index + 1].0;
        (
            s,
            next + (f.text[next..args[index + 1].1].len()
                - f.text[next..args[index + 1].1].trim_start().len()),
        )
    } else if index > 0 {
        (args[index - 1].1, args[index].1)
    } else {
        args[index]
    };
    Some(proposal(f, s, e, String::new(), kind, reason.to_string()))
}

pub(super) fn call_sites(
    files: &[File],
    function: &str,
    removed: &[usize],
    added: &[(usize, String)],
    method: bool,
    skip: &dyn Fn(&File, usize) -> bool,
) -> Vec<Proposal> {
    let mut out = Vec::new();
    let shift = usize::from(method);
    for f in files {
        let lang = Language::from_path(&f.path);
        let toks = code_tokens(lang, &f.text);
        for i in 0..toks.len().saturating_sub(1) {
            if toks[i].text != function || toks[i + 1].text != "(" || skip(f, toks[i].start) {
                continue;
            }
            // Not the definition itself.
            if i > 0 && matches!(toks[i - 1].text.as_str(), "fn" | "def" | "function") {
                continue;
            }
            let Some(args) = split_args(&f.text, toks[i + 1].start) else { continue };
            if let Some(&r) = removed.first() {
                let Some(idx) = r.checked_sub(shift) else { continue };
                if let Some(p) =
                    drop_arg(f, &args, idx, Kind::SignatureChange, &format!("`{function}` lost a parameter"))
                {
                    out.push(p);
                }
            } else if let Some((pos, name)) = added.first() {
                let Some(idx) = pos.checked_sub(shift) else { continue };
                if idx > args.len() || args.len() + 1 != idx + 1 + args.len().saturating_sub(idx) {
                    continue;
                }
                // `ctx.currency` next to it suggests `ctx.locale`.
                let value = idx
                    .checked_sub(1)
                    .and_then(|p| args.get(p))
                    .map(|&(s, e)| f.text[s..e].trim())
                    .and_then(|prev| prev.rsplit_once('.').map(|(obj, _)| format!("{obj}.{name}")))
                    .unwrap_or_else(|| name.clone());
                let reason = format!("`{function}` has a new parameter `{name}`");
                if idx == args.len() {
                    let at = args.last().map_or(toks[i + 1].end(), |&(_, e)| e);
                    let text = if args.is_empty() { value } else { format!(", {value}") };
                    out.push(proposal(f, at, at, text, Kind::SignatureChange, reason));
                } else {
                    let (s, _) = args[idx];
                    let s = s + (f.text[s..args[idx].1].len() - f.text[s..args[idx].1].trim_start().len());
                    out.push(proposal(f, s, s, format!("{value}, "), Kind::SignatureChange, reason));
                }
            }
        }
    }
    out
}
