//! Workspace paths: relative, '/'-separated, every name checked.
//!
//! A path names a file or folder below the workspace root, e.g. `src/main.rs`. The root itself has
//! no path. The rules keep a path valid in OPFS, in a ZIP file and on the disks people download to.

use std::fmt;

/// The longest name (one path segment) in UTF-8 bytes, as on common file systems.
pub const MAX_NAME_BYTES: usize = 255;

/// Why a path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    /// The path is empty or only a '/'.
    Empty,
    /// A segment is empty (`a//b`) or only whitespace.
    EmptyName,
    /// A segment is `.` or `..`.
    Dot,
    /// The path starts with '/'.
    LeadingSlash,
    /// The path contains '\'.
    Backslash,
    /// The path contains a control character (newline, tab, NUL...).
    ControlChar,
    /// A segment is longer than [`MAX_NAME_BYTES`].
    TooLong,
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "the name is empty",
            Self::EmptyName => "a name in it is empty",
            Self::Dot => "\".\" and \"..\" are not allowed as names",
            Self::LeadingSlash => "paths are relative to the workspace and cannot start with '/'",
            Self::Backslash => "use '/' to separate folders, not '\\'",
            Self::ControlChar => "names cannot contain control characters such as tabs or newlines",
            Self::TooLong => "a name is longer than 255 bytes",
        })
    }
}

/// Checks `path` and returns its normalized form. One trailing '/' is dropped (`src/` is `src`);
/// anything else that is not already normalized is refused rather than guessed at.
pub fn normalize(path: &str) -> Result<String, PathProblem> {
    if path.starts_with('/') && path.len() > 1 {
        return Err(PathProblem::LeadingSlash);
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    if trimmed.is_empty() {
        return Err(PathProblem::Empty);
    }
    if trimmed.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    for name in trimmed.split('/') {
        check_name(name)?;
    }
    Ok(trimmed.to_owned())
}

/// Checks one name (a single path segment, no '/').
pub fn check_name(name: &str) -> Result<(), PathProblem> {
    if name.trim().is_empty() {
        return Err(PathProblem::EmptyName);
    }
    if name == "." || name == ".." {
        return Err(PathProblem::Dot);
    }
    if name.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    if name.contains('/') {
        return Err(PathProblem::EmptyName);
    }
    if name.chars().any(char::is_control) {
        return Err(PathProblem::ControlChar);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(PathProblem::TooLong);
    }
    Ok(())
}

/// The folder holding `path` (`""` for the root), e.g. `src` for `src/main.rs`.
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The last name of `path`, e.g. `main.rs` for `src/main.rs`.
pub fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// `dir/name`, or `name` when `dir` is the root (`""`).
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Every folder above `path`, outermost first: `a`, `a/b` for `a/b/c`.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether `path` is `dir` itself or lies inside it.
pub fn is_within(path: &str, dir: &str) -> bool {
    path == dir || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_normal_paths() {
        assert_eq!(normalize("src/main.rs"), Ok("src/main.rs".to_owned()));
        assert_eq!(normalize("README.md"), Ok("README.md".to_owned()));
        assert_eq!(normalize("src/"), Ok("src".to_owned()));
        assert_eq!(normalize(".gitignore"), Ok(".gitignore".to_owned()));
        assert_eq!(normalize("dir with spaces/ünïcödé.txt"), Ok("dir with spaces/ünïcödé.txt".to_owned()));
        assert_eq!(normalize(&"a".repeat(255)), Ok("a".repeat(255)));
    }

    #[test]
    fn refuses_bad_paths() {
        let cases = [
            ("", PathProblem::Empty),
            ("/", PathProblem::Empty),
            ("/etc/passwd", PathProblem::LeadingSlash),
            ("a//b", PathProblem::EmptyName),
            ("a/ /b", PathProblem::EmptyName),
            ("a//", PathProblem::EmptyName),
            ("..", PathProblem::Dot),
            ("a/../b", PathProblem::Dot),
            ("./a", PathProblem::Dot),
            ("a\\b", PathProblem::Backslash),
            ("a\nb", PathProblem::ControlChar),
            ("a\0b", PathProblem::ControlChar),
            ("tab\there", PathProblem::ControlChar),
        ];
        for (path, problem) in cases {
            assert_eq!(normalize(path), Err(problem), "path {path:?}");
        }
        assert_eq!(normalize(&"a".repeat(256)), Err(PathProblem::TooLong));
        // 128 two-byte characters are 256 bytes.
        assert_eq!(normalize(&"é".repeat(128)), Err(PathProblem::TooLong));
    }

    #[test]
    fn splits_and_joins() {
        assert_eq!(parent("src/bin/x.rs"), "src/bin");
        assert_eq!(parent("x.rs"), "");
        assert_eq!(file_name("src/bin/x.rs"), "x.rs");
        assert_eq!(file_name("x.rs"), "x.rs");
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a/b", "c"), "a/b/c");
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(ancestors("a").count(), 0);
        assert!(is_within("src/a.rs", "src"));
        assert!(is_within("src", "src"));
        assert!(!is_within("srcx/a.rs", "src"));
        assert!(!is_within("sr", "src"));
    }
}
