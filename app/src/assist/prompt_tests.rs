use super::*;
use crate::assist::marked;

/// One token per character: budgets in tests read as character counts.
fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Roughly what a BPE vocabulary gives for code.
fn quarter_chars(s: &str) -> usize {
    s.chars().count().div_ceil(4)
}

/// The input for marked text (`ˇ` is the cursor) in `path`, with snippets as `(path, text)`.
fn input(path: &str, text: &str, snippets: &[(&str, &str)]) -> PromptInput {
    let (prefix, suffix) = marked::split(text);
    PromptInput {
        repo: "marble".into(),
        path: path.into(),
        language: Language::from_path(path),
        prefix: prefix.into(),
        suffix: suffix.into(),
        snippets: snippets.iter().map(|(p, t)| Snippet { path: (*p).into(), text: (*t).into() }).collect(),
    }
}

fn vocab<'a>(tokens: &'a [&'a str]) -> impl Fn(&str) -> bool + 'a {
    move |t| tokens.contains(&t)
}

const QWEN: &[&str] = &[
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|fim_prefix|>",
    "<|fim_middle|>",
    "<|fim_suffix|>",
    "<|fim_pad|>",
    "<|repo_name|>",
    "<|file_sep|>",
];
const STARCODER2: &[&str] = &[
    "<|endoftext|>",
    "<fim_prefix>",
    "<fim_middle>",
    "<fim_suffix>",
    "<fim_pad>",
    "<repo_name>",
    "<file_sep>",
];
const STARCODER1: &[&str] = &[
    "<|endoftext|>",
    "<fim_prefix>",
    "<fim_middle>",
    "<fim_suffix>",
    "<fim_pad>",
    "<filename>",
    "<reponame>",
];
const DEEPSEEK: &[&str] = &[
    "<｜begin▁of▁sentence｜>",
    "<｜end▁of▁sentence｜>",
    "<｜fim▁hole｜>",
    "<｜fim▁begin｜>",
    "<｜fim▁end｜>",
];
const CODELLAMA: &[&str] = &["<s>", "</s>", "▁<PRE>", "▁<MID>", "▁<SUF>", "▁<EOT>"];
const CODELLAMA_PLAIN: &[&str] = &["<s>", "</s>", "<PRE>", "<MID>", "<SUF>", "<EOT>"];
/// SmolLM2 has StarCoder2's repository markers but no FIM markers.
const SMOLLM2: &[&str] =
    &["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<repo_name>", "<file_sep>", "<filename>"];

const FILE: &str = "use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    aˇ\n}\n";
const MATH: (&str, &str) = ("src/math.rs", "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n");

fn snapshot(tokens: &[&str]) -> BuiltPrompt {
    let format = PromptFormat::detect(vocab(tokens));
    build_prompt(&input("src/lib.rs", FILE, &[MATH]), &format, &chars, 10_000)
}

/// The prompt's text with `|` where the stable part ends.
fn with_stable_mark(p: &BuiltPrompt) -> String {
    format!("{}|{}", &p.text[..p.stable_len], &p.text[p.stable_len..])
}

#[test]
fn qwen_coder_snapshot() {
    let want = concat!(
        "<|repo_name|>marble\n",
        "<|file_sep|>src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n",
        "<|file_sep|>src/lib.rs\n",
        "<|fim_prefix|>|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        "<|fim_suffix|>\n}\n<|fim_middle|>",
    );
    assert_eq!(with_stable_mark(&snapshot(QWEN)), want);
}

#[test]
fn starcoder2_snapshot() {
    let want = concat!(
        "<repo_name>marble",
        "<file_sep>src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n",
        "<file_sep><fim_prefix>src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        "<fim_suffix>\n}\n<fim_middle>",
    );
    assert_eq!(with_stable_mark(&snapshot(STARCODER2)), want);
}

