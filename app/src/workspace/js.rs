//! Small helpers over the browser's file APIs, shared by [`super::store`] and [`super::transfer`].
//!
//! Feature checks go through `Reflect` before any call: a web-sys binding without `catch` that
//! meets a missing API throws through the wasm stack instead of returning an error.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FileSystemDirectoryHandle, FileSystemFileHandle};

pub(crate) use crate::js_error::parts as error_parts;

/// Whether `object[key]` is a function.
pub(crate) fn has_method(object: &JsValue, key: &str) -> bool {
    Reflect::get(object, &JsValue::from_str(key)).is_ok_and(|v| v.is_function())
}

/// Calls `object[key](...args)`, turning a throw or a missing method into `Err`.
pub(crate) fn call_method(object: &JsValue, key: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = Reflect::get(object, &JsValue::from_str(key))?.dyn_into()?;
    method.apply(object, &args.iter().collect::<Array>())
}

/// Awaits a promise.
pub(crate) async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Awaits `object[key](...args)` when it returns a promise.
pub(crate) async fn call_async(object: &JsValue, key: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    resolve(call_method(object, key, args)?.dyn_into()?).await
}

/// The contents of a `Blob` or `File`.
pub(crate) async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = resolve(blob.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// One entry of a folder.
pub(crate) enum Handle {
    File(FileSystemFileHandle),
    Dir(FileSystemDirectoryHandle),
}

/// The entries of a folder, through its `entries()` async iterator, in the browser's order.
pub(crate) async fn list_dir(dir: &FileSystemDirectoryHandle) -> Result<Vec<(String, Handle)>, JsValue> {
    let iterator = dir.entries();
    let mut entries = Vec::new();
    loop {
        let step = resolve(iterator.next()?).await?;
        if Reflect::get(&step, &JsValue::from_str("done"))?.as_bool().unwrap_or(true) {
            return Ok(entries);
        }
        let pair: Array = Reflect::get(&step, &JsValue::from_str("value"))?.dyn_into()?;
        let Some(name) = pair.get(0).as_string() else { continue };
        let handle = pair.get(1);
        let kind = Reflect::get(&handle, &JsValue::from_str("kind"))?.as_string();
        entries.push(match kind.as_deref() {
            Some("directory") => (name, Handle::Dir(handle.unchecked_into())),
            _ => (name, Handle::File(handle.unchecked_into())),
        });
    }
}

/// The bytes of a file handle.
pub(crate) async fn read_handle(file: &FileSystemFileHandle) -> Result<Vec<u8>, JsValue> {
    let blob: Blob = resolve(file.get_file()).await?.unchecked_into();
    blob_bytes(&blob).await
}
