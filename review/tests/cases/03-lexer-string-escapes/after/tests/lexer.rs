use minilex::{tokenize, LexError, TokenKind};

fn kinds(src: &str) -> Vec<TokenKind> {
    tokenize(src).unwrap().into_iter().map(|t| t.kind).collect()
}

#[test]
fn comparison_and_logic() {
    assert_eq!(
        kinds(r#"status == "open" && priority >= 2"#),
        vec![
            TokenKind::Ident("status".into()),
            TokenKind::Op("=="),
            TokenKind::Str("open".into()),
            TokenKind::Op("&&"),
            TokenKind::Ident("priority".into()),
            TokenKind::Op(">="),
            TokenKind::Number(2.0),
        ]
    );
}

#[test]
fn parentheses_and_negation() {
    assert_eq!(
        kinds("!(a || b)"),
        vec![
            TokenKind::Op("!"),
            TokenKind::LParen,
            TokenKind::Ident("a".into()),
            TokenKind::Op("||"),
            TokenKind::Ident("b".into()),
            TokenKind::RParen,
        ]
    );
}

#[test]
fn unterminated_string_is_reported() {
    assert!(matches!(tokenize("name == \"abc"), Err(LexError::UnterminatedString { .. })));
}

#[test]
fn bad_number_is_reported() {
    assert!(matches!(tokenize("x > 1.2.3"), Err(LexError::BadNumber { .. })));
}

#[test]
fn escapes_inside_strings() {
    assert_eq!(
        kinds(r#"title == "say \"hi\"\tnow\\""#),
        vec![
            TokenKind::Ident("title".into()),
            TokenKind::Op("=="),
            TokenKind::Str("say \"hi\"\tnow\\".into()),
        ]
    );
}

#[test]
fn unknown_escape_is_reported() {
    assert!(matches!(tokenize(r#"a == "\q""#), Err(LexError::BadEscape { ch: 'q', .. })));
}
