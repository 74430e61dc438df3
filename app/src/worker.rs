//! The engine's Web Worker: the model runs there, so typing never waits for inference.
//!
//! - [`protocol`]: the request and event types (plain serde data, tested natively);
//! - [`codec`]: how they cross the boundary (`serde-wasm-bindgen`);
//! - [`engine`]: the worker itself — model loading, the session, generation, cancel;
//! - [`fetch`]: model bytes from the browser's cache or the origin, with progress;
//! - [`client`]: the UI's handle on the worker, with a [`watchdog`] that notices a dead worker.

pub mod client;
pub mod codec;
pub mod engine;
pub mod fetch;
pub mod protocol;
pub mod watchdog;

pub use client::EngineClient;

/// Runs inside the worker: installs the panic hook and starts answering messages.
pub fn register() {
    use gloo_worker::Registrable;
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("engine worker panic: {info}").into())
    }));
    engine::EngineWorker::registrar().encoding::<codec::SerdeWasm>().register();
}