#[test]
fn starcoder1_snapshot_uses_path_comments() {
    let want = concat!(
        "<fim_prefix>",
        "// Path: src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n",
        "// Path: src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        "<fim_suffix>\n}\n<fim_middle>",
    );
    assert_eq!(with_stable_mark(&snapshot(STARCODER1)), want);
}

#[test]
fn deepseek_coder_snapshot() {
    let want = concat!(
        "<｜fim▁begin｜>",
        "// Path: src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n",
        "// Path: src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        "<｜fim▁hole｜>\n}\n<｜fim▁end｜>",
    );
    assert_eq!(with_stable_mark(&snapshot(DEEPSEEK)), want);
}

#[test]
fn codellama_snapshot_spells_spaces_like_sentencepiece() {
    let want = concat!(
        "▁<PRE> ",
        "// Path: src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n",
        "// Path: src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        "▁<SUF>\n}\n▁<MID>",
    );
    assert_eq!(with_stable_mark(&snapshot(CODELLAMA)), want);
}

#[test]
fn codellama_snapshot_with_plain_markers_adds_the_spaces() {
    let want = concat!(
        "<PRE> ",
        "// Path: src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n",
        "// Path: src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
        " <SUF>\n}\n <MID>",
    );
    assert_eq!(with_stable_mark(&snapshot(CODELLAMA_PLAIN)), want);
}

#[test]
fn continuation_snapshot_leaves_the_suffix_out() {
    let want = concat!(
        "// Path: src/math.rs\n",
        "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n",
        "// Path: src/lib.rs\n",
        "|use crate::math::sub;\n\nfn add(a: i32, b: i32) -> i32 {\n    a",
    );
    let p = snapshot(SMOLLM2);
    assert_eq!(with_stable_mark(&p), want);
    assert_eq!((p.parts.suffix_end, p.parts.suffix_tokens), (0, 0));
}

#[test]
fn python_gets_hash_comments_and_snippets_their_own() {
    let req = input(
        "app.py",
        "def main():\n    ˇ\n",
        &[("lib.rs", "fn helper() {}\n"), ("util.py", "def helper():\n    pass")],
    );
    let p = build_prompt(&req, &PromptFormat::Continue, &chars, 10_000);
    let want = concat!(
        "// Path: lib.rs\nfn helper() {}\n\n",
        "# Path: util.py\ndef helper():\n    pass\n\n",
        "# Path: app.py\n",
        "|def main():\n    ",
    );
    assert_eq!(with_stable_mark(&p), want);
}

#[test]
fn qwen_without_repo_name_or_snippets() {
    let mut req = input("main.py", "print(ˇ)", &[]);
    req.repo.clear();
    let format = PromptFormat::detect(vocab(QWEN));
    let p = build_prompt(&req, &format, &chars, 10_000);
    assert_eq!(
        with_stable_mark(&p),
        "<|file_sep|>main.py\n<|fim_prefix|>|print(<|fim_suffix|>)<|fim_middle|>"
    );
}

#[test]
fn detects_each_family_by_its_markers() {
    let family = |tokens| match PromptFormat::detect(vocab(tokens)) {
        PromptFormat::Fim(t) => Some((t.family, t.file_sep.is_some(), t.repo_name.is_some())),
        PromptFormat::Continue => None,
    };
    assert_eq!(family(QWEN), Some((FimFamily::QwenCoder, true, true)));
    assert_eq!(family(STARCODER2), Some((FimFamily::StarCoder, true, true)));
    assert_eq!(family(STARCODER1), Some((FimFamily::StarCoder, false, false)));
    assert_eq!(family(DEEPSEEK), Some((FimFamily::DeepSeekCoder, false, false)));
    assert_eq!(family(CODELLAMA), Some((FimFamily::CodeLlama, false, false)));
    assert_eq!(family(CODELLAMA_PLAIN), Some((FimFamily::CodeLlama, false, false)));
    assert_eq!(family(SMOLLM2), None);
    assert_eq!(family(&[]), None);
    // Two markers of three are not a FIM model.
    assert_eq!(family(&["<|fim_prefix|>", "<|fim_suffix|>"]), None);
}

