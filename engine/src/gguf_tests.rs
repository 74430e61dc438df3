use super::*;
use crate::gguf_writer::{GgufWriter, TinyModel};
use crate::rng::Rng;

fn every_type() -> Vec<(&'static str, Value)> {
    vec![
        ("t.u8", Value::U8(200)),
        ("t.i8", Value::I8(-5)),
        ("t.u16", Value::U16(60000)),
        ("t.i16", Value::I16(-30000)),
        ("t.u32", Value::U32(4_000_000_000)),
        ("t.i32", Value::I32(-2_000_000_000)),
        ("t.u64", Value::U64(u64::MAX)),
        ("t.i64", Value::I64(i64::MIN)),
        ("t.f32", Value::F32(1.5)),
        ("t.f64", Value::F64(-2.25)),
        ("t.bool", Value::Bool(true)),
        ("t.string", Value::String("héllo".into())),
        ("t.array", Value::Array(vec![Value::I32(1), Value::I32(-2)])),
        ("t.strings", Value::Array(vec![Value::String("a".into()), Value::String("".into())])),
        ("t.nested", Value::Array(vec![Value::Array(vec![Value::U8(1)]), Value::Array(vec![Value::U8(2)])])),
        ("t.empty", Value::Array(vec![])),
    ]
}

#[test]
fn reads_metadata_of_every_type_and_tensors_v2_and_v3() {
    for version in [2, 3] {
        let mut w = GgufWriter::new();
        w.version = version;
        for (k, v) in every_type() {
            w.meta(k, v);
        }
        w.meta("general.alignment", Value::U32(64));
        w.tensor("a", &[32, 2], GgmlType::Q8_0, vec![7; 68]);
        w.tensor("b", &[3], GgmlType::F32, vec![1; 12]);
        let bytes = w.to_bytes();
        let g = Gguf::parse(&bytes).expect("parses");
        assert_eq!(g.version, version);
        assert_eq!(g.alignment, 64);
        assert_eq!(g.data_offset % 64, 0);
        for (k, v) in every_type() {
            assert_eq!(g.get(k), Some(&v), "{k}");
        }
        let a = g.tensor("a").expect("tensor a");
        assert_eq!((a.dims.as_slice(), a.ggml_type, a.size), (&[32u64, 2][..], GgmlType::Q8_0, 68));
        assert_eq!(g.tensor_data(a), &[7; 68][..]);
        let b = g.tensor("b").expect("tensor b");
        assert_eq!(b.offset % 64, 0);
        assert_eq!(g.tensor_data(b), &[1; 12][..]);
    }
}

#[test]
fn truncation_at_every_offset_is_an_error() {
    let bytes = TinyModel { n_layer: 1, n_embd: 32, n_ff: 32, n_head: 2, n_head_kv: 1, ..Default::default() }
        .to_bytes();
    assert!(Gguf::parse(&bytes).is_ok());
    // The last tensor ends at the end of the file (no trailing padding after it is required).
    let last_end = Gguf::parse(&bytes).unwrap().tensors().iter().map(|t| t.offset + t.size).max().unwrap();
    for cut in 0..last_end as usize {
        let err = Gguf::parse(&bytes[..cut]).expect_err(&format!("cut at {cut} must fail"));
        assert!(!err.to_string().is_empty());
    }
}

fn header(version: u32, tensors: u64, kvs: u64) -> Vec<u8> {
    let mut b = b"GGUF".to_vec();
    b.extend(version.to_le_bytes());
    b.extend(tensors.to_le_bytes());
    b.extend(kvs.to_le_bytes());
    b
}

fn kv(b: &mut Vec<u8>, key: &str, ty: u32, payload: &[u8]) {
    b.extend((key.len() as u64).to_le_bytes());
    b.extend(key.as_bytes());
    b.extend(ty.to_le_bytes());
    b.extend(payload);
}

fn expect_corrupt(bytes: &[u8], needle: &str) {
    match Gguf::parse(bytes) {
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(needle), "error {msg:?} should mention {needle:?}");
        }
        Ok(_) => panic!("expected an error mentioning {needle:?}"),
    }
}

