//! Each case is the document with the cursor marked (`ˇ`), what the model wrote, and the document
//! after accepting the suggestion, with the mark after the inserted text.

use super::*;
use crate::assist::marked;
use crate::editor::Language::{JavaScript, Plain, Python, Rust, TypeScript};

fn run_with(language: Language, marked: &str, raw: &str, options: Options) -> Result<Suggestion, Rule> {
    let (prefix, suffix) = marked::split(marked);
    postprocess(raw, &CursorContext::new(prefix, suffix, language, options))
}

#[track_caller]
fn check_with(language: Language, marked: &str, raw: &str, options: Options, want: &str, rule: Option<Rule>) {
    let got = run_with(language, marked, raw, options)
        .unwrap_or_else(|r| panic!("no suggestion ({r:?}) for {raw:?} at {marked:?}"));
    let (prefix, suffix) = marked::split(marked);
    let doc = format!("{prefix}{}{}{suffix}", got.text, marked::CURSOR);
    assert_eq!(doc, want, "raw {raw:?}");
    assert_eq!(got.truncated_by, rule, "rule for raw {raw:?}");
}

#[track_caller]
fn check(language: Language, marked: &str, raw: &str, want: &str, rule: Option<Rule>) {
    check_with(language, marked, raw, Options::default(), want, rule);
}

#[track_caller]
fn check_none(language: Language, marked: &str, raw: &str, rule: Rule) {
    assert_eq!(run_with(language, marked, raw, Options::default()), Err(rule), "raw {raw:?} at {marked:?}");
}

fn stops(language: Language, marked: &str, partial: &str, options: Options) -> bool {
    let (prefix, suffix) = marked::split(marked);
    should_stop(partial, &CursorContext::new(prefix, suffix, language, options))
}

// Rule a: repeating the text after the cursor.

#[test]
fn suffix_echo_from_the_issue_keeps_only_the_new_text() {
    // Both rule a (the line "}") and rule b (the ")") cut; b cut last.
    check(Rust, "fn main() {\n    foo(ˇ)\n}", "x)\n}", "fn main() {\n    foo(xˇ)\n}", Some(Rule::Brackets));
}

#[test]
fn a_line_equal_to_the_next_line_ends_the_suggestion() {
    check(
        Python,
        "def f(x):\n    ˇ\n    return x\n",
        "y = x + 1\n    return x\n",
        "def f(x):\n    y = x + 1ˇ\n    return x\n",
        Some(Rule::RepeatsSuffix),
    );
    check(
        JavaScript,
        "const s = ˇ;\nconsole.log(s);",
        "'hi';\nconsole.log(s);",
        "const s = 'hi'ˇ;\nconsole.log(s);",
        Some(Rule::RepeatsSuffix),
    );
}

#[test]
fn a_closing_line_of_the_completions_own_block_is_not_the_suffix() {
    // "    }" closes the completion's `if`; only the last "}" repeats the suffix.
    check(
        Rust,
        "fn a() {\n    ˇ\n}\n",
        "if x {\n        y();\n    }\n}",
        "fn a() {\n    if x {\n        y();\n    }ˇ\n}\n",
        Some(Rule::RepeatsSuffix),
    );
}

#[test]
fn the_end_that_repeats_the_start_of_the_suffix_goes() {
    check(Rust, "let x = ˇ;\nlet y = 2;", "42;", "let x = 42ˇ;\nlet y = 2;", Some(Rule::RepeatsSuffix));
    check(Python, "print('helloˇ')\n", " world')", "print('hello worldˇ')\n", Some(Rule::RepeatsSuffix));
}

#[test]
fn a_completion_that_only_repeats_the_suffix_is_nothing() {
    check_none(TypeScript, "const a = 1;ˇ\nconst b = 2;\n", "\nconst b = 2;", Rule::RepeatsSuffix);
}

#[test]
fn a_closer_the_completion_opened_is_not_a_repeat() {
    check(Rust, "foo(ˇ)", "a(b)", "foo(a(b)ˇ)", None);
}

#[test]
fn a_word_ending_like_the_suffix_starts_is_kept() {
    // "e" is not the start of "else_value": the match must end between tokens.
    check(Python, "value = ˇelse_value\n", "default_or_e", "value = default_or_eˇelse_value\n", None);
}

// Rule b: brackets.

#[test]
fn a_closer_the_suffix_provides_is_dropped() {
    check(JavaScript, "call(ˇ)\nnext();", "a, b);", "call(a, bˇ)\nnext();", Some(Rule::Brackets));
    check(Python, "print(ˇ)\n", "'hi')", "print('hi'ˇ)\n", Some(Rule::Brackets));
}

