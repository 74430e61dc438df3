use super::*;
use crate::assist::marked::parse as focus;

fn file<'a>(path: &'a str, text: &'a str, edit_rank: Option<usize>) -> SourceFile<'a> {
    SourceFile { path, text, edit_rank }
}

fn paths(snippets: &[Snippet]) -> Vec<(&str, &str)> {
    snippets.iter().map(|s| (s.path.as_str(), s.text.lines().next().unwrap_or(""))).collect()
}

/// Lines of the chunks, as `first..end` line numbers.
fn spans(text: &str, target: usize) -> Vec<(usize, usize)> {
    chunks(text, target).iter().map(|c| (c.start_line, c.end_line)).collect()
}

#[test]
fn chunks_end_at_blank_lines_and_items_once_half_full() {
    let text = "fn a() {\n    one();\n}\nfn b() {\n    two();\n}\n\n\nfn c() {\n    three();\n}\n";
    // Half of 4 is 2 lines: `fn b` starts a chunk, the blank lines end one and belong to none.
    assert_eq!(spans(text, 4), [(0, 3), (3, 6), (8, 11)]);
    let c = chunks(text, 4)[1];
    assert_eq!(&text[c.start..c.end], "fn b() {\n    two();\n}\n");
    // Indented lines and closing brackets do not start an item.
    assert_eq!(spans("x\n  y\n  z\n}\n)\n]\n", 2), [(0, 3), (3, 6)]);
}

#[test]
fn chunks_are_cut_anywhere_at_half_again_the_target() {
    let text = "    x\n".repeat(25);
    assert_eq!(spans(&text, 10), [(0, 15), (15, 25)]);
    assert_eq!(spans("", 10), []);
    assert_eq!(spans("\n\n  \n", 10), []);
    assert_eq!(spans("last line without newline", 10), [(0, 1)]);
}

#[test]
fn identifiers_skip_keywords_short_names_and_numbers() {
    let ids =
        identifiers("pub fn parse_header(x: &str, größe: u8) -> Result<Header, Err2> { let y = 0x1f; }");
    let mut ids: Vec<_> = ids.into_iter().collect();
    ids.sort_unstable();
    assert_eq!(ids, ["Err2", "Header", "Result", "größe", "parse_header", "str", "u8"]);
}

#[test]
fn jaccard_is_shared_over_all() {
    let a = identifiers("alpha beta gamma");
    let b = identifiers("beta gamma delta epsilon");
    assert_eq!(jaccard(&a, &b), 2.0 / 5.0);
    assert_eq!(jaccard(&a, &a), 1.0);
    assert_eq!(jaccard(&HashSet::new(), &HashSet::new()), 0.0);
}

const ORDERS: &str = "\
fn total_price(order: &Order) -> Money {
    order.items.iter().map(|item| item.price * item.quantity).sum()
}
";
const USERS: &str = "\
fn user_name(user: &User) -> String {
    user.first_name.clone()
}
";

#[test]
fn the_chunk_sharing_the_cursors_names_wins() {
    let (text, cursor) = focus("fn discount(order: &Order) -> Money {\n    let base = order.items.ˇ");
    let files = [file("src/users.rs", USERS, None), file("src/orders.rs", ORDERS, None)];
    let got = select(&Focus { path: "src/main.rs", text: &text, cursor }, &files, &ContextOptions::default());
    assert_eq!(paths(&got), [("src/orders.rs", "fn total_price(order: &Order) -> Money {")]);
}

#[test]
fn equal_scores_go_by_path_then_position() {
    let (text, cursor) = focus("let a = alpha(beta);ˇ");
    let twin = "fn f() { alpha(); }\n\nfn g() { beta(); }\n";
    let files = [file("z.rs", twin, None), file("a.rs", "fn h() { alpha(); }\n", None)];
    let opts = ContextOptions { chunk_lines: 1, ..ContextOptions::default() };
    let got = select(&Focus { path: "m.rs", text: &text, cursor }, &files, &opts);
    assert_eq!(
        paths(&got),
        [("a.rs", "fn h() { alpha(); }"), ("z.rs", "fn f() { alpha(); }"), ("z.rs", "fn g() { beta(); }")]
    );
    let reversed = [files[1], files[0]];
    assert_eq!(select(&Focus { path: "m.rs", text: &text, cursor }, &reversed, &opts), got);
}

