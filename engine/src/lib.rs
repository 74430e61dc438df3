//! marble-engine: runs a quantized Llama-family language model from a GGUF file.
//!
//! It owns the model file format ([`gguf`]), the quantized block formats and their kernels
//! ([`quant`]), the tokenizer built from the file's own vocabulary ([`tokenizer`]), the model
//! configuration and forward pass ([`config`], [`model`], [`kernels`]), sampling ([`sampler`]) and
//! the KV-cached [`session::Session`] that callers talk to.
//!
//! It knows nothing of editors, the DOM or workers: it builds natively (tests, the `marble` CLI,
//! benchmarks; multi-threaded) and for `wasm32-unknown-unknown` (the browser's CPU fallback,
//! single-threaded). The wgpu backend arrives beside the CPU kernels with the same `Session` API.

// Kernels index several arrays with one counter; iterator chains would hide the math.
#![allow(clippy::needless_range_loop)]

pub mod config;
pub mod error;
pub mod ggml_type;
pub mod gguf;
pub mod gguf_writer;
pub mod gpu;
pub mod kernels;
pub mod model;
pub mod parallel;
pub mod quant;
pub mod rng;
pub mod sampler;
pub mod session;
pub mod tokenizer;

pub use error::Error;
pub use model::Model;
pub use sampler::SamplerConfig;
pub use session::{GenerateOptions, GeneratedToken, PauseHook, Session, TextScore};