#[test]
fn a_closer_for_a_bracket_the_suffix_leaves_open_is_kept() {
    check(Rust, "let v = foo(ˇ\nlet w = 1;", "a, b);", "let v = foo(a, b);ˇ\nlet w = 1;", None);
}

#[test]
fn a_closer_of_the_wrong_kind_ends_it() {
    check(Python, "xs = [ˇ", "1, 2)", "xs = [1, 2ˇ", Some(Rule::Brackets));
    check(TypeScript, "f(ˇ)", "[1, 2), 3]", "f([1, 2ˇ)", Some(Rule::Brackets));
}

#[test]
fn brackets_in_strings_and_comments_do_not_count() {
    // Counting the "(" inside the string would pair it with the final ")" and keep it.
    check(Python, "print(ˇ)\n", "\"(\", x)", "print(\"(\", xˇ)\n", Some(Rule::Brackets));
    check(JavaScript, "log(ˇ)", "'a)', b)", "log('a)', bˇ)", Some(Rule::Brackets));
    check(Rust, "foo(ˇ)", "a /* ) */, b)", "foo(a /* ) */, bˇ)", Some(Rule::Brackets));
    check(Rust, "push(ˇ);", "'(')", "push('('ˇ);", Some(Rule::Brackets));
}

#[test]
fn rust_lifetimes_are_not_character_literals() {
    check(Rust, "fn f(ˇ)", "x: &'a str)", "fn f(x: &'a strˇ)", Some(Rule::Brackets));
}

// Rule c: leaving the cursor's block.

#[test]
fn a_line_indented_less_than_the_block_ends_it() {
    check(
        Python,
        "def f(x):\n    if x:\n        ˇ\n",
        "return 1\n    return 2\nprint(f(3))",
        "def f(x):\n    if x:\n        return 1ˇ\n",
        Some(Rule::LeavesBlock),
    );
}

#[test]
fn after_a_block_opener_the_block_is_one_level_deeper() {
    check(
        Python,
        "def f():ˇ",
        "\n    return 1\n\ndef g():\n    pass",
        "def f():\n    return 1ˇ",
        Some(Rule::LeavesBlock),
    );
    // No closer after the cursor, so the completion's "}" may close the prefix's block, but the
    // next function is past it.
    check(
        Rust,
        "fn a() {ˇ",
        "\n    x();\n}\n\nfn b() {}\n",
        "fn a() {\n    x();\n}ˇ",
        Some(Rule::LeavesBlock),
    );
}

#[test]
fn closing_a_block_the_completion_opened_stays() {
    check(
        JavaScript,
        "function f() {\n  ˇ\n}",
        "if (x) {\n    y();\n  }\n  z();",
        "function f() {\n  if (x) {\n    y();\n  }\n  z();ˇ\n}",
        None,
    );
}

#[test]
fn lines_inside_a_string_may_sit_at_any_column() {
    check(
        Python,
        "def f():\n    ˇ",
        "\"\"\"Docs.\n\nMore at column 0.\n\"\"\"\n    return 1",
        "def f():\n    \"\"\"Docs.\n\nMore at column 0.\n\"\"\"\n    return 1ˇ",
        None,
    );
}

// Rule d: repeated lines.

#[test]
fn a_line_equal_to_the_one_before_ends_it() {
    check(
        Rust,
        "fn main() {\n    ˇ\n}",
        "println!(\"hi\");\n    println!(\"hi\");\n    println!(\"hi\");",
        "fn main() {\n    println!(\"hi\");ˇ\n}",
        Some(Rule::Repeats),
    );
    // The cursor's own line counts as the line before.
    check_none(Rust, "    let a = 1;ˇ", "\n    let a = 1;", Rule::Repeats);
}

#[test]
fn echoing_the_lines_above_is_nothing() {
    check_none(Python, "a = 1\nb = 2\nˇ", "a = 1\nb = 2\n", Rule::Repeats);
    check_none(JavaScript, "f(1);\ng(2);\nˇ", "g(2);\n\nf(1);", Rule::Repeats);
}

#[test]
fn repeating_some_lines_or_only_closers_is_not_an_echo() {
    check(Python, "a = 1\nˇ", "a = 1\nb = 2", "a = 1\na = 1\nb = 2ˇ", None);
    check(
        JavaScript,
        "if (a) {\n  if (b) {\n    f();\n  ˇ",
        "}\n}",
        "if (a) {\n  if (b) {\n    f();\n  }\n}ˇ",
        None,
    );
}

#[test]
fn whitespace_only_trailing_lines_go_silently() {
    check(TypeScript, "const x = ˇ", "1;\n\n   \n", "const x = 1;ˇ", None);
}

// Rule e: inside a comment or a string.

