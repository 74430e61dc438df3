//! The vocabulary shared by the stages: a hunk, the symbols it touches, the risks found in it.
//! Every stage fills its own part; the panel and the CLI read all of it (it serializes to JSON).

use serde::Serialize;
use std::ops::Range;

/// Which side of a hunk a line is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Removed,
    Added,
}

/// A highlighted run of bytes inside one changed line: the words that really changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WordSpan {
    pub side: Side,
    /// Index into [`Hunk::removed`] or [`Hunk::added`].
    pub line: u32,
    /// Byte range within that line.
    pub start: u32,
    pub end: u32,
}

/// One contiguous change in one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hunk {
    pub path: String,
    /// 0-based lines replaced in the old text, and the lines that replace them in the new one.
    pub before: Range<u32>,
    pub after: Range<u32>,
    /// The old and new lines, without their line endings.
    pub removed: Vec<String>,
    pub added: Vec<String>,
    pub words: Vec<WordSpan>,
}

impl Hunk {
    pub fn removed_lines(&self) -> Vec<&str> {
        self.removed.iter().map(String::as_str).collect()
    }

    pub fn added_lines(&self) -> Vec<&str> {
        self.added.iter().map(String::as_str).collect()
    }

    /// Lines changed on both sides together: what "size" means for churn.
    pub fn changed_lines(&self) -> usize {
        self.removed.len() + self.added.len()
    }

    /// A stable fingerprint of the change itself (path and both sides, not positions), so that a
    /// "viewed" mark survives edits elsewhere in the file and clears when this hunk changes.
    pub fn fingerprint(&self) -> String {
        // FNV-1a, 64 bits: stable across builds and platforms, unlike `DefaultHasher`.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(self.path.as_bytes());
        for line in &self.removed {
            eat(b"\n-");
            eat(line.as_bytes());
        }
        for line in &self.added {
            eat(b"\n+");
            eat(line.as_bytes());
        }
        format!("{hash:016x}")
    }
}

/// What kind of thing a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    Function,
    Method,
    Type,
    Field,
    Constant,
    Variable,
    Module,
    Macro,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
}

/// The names a hunk touches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Symbols {
    /// Definitions that are new in this hunk.
    pub defines: Vec<Symbol>,
    /// Definitions whose signature or body this hunk changes (the enclosing one included).
    pub changes: Vec<Symbol>,
    /// Definitions this hunk deletes.
    pub removes: Vec<Symbol>,
    /// Names the new code refers to (not keywords, not the hunk's own definitions), sorted, unique.
    pub uses: Vec<String>,
    /// Names the deleted code referred to that the new code no longer does (a removed call).
    pub drops: Vec<String>,
    /// Names the new lines bring into the file's scope with an import (`use`, `import`,
    /// `require`): they tie this hunk to the hunks of the same file that use them.
    pub imports: Vec<String>,
    /// Names the new lines list in an export (`module.exports = { … }`, `export { … }`,
    /// `pub use`, `__all__`): another file's import of them depends on this hunk.
    pub exports: Vec<String>,
    /// The innermost definition that encloses the hunk, e.g. the function whose body changed.
    pub scope: Option<Symbol>,
    /// Whether the hunk sits in test code (a `#[cfg(test)]` module, a `#[test]` function, a
    /// `test_*` function, a `describe`/`it` block), whatever file it is in.
    pub in_test: bool,
}

/// How much a risk matters; the panel shows the highest tier as the hunk's badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Low,
    Medium,
    High,
}

/// The categories of risk; their names are the labels of the labelled set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    ErrorHandling,
    Unsafe,
    Panic,
    Boundary,
    Security,
    Injection,
    Concurrency,
    DeletedTest,
    Churn,
    Surprisal,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::ErrorHandling,
        Rule::Unsafe,
        Rule::Panic,
        Rule::Boundary,
        Rule::Security,
        Rule::Injection,
        Rule::Concurrency,
        Rule::DeletedTest,
        Rule::Churn,
        Rule::Surprisal,
    ];

    /// The label used in JSON and in the labelled set.
    pub fn id(self) -> &'static str {
        match self {
            Rule::ErrorHandling => "error_handling",
            Rule::Unsafe => "unsafe",
            Rule::Panic => "panic",
            Rule::Boundary => "boundary",
            Rule::Security => "security",
            Rule::Injection => "injection",
            Rule::Concurrency => "concurrency",
            Rule::DeletedTest => "deleted_test",
            Rule::Churn => "churn",
            Rule::Surprisal => "surprisal",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// One reason to look hard at a hunk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub rule: Rule,
    pub tier: Tier,
    /// A sentence for the reviewer: what changed and why it matters.
    pub reason: String,
    /// The line it is about: an index into the hunk's removed or added lines.
    pub side: Side,
    pub line: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(path: &str, removed: &[&str], added: &[&str], at: u32) -> Hunk {
        Hunk {
            path: path.into(),
            before: at..at + removed.len() as u32,
            after: at..at + added.len() as u32,
            removed: removed.iter().map(|s| s.to_string()).collect(),
            added: added.iter().map(|s| s.to_string()).collect(),
            words: vec![],
        }
    }

    #[test]
    fn fingerprint_ignores_position_but_not_content() {
        let a = hunk("a.rs", &["x"], &["y"], 3);
        assert_eq!(a.fingerprint(), hunk("a.rs", &["x"], &["y"], 40).fingerprint());
        assert_ne!(a.fingerprint(), hunk("a.rs", &["x"], &["y2"], 3).fingerprint());
        assert_ne!(a.fingerprint(), hunk("b.rs", &["x"], &["y"], 3).fingerprint());
        // Moving a line across the sides is a different change.
        assert_ne!(
            hunk("a.rs", &["x", "y"], &[], 0).fingerprint(),
            hunk("a.rs", &["x"], &["y"], 0).fingerprint()
        );
    }

    #[test]
    fn rule_ids_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.id());
        }
    }
}