#[test]
fn corrupt_headers_give_sentences() {
    expect_corrupt(b"GGML\x03\0\0\0", "not a GGUF model file");
    expect_corrupt(&header(1, 0, 0), "GGUF version 1 is not supported");
    expect_corrupt(&header(4, 0, 0), "GGUF version 4 is not supported");
    expect_corrupt(&header(3, 0, u64::MAX), "claims 18446744073709551615 metadata entries");
    expect_corrupt(&header(3, 1 << 40, 0), "tensor infos");
    expect_corrupt(&b"GGUF\x03\0"[..], "ends early");

    let mut b = header(3, 0, 1);
    b.extend(u64::MAX.to_le_bytes()); // key length
    b.extend([0; 8]);
    expect_corrupt(&b, "ends early");

    let mut b = header(3, 0, 1);
    kv(&mut b, "k", 99, &[0; 8]);
    expect_corrupt(&b, "unknown type id 99");

    let mut b = header(3, 0, 1);
    kv(&mut b, "k", 7, &[2]);
    expect_corrupt(&b, "bool value 2");

    let mut b = header(3, 0, 1);
    let mut arr = 4u32.to_le_bytes().to_vec();
    arr.extend((1u64 << 60).to_le_bytes());
    kv(&mut b, "k", 9, &arr);
    expect_corrupt(&b, "elements in array");

    let mut b = header(3, 0, 1);
    let mut s = 3u64.to_le_bytes().to_vec();
    s.extend([0xff, 0xfe, 0x00]);
    kv(&mut b, "k", 8, &s);
    expect_corrupt(&b, "not valid UTF-8");

    let mut b = header(3, 0, 2);
    kv(&mut b, "k", 0, &[1]);
    kv(&mut b, "k", 0, &[1]);
    expect_corrupt(&b, "appears twice");

    // Arrays nested past the limit.
    let mut b = header(3, 0, 1);
    let mut nested = Vec::new();
    for _ in 0..10 {
        nested.extend(9u32.to_le_bytes());
        nested.extend(1u64.to_le_bytes());
    }
    nested.extend(0u32.to_le_bytes());
    nested.extend(1u64.to_le_bytes());
    nested.push(0);
    b.extend(1u64.to_le_bytes());
    b.extend(b"k");
    b.extend(9u32.to_le_bytes());
    b.extend(&nested);
    expect_corrupt(&b, "nests arrays deeper");

    let mut w = GgufWriter::new();
    w.meta("general.alignment", Value::U32(48));
    expect_corrupt(&w.to_bytes(), "power-of-two");
}

/// A one-tensor file whose tensor info is written by hand.
fn one_tensor(dims: &[u64], ty: u32, offset: u64, data: usize) -> Vec<u8> {
    let mut b = header(3, 1, 0);
    b.extend(1u64.to_le_bytes());
    b.push(b't');
    b.extend((dims.len() as u32).to_le_bytes());
    for d in dims {
        b.extend(d.to_le_bytes());
    }
    b.extend(ty.to_le_bytes());
    b.extend(offset.to_le_bytes());
    b.resize(b.len().div_ceil(32) * 32 + data, 0);
    b
}

#[test]
fn absurd_tensor_infos_give_sentences() {
    assert!(Gguf::parse(&one_tensor(&[32, 2], 8, 0, 68)).is_ok());
    expect_corrupt(&one_tensor(&[32, 2], 8, 0, 67), "ends early");
    expect_corrupt(&one_tensor(&[32, 2], 8, 32, 68), "ends early");
    expect_corrupt(&one_tensor(&[32, 2], 8, 3, 200), "not a multiple of the alignment");
    expect_corrupt(&one_tensor(&[32, 2], 8, u64::MAX - 31, 68), "absurd offset");
    expect_corrupt(&one_tensor(&[33, 2], 8, 0, 100), "not a multiple of Q8_0's block");
    expect_corrupt(&one_tensor(&[1 << 32, 1 << 32, 1 << 32], 0, 0, 8), "absurd dimensions");
    expect_corrupt(&one_tensor(&[0, 2], 0, 0, 8), "empty dimension");
    expect_corrupt(&one_tensor(&[1, 1, 1, 1, 1], 0, 0, 8), "5 dimensions");
    expect_corrupt(&one_tensor(&[4], 5, 0, 8), "unknown ggml type id 5");
    expect_corrupt(&one_tensor(&[4], 1000, 0, 8), "unknown ggml type id 1000");
}

#[test]
fn random_corruption_never_panics() {
    let bytes = TinyModel { n_layer: 1, n_embd: 32, n_ff: 32, n_head: 2, n_head_kv: 1, ..Default::default() }
        .to_bytes();
    let header_len = Gguf::parse(&bytes).unwrap().data_offset as usize;
    let mut rng = Rng::new(99);
    for _ in 0..20_000 {
        let mut b = bytes[..header_len].to_vec();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(b.len());
            b[i] = match rng.below(3) {
                0 => rng.next_u64() as u8,
                1 => b[i] ^ (1 << rng.below(8)),
                _ => 0xff,
            };
        }
        let _ = Gguf::parse(&b);
    }
}
