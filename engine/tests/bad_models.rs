//! Bad model files give a typed error whose sentence says what to do, never a panic: the real
//! default model cut short or corrupted, and synthetic models with each kind of defect.

mod common;

use marble_engine::ggml_type::GgmlType;
use marble_engine::gguf::{GgufError, Value};
use marble_engine::gguf_writer::{GgufWriter, TinyModel};
use marble_engine::rng::Rng;
use marble_engine::{Error, Model, Session};
use pollster::block_on;

/// Every error shown to a user ends by telling them what to do.
fn assert_actionable(e: &Error) {
    let msg = e.to_string();
    let actions = ["re-convert", "choose", "fetch the file again", "shorten"];
    assert!(actions.iter().any(|a| msg.contains(a)), "no action in {msg:?}");
}

fn load(bytes: &[u8]) -> Result<Model, Error> {
    Model::from_gguf_bytes(bytes)
}

fn load_err(w: &GgufWriter) -> Error {
    let e = load(&w.to_bytes()).expect_err("the defect is caught");
    assert_actionable(&e);
    e
}

fn real_model_bytes() -> Vec<u8> {
    let path = common::model_path();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/fetch-model.sh", path.display()))
}

#[test]
fn the_real_model_truncated_anywhere_is_a_gguf_error() {
    let bytes = real_model_bytes();
    let g = marble_engine::gguf::Gguf::parse(&bytes).unwrap();
    let header = g.data_offset as usize;
    let mut rng = Rng::new(5);
    // Dense near the start (magic, counts, first keys), spread over the rest of the header, and
    // across the tensor data.
    let mut cuts: Vec<usize> = (0..64).collect();
    cuts.extend((0..300).map(|_| rng.below(header)));
    cuts.extend((0..60).map(|_| header + rng.below(bytes.len() - header)));
    cuts.push(bytes.len() - 1);
    for cut in cuts {
        match load(&bytes[..cut]) {
            Err(e @ Error::Gguf(_)) => assert_actionable(&e),
            Err(other) => panic!("cut at {cut}: expected a GGUF error, got {other:?}"),
            Ok(_) => panic!("cut at {cut}: a truncated file loaded"),
        }
    }
}

#[test]
fn the_real_model_with_corrupted_header_fields() {
    let bytes = real_model_bytes();
    let patch = |at: usize, with: &[u8]| {
        let mut b = bytes[..4096.min(bytes.len())].to_vec();
        b[at..at + with.len()].copy_from_slice(with);
        b.extend_from_slice(&bytes[4096..]);
        load(&b).expect_err("corruption is caught")
    };
    assert!(matches!(patch(0, b"GGUX"), Error::Gguf(GgufError::BadMagic { .. })));
    assert_eq!(patch(4, &1u32.to_le_bytes()), Error::Gguf(GgufError::UnsupportedVersion(1)));
    assert!(patch(8, &u64::MAX.to_le_bytes()).to_string().contains("tensor infos"));
    assert!(patch(16, &(1u64 << 50).to_le_bytes()).to_string().contains("metadata entries"));
    // The first key's length.
    assert!(patch(24, &u64::MAX.to_le_bytes()).to_string().contains("ends early"));
}

#[test]
fn random_corruption_of_a_model_never_panics() {
    let good = TinyModel { n_layer: 1, n_embd: 32, n_ff: 32, n_head: 2, n_head_kv: 1, ..Default::default() }
        .to_bytes();
    let mut rng = Rng::new(11);
    let (mut loaded, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut b = good.clone();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(b.len());
            b[i] = rng.next_u64() as u8;
        }
        match load(&b) {
            Ok(m) => {
                loaded += 1;
                // Corrupt weights may give garbage, but running them must not crash.
                let mut s = Session::new(std::sync::Arc::new(m));
                let _ = block_on(s.feed(&[3, 4, 5]));
            }
            Err(e) => {
                refused += 1;
                assert_actionable(&e);
            }
        }
    }
    assert!(loaded > 0 && refused > 0, "loaded {loaded}, refused {refused}");
}