#[test]
fn stops_hold_markers_and_end_texts_the_vocabulary_has() {
    let stops = |tokens| PromptFormat::detect(vocab(tokens)).stops();
    assert_eq!(
        stops(QWEN),
        [
            "<|fim_prefix|>",
            "<|fim_suffix|>",
            "<|fim_middle|>",
            "<|file_sep|>",
            "<|repo_name|>",
            "<|endoftext|>",
            "<|fim_pad|>",
            "<|im_start|>",
            "<|im_end|>"
        ]
    );
    assert_eq!(
        stops(STARCODER2),
        [
            "<fim_prefix>",
            "<fim_suffix>",
            "<fim_middle>",
            "<file_sep>",
            "<repo_name>",
            "<|endoftext|>",
            "<fim_pad>"
        ]
    );
    assert_eq!(
        stops(DEEPSEEK),
        ["<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<｜end▁of▁sentence｜>"]
    );
    assert_eq!(stops(CODELLAMA), ["▁<PRE>", "▁<SUF>", "▁<MID>", "▁<EOT>", "</s>"]);
    assert_eq!(stops(CODELLAMA_PLAIN), ["<PRE>", "<SUF>", "<MID>", "<EOT>", "</s>"]);
    assert_eq!(stops(SMOLLM2), ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]);
}

#[test]
fn gguf_ids_are_read_with_the_older_keys_as_fallback() {
    let meta = |pairs: &'static [(&'static str, u64)]| {
        move |k: &str| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v)
    };
    let ids = FimTokenIds::from_metadata(meta(&[
        ("tokenizer.ggml.fim_pre_token_id", 1),
        ("tokenizer.ggml.suffix_token_id", 2),
        ("tokenizer.ggml.fim_mid_token_id", 3),
        ("tokenizer.ggml.middle_token_id", 99),
        ("tokenizer.ggml.fim_sep_token_id", 5),
        ("tokenizer.ggml.fim_pad_token_id", u64::MAX),
    ]));
    assert_eq!(
        ids,
        FimTokenIds { pre: Some(1), suf: Some(2), mid: Some(3), pad: None, rep: None, sep: Some(5) }
    );
}

#[test]
fn gguf_ids_name_markers_no_family_spells() {
    let texts = ["<|code_prefix|>", "<|code_suffix|>", "<|code_middle|>", "<|fsep|>"];
    let ids =
        FimTokenIds { pre: Some(0), suf: Some(1), mid: Some(2), sep: Some(3), ..FimTokenIds::default() };
    let format = PromptFormat::detect_with_ids(&ids, |id| texts[id as usize].to_string(), vocab(&texts));
    let PromptFormat::Fim(t) = &format else { panic!("expected FIM, got {format:?}") };
    assert_eq!(t.family, FimFamily::Other);
    let p = build_prompt(&input("a.rs", "xˇy", &[("b.rs", "z\n")]), &format, &chars, 10_000);
    assert_eq!(
        with_stable_mark(&p),
        "<|fsep|>b.rs\nz\n<|fsep|>a.rs\n<|code_prefix|>|x<|code_suffix|>y<|code_middle|>"
    );
}

#[test]
fn gguf_ids_of_a_known_family_keep_its_layout_and_markers() {
    let id_of = |t: &str| QWEN.iter().position(|q| *q == t).map(|i| i as u32);
    let ids = FimTokenIds {
        pre: id_of("<|fim_prefix|>"),
        suf: id_of("<|fim_suffix|>"),
        mid: id_of("<|fim_middle|>"),
        pad: id_of("<|fim_pad|>"),
        ..FimTokenIds::default()
    };
    let format = PromptFormat::detect_with_ids(&ids, |id| QWEN[id as usize].to_string(), vocab(QWEN));
    assert_eq!(format, PromptFormat::detect(vocab(QWEN)));
}

