//! Reads unified diffs (`git diff`, `diff -u`) into fragments the review can analyse.
//!
//! A patch holds only the changed lines and a few lines of context, not whole files. Each patch
//! hunk becomes a [`Fragment`]: the old and new text of that stretch, and where it starts, so the
//! rest of the pipeline (line diff, symbols, risk) runs on it as if it were a small file. Git's
//! function-context header (`@@ -1,5 +1,6 @@ fn parse`) is kept as the fragment's scope hint.

use std::fmt;

/// A stretch of one file, before and after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    pub path: String,
    pub before: String,
    pub after: String,
    /// 0-based line of the fragment's first line in the old and new file.
    pub before_offset: u32,
    pub after_offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} of the patch: {}", self.line, self.message)
    }
}

impl std::error::Error for PatchError {}

/// Parses a unified diff of any number of files. Binary-file notices, mode changes, renames
/// without content and `\ No newline at end of file` markers are skipped.
pub fn parse(patch: &str) -> Result<Vec<Fragment>, PatchError> {
    let mut out = Vec::new();
    let mut path: Option<String> = None;
    let mut old_path: Option<String> = None;
    let mut lines = patch.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        if let Some(rest) = line.strip_prefix("diff --git ") {
            // Fallback name for diffs with no ---/+++ lines (pure renames, mode changes).
            path = rest.split(" b/").nth(1).map(str::to_string);
            old_path = None;
        } else if let Some(rest) = line.strip_prefix("--- ") {
            old_path = strip_name(rest);
        } else if let Some(rest) = line.strip_prefix("+++ ") {
            path = strip_name(rest).or_else(|| old_path.clone());
        } else if let Some(header) = line.strip_prefix("@@ ") {
            let (old_start, old_len, new_start, new_len) = hunk_header(header).ok_or_else(|| PatchError {
                line: n + 1,
                message: format!("this hunk header cannot be read: {line}"),
            })?;
            let file = path.clone().ok_or_else(|| PatchError {
                line: n + 1,
                message: "a hunk comes before any file name (--- / +++ lines)".into(),
            })?;
            let mut frag = Fragment {
                path: file,
                before_offset: old_start.saturating_sub(1),
                after_offset: new_start.saturating_sub(1),
                ..Fragment::default()
            };
            let (mut old_left, mut new_left) = (old_len, new_len);
            while old_left > 0 || new_left > 0 {
                let Some((m, body)) = lines.next() else {
                    return Err(PatchError {
                        line: n + 1,
                        message: "the patch ends in the middle of this hunk".into(),
                    });
                };
                let (marker, text) = body.split_at(body.len().min(1));
                match marker {
                    " " | "" => {
                        push_line(&mut frag.before, text);
                        push_line(&mut frag.after, text);
                        old_left = old_left.saturating_sub(1);
                        new_left = new_left.saturating_sub(1);
                    }
                    "-" => {
                        push_line(&mut frag.before, text);
                        old_left = old_left.saturating_sub(1);
                    }
                    "+" => {
                        push_line(&mut frag.after, text);
                        new_left = new_left.saturating_sub(1);
                    }
                    "\\" => {}
                    _ => {
                        return Err(PatchError {
                            line: m + 1,
                            message: format!("expected a line starting with ' ', '-' or '+': {body}"),
                        })
                    }
                }
            }
            while lines.peek().is_some_and(|(_, l)| l.starts_with('\\')) {
                lines.next();
            }
            out.push(frag);
        }
    }
    Ok(out)
}

fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// `a/src/x.rs` → `src/x.rs`; `/dev/null` → None. Timestamps after a tab are dropped.
fn strip_name(name: &str) -> Option<String> {
    let name = name.split('\t').next().unwrap_or(name).trim_end();
    if name == "/dev/null" {
        return None;
    }
    let name = name.strip_prefix("a/").or_else(|| name.strip_prefix("b/")).unwrap_or(name);
    Some(name.to_string())
}

/// `-12,5 +12,7 @@ fn x` → (12, 5, 12, 7). A missing length means 1.
fn hunk_header(header: &str) -> Option<(u32, u32, u32, u32)> {
    let mut parts = header.split_whitespace();
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    let range = |r: &str| -> Option<(u32, u32)> {
        match r.split_once(',') {
            Some((s, l)) => Some((s.parse().ok()?, l.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (os, ol) = range(old)?;
    let (ns, nl) = range(new)?;
    Some((os, ol, ns, nl))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "diff --git a/src/lib.rs b/src/lib.rs
index 1111111..2222222 100644
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -10,4 +10,5 @@ fn parse(input: &str) -> Result<Header, Error> {
     let bytes = input.as_bytes();
-    let len = read_len(bytes)?;
+    let len = read_len(bytes).unwrap();
+    log::debug!(\"len {len}\");
     Ok(Header { len })
 }
diff --git a/new.py b/new.py
new file mode 100644
--- /dev/null
+++ b/new.py
@@ -0,0 +1,2 @@
+def f():
+    return 1
\\ No newline at end of file
diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
";

    #[test]
    fn parses_git_diff() {
        let frags = parse(PATCH).unwrap();
        assert_eq!(frags.len(), 3);
        let f = &frags[0];
        assert_eq!(f.path, "src/lib.rs");
        assert_eq!((f.before_offset, f.after_offset), (9, 9));
        assert_eq!(
            f.before,
            "    let bytes = input.as_bytes();\n    let len = read_len(bytes)?;\n    Ok(Header { len })\n}\n"
        );
        assert!(f.after.contains("unwrap()"));
        assert_eq!(frags[1].path, "new.py");
        assert_eq!(frags[1].before, "");
        assert_eq!(frags[1].after, "def f():\n    return 1\n");
        assert_eq!(frags[2].path, "old.txt");
        assert_eq!(frags[2].after, "");
    }

    #[test]
    fn bad_patches_say_where() {
        let err = parse("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("ends in the middle"));
        let err = parse("@@ -1 +1 @@\n-a\n+b\n").unwrap_err();
        assert!(err.message.contains("before any file name"));
        let err = parse("--- a/x\n+++ b/x\n@@ -x +1 @@\n").unwrap_err();
        assert!(err.message.contains("cannot be read"));
        assert_eq!(parse("just some text\n").unwrap(), vec![]);
    }
}
