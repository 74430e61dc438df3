//! The files of a directory tree, for the command line, the benchmark and the tests (a change
//! given as two directories). Version-control and build folders are left out; other dotfiles
//! (`.env`, `.prettierrc`) are part of a change like any file.

use std::collections::BTreeSet;
use std::path::Path;

/// Relative paths (with `/`) of the files under `root`, sorted.
pub fn file_paths(root: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    walk(root, root, &mut out)?;
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if matches!(name.as_str(), ".git" | ".hg" | ".svn" | "target" | "node_modules") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_relative_and_skips_vcs_and_build_folders() {
        let root = std::env::temp_dir().join(format!("marble-review-tree-{}", std::process::id()));
        for p in ["a.rs", "src/b.rs", ".env", ".git/config", "target/x", "node_modules/y/z.js"] {
            let f = root.join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(&f, "x").unwrap();
        }
        let paths: Vec<String> = file_paths(&root).unwrap().into_iter().collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(paths, vec![".env", "a.rs", "src/b.rs"]);
        assert!(file_paths(Path::new("/nonexistent/marble")).is_err());
    }
}