#[test]
fn incomplete_gguf_ids_fall_back_to_the_vocabulary() {
    let ids = FimTokenIds { pre: Some(0), ..FimTokenIds::default() };
    let format = PromptFormat::detect_with_ids(&ids, |_| "<fim_prefix>".into(), vocab(STARCODER2));
    assert_eq!(format, PromptFormat::detect(vocab(STARCODER2)));
    let none = PromptFormat::detect_with_ids(&FimTokenIds::default(), |_| String::new(), vocab(SMOLLM2));
    assert_eq!(none, PromptFormat::Continue);
}

/// A file of `n` numbered lines with the cursor at the end of line `at`.
fn numbered(n: usize, at: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("line {i:02}"));
        if i == at {
            s.push(marked::CURSOR);
        }
        s.push('\n');
    }
    s
}

#[test]
fn prefix_loses_lines_from_the_top_and_suffix_from_the_bottom() {
    let format = PromptFormat::detect(vocab(QWEN));
    let req = input("a.txt", &numbered(20, 9), &[]);
    let template =
        chars("<|repo_name|>marble\n<|file_sep|>a.txt\n<|fim_prefix|><|fim_suffix|><|fim_middle|>");
    // Each line is 8 characters; room for 6 lines: the suffix gets its quarter (1 line, 8 of 12
    // characters), then the prefix the rest (4 lines plus the current line's 7 characters).
    let p = build_prompt(&req, &format, &chars, template + 48);
    let want = concat!(
        "<|repo_name|>marble\n<|file_sep|>a.txt\n<|fim_prefix|>",
        "line 05\nline 06\nline 07\nline 08\nline 09",
        "<|fim_suffix|>\nline 10\n<|fim_middle|>",
    );
    assert_eq!(p.text, want);
    assert_eq!(p.parts.total_tokens, chars(want));
    assert!(p.parts.total_tokens <= template + 48);
    assert_eq!(&req.prefix[p.parts.prefix_start..], "line 05\nline 06\nline 07\nline 08\nline 09");
    assert_eq!(&req.suffix[..p.parts.suffix_end], "\nline 10\n");
}

#[test]
fn a_short_prefix_leaves_its_room_to_the_suffix() {
    let format = PromptFormat::detect(vocab(QWEN));
    let req = input("a.txt", &numbered(20, 0), &[]);
    let template =
        chars("<|repo_name|>marble\n<|file_sep|>a.txt\n<|fim_prefix|><|fim_suffix|><|fim_middle|>");
    let p = build_prompt(&req, &format, &chars, template + 48);
    assert_eq!(&req.prefix[p.parts.prefix_start..], "line 00");
    assert_eq!(&req.suffix[..p.parts.suffix_end], "\nline 01\nline 02\nline 03\nline 04\nline 05\n");
}

#[test]
fn snippets_get_what_the_cursor_region_leaves_and_the_last_go_first() {
    let format = PromptFormat::Continue;
    let snippets = [("a.py", "aaaaaaaaa\n"), ("b.py", "bbbbbbbbb\n"), ("c.py", "ccccccccc\n")];
    // Each snippet renders as "# Path: x.py\n" (13) + 10 + 1 = 24 characters.
    let req = input("m.py", &format!("{}ˇ", "x".repeat(20)), &snippets);
    let header = chars("# Path: m.py\n");
    let p = build_prompt(&req, &format, &chars, header + 20 + 48);
    assert_eq!((p.parts.snippets_used, p.parts.snippets_dropped, p.parts.snippet_tokens), (2, 1, 48));
    assert!(p.text.starts_with("# Path: a.py\naaaaaaaaa\n\n# Path: b.py\nbbbbbbbbb\n\n# Path: m.py\n"));
    assert_eq!(p.parts.prefix_start, 0);

    // A long file keeps three quarters for itself: only the first snippet fits in the quarter left.
    let long = input("m.py", &format!("{}ˇ", "x\n".repeat(200)), &snippets);
    let p = build_prompt(&long, &format, &chars, header + 100);
    assert_eq!((p.parts.snippets_used, p.parts.snippets_dropped), (1, 2));
    assert_eq!(p.parts.total_tokens, header + 24 + 76);
}

