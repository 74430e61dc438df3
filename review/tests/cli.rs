//! The `marble-review` command: two directories or a patch in, the ordered hunks out, as text or
//! JSON; with `--surprisal`, scored by the real default model.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marble-review"))
}

fn case(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases").join(name);
    (dir.join("before"), dir.join("after"))
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn two_directories_as_text() {
    let (before, after) = case("06-users-find-by-email");
    let out = bin().arg(&before).arg(&after).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let t = text(&out);
    assert!(t.starts_with("3 hunks in 2 files, in reading order"), "{t}");
    // The definition first, with its reason, then its use; risks with their sentences.
    let def = t.find("#1 src/users.rs").expect("definition first");
    let usage = t.find("#2 src/handlers.rs").expect("use second");
    assert!(def < usage);
    assert!(t.contains("why here: defines `find_by_email`, used by 2 hunks below"), "{t}");
    assert!(t.contains("high injection: Builds SQL with `format!`"), "{t}");
    assert!(t.contains("medium panic: New `.unwrap()`"), "{t}");
}

#[test]
fn json_carries_order_reasons_and_risks() {
    let (before, after) = case("06-users-find-by-email");
    let out = bin().arg("--json").arg(&before).arg(&after).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hunks = v["hunks"].as_array().unwrap();
    assert_eq!(hunks.len(), 3);
    assert_eq!(hunks[0]["path"], "src/users.rs");
    assert_eq!(hunks[0]["symbols"]["defines"][0]["name"], "find_by_email");
    assert_eq!(hunks[0]["risks"][0]["rule"], "injection");
    assert_eq!(hunks[0]["risks"][0]["tier"], "high");
    assert!(hunks[1]["reasons"][0].as_str().unwrap().starts_with("uses `find_by_email`"));
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert!(hunks.iter().all(|h| h["fingerprint"].as_str().unwrap().len() == 16));
}

#[test]
fn a_patch_on_stdin() {
    let patch = "diff --git a/src/lib.rs b/src/lib.rs
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,6 +1,6 @@
 pub fn parse(input: &str) -> Result<u32, std::num::ParseIntError> {
-    let n = input.trim().parse::<u32>()?;
+    let n = input.trim().parse::<u32>().unwrap();
     Ok(n)
 }
 
 pub fn twice(x: u32) -> u32 {
";
    let mut child =
        bin().args(["--patch", "-", "--json"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(patch.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let h = &v["hunks"][0];
    // Line numbers are the file's, not the fragment's.
    assert_eq!(h["after"]["start"], 1);
    let rules: Vec<&str> =
        h["risks"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"error_handling") && rules.contains(&"panic"), "{rules:?}");
}

#[test]
fn bad_input_says_what_is_wrong() {
    let out = bin().arg("/nonexistent/a").arg("/nonexistent/b").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/a is not a directory"));
    let out = bin().arg("only-one").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: marble-review"));
    let mut child =
        bin().args(["--patch", "-"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ends in the middle of this hunk"));
}

/// The real default model scores the new code: every hunk that adds lines gets a finite mean
/// surprisal, and the SQL built with `format!` is among the most surprising code of the change.
#[test]
fn surprisal_with_the_default_model() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(model.exists(), "{} is missing: run scripts/fetch-model.sh", model.display());
    let (before, after) = case("06-users-find-by-email");
    let out = bin()
        .args(["--json", "--surprisal", "--model"])
        .arg(&model)
        .arg(&before)
        .arg(&after)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for h in v["hunks"].as_array().unwrap() {
        let mean = h["surprisal"]["mean"].as_f64().expect("every hunk adds lines and is scored");
        assert!(mean.is_finite() && mean > 0.0 && mean < 10.0, "mean surprisal {mean}");
        assert!(h["surprisal"]["tokens"].as_u64().unwrap() > 10);
    }
}
