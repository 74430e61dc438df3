//! What a path is: its language (for the lexer and the symbol rules) and its role in a change
//! (code, test, configuration, docs, generated), which the reading order uses.

use serde::Serialize;

/// The languages whose syntax the review understands; everything else is read as plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Rust,
    Python,
    JavaScript,
    TypeScript,
    Other,
}

impl Language {
    pub fn from_path(path: &str) -> Language {
        match extension(path) {
            "rs" => Language::Rust,
            "py" | "pyi" => Language::Python,
            "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "ts" | "tsx" | "mts" | "cts" => Language::TypeScript,
            _ => Language::Other,
        }
    }

    /// JavaScript and TypeScript share a lexer and symbol rules.
    pub fn is_js_like(self) -> bool {
        matches!(self, Language::JavaScript | Language::TypeScript)
    }
}

/// Where a file sits in a reading order: code first, then its tests, then the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Code,
    Test,
    Config,
    Docs,
    Generated,
}

impl Role {
    pub fn from_path(path: &str) -> Role {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = extension(name);
        let in_dir = |dir: &str| lower.starts_with(&format!("{dir}/")) || lower.contains(&format!("/{dir}/"));
        if matches!(name, "cargo.lock" | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml" | "poetry.lock")
            || name.contains(".min.")
            || name.ends_with(".generated.ts")
            || name.ends_with("_pb2.py")
            || in_dir("dist")
            || in_dir("generated")
            || in_dir("vendor")
            || in_dir("node_modules")
        {
            return Role::Generated;
        }
        if in_dir("tests")
            || in_dir("test")
            || in_dir("__tests__")
            || in_dir("spec")
            || name.starts_with("test_")
            || name.ends_with("_test.py")
            || name.ends_with("_test.rs")
            || name.ends_with("_tests.rs")
            || name.contains(".test.")
            || name.contains(".spec.")
            || name == "conftest.py"
        {
            return Role::Test;
        }
        if name == "requirements.txt" || name.starts_with("requirements-") {
            return Role::Config;
        }
        if matches!(ext, "md" | "rst" | "txt" | "adoc") || in_dir("docs") || name == "license" {
            return Role::Docs;
        }
        if Language::from_path(path) == Language::Other
            && (matches!(
                ext,
                "toml" | "json" | "yaml" | "yml" | "ini" | "cfg" | "conf" | "lock" | "env" | "xml"
            ) || name.starts_with('.')
                || matches!(name, "makefile" | "dockerfile"))
        {
            return Role::Config;
        }
        if matches!(ext, "toml" | "json" | "yaml" | "yml") {
            return Role::Config;
        }
        Role::Code
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::Code => "code",
            Role::Test => "tests",
            Role::Config => "configuration",
            Role::Docs => "documentation",
            Role::Generated => "generated file",
        }
    }
}

fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[i + 1..],
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_extension() {
        assert_eq!(Language::from_path("src/main.rs"), Language::Rust);
        assert_eq!(Language::from_path("tools/stats.py"), Language::Python);
        assert_eq!(Language::from_path("web/app.mjs"), Language::JavaScript);
        assert_eq!(Language::from_path("src/App.tsx"), Language::TypeScript);
        assert_eq!(Language::from_path("Makefile"), Language::Other);
        assert_eq!(Language::from_path(".gitignore"), Language::Other);
    }

    #[test]
    fn roles_by_path() {
        assert_eq!(Role::from_path("src/lib.rs"), Role::Code);
        assert_eq!(Role::from_path("tests/parse.rs"), Role::Test);
        assert_eq!(Role::from_path("tools/test_stats.py"), Role::Test);
        assert_eq!(Role::from_path("web/cart.test.ts"), Role::Test);
        assert_eq!(Role::from_path("src/__tests__/cart.js"), Role::Test);
        assert_eq!(Role::from_path("Cargo.toml"), Role::Config);
        assert_eq!(Role::from_path("package.json"), Role::Config);
        assert_eq!(Role::from_path("requirements.txt"), Role::Config);
        assert_eq!(Role::from_path("README.md"), Role::Docs);
        assert_eq!(Role::from_path("docs/guide.rs"), Role::Docs);
        assert_eq!(Role::from_path("Cargo.lock"), Role::Generated);
        assert_eq!(Role::from_path("dist/bundle.min.js"), Role::Generated);
        assert_eq!(Role::from_path("package-lock.json"), Role::Generated);
    }
}