#[test]
fn the_stable_part_does_not_move_with_the_cursor() {
    let format = PromptFormat::detect(vocab(QWEN));
    let file = numbered(400, 0).replace(marked::CURSOR, "");
    let snippets = [MATH, ("src/other.rs", "fn other() {}\n")];
    let at = |line: usize| {
        let cut = file.match_indices('\n').nth(line).map(|(i, _)| i).unwrap_or(0);
        build_prompt(&input("a.rs", &marked::mark(&file, cut), &snippets), &format, &quarter_chars, 600)
    };
    let (early, late) = (at(200), at(260));
    assert_eq!(early.parts.snippets_used, 2);
    assert_eq!(&early.text[..early.stable_len], &late.text[..late.stable_len]);
    assert!(early.text[..early.stable_len].ends_with("<|fim_prefix|>"));
    assert_ne!(early.text, late.text);
}

#[test]
fn every_budget_is_kept_by_every_format() {
    let req = input("src/lib.rs", FILE, &[MATH, ("src/b.rs", "fn b() {}\n")]);
    let formats: Vec<PromptFormat> = [QWEN, STARCODER2, STARCODER1, DEEPSEEK, CODELLAMA, SMOLLM2]
        .iter()
        .map(|v| PromptFormat::detect(vocab(v)))
        .collect();
    for format in &formats {
        let bare =
            PromptInput { prefix: String::new(), suffix: String::new(), snippets: vec![], ..req.clone() };
        let template = build_prompt(&bare, format, &chars, 0).parts.total_tokens;
        for budget in template..template + 200 {
            for count in [&chars as &dyn Fn(&str) -> usize, &quarter_chars] {
                let p = build_prompt(&req, format, count, budget);
                assert!(p.parts.total_tokens <= budget, "{format:?} at {budget}: {}", p.parts.total_tokens);
                assert_eq!(p.parts.total_tokens, count(&p.text));
                assert!(p.text[p.stable_len..].starts_with(&req.prefix[p.parts.prefix_start..]));
            }
        }
    }
}

#[test]
fn a_line_too_long_for_the_room_is_cut_at_a_character() {
    let req = input("a.rs", "first\nlet s = \"ĥéllo wörld\";ˇ\nlast line\n", &[]);
    let header = chars("// Path: a.rs\n");
    let p = build_prompt(&req, &PromptFormat::Continue, &chars, header + 10);
    assert_eq!(&p.text[p.stable_len..], "lo wörld\";");
    assert_eq!(p.parts.total_tokens, header + 10);

    let fim = PromptFormat::detect(vocab(STARCODER1));
    let req = input("a.rs", "xˇ ĥéllo wörld", &[]);
    let template = chars("<fim_prefix>// Path: a.rs\n<fim_suffix><fim_middle>");
    let p = build_prompt(&req, &fim, &chars, template + 5);
    assert_eq!(&req.suffix[..p.parts.suffix_end], " ĥél");
    assert_eq!(p.parts.prefix_start, 0);
}

#[test]
fn a_budget_below_the_template_leaves_only_the_template() {
    let format = PromptFormat::detect(vocab(DEEPSEEK));
    let p = build_prompt(&input("a.rs", FILE, &[MATH]), &format, &chars, 3);
    assert_eq!(p.text, "<｜fim▁begin｜>// Path: a.rs\n<｜fim▁hole｜><｜fim▁end｜>");
    assert_eq!((p.parts.snippets_used, p.parts.snippets_dropped), (0, 1));
}

