use super::*;

fn ws(files: &[&str]) -> Workspace {
    Workspace::from_files(files.iter().map(|p| (*p, p.as_bytes().to_vec()))).unwrap()
}

fn files(ws: &Workspace) -> Vec<&str> {
    ws.files().map(|(p, _)| p).collect()
}

fn dirs(ws: &Workspace) -> Vec<&str> {
    ws.dirs().collect()
}

/// The tree as indented lines, folders marked with '/': easy to read in a failing assertion.
fn outline(rows: &[TreeNode]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("{}{}{}", "  ".repeat(r.depth), r.name, if r.is_dir { "/" } else { "" }))
        .collect()
}

#[test]
fn create_file_makes_parent_folders() {
    let mut w = Workspace::new();
    assert_eq!(w.create_file("src/bin/tool.rs", b"fn main() {}".to_vec()), Ok("src/bin/tool.rs".into()));
    assert_eq!(dirs(&w), ["src", "src/bin"]);
    assert_eq!(w.read("src/bin/tool.rs"), Some(&b"fn main() {}"[..]));
    assert!(w.is_dir("src") && w.is_dir("") && !w.is_dir("src/bin/tool.rs"));
    assert!(w.is_file("src/bin/tool.rs") && w.exists("src/bin") && !w.exists("nope"));
    assert_eq!(w.read("src"), None);
}

#[test]
fn create_refuses_invalid_and_duplicate_paths() {
    let mut w = ws(&["src/main.rs"]);
    assert_eq!(
        w.create_file("src/main.rs", vec![]),
        Err(WorkspaceError::AlreadyExists { path: "src/main.rs".into(), is_dir: false })
    );
    assert_eq!(
        w.create_file("src", vec![]),
        Err(WorkspaceError::AlreadyExists { path: "src".into(), is_dir: true })
    );
    assert_eq!(
        w.create_dir("src/main.rs"),
        Err(WorkspaceError::AlreadyExists { path: "src/main.rs".into(), is_dir: false })
    );
    assert_eq!(w.create_dir("src"), Err(WorkspaceError::AlreadyExists { path: "src".into(), is_dir: true }));
    assert_eq!(
        w.create_file("src/main.rs/inner.rs", vec![]),
        Err(WorkspaceError::ParentIsFile {
            path: "src/main.rs/inner.rs".into(),
            parent: "src/main.rs".into()
        })
    );
    for bad in ["", "/abs", "a/../b", ".", "a\\b", "a\nb", "a//b"] {
        assert!(
            matches!(w.create_file(bad, vec![]), Err(WorkspaceError::InvalidPath { .. })),
            "{bad:?} should be refused"
        );
        assert!(
            matches!(w.create_dir(bad), Err(WorkspaceError::InvalidPath { .. })),
            "{bad:?} should be refused"
        );
    }
    assert!(matches!(w.create_file(&"x".repeat(256), vec![]), Err(WorkspaceError::InvalidPath { .. })));
    assert_eq!(files(&w), ["src/main.rs"], "failed operations change nothing");
    assert_eq!(dirs(&w), ["src"]);
}

#[test]
fn empty_folders_exist() {
    let mut w = Workspace::new();
    assert_eq!(w.create_dir("a/b/"), Ok("a/b".into()));
    assert_eq!(dirs(&w), ["a", "a/b"]);
    assert_eq!(w.file_count(), 0);
    assert!(!w.is_empty());
}

#[test]
fn write_replaces_or_creates() {
    let mut w = ws(&["a.txt"]);
    w.write("a.txt", b"new".to_vec()).unwrap();
    assert_eq!(w.read("a.txt"), Some(&b"new"[..]));
    w.write("docs/b.txt", b"b".to_vec()).unwrap();
    assert_eq!(files(&w), ["a.txt", "docs/b.txt"]);
    assert!(w.is_dir("docs"));
    assert_eq!(
        w.write("docs", vec![]),
        Err(WorkspaceError::AlreadyExists { path: "docs".into(), is_dir: true })
    );
    assert_eq!(w.total_bytes(), 4);
}

#[test]
fn text_explains_what_the_editor_cannot_open() {
    let mut w = ws(&["ok.rs", "dir/x"]);
    w.create_file("logo.png", b"\x89PNG\0\0".to_vec()).unwrap();
    w.create_file("latin1.txt", b"caf\xe9".to_vec()).unwrap();
    w.create_file("huge.log", vec![b'x'; text::MAX_EDITOR_BYTES + 1]).unwrap();
    assert_eq!(w.text("ok.rs"), Ok("ok.rs"));
    assert_eq!(
        w.text("logo.png"),
        Err(WorkspaceError::NotEditable { path: "logo.png".into(), reason: NotEditable::Binary })
    );
    assert_eq!(
        w.text("latin1.txt"),
        Err(WorkspaceError::NotEditable { path: "latin1.txt".into(), reason: NotEditable::NotUtf8 })
    );
    assert!(matches!(
        w.text("huge.log"),
        Err(WorkspaceError::NotEditable { reason: NotEditable::TooLarge { .. }, .. })
    ));
    assert_eq!(w.text("dir"), Err(WorkspaceError::IsAFolder { path: "dir".into() }));
    assert_eq!(w.text("gone.rs"), Err(WorkspaceError::NotFound { path: "gone.rs".into() }));
}

