//! Messages cross the worker boundary as plain JS values (`serde-wasm-bindgen`), which the
//! browser's structured clone copies cheaply, instead of gloo-worker's default bincode buffers.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub struct SerdeWasm;

impl gloo_worker::Codec for SerdeWasm {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Both ends are this crate's own types (numbers within 2^53, strings, vectors), which
        // serde-wasm-bindgen always encodes; a failure here is a bug, not a user error.
        serde_wasm_bindgen::to_value(&input).expect("worker message encodes to a JS value")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker message decodes from its JS value")
    }
}
