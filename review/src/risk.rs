//! The tiered risk rules: where a reviewer must look hard, and why, in one sentence each.
//!
//! This module owns the rule-based part of a hunk's risk: removed error handling, new `unsafe`
//! and panics, changed bounds, security-sensitive code, injection, concurrency, deleted or weakened
//! tests, and churn. It does not diff files, find symbols or score surprisal: the caller hands it
//! one hunk's lines, the language and whether the hunk sits in test code.
//!
//! How a change is read, so that refactors stay quiet: lines that reappear on the other side of
//! the hunk (moved, re-indented) are set aside; the code tokens that remain are diffed token by
//! token (comments and prose dropped by the lexer), so a rewrapped call is unchanged and a renamed
//! name is a rename. A rule fires only on tokens that changed, and only net: an `.unwrap()`
//! removed on one line and added on another is not new, a guard rewritten as `ensure!` is not
//! removed. Precision counts as much as recall; a rule that fires on renames or formatting costs
//! the reviewer's trust in every other finding.
//!
//! Where a rule fires follows what reviewers labelled in `tests/cases`: concurrency where threads
//! or tasks start and where global or shared state appears, not at every `Mutex` field or `lock()`;
//! security at specific patterns (credentials, weak hashes, cookie flags, CORS, unverified tokens)
//! and at edits or deletions of existing checks, not at new authentication code; disabled
//! verification (TLS, JWT) and `exec` are unsafe as well as security or injection.

use crate::hunk::{Risk, Side};
use crate::lang::{Language, Role};

use boundary::boundary;
use concurrency::concurrency;
use config::config_rules;
use deleted_tests::deleted_tests;
use error_handling::error_handling;
use findings::{net_new, Findings};
use injection::injection;
use panics::panic_hits;
use read::{align, Change, Code};
use security::{is_auth_path, security};
use unsafe_code::unsafe_code;

mod boundary;
mod churn;
mod concurrency;
mod config;
mod credentials;
mod deleted_tests;
mod error_handling;
mod findings;
mod injection;
mod panics;
mod read;
mod security;
mod text;
mod unsafe_code;

pub use churn::{
    churn_risks, churn_risks_by_side, LARGE_HUNK_LINES, REWRITE_LINES, REWRITE_MIN_SIDE, SCATTERED_HUNKS,
    SCATTERED_MIN_LINES,
};

/// What the rules see of one hunk.
pub struct HunkView<'a> {
    pub lang: Language,
    pub path: &'a str,
    pub removed: &'a [&'a str],
    pub added: &'a [&'a str],
    /// The hunk sits in test code (test module/function/file): panics and unwraps there are fine.
    pub in_test: bool,
}

/// Every rule's findings for one hunk, highest tier first, at most one Risk per (rule, line).
pub fn hunk_risks(view: &HunkView) -> Vec<Risk> {
    let role = Role::from_path(view.path);
    let mut out = Findings::default();
    match (view.lang, role) {
        (_, Role::Docs | Role::Generated) => {}
        (Language::Other, Role::Config | Role::Code) => config_rules(view, &mut out),
        (Language::Other, _) => {}
        _ => {
            let in_test = view.in_test || role == Role::Test;
            let rem_src = view.removed.join("\n");
            let add_src = view.added.join("\n");
            let mut rem = Code::new(view.lang, Side::Removed, &rem_src, view.removed, in_test);
            let mut add = Code::new(view.lang, Side::Added, &add_src, view.added, in_test);
            let regions = align(&mut rem, &mut add);
            let change = Change { rem, add, regions, auth_path: is_auth_path(view.path) };
            if !in_test {
                error_handling(&change, &mut out);
                unsafe_code(&change, &mut out);
                net_new(&change, &mut out, panic_hits);
                boundary(&change, &mut out);
                security(&change, &mut out);
                injection(&change, &mut out);
                concurrency(&change, &mut out);
            }
            deleted_tests(&change, &mut out);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests;
