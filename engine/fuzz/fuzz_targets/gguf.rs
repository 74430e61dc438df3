//! Feeds arbitrary bytes to the GGUF reader and, when a header parses, to the model loader (config,
//! tokenizer, tensor shapes) and one forward pass. Any panic, overflow or out-of-bounds read is a bug:
//! a hostile file must only ever produce an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marble_engine::gguf::Gguf;
use marble_engine::{Model, Session};

fuzz_target!(|data: &[u8]| {
    let Ok(g) = Gguf::parse(data) else { return };
    for t in g.tensors() {
        let bytes = g.tensor_data(t);
        assert_eq!(bytes.len() as u64, t.size);
    }
    if let Ok(model) = Model::from_gguf(&g) {
        let mut s = Session::new(std::sync::Arc::new(model)).with_max_context(8);
        let _ = s.feed(&[0, 1, 2]);
    }
});