#[test]
fn in_a_comment_only_one_line() {
    check(
        Rust,
        "// Adds two numbers ˇ\nfn add() {}",
        "and returns the sum.\nfn add(a: i32) {}",
        "// Adds two numbers and returns the sum.ˇ\nfn add() {}",
        Some(Rule::CommentOrString),
    );
    check(Python, "x = 1  # the ˇ", "count\ny = 2", "x = 1  # the countˇ", Some(Rule::CommentOrString));
    check(
        Rust,
        "/* Note: ˇ */",
        "this is slow\n   and more",
        "/* Note: this is slowˇ */",
        Some(Rule::CommentOrString),
    );
}

#[test]
fn in_a_string_only_one_line() {
    check(
        JavaScript,
        "const s = 'hello ˇ",
        "world';\nconst t = 1;",
        "const s = 'hello world';ˇ",
        Some(Rule::CommentOrString),
    );
    check(
        Python,
        "def f():\n    \"\"\"Return ˇ",
        "the answer.\n    \"\"\"\n    return 42",
        "def f():\n    \"\"\"Return the answer.ˇ",
        Some(Rule::CommentOrString),
    );
}

#[test]
fn asking_for_more_lifts_the_one_line_limit() {
    let options = Options { multiline: true, ..Options::default() };
    check_with(
        Python,
        "def f():\n    \"\"\"ˇ",
        "Return the answer.\n\n    Always 42.\n    \"\"\"",
        options,
        "def f():\n    \"\"\"Return the answer.\n\n    Always 42.\n    \"\"\"ˇ",
        None,
    );
}

#[test]
fn comments_and_strings_are_found_per_language() {
    let cases = [
        (Rust, "// xˇ", true),
        (Rust, "let s = \"a//b\"; ˇ", false),
        (Rust, "/* a /* b */ ˇ", true),
        (JavaScript, "/* a /* b */ ˇ", false),
        (Rust, "let r = r#\"a\"b\"#; ˇ", false),
        (Rust, "let r = r#\"a\"bˇ", true),
        (Rust, "let c = '\"'; ˇ", false),
        (Rust, "let c = '\\''; ˇ", false),
        (Rust, "fn f<'a>(x: &'a str) { ˇ", false),
        (Rust, "#[derive(Debug)]\nˇ", false),
        (Rust, "let s = \"line one\nline twoˇ", true),
        (Python, "x = '''docˇ", true),
        (Python, "x = 'a' # ˇ", true),
        (Python, "s = 'itˇ", true),
        (Python, "s = 'it'\nˇ", false),
        (Python, "s = \"a\\\"bˇ", true),
        (Python, "s = '#'\nˇ", false),
        (JavaScript, "const t = `a\nbˇ", true),
        (JavaScript, "const s = 'a\nˇ", false),
        (TypeScript, "let n: number = 1; // ˇ", true),
        (Plain, "# heading ˇ", false),
        (Plain, "\"quoted ˇ", false),
    ];
    for (language, marked, want) in cases {
        let (prefix, suffix) = marked::split(marked);
        let ctx = CursorContext::new(prefix, suffix, language, Options::default());
        assert_eq!(ctx.in_comment_or_string(), want, "{language:?} {marked:?}");
    }
}

#[test]
fn outside_comments_and_strings_many_lines_are_fine() {
    check(
        Rust,
        "let url = \"http://x\";\nˇ",
        "let y = 1;\nlet z = 2;",
        "let url = \"http://x\";\nlet y = 1;\nlet z = 2;ˇ",
        None,
    );
    check(JavaScript, "/* a */ ˇ", "f();\ng();", "/* a */ f();\ng();ˇ", None);
    check(Plain, "// not code ˇ", "a\nb", "// not code a\nbˇ", None);
}

// Rule f: at most so many lines.

#[test]
fn at_most_max_lines() {
    let raw: Vec<String> = (1..=10).map(|i| i.to_string()).collect();
    check(Plain, "ˇ", &raw.join("\n"), "1\n2\n3\n4\n5\n6\n7\n8ˇ", Some(Rule::MaxLines));
    let two = Options { max_lines: 2, ..Options::default() };
    check_with(JavaScript, "ˇ", "a();\nb();\nc();", two, "a();\nb();ˇ", Some(Rule::MaxLines));
}

#[test]
fn a_leading_line_break_is_not_a_line() {
    let two = Options { max_lines: 2, ..Options::default() };
    check_with(
        Python,
        "def f():ˇ",
        "\n    a = 1\n    b = 2\n    c = 3",
        two,
        "def f():\n    a = 1\n    b = 2ˇ",
        Some(Rule::MaxLines),
    );
}

// Rule g: whitespace.