#[test]
fn recently_edited_files_come_before_files_only_open() {
    let (text, cursor) = focus("total_price(ˇ");
    // As similar as the original, and different enough not to count as a duplicate.
    let variant = ORDERS.replace("quantity", "count");
    let with_rank = |a, b| {
        let files = [file("a.rs", ORDERS, a), file("b.rs", &variant, b)];
        let got = select(&Focus { path: "m.rs", text: &text, cursor }, &files, &ContextOptions::default());
        got.iter().map(|s| s.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(with_rank(None, None), ["a.rs", "b.rs"]);
    assert_eq!(with_rank(None, Some(3)), ["b.rs", "a.rs"]);
    assert_eq!(with_rank(Some(1), Some(0)), ["b.rs", "a.rs"]);
    assert_eq!(with_rank(Some(0), Some(1)), ["a.rs", "b.rs"]);
}

#[test]
fn the_focused_files_far_parts_count_but_not_its_near_ones() {
    let mut text = String::from("fn helper_far(config: &Config) -> Limits {\n    config.limits\n}\n");
    text.extend((0..60).map(|i| format!("// note {i}\n")));
    text.push_str("fn helper_near(config: &Config) -> Limits {\n    config.limits\n}\n\n");
    text.push_str("fn main() {\n    let limits = helper(config");
    let cursor = text.len();
    text.push_str(");\n}\n");
    // An entry for the focused path is stale: the focus's own text is used instead.
    let files = [file("src/main.rs", "fn helper_stale(config: &Config) -> Limits {}\n", Some(0))];
    let got = select(&Focus { path: "src/main.rs", text: &text, cursor }, &files, &ContextOptions::default());
    assert_eq!(paths(&got), [("src/main.rs", "fn helper_far(config: &Config) -> Limits {")]);
}

#[test]
fn copies_of_the_code_at_the_cursor_and_duplicates_are_skipped() {
    let (text, cursor) = focus(&format!("{ORDERS}\nfn other(order: &Order) -> Money {{\n    total_price(ˇ"));
    let elsewhere = "fn total_cost(order: &Order) -> Money {\n    order.items.len()\n}\n";
    let files = [
        // The same file open under another name, unsaved: its code is already in the prompt.
        file("backup/main.rs", &text, Some(0)),
        file("a.rs", elsewhere, None),
        file("b.rs", elsewhere, None),
    ];
    let got = select(&Focus { path: "src/main.rs", text: &text, cursor }, &files, &ContextOptions::default());
    assert_eq!(paths(&got), [("a.rs", "fn total_cost(order: &Order) -> Money {")]);
}

#[test]
fn the_budget_skips_a_chunk_too_big_but_takes_smaller_ones_after_it() {
    let (text, cursor) = focus("alpha beta gammaˇ");
    let big = format!("fn big() {{ alpha(beta, gamma); }}\n{}", "// alpha beta gamma\n".repeat(5));
    let files = [file("a.rs", &big, Some(0)), file("b.rs", "fn b() { alpha(beta); }\n", None)];
    let opts = ContextOptions { budget_chars: 40, ..ContextOptions::default() };
    let got = select(&Focus { path: "m.rs", text: &text, cursor }, &files, &opts);
    assert_eq!(paths(&got), [("b.rs", "fn b() { alpha(beta); }")]);

    let opts = ContextOptions { max_snippets: 1, chunk_lines: 1, ..ContextOptions::default() };
    let two = "fn one() { alpha(); }\n\nfn two() { beta(); }\n";
    let got = select(&Focus { path: "m.rs", text: &text, cursor }, &[file("c.rs", two, None)], &opts);
    assert_eq!(got.len(), 1);
}

#[test]
fn nothing_to_go_on_gives_nothing() {
    let files = [file("a.rs", ORDERS, Some(0))];
    let (text, cursor) = focus("fn main() {\n    ˇ");
    assert_eq!(select(&Focus { path: "m.rs", text: &text, cursor }, &files, &ContextOptions::default()), []);
    let (text, cursor) = focus("unrelated_name(ˇ");
    assert_eq!(select(&Focus { path: "m.rs", text: &text, cursor }, &files, &ContextOptions::default()), []);
}

#[test]
fn huge_files_are_not_read() {
    let (text, cursor) = focus("total_price(ˇ");
    let opts = ContextOptions { max_file_bytes: ORDERS.len() - 1, ..ContextOptions::default() };
    assert_eq!(
        select(&Focus { path: "m.rs", text: &text, cursor }, &[file("a.rs", ORDERS, None)], &opts),
        []
    );
}

#[test]
fn a_cursor_past_the_end_is_clamped() {
    let files = [file("a.rs", ORDERS, None)];
    let got =
        select(&Focus { path: "m.rs", text: "total_price", cursor: 99 }, &files, &ContextOptions::default());
    assert_eq!(got.len(), 1);
}
