//! Tests of the risk rules through [`hunk_risks`], one module per rule family, and the helpers they
//! share; the churn and text-helper tests are here.

use crate::hunk::{Rule, Tier};

use super::text::{components, quote, string_body};
use super::*;
use Rule::*;

mod boundary;
mod concurrency;
mod deleted_tests;
mod error_handling;
mod injection;
mod labelled;
mod panics;
mod refactors;
mod security;
mod unsafe_code;

/// The lines of a snippet written as an indented raw string: the first newline dropped.
fn lines(s: &str) -> Vec<&str> {
    let s = s.strip_prefix('\n').unwrap_or(s);
    if s.is_empty() {
        return Vec::new();
    }
    s.strip_suffix('\n').unwrap_or(s).split('\n').collect()
}

fn risks_in(path: &str, removed: &str, added: &str, in_test: bool) -> Vec<Risk> {
    let (r, a) = (lines(removed), lines(added));
    hunk_risks(&HunkView { lang: Language::from_path(path), path, removed: &r, added: &a, in_test })
}

fn risks(path: &str, removed: &str, added: &str) -> Vec<Risk> {
    risks_in(path, removed, added, false)
}

fn rules(found: &[Risk]) -> Vec<Rule> {
    let mut r: Vec<Rule> = found.iter().map(|r| r.rule).collect();
    r.sort();
    r.dedup();
    r
}

#[track_caller]
fn expect(found: Vec<Risk>, want: &[Rule]) -> Vec<Risk> {
    assert_eq!(rules(&found), want, "got {found:#?}");
    found
}

#[track_caller]
fn reason(found: &[Risk], rule: Rule) -> &str {
    &found.iter().find(|r| r.rule == rule).unwrap_or_else(|| panic!("no {rule:?} in {found:#?}")).reason
}

// ---- churn

#[test]
fn churn_flags_big_hunks_and_scattered_files() {
    let flags = churn_risks(&[120, 6, 2]);
    assert_eq!(
        flags[0].as_ref().map(|r| r.reason.as_str()),
        Some("Changes 120 lines in one hunk: review it as new code")
    );
    assert!(flags[0].as_ref().is_some_and(|r| r.rule == Churn && r.tier == Tier::Low));
    assert!(flags[1].is_none() && flags[2].is_none());
    // Ten two-line edits: a rename repeated through the file, not churn.
    assert!(churn_risks(&[2; 10]).iter().all(Option::is_none));
    // Nine real edits: the first one says so, once.
    let flags = churn_risks(&[2, 6, 5, 9, 4, 12, 7, 6, 5, 8]);
    assert!(flags[0].is_none());
    assert!(flags[1]
        .as_ref()
        .is_some_and(|r| r.reason.starts_with("Changes this file in 9 separate places")));
    assert_eq!(flags.iter().filter(|f| f.is_some()).count(), 1);
    assert!(churn_risks(&[]).is_empty());
}

#[test]
fn churn_by_side_tells_rewrites_from_new_code() {
    let flags = churn_risks_by_side(&[(16, 49), (0, 51), (19, 32), (2, 3)]);
    assert!(flags[0]
        .as_ref()
        .is_some_and(|r| r.reason == "Rewrites 65 lines in one hunk: review it as new code"));
    assert!(flags[1].is_none(), "a new module is new code, not churn");
    assert!(flags[2].is_some());
    assert!(flags[3].is_none());
    assert!(churn_risks_by_side(&[(0, 120)])[0].is_some());
}

// ---- helpers

#[test]
fn name_components() {
    assert_eq!(components("isAdmin"), ["is", "admin"]);
    assert_eq!(components("API_KEY"), ["api", "key"]);
    assert_eq!(components("HTTPServer"), ["http", "server"]);
    assert_eq!(components("assert_eq!"), ["assert", "eq"]);
    assert_eq!(string_body("r#\"a\"#"), "a");
    assert_eq!(string_body("f'{x}'"), "{x}");
    assert_eq!(string_body("\"\"\"doc\"\"\""), "doc");
    assert_eq!(quote("    if x < 10 {   "), "if x < 10");
}
