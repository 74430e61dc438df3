//! Feeds arbitrary bytes to the GGUF reader. Any panic, overflow or out-of-bounds read is a bug: a
//! hostile file must only ever produce an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marble_engine::gguf::Gguf;

fuzz_target!(|data: &[u8]| {
    let Ok(g) = Gguf::parse(data) else { return };
    for t in g.tensors() {
        // Parsing promised that every tensor's bytes lie inside the file.
        assert_eq!(g.tensor_data(t).len() as u64, t.size);
    }
    for (key, value) in g.metadata() {
        assert_eq!(g.get(key), Some(value));
    }
});
