//! Tests of the deleted-test rules.

use super::*;

#[test]
fn rust_deleted_and_weakened_tests() {
    let found = expect(
        risks_in(
            "src/header.rs",
            "
    #[test]
    fn parses_header() {
        assert_eq!(parse_header(b\"MRB1\"), Ok(Header::V1));
    }",
            "",
            true,
        ),
        &[DeletedTest],
    );
    assert_eq!(found.len(), 1, "one finding for the test, not one per assertion");
    assert!(reason(&found, DeletedTest).contains("parses_header"));
    let found = expect(
        risks_in(
            "src/header.rs",
            "        assert_eq!(parse_header(b\"MRB1\"), Ok(Header::V1));",
            "        assert!(parse_header(b\"MRB1\").is_ok());",
            true,
        ),
        &[DeletedTest],
    );
    assert!(reason(&found, DeletedTest).starts_with("Weakens `assert_eq!"));
    expect(risks_in("src/header.rs", "    #[test]", "    #[test]\n    #[ignore]", true), &[DeletedTest]);
    // The expected value changed: the test was updated, not weakened.
    expect(
        risks_in("src/header.rs", "        assert_eq!(total, 3);", "        assert_eq!(total, 4);", true),
        &[],
    );
}

#[test]
fn python_deleted_renamed_and_skipped_tests() {
    expect(
        risks("tests/test_cart.py", "def test_total():\n    assert total([1, 2]) == 3", ""),
        &[DeletedTest],
    );
    expect(risks("tests/test_cart.py", "def test_total():", "def test_total_of_two_items():"), &[]);
    expect(
        risks(
            "tests/test_cart.py",
            "def test_total():",
            "@pytest.mark.skip(reason=\"flaky\")\ndef test_total():",
        ),
        &[DeletedTest],
    );
    expect(
        risks(
            "tests/test_cart.py",
            "    assert total([1, 2]) == 3\n    assert total([]) == 0",
            "    assert total([1, 2]) == 3",
        ),
        &[DeletedTest],
    );
}

#[test]
fn js_deleted_focused_and_weakened_tests() {
    expect(
        risks(
            "web/cart.test.js",
            "
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });",
            "",
        ),
        &[DeletedTest],
    );
    expect(
        risks("web/cart.test.ts", "  it(\"adds items\", () => {", "  it.only(\"adds items\", () => {"),
        &[DeletedTest],
    );
    let found = expect(
        risks(
            "web/cart.test.ts",
            "    expect(total(cart)).toBe(3);",
            "    expect(total(cart)).toBeDefined();",
        ),
        &[DeletedTest],
    );
    assert!(reason(&found, DeletedTest).starts_with("Weakens"));
    // A test moved within the file is still there.
    expect(
        risks(
            "web/cart.test.ts",
            "
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });
  const cart = [];",
            "
  const cart = [];
  it(\"adds items\", () => {
    expect(add(cart, item).length).toBe(1);
  });",
        ),
        &[],
    );
}
