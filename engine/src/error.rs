//! The engine's errors: typed, carrying the numbers, each displayed as a sentence that tells the
//! user what to do.

use crate::ggml_type::GgmlType;
use crate::gguf::GgufError;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error(transparent)]
    Gguf(#[from] GgufError),
    #[error("the model's architecture is {found:?}, which Marble cannot run yet (it runs {supported}); choose a Llama- or Qwen2-family GGUF")]
    UnsupportedArchitecture { found: String, supported: &'static str },
    #[error("the model file has no {key:?} metadata, which Marble needs; re-convert the model with a current llama.cpp")]
    MissingMetadata { key: String },
    #[error(
        "the model's metadata {key:?} is unusable ({why}); re-convert the model with a current llama.cpp"
    )]
    BadMetadata { key: String, why: String },
    #[error("the model file has no tensor {name:?}; it is incomplete or not a {arch} model, re-convert it")]
    MissingTensor { name: String, arch: String },
    #[error("tensor {name:?} has shape {found:?} but the model's metadata implies {expected:?}; the file is inconsistent, re-convert it")]
    TensorShape { name: String, expected: Vec<u64>, found: Vec<u64> },
    #[error("tensor {name:?} is stored as {ty}, which Marble cannot compute with yet (it supports F32, F16, Q8_0, Q4_0, Q4_1, Q4_K and Q6_K); choose a GGUF quantized as Q4_K_M, Q4_0, Q4_1 or Q8_0")]
    UnsupportedTensorType { name: String, ty: GgmlType },
    #[error("the model's tokenizer is {found:?}, which Marble cannot build yet ({why}); choose a GGUF with a byte-level BPE (\"gpt2\") tokenizer")]
    UnsupportedTokenizer { found: String, why: String },
    #[error("the model's tokenizer data is broken: {0}; re-convert the model with a current llama.cpp")]
    BadTokenizer(String),
    #[error("the text needs {needed} tokens of context but this session allows {max}; shorten the input")]
    ContextFull { needed: usize, max: usize },
    #[error(
        "token id {id} is outside the model's vocabulary of {n_vocab}; the token ids come from another model"
    )]
    TokenOutOfRange { id: u32, n_vocab: usize },
    #[error("there is nothing to run: the input has no tokens")]
    EmptyInput,
    #[error("no usable GPU ({0}); use the CPU backend")]
    GpuUnavailable(String),
    #[error("the GPU device was lost ({0}); reload the model to continue")]
    GpuLost(String),
    #[error("the GPU cannot run this model: {0}; use the CPU backend")]
    GpuUnsupported(String),
    #[error("the GPU reported an error: {0}; reload the model, or use the CPU backend")]
    Gpu(String),
}