#[test]
fn nothing_but_whitespace_is_nothing() {
    check_none(Rust, "ˇ", "  \n\t\n", Rule::Empty);
    check_none(Rust, "ˇ", "", Rule::Empty);
}

#[test]
fn a_leading_line_break_stays() {
    check(Rust, "fn a() {ˇ\n}", "\n    1\n", "fn a() {\n    1ˇ\n}", None);
}

#[test]
fn trailing_spaces_go_unless_a_word_follows() {
    check(Rust, "let x = ˇ;", "42 ", "let x = 42ˇ;", None);
    check(Python, "if ˇx:", "not ", "if not ˇx:", None);
}

#[test]
fn windows_line_breaks_become_unix_ones() {
    check(JavaScript, "ˇ", "a();\r\nb();\r\n", "a();\nb();ˇ", None);
}

#[test]
fn non_ascii_text_is_cut_on_character_boundaries() {
    check(Rust, "let c = ˇ;", "'中';", "let c = '中'ˇ;", Some(Rule::RepeatsSuffix));
    check(JavaScript, "// ✓ ˇ", "done ✓\nnext();", "// ✓ done ✓ˇ", Some(Rule::CommentOrString));
    check(Python, "s = (ˇ)", "'größe 🦀')", "s = ('größe 🦀'ˇ)", Some(Rule::Brackets));
}

// Stopping the generator early.

#[test]
fn stops_after_the_first_line_in_a_comment() {
    let o = Options::default();
    assert!(!stops(Rust, "// sum ˇ", "of two", o));
    assert!(stops(Rust, "// sum ˇ", "of two\n", o));
    assert!(!stops(Rust, "// sum ˇ", "of two\n", Options { multiline: true, ..o }));
}

#[test]
fn stops_once_the_last_line_allowed_is_finished() {
    let two = Options { max_lines: 2, ..Options::default() };
    assert!(!stops(Plain, "ˇ", "a\nb", two));
    assert!(stops(Plain, "ˇ", "a\nb\n", two));
}

#[test]
fn stops_on_a_finished_line_that_a_rule_cuts() {
    let o = Options::default();
    // Leaving the block: only once the line is finished.
    assert!(!stops(Python, "def f():\n    ˇ", "return 1\nprint(2)", o));
    assert!(stops(Python, "def f():\n    ˇ", "return 1\nprint(2)\n", o));
    // A closer the suffix provides.
    assert!(!stops(Rust, "foo(ˇ)", "x)", o));
    assert!(stops(Rust, "foo(ˇ)", "x);\n", o));
    // Nothing to cut yet.
    assert!(!stops(Rust, "fn a() {\n    ˇ\n}", "if x {\n        y();\n", o));
}

#[test]
fn stopping_early_never_changes_the_suggestion() {
    let cases = [
        (Rust, "fn main() {\n    foo(ˇ)\n}", "x)\n}\n\nfn other() {}\n"),
        (Python, "def f(x):\n    if x:\n        ˇ\n", "return 1\n    return 2\nprint(f(3))\n"),
        (Python, "def f(x):\n    ˇ\n    return x\n", "y = x + 1\n    return x\n\ndef g():\n    pass\n"),
        (Rust, "// Adds ˇ\nfn add() {}", "two numbers.\nfn add(a: i32) {}\n"),
        (Rust, "fn main() {\n    ˇ\n}", "println!(\"hi\");\n    println!(\"hi\");\n    println!(\"hi\");\n"),
        (JavaScript, "call(ˇ)\nnext();", "a, b);\nnext();\n"),
        (Plain, "ˇ", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"),
        (Rust, "fn a() {ˇ", "\n    x();\n}\n\nfn b() {}\n\nfn c() {}\n"),
        (JavaScript, "function f() {\n  ˇ\n}", "if (x) {\n    y();\n  }\n  z();\n}\n\nfunction g() {}\n"),
    ];
    let mut early = 0;
    for (language, marked, raw) in cases {
        let (prefix, suffix) = marked::split(marked);
        let ctx = CursorContext::new(prefix, suffix, language, Options::default());
        // The text only: when nothing is left, the rule named may differ.
        let whole = postprocess(raw, &ctx).ok().map(|s| s.text);
        let stop = raw.char_indices().map(|(i, _)| i).find(|&i| should_stop(&raw[..i], &ctx));
        if let Some(at) = stop {
            early += 1;
            let partial = postprocess(&raw[..at], &ctx).ok().map(|s| s.text);
            assert_eq!(partial, whole, "stopped at {at} in {raw:?}");
        }
    }
    // Every case has text after its cut, so the generator should never have to run to the end.
    assert_eq!(early, cases.len(), "cases that stopped early");
}
