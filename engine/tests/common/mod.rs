//! Shared by the integration tests: the real default model (loaded once per test binary) and the
//! llama.cpp / exact-math reference fixtures copied from `shared/reference/smollm2`.
#![allow(dead_code)]

pub mod reference;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::{Model, Session};
use serde_json::Value;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The default model: `$MARBLE_MODEL`, or what `scripts/fetch-model.sh` installs. A missing model
/// fails the test loudly: these tests must never pass by not running.
pub fn model_path() -> PathBuf {
    match std::env::var_os("MARBLE_MODEL") {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("models/SmolLM2-135M-Instruct.Q4_1.gguf"),
    }
}

pub fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let path = model_path();
            assert!(
                path.exists(),
                "the default model is missing at {}: run scripts/fetch-model.sh",
                path.display()
            );
            Arc::new(Model::load(&path).expect("the default model loads"))
        })
        .clone()
}

/// The default model on the GPU (Mesa's lavapipe here), uploaded once per test binary with a
/// cache big enough for the longest reference prompt, kept in f32 (the path every adapter has,
/// which matches the CPU to f32 rounding; the f16 cache has its own test). No GPU fails the test: on a machine
/// without one, install Mesa's Vulkan drivers (`apt-get install mesa-vulkan-drivers`).
pub fn gpu_model() -> Arc<GpuModel> {
    static GPU: OnceLock<Arc<GpuModel>> = OnceLock::new();
    GPU.get_or_init(|| {
        let opts = GpuOptions { max_context: 1024, f16_kv: false, ..Default::default() };
        pollster::block_on(GpuModel::load(model(), &opts)).expect("the default model loads on the GPU")
    })
    .clone()
}

/// Which backend a shared test body runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Cpu,
    Gpu,
}

pub fn session(backend: Backend) -> Session {
    match backend {
        Backend::Cpu => Session::new(model()),
        Backend::Gpu => Session::new_gpu(gpu_model()).expect("a GPU session"),
    }
}

pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/smollm2").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn ids(v: &Value) -> Vec<u32> {
    v.as_array().expect("an array of ids").iter().map(|x| x.as_u64().expect("an id") as u32).collect()
}

pub fn floats(v: &Value) -> Vec<f32> {
    v.as_array().expect("an array of numbers").iter().map(|x| x.as_f64().expect("a number") as f32).collect()
}

/// `(id, logit)` pairs of a `last_top10` list.
pub fn top_list(v: &Value) -> Vec<(u32, f32)> {
    v.as_array()
        .expect("a top list")
        .iter()
        .map(|e| (e["id"].as_u64().expect("id") as u32, e["logit"].as_f64().expect("logit") as f32))
        .collect()
}
