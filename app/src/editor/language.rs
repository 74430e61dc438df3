//! Which syntax the editor highlights, chosen from a file's name.

/// A language the editor bundle knows (`app/js/editor.js`, `languageSupport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Rust,
    Python,
    JavaScript,
    TypeScript,
    /// No syntax support: plain text.
    #[default]
    Plain,
}

impl Language {
    /// Every language, for menus.
    pub const ALL: [Language; 5] =
        [Language::Rust, Language::Python, Language::JavaScript, Language::TypeScript, Language::Plain];

    /// The language for a file path or name, by its extension (case-insensitive).
    ///
    /// `rs`; `py`, `pyi`; `js`, `mjs`, `cjs`, `jsx`; `ts`, `tsx`, `mts`, `cts`; anything else is
    /// [`Language::Plain`].
    pub fn from_path(path: &str) -> Language {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let Some((stem, ext)) = name.rsplit_once('.') else {
            return Language::Plain;
        };
        // A dotfile such as `.rs` has no extension, only a name.
        if stem.is_empty() {
            return Language::Plain;
        }
        match ext.to_ascii_lowercase().as_str() {
            "rs" => Language::Rust,
            "py" | "pyi" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "tsx" | "mts" | "cts" => Language::TypeScript,
            _ => Language::Plain,
        }
    }

    /// The name the JS bridge takes (`MarbleEditor.create`'s `language`, `setLanguage`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Plain => "plain",
        }
    }

    /// A name for people (status bar, menus).
    pub fn label(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::Python => "Python",
            Language::JavaScript => "JavaScript",
            Language::TypeScript => "TypeScript",
            Language::Plain => "Plain text",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_languages() {
        let cases = [
            ("src/main.rs", Language::Rust),
            ("a.py", Language::Python),
            ("stubs/os.pyi", Language::Python),
            ("index.js", Language::JavaScript),
            ("x.mjs", Language::JavaScript),
            ("x.cjs", Language::JavaScript),
            ("App.jsx", Language::JavaScript),
            ("lib.ts", Language::TypeScript),
            ("App.tsx", Language::TypeScript),
            ("mod.mts", Language::TypeScript),
            ("README.md", Language::Plain),
            ("Makefile", Language::Plain),
            ("", Language::Plain),
        ];
        for (path, want) in cases {
            assert_eq!(Language::from_path(path), want, "{path}");
        }
    }

    #[test]
    fn extension_is_case_insensitive_and_last() {
        assert_eq!(Language::from_path("MAIN.RS"), Language::Rust);
        assert_eq!(Language::from_path("archive.rs.bak"), Language::Plain);
        assert_eq!(Language::from_path("types.d.ts"), Language::TypeScript);
    }

    #[test]
    fn only_the_file_name_counts() {
        assert_eq!(Language::from_path("dir.rs/file"), Language::Plain);
        assert_eq!(Language::from_path("C:\\code\\main.py"), Language::Python);
        assert_eq!(Language::from_path(".rs"), Language::Plain);
        assert_eq!(Language::from_path("dir/.py"), Language::Plain);
    }

    #[test]
    fn names_match_the_bridge() {
        let names: Vec<_> = Language::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(names, ["rust", "python", "javascript", "typescript", "plain"]);
    }
}