#[test]
fn rename_file_creates_missing_folders() {
    let mut w = ws(&["a.rs", "b.rs"]);
    assert_eq!(w.rename("a.rs", "src/lib/a.rs"), Ok(vec![("a.rs".into(), "src/lib/a.rs".into())]));
    assert_eq!(files(&w), ["b.rs", "src/lib/a.rs"]);
    assert_eq!(w.read("src/lib/a.rs"), Some(&b"a.rs"[..]));
    assert_eq!(w.rename("b.rs", "b.rs"), Ok(vec![]), "renaming to itself is a no-op");
    assert_eq!(w.rename("b.rs", "B.rs"), Ok(vec![("b.rs".into(), "B.rs".into())]), "case-only renames work");
}

#[test]
fn rename_folder_moves_children() {
    let mut w = ws(&["src/main.rs", "src/util/mod.rs", "src/util/deep/x.rs", "srcx/other.rs", "README.md"]);
    w.create_dir("src/empty").unwrap();
    let moves = w.rename("src", "crates/core/src").unwrap();
    assert_eq!(
        moves,
        [
            ("src/main.rs".to_owned(), "crates/core/src/main.rs".to_owned()),
            ("src/util/deep/x.rs".to_owned(), "crates/core/src/util/deep/x.rs".to_owned()),
            ("src/util/mod.rs".to_owned(), "crates/core/src/util/mod.rs".to_owned()),
        ]
    );
    assert_eq!(
        files(&w),
        [
            "README.md",
            "crates/core/src/main.rs",
            "crates/core/src/util/deep/x.rs",
            "crates/core/src/util/mod.rs",
            "srcx/other.rs"
        ]
    );
    assert_eq!(
        dirs(&w),
        [
            "crates",
            "crates/core",
            "crates/core/src",
            "crates/core/src/empty",
            "crates/core/src/util",
            "crates/core/src/util/deep",
            "srcx"
        ]
    );
    assert_eq!(w.read("crates/core/src/util/mod.rs"), Some(&b"src/util/mod.rs"[..]));
}

#[test]
fn rename_refuses_bad_moves() {
    let mut w = ws(&["src/main.rs", "src/util/mod.rs", "lib.rs", "docs/a.md"]);
    let before = w.clone();
    assert_eq!(
        w.rename("src", "src/util/src"),
        Err(WorkspaceError::MoveIntoItself { from: "src".into(), to: "src/util/src".into() })
    );
    assert_eq!(
        w.rename("src", "docs"),
        Err(WorkspaceError::AlreadyExists { path: "docs".into(), is_dir: true })
    );
    assert_eq!(
        w.rename("lib.rs", "src/main.rs"),
        Err(WorkspaceError::AlreadyExists { path: "src/main.rs".into(), is_dir: false })
    );
    assert_eq!(
        w.rename("docs", "lib.rs/docs"),
        Err(WorkspaceError::ParentIsFile { path: "lib.rs/docs".into(), parent: "lib.rs".into() })
    );
    assert_eq!(w.rename("nope", "x"), Err(WorkspaceError::NotFound { path: "nope".into() }));
    assert!(matches!(w.rename("lib.rs", "../lib.rs"), Err(WorkspaceError::InvalidPath { .. })));
    assert_eq!(w, before, "refused renames change nothing");
    // A sibling whose name starts with the folder's name is not inside it.
    assert_eq!(w.rename("src", "src2").map(|m| m.len()), Ok(2));
}

#[test]
fn delete_file_and_folder_recursively() {
    let mut w = ws(&["src/main.rs", "src/util/mod.rs", "srcx/keep.rs", "top.rs"]);
    w.create_dir("src/util/empty").unwrap();
    assert_eq!(w.delete("top.rs"), Ok(vec!["top.rs".into()]));
    assert_eq!(w.delete("src"), Ok(vec!["src/main.rs".into(), "src/util/mod.rs".into()]));
    assert_eq!(files(&w), ["srcx/keep.rs"]);
    assert_eq!(dirs(&w), ["srcx"]);
    assert_eq!(w.delete("src"), Err(WorkspaceError::NotFound { path: "src".into() }));
    assert!(matches!(w.delete(""), Err(WorkspaceError::InvalidPath { .. })));
    w.create_dir("empty").unwrap();
    assert_eq!(w.delete("empty/"), Ok(vec![]));
    assert!(!w.exists("empty"));
}