#[test]
fn unknown_architecture() {
    let mut w = TinyModel::default().writer();
    w.meta("general.architecture", Value::String("gptneox".into()));
    let e = load_err(&w);
    assert!(matches!(&e, Error::UnsupportedArchitecture { found, .. } if found == "gptneox"), "{e:?}");
}

#[test]
fn unsupported_tensor_type() {
    let mut w = TinyModel::default().writer();
    // Q5_0 is a valid ggml type with no kernels in Marble yet: 22 bytes per 32 weights.
    w.tensor("blk.0.ffn_up.weight", &[64, 96], GgmlType::Q5_0, vec![0; 96 * 2 * 22]);
    let e = load_err(&w);
    assert_eq!(e, Error::UnsupportedTensorType { name: "blk.0.ffn_up.weight".into(), ty: GgmlType::Q5_0 });
    assert!(e.to_string().contains("Q5_0"));
}

#[test]
fn missing_and_misshapen_tensors() {
    let mut w = TinyModel::default().writer();
    w.remove_tensor("blk.1.attn_v.weight");
    assert!(matches!(load_err(&w), Error::MissingTensor { name, .. } if name == "blk.1.attn_v.weight"));

    let mut w = TinyModel::default().writer();
    w.tensor("blk.0.attn_q.weight", &[64, 32], GgmlType::F32, vec![0; 64 * 32 * 4]);
    assert!(matches!(load_err(&w), Error::TensorShape { name, .. } if name == "blk.0.attn_q.weight"));
}

#[test]
fn missing_or_inconsistent_metadata() {
    let mut w = TinyModel::default().writer();
    w.remove_meta("llama.block_count");
    assert_eq!(load_err(&w), Error::MissingMetadata { key: "llama.block_count".into() });

    let mut w = TinyModel::default().writer();
    w.meta("llama.attention.head_count", Value::U32(5));
    assert!(matches!(load_err(&w), Error::BadMetadata { key, .. } if key == "llama.attention.head_count"));

    let mut w = TinyModel::default().writer();
    w.meta("llama.attention.head_count_kv", Value::U32(3));
    assert!(matches!(load_err(&w), Error::BadMetadata { key, .. } if key == "llama.attention.head_count_kv"));

    let mut w = TinyModel::default().writer();
    w.meta("llama.embedding_length", Value::String("wide".into()));
    assert!(matches!(load_err(&w), Error::BadMetadata { key, .. } if key == "llama.embedding_length"));

    let mut w = TinyModel::default().writer();
    w.meta("llama.rope.scaling.type", Value::String("yarn".into()));
    assert!(matches!(load_err(&w), Error::BadMetadata { key, .. } if key == "llama.rope.scaling.type"));

    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.eos_token_id", Value::U32(1_000_000));
    assert!(matches!(load_err(&w), Error::BadMetadata { key, .. } if key == "tokenizer.ggml.eos_token_id"));
}

#[test]
fn unsupported_or_broken_tokenizers() {
    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.model", Value::String("llama".into()));
    let e = load_err(&w);
    assert!(
        matches!(&e, Error::UnsupportedTokenizer { .. }) && e.to_string().contains("SentencePiece"),
        "{e}"
    );

    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.pre", Value::String("mystery".into()));
    assert!(matches!(load_err(&w), Error::UnsupportedTokenizer { .. }));

    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.merges", Value::Array(vec![Value::String("nospace".into())]));
    assert!(matches!(load_err(&w), Error::BadTokenizer(_)));

    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.merges", Value::Array(vec![Value::String("Ġ zz".into())]));
    assert!(matches!(load_err(&w), Error::BadTokenizer(_)));

    let mut w = TinyModel::default().writer();
    w.meta("tokenizer.ggml.token_type", Value::Array(vec![Value::I32(1)]));
    assert!(matches!(load_err(&w), Error::BadTokenizer(_)));
}

#[test]
fn a_missing_file_says_so() {
    let e = Model::load(std::path::Path::new("/nonexistent/model.gguf")).unwrap_err();
    assert!(e.to_string().contains("cannot read the model file /nonexistent/model.gguf"), "{e}");
}
