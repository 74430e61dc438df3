use tinyjson::{to_string, to_string_pretty, Value};

fn sample() -> Value {
    [
        ("name".to_string(), Value::from("marble")),
        ("tags".to_string(), Value::from(vec!["rust", "wasm"])),
        ("empty".to_string(), Value::Array(Vec::new())),
    ]
    .into_iter()
    .collect()
}

#[test]
fn compact_output_is_unchanged() {
    assert_eq!(
        to_string(&sample()),
        r#"{"empty":[],"name":"marble","tags":["rust","wasm"]}"#
    );
}

#[test]
fn pretty_output_indents_nested_values() {
    let expected = "{\n  \"empty\": [],\n  \"name\": \"marble\",\n  \"tags\": [\n    \"rust\",\n    \"wasm\"\n  ]\n}";
    assert_eq!(to_string_pretty(&sample(), 2), expected);
}

#[test]
fn pretty_scalars_stay_on_one_line() {
    assert_eq!(to_string_pretty(&Value::Number(1.5), 4), "1.5");
}
