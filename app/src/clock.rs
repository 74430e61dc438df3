//! One millisecond clock for the page and the worker: `performance.now()` of whichever global
//! this runs in (a window or a worker), read reflectively so no web-sys feature per global type
//! is needed.

use js_sys::Reflect;
use wasm_bindgen::JsCast;

pub fn now_ms() -> f64 {
    Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