#[test]
fn tree_lists_folders_first_case_insensitively() {
    let mut w =
        ws(&["zeta.txt", "Alpha.txt", "beta.txt", "src/main.rs", "src/Lib.rs", "docs/b/x.md", "Cargo.toml"]);
    w.create_dir("Empty").unwrap();
    w.create_dir("src/bin").unwrap();
    let expected = [
        "docs/",
        "  b/",
        "    x.md",
        "Empty/",
        "src/",
        "  bin/",
        "  Lib.rs",
        "  main.rs",
        "Alpha.txt",
        "beta.txt",
        "Cargo.toml",
        "zeta.txt",
    ];
    assert_eq!(outline(&w.tree()), expected);
    let row = &w.tree()[2];
    assert_eq!(row, &TreeNode { path: "docs/b/x.md".into(), name: "x.md".into(), depth: 2, is_dir: false });
}

#[test]
fn tree_hides_children_of_collapsed_folders() {
    let w = ws(&["src/main.rs", "src/a/b.rs", "docs/x.md", "z.txt"]);
    let open = |dir: &str| dir == "src";
    assert_eq!(outline(&w.tree_expanded(open)), ["docs/", "src/", "  a/", "  main.rs", "z.txt"]);
    assert_eq!(outline(&w.tree_expanded(|_| false)), ["docs/", "src/", "z.txt"]);
    assert!(Workspace::new().tree().is_empty());
}

#[test]
fn unique_names_count_before_the_extension() {
    let mut w = ws(&["untitled.txt", "untitled-2.txt", "src/untitled.txt", ".gitignore", "Makefile"]);
    assert_eq!(w.unique_name("", "untitled.txt"), Ok("untitled-3.txt".into()));
    assert_eq!(w.unique_name("src", "untitled.txt"), Ok("src/untitled-2.txt".into()));
    assert_eq!(w.unique_name("src/", "new.rs"), Ok("src/new.rs".into()));
    assert_eq!(w.unique_name("", ".gitignore"), Ok(".gitignore-2".into()));
    assert_eq!(w.unique_name("", "Makefile"), Ok("Makefile-2".into()));
    w.create_dir("folder").unwrap();
    assert_eq!(w.unique_name("", "folder"), Ok("folder-2".into()), "folders count as taken too");
    assert_eq!(w.unique_name("nope", "a.txt"), Err(WorkspaceError::NotFound { path: "nope".into() }));
    assert_eq!(
        w.unique_name("Makefile", "a.txt"),
        Err(WorkspaceError::NotAFolder { path: "Makefile".into() })
    );
    assert!(matches!(w.unique_name("", "a/b"), Err(WorkspaceError::InvalidPath { .. })));
}

#[test]
fn import_adds_replaces_and_skips() {
    let mut w = ws(&["up/a.txt", "up/dir/x"]);
    let report = w
        .import(
            "up",
            vec![
                ("a.txt".to_owned(), b"replaced".to_vec()),
                ("new/b.txt".to_owned(), b"b".to_vec()),
                ("dir".to_owned(), b"clash".to_vec()),
                ("../escape".to_owned(), b"no".to_vec()),
            ],
        )
        .unwrap();
    assert_eq!(report.written, ["up/a.txt", "up/new/b.txt"]);
    assert_eq!(report.replaced, ["up/a.txt"]);
    let skipped: Vec<&str> = report.skipped.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(skipped, ["up/dir", "up/../escape"]);
    assert!(matches!(report.skipped[0].1, WorkspaceError::AlreadyExists { is_dir: true, .. }));
    assert_eq!(w.read("up/a.txt"), Some(&b"replaced"[..]));
    assert_eq!(w.import("missing", vec![]), Err(WorkspaceError::NotFound { path: "missing".into() }));
}

#[test]
fn errors_are_sentences_that_say_what_to_do() {
    let errors = [
        WorkspaceError::InvalidPath { path: "a/../b".into(), problem: PathProblem::Dot },
        WorkspaceError::AlreadyExists { path: "a".into(), is_dir: true },
        WorkspaceError::NotFound { path: "a".into() },
        WorkspaceError::ParentIsFile { path: "a/b".into(), parent: "a".into() },
        WorkspaceError::IsAFolder { path: "a".into() },
        WorkspaceError::NotAFolder { path: "a".into() },
        WorkspaceError::NotEditable { path: "a".into(), reason: NotEditable::TooLarge { size: 6 << 20 } },
        WorkspaceError::MoveIntoItself { from: "a".into(), to: "a/b".into() },
    ];
    for error in errors {
        let text = error.to_string();
        assert!(text.chars().next().is_some_and(|c| c.is_uppercase() || c == '"'), "{text}");
        assert!(text.ends_with('.'), "{text}");
    }
    assert_eq!(
        WorkspaceError::NotEditable { path: "big.log".into(), reason: NotEditable::TooLarge { size: 6 << 20 } }
            .to_string(),
        "\"big.log\" is not opened in the editor: it is 6.0 MiB, over the editor's 5.0 MiB limit; download it to open it in another program."
    );
}

#[test]
fn sample_project_loads() {
    let w = Workspace::sample();
    assert!(w.file_count() >= 6);
    for (path, _) in w.files() {
        assert!(w.text(path).is_ok(), "{path} should open in the editor");
    }
    assert!(w.is_file("src/invoice.rs") && w.is_file("README.md"));
}