#[test]
fn lines_that_merge_when_joined_are_trimmed_until_the_whole_fits() {
    // A tokenizer that charges 5 extra for every blank line run that spans a line break, which
    // counting line by line cannot see.
    let merging = |s: &str| chars(s) + 5 * s.matches("\n\n").count();
    let req = input("a.txt", "a\n\nb\n\nc\n\ndˇ", &[]);
    let header = chars("# Path: a.txt\n");
    let p = build_prompt(&req, &PromptFormat::Continue, &merging, header + 12);
    assert!(p.parts.total_tokens <= header + 12, "{}", p.parts.total_tokens);
    assert_eq!(&p.text[p.stable_len..], "c\n\nd");
    assert_eq!(p.parts.prefix_tokens, merging("c\n\nd"));

    // The cursor's own line goes last: after the prefix's other lines, the suffix's.
    let fim = PromptFormat::detect(vocab(STARCODER1));
    let req = input("a.txt", "a\n\nbˇ\n\nc\n\nd", &[]);
    let template = chars("<fim_prefix># Path: a.txt\n<fim_suffix><fim_middle>");
    let p = build_prompt(&req, &fim, &merging, template + 8);
    assert!(p.parts.total_tokens <= template + 8, "{}", p.parts.total_tokens);
    assert_eq!(&req.prefix[p.parts.prefix_start..], "b");
    assert_eq!(&req.suffix[..p.parts.suffix_end], "\n\n");
}

#[test]
fn an_unbounded_budget_keeps_everything() {
    let format = PromptFormat::detect(vocab(QWEN));
    let p = build_prompt(&input("src/lib.rs", FILE, &[MATH]), &format, &chars, usize::MAX);
    assert_eq!(p, snapshot(QWEN));
}

#[test]
fn markers_in_user_text_are_broken_up() {
    let format = PromptFormat::detect(vocab(QWEN));
    let code = "let m = \"<|fim_middle|>\";ˇ // <|endoftext|>";
    let req = input("<|file_sep|>.rs", code, &[("s.rs", "\"<|fim_prefix|>\"\n")]);
    let p = build_prompt(&req, &format, &chars, 10_000);
    let want = concat!(
        "<|repo_name|>marble\n",
        "<|file_sep|>s.rs\n\"<\u{200B}|fim_prefix|>\"\n",
        "<|file_sep|><\u{200B}|file_sep|>.rs\n<|fim_prefix|>",
        "let m = \"<\u{200B}|fim_middle|>\";",
        "<|fim_suffix|> // <\u{200B}|endoftext|><|fim_middle|>",
    );
    assert_eq!(p.text, want);
}

#[test]
fn defang_leaves_text_without_markers_borrowed() {
    let markers = PromptFormat::detect(vocab(CODELLAMA)).stops();
    assert!(matches!(defang("fn main() {}", &markers), Cow::Borrowed(_)));
    assert_eq!(defang("a ▁<EOT> b", &markers), "a ▁\u{200B}<EOT> b");
}

#[test]
fn paths_stay_on_one_line() {
    let req = input("a\nb.rs", "xˇ", &[("c\r\nd.rs", "y\n")]);
    let p = build_prompt(&req, &PromptFormat::Continue, &chars, 10_000);
    assert_eq!(p.text, "// Path: c  d.rs\ny\n\n// Path: a b.rs\nx");
}

#[test]
fn broken_up_markers_are_counted_as_they_go_in() {
    // A zero-width space costs a tokenizer several byte tokens; here ten.
    let costly = |s: &str| chars(s) + 9 * s.matches('\u{200B}').count();
    let format = PromptFormat::detect(vocab(QWEN));
    let req = input("a.txt", &format!("{}ˇ", "<|endoftext|>\n".repeat(30)), &[]);
    let p = build_prompt(&req, &format, &costly, 200);
    let kept = &req.prefix[p.parts.prefix_start..];
    // 80 for the template, then 24 a line (15 characters and the space's extra 9) in 120.
    assert_eq!(kept.lines().count(), 5, "{kept:?}");
    assert_eq!(p.parts.prefix_tokens, costly(&defang(kept, &format.stops())));
    assert_eq!(p.parts.template_tokens + p.parts.prefix_tokens, p.parts.total_tokens);
    assert!(p.parts.total_tokens <= 200);
}
