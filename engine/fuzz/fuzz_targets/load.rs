//! Feeds arbitrary bytes to the whole model loader (config, tokenizer, tensor shapes and types)
//! and, when a model loads, runs it for a few tokens. It must only ever produce errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marble_engine::{Model, Session};

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = Model::from_gguf_bytes(data) {
        let mut s = Session::new(std::sync::Arc::new(model)).with_max_context(8);
        let _ = s.feed(&[0, 1, 2]);
    }
});
