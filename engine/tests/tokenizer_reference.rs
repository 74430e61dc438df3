//! The tokenizer agrees id for id with llama.cpp on the default model, and decoding round-trips.

mod common;

use marble_engine::tokenizer::StreamDecoder;

/// Bytes that have no token in SmolLM2's vocabulary: llama.cpp and HF tokenizers drop them, so a
/// text containing them cannot round-trip (model-facts.md).
const UNREPRESENTABLE: &[u8] = &[
    0x04, 0x06, 0x13, 0x14, 0x16, 0x1D, 0xC0, 0xC1, 0xF1, 0xF2, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB,
    0xFC, 0xFD, 0xFE, 0xFF,
];

#[test]
fn reference_prompts_match_llama_cpp() {
    let model = common::model();
    let reference = common::fixture("reference.json");
    let prompts = reference["prompts"].as_array().expect("prompts");
    assert!(!prompts.is_empty());
    for p in prompts {
        let text = p["text"].as_str().expect("text");
        let want = common::ids(&p["token_ids"]);
        let got = model.tokenizer.encode(text).expect("encodes");
        assert_eq!(got, want, "prompt {}", p["name"]);
        assert_eq!(model.tokenizer.decode(&got), text, "prompt {} round trip", p["name"]);
    }
}

#[test]
fn generated_strings_match_llama_cpp_and_round_trip() {
    let model = common::model();
    let fixture = common::fixture("tokenizer_llamacpp.json");
    let cases = fixture["cases"].as_array().expect("cases");
    assert!(cases.len() >= 300, "the fixture should hold a few hundred strings");
    let mut round_trips = 0;
    for (i, case) in cases.iter().enumerate() {
        let text = case["text"].as_str().expect("text");
        let want = common::ids(&case["ids"]);
        let got = model.tokenizer.encode(text).expect("encodes");
        assert_eq!(got, want, "case {i}: {text:?}");
        if !text.bytes().any(|b| UNREPRESENTABLE.contains(&b)) {
            assert_eq!(model.tokenizer.decode(&got), text, "case {i} round trip");
            // Streaming the same ids piece by piece gives the same text.
            let mut stream = StreamDecoder::default();
            let mut streamed: String = got.iter().map(|&id| stream.push(&model.tokenizer, id)).collect();
            streamed.push_str(&stream.finish());
            assert_eq!(streamed, text, "case {i} streamed");
            round_trips += 1;
        }
    }
    assert!(round_trips >= 300, "only {round_trips} strings round-tripped");
}

#[test]
fn special_tokens_are_single_ids_and_bos_is_not_added() {
    let tok = &common::model().tokenizer;
    assert!(!tok.add_bos);
    assert_eq!(tok.encode("<|im_start|>").unwrap(), vec![1]);
    assert_eq!(tok.encode("<|im_end|>").unwrap(), vec![2]);
    assert_eq!(tok.encode("<file_sep>").unwrap(), vec![5]);
    // SmolLM2 has no FIM tokens: their text is ordinary text (model-facts.md).
    assert_eq!(tok.encode("<fim_prefix>").unwrap(), vec![44, 86, 306, 79, 12821, 46]);
    assert_eq!(tok.encode("").unwrap(), Vec::<u32>::new());
    assert!(tok.end_tokens.contains(&2) && tok.end_tokens.contains(&0));
}
