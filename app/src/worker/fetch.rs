//! Getting a model's bytes inside the worker: from the browser's model cache when it is there,
//! else from the page's origin, streamed with progress and put into the cache for next time.
//!
//! The Cache API (not the HTTP cache) holds models: it survives reloads and offline use, the UI
//! can put models opened from disk into it, and the service worker leaves `models/` alone so each
//! model is stored once.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, Response, WorkerGlobalScope};

use super::protocol::{ErrorKind, LoadPhase, WorkerError};
use crate::clock::now_ms;
use crate::js_error::text as js_error_text;

/// The Cache API store for models (shared with the UI, which puts models opened from disk).
pub const MODEL_CACHE: &str = "marble-models-v1";

/// Bytes a wasm32 worker can hold for a model: the file and the weights built from it share a
/// 4 GiB address space, so refuse early with a sentence rather than crash mid-load.
const MAX_MODEL_BYTES: u64 = 1_700_000_000;

pub struct Fetched {
    pub bytes: Vec<u8>,
    pub from_cache: bool,
    /// Set when the model loaded but could not be stored for next time.
    pub cache_problem: Option<String>,
}

fn scope() -> WorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn is_quota(e: &JsValue) -> bool {
    crate::js_error::parts(e).0 == "QuotaExceededError"
}

async fn open_cache() -> Result<Cache, JsValue> {
    let caches = scope().caches()?;
    JsFuture::from(caches.open(MODEL_CACHE)).await?.dyn_into()
}

async fn cached_response(url: &str) -> Option<Response> {
    let cache = open_cache().await.ok()?;
    let hit = JsFuture::from(cache.match_with_str(url)).await.ok()?;
    hit.dyn_into::<Response>().ok()
}

/// Removes a cached model (after it turned out corrupt, so the next load fetches it again).
pub async fn forget(url: &str) {
    if let Ok(cache) = open_cache().await {
        let _ = JsFuture::from(cache.delete_with_str(url)).await;
    }
}

fn network_error(url: &str, why: String) -> WorkerError {
    WorkerError {
        kind: ErrorKind::Network,
        message: format!(
            "Could not download the model from {url} ({why}). Check that you are online and the \
             address is on this site (the page's privacy policy blocks other sites: download the \
             file and open it from disk instead)."
        ),
    }
}

/// Fetches `url`'s bytes, reporting `(phase, loaded, total)` as they arrive.
pub async fn fetch_model(
    url: &str,
    cache_only: bool,
    progress: &dyn Fn(LoadPhase, u64, Option<u64>),
) -> Result<Fetched, WorkerError> {
    if let Some(resp) = cached_response(url).await {
        let bytes = read_body(&resp, LoadPhase::Cache, progress).await?;
        return Ok(Fetched { bytes, from_cache: true, cache_problem: None });
    }
    if cache_only {
        return Err(WorkerError {
            kind: ErrorKind::Storage,
            message: "That model is no longer in the browser's storage (it was cleared). Open the \
                      file from disk again."
                .into(),
        });
    }
    let resp: Response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(|e| network_error(url, js_error_text(&e)))?;
    if !resp.ok() {
        return Err(network_error(
            url,
            format!("the server answered {} {}", resp.status(), resp.status_text()),
        ));
    }
    // Store a copy while reading the other: the cache streams it to disk alongside.
    let put = match (open_cache().await, resp.clone()) {
        (Ok(cache), Ok(copy)) => Some(JsFuture::from(cache.put_with_str(url, &copy))),
        _ => None,
    };
    let bytes = read_body(&resp, LoadPhase::Download, progress).await?;
    let cache_problem = match put {
        None => Some("the browser's cache is unavailable".to_string()),
        Some(put) => match put.await {
            Ok(_) => None,
            Err(e) if is_quota(&e) => Some("the browser's storage is full".to_string()),
            Err(e) => Some(js_error_text(&e)),
        },
    };
    Ok(Fetched { bytes, from_cache: false, cache_problem })
}

/// Reads a response body chunk by chunk into one allocation.
async fn read_body(
    resp: &Response,
    phase: LoadPhase,
    progress: &dyn Fn(LoadPhase, u64, Option<u64>),
) -> Result<Vec<u8>, WorkerError> {
    let total = resp.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<u64>().ok());
    if let Some(total) = total.filter(|&t| t > MAX_MODEL_BYTES) {
        return Err(too_large(total));
    }
    let mut bytes = Vec::new();
    if let Some(total) = total {
        bytes.try_reserve_exact(total as usize).map_err(|_| out_of_memory(total))?;
    }
    let Some(body) = resp.body() else {
        return Ok(bytes);
    };
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|e| read_error(&e))?;
    progress(phase, 0, total);
    let mut last_report = now_ms();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| read_error(&e))?;
        let done = Reflect::get(&chunk, &"done".into()).map(|d| d.is_truthy()).unwrap_or(true);
        if done {
            break;
        }
        let value: Uint8Array =
            Reflect::get(&chunk, &"value".into()).and_then(|v| v.dyn_into()).map_err(|e| read_error(&e))?;
        let start = bytes.len();
        let n = value.length() as usize;
        if (start + n) as u64 > MAX_MODEL_BYTES {
            return Err(too_large((start + n) as u64));
        }
        bytes.try_reserve(n).map_err(|_| out_of_memory((start + n) as u64))?;
        bytes.resize(start + n, 0);
        value.copy_to(&mut bytes[start..]);
        // A few reports a second are enough for a smooth bar and keep the message queue short.
        let t = now_ms();
        if t - last_report > 80.0 {
            last_report = t;
            progress(phase, bytes.len() as u64, total);
        }
    }
    progress(phase, bytes.len() as u64, total);
    Ok(bytes)
}

fn read_error(e: &JsValue) -> WorkerError {
    WorkerError {
        kind: ErrorKind::Network,
        message: format!("Reading the model failed ({}). Try loading it again.", js_error_text(e)),
    }
}

fn too_large(bytes: u64) -> WorkerError {
    WorkerError {
        kind: ErrorKind::OutOfMemory,
        message: format!(
            "The model is {:.1} GB, more than a browser tab can hold ({:.1} GB). Choose a smaller \
             model or a smaller quantization (e.g. Q4_K_M of a model under 2B parameters).",
            bytes as f64 / 1e9,
            MAX_MODEL_BYTES as f64 / 1e9
        ),
    }
}

pub fn out_of_memory(bytes: u64) -> WorkerError {
    WorkerError {
        kind: ErrorKind::OutOfMemory,
        message: format!(
            "The browser could not give the model {:.0} MB of memory. Close other tabs or choose a \
             smaller model.",
            bytes as f64 / 1e6
        ),
    }
}
