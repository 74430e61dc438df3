//! The engine in a web page, for `e2e/engine.test.mjs`: reports what WebGPU offers and runs greedy
//! generation on the CPU path (`greedy_cpu`) and on WebGPU (`greedy_gpu`) so the test can compare
//! both with the native engine.
//!
//! Browser-only; natively this crate is empty.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use marble_engine::gpu::model::MAX_CHAIN;
use marble_engine::gpu::{GpuModel, GpuOptions};
use marble_engine::{GenerateOptions, Model, Session};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(s: &str);
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn log_error(s: &str);
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// Runs when the module is instantiated: a Rust panic otherwise surfaces only as "unreachable".
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| log_error(&format!("panic: {info}"))));
}

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsError::new(&e.to_string()).into()
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &key.into(), &value.into());
}

async fn webgpu_adapter() -> Result<wgpu::Adapter, JsValue> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: wgpu::Backends::BROWSER_WEBGPU,
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    });
    let options = wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::HighPerformance,
        ..Default::default()
    };
    instance.request_adapter(&options).await.map_err(js_err)
}

/// The WebGPU adapter as wgpu sees it: `{name, backend, device_type, subgroup_sizes,
/// features: {shader_f16, subgroups, all}, max_storage_buffer_binding_size, max_buffer_size,
/// roundtrip}`. Also opens a device with the adapter's full limits and runs a tiny compute shader
/// on it (`roundtrip` is its output), so a missing or broken WebGPU fails here rather than deep
/// inside the engine.
///
/// wgpu 30's WebGPU backend maps only some browser features: `subgroups` is never reported (nor
/// requestable) even where the browser offers it, so `features.subgroups` is false there.
#[wasm_bindgen]
pub async fn adapter_info() -> Result<JsValue, JsValue> {
    let adapter = webgpu_adapter().await?;
    let info = adapter.get_info();
    let features = adapter.features();
    let limits = adapter.limits();

    let out = Object::new();
    set(&out, "name", info.name.as_str());
    set(&out, "backend", info.backend.to_string());
    set(&out, "device_type", format!("{:?}", info.device_type));
    set(&out, "subgroup_sizes", format!("{}..={}", info.subgroup_min_size, info.subgroup_max_size));
    let feats = Object::new();
    set(&feats, "shader_f16", features.contains(wgpu::Features::SHADER_F16));
    set(&feats, "subgroups", features.contains(wgpu::Features::SUBGROUP));
    set(&feats, "all", format!("{features:?}"));
    set(&out, "features", feats);
    set(&out, "max_storage_buffer_binding_size", limits.max_storage_buffer_binding_size as f64);
    set(&out, "max_buffer_size", limits.max_buffer_size as f64);

    let desc =
        wgpu::DeviceDescriptor { label: Some("engine-probe"), required_limits: limits, ..Default::default() };
    let (device, queue) = adapter.request_device(&desc).await.map_err(js_err)?;
    let doubled = double_on_gpu(&device, &queue, &[1, 2, 3, 4]).await?;
    set(&out, "roundtrip", doubled.iter().map(|&x| JsValue::from(x)).collect::<js_sys::Array>());
    Ok(out.into())
}

/// Uploads `input`, doubles it in a compute shader and reads it back.
async fn double_on_gpu(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    input: &[u32],
) -> Result<Vec<u32>, JsValue> {
    use wgpu::util::DeviceExt;

    let bytes: Vec<u8> = input.iter().flat_map(|x| x.to_le_bytes()).collect();
    let size = bytes.len() as u64;
    let data = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
        label: Some("data"),
        contents: &bytes,
        usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
    });
    let readback = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("readback"),
        size,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("double"),
        source: wgpu::ShaderSource::Wgsl(
            "@group(0) @binding(0) var<storage, read_write> v: array<u32>;
             @compute @workgroup_size(64)
             fn main(@builtin(global_invocation_id) id: vec3u) {
                 if (id.x < arrayLength(&v)) { v[id.x] = v[id.x] * 2u; }
             }"
            .into(),
        ),
    });
    let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some("double"),
        layout: None,
        module: &module,
        entry_point: Some("main"),
        compilation_options: Default::default(),
        cache: None,
    });
    let bind = device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: None,
        layout: &pipeline.get_bind_group_layout(0),
        entries: &[wgpu::BindGroupEntry { binding: 0, resource: data.as_entire_binding() }],
    });
    let mut enc = device.create_command_encoder(&Default::default());
    {
        let mut pass = enc.begin_compute_pass(&Default::default());
        pass.set_pipeline(&pipeline);
        pass.set_bind_group(0, &bind, &[]);
        pass.dispatch_workgroups((input.len() as u32).div_ceil(64), 1, 1);
    }
    enc.copy_buffer_to_buffer(&data, 0, &readback, 0, size);
    queue.submit([enc.finish()]);

    // On the web the map callback fires from the browser's event loop once the GPU is done
    // (device.poll does nothing there), so the only way to wait is to yield to it: park on a
    // JS promise that the callback resolves.
    let mut resolve = None;
    let mapped = Promise::new(&mut |res, _rej| resolve = Some(res));
    let resolve = resolve.expect("Promise::new runs its executor at once");
    let status = std::rc::Rc::new(std::cell::Cell::new(None));
    let seen = status.clone();
    readback.map_async(wgpu::MapMode::Read, .., move |r| {
        seen.set(Some(r));
        let _ = resolve.call0(&JsValue::NULL);
    });
    JsFuture::from(mapped).await?;
    status.take().expect("the map callback ran").map_err(js_err)?;
    let view = readback.get_mapped_range(..).map_err(js_err)?;
    let out = view.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    drop(view);
    readback.unmap();
    Ok(out)
}

/// Copies a GGUF file's bytes into wasm memory and parses them; logs the timings.
fn parse_model(model: &Uint8Array, report: &Object) -> Result<Arc<Model>, JsValue> {
    let t0 = now();
    let bytes = model.to_vec();
    let t1 = now();
    let model = Model::from_gguf_bytes(&bytes).map_err(js_err)?;
    drop(bytes);
    let t2 = now();
    log(&format!("probe: model copied into wasm in {:.0} ms, parsed in {:.0} ms", t1 - t0, t2 - t1));
    set(report, "copy_ms", t1 - t0);
    set(report, "parse_ms", t2 - t1);
    Ok(Arc::new(model))
}

/// Resolves once the GPU has finished everything sent to `queue` before.
async fn gpu_idle(queue: &wgpu::Queue) {
    use std::sync::Mutex;
    use std::task::{Poll, Waker};

    // wgpu wants a Send callback, so no JS promise: a flag and the waiting task's waker.
    let slot: Arc<Mutex<(bool, Option<Waker>)>> = Arc::default();
    let done = slot.clone();
    queue.on_submitted_work_done(move || {
        let mut s = done.lock().unwrap();
        s.0 = true;
        if let Some(w) = s.1.take() {
            w.wake();
        }
    });
    std::future::poll_fn(|cx| {
        let mut s = slot.lock().unwrap();
        if s.0 {
            Poll::Ready(())
        } else {
            s.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    })
    .await
}

/// Greedy continuation of `prompt_ids` (`n` tokens, end tokens included) on the engine's CPU
/// path, from a GGUF file's bytes. Returns the report [`greedy`] describes.
#[wasm_bindgen]
pub async fn greedy_cpu(model: Uint8Array, prompt_ids: Vec<u32>, n: u32) -> Result<JsValue, JsValue> {
    let report = Object::new();
    let model = parse_model(&model, &report)?;
    let mut session = Session::new(model);
    greedy(&mut session, &prompt_ids, n as usize, 1, &report).await.map_err(js_err)?;
    Ok(report.into())
}

/// The GPU session of the last [`greedy_gpu`] call and the bytes it was loaded from: the next
/// call with the same `Uint8Array` reuses the device, the pipelines and the cached prompt (a
/// prefill costs SwiftShader about a minute).
struct GpuCache {
    bytes: Uint8Array,
    gpu: Arc<GpuModel>,
    session: Session,
}

thread_local! {
    static GPU_CACHE: std::cell::RefCell<Option<GpuCache>> = const { std::cell::RefCell::new(None) };
}

/// Opens WebGPU and uploads the model, waiting until the browser has compiled the pipelines.
async fn load_gpu(bytes: Uint8Array, report: &Object) -> Result<GpuCache, JsValue> {
    let model = parse_model(&bytes, report)?;
    let t = now();
    let gpu = GpuModel::load(model, &GpuOptions::default()).await.map_err(js_err)?;
    let queued_ms = now() - t;
    // The browser compiles pipelines in its GPU process after the calls return: wait for that
    // (and the uploads) so that load_ms, not prefill_ms, holds it.
    gpu_idle(&gpu.gpu.queue).await;
    gpu.gpu.check().map_err(js_err)?;
    let load_ms = now() - t;
    let info = &gpu.gpu.info;
    log(&format!(
        "probe: GPU model loaded in {load_ms:.0} ms ({queued_ms:.0} ms until the calls returned) on {:?} ({}, {:?})",
        info.name, info.backend, info.driver
    ));
    set(report, "load_ms", load_ms);
    let session = Session::new_gpu(gpu.clone()).map_err(js_err)?;
    Ok(GpuCache { bytes, gpu, session })
}

/// Like [`greedy_cpu`] on the GPU backend (WebGPU), `chain` greedy tokens per submission.
/// The report also has `load_ms` (device, weight upload and pipeline compilation; absent when
/// the previous call's session was reused), `prompt_reused`/`prompt_computed` (positions kept
/// from the session's cache / run through the model), `adapter` (the engine's `GpuInfo`) and
/// `stats` (this call's `GpuStats`, the prompt's work included, also per generated token).
#[wasm_bindgen]
pub async fn greedy_gpu(
    model: Uint8Array,
    prompt_ids: Vec<u32>,
    n: u32,
    chain: u32,
) -> Result<JsValue, JsValue> {
    let report = Object::new();
    // Taken out for the call, so a call running beside this one simply loads its own.
    let cached = GPU_CACHE.with_borrow_mut(Option::take).filter(|c| Object::is(&c.bytes, &model));
    let reused = cached.is_some();
    let mut c = match cached {
        Some(c) => c,
        None => load_gpu(model, &report).await?,
    };
    set(&report, "reused_gpu", reused);
    let info = &c.gpu.gpu.info;
    let adapter = Object::new();
    set(&adapter, "name", info.name.as_str());
    set(&adapter, "backend", info.backend.as_str());
    set(&adapter, "driver", info.driver.as_str());
    set(&adapter, "shader_f16", info.shader_f16);
    set(&adapter, "subgroups", info.subgroups);
    set(&adapter, "max_binding_bytes", info.max_binding_bytes as f64);
    set(&adapter, "max_buffer_bytes", info.max_buffer_bytes as f64);
    set(&report, "adapter", adapter);

    let before = c.session.gpu_stats();
    let tokens =
        greedy(&mut c.session, &prompt_ids, n as usize, chain as usize, &report).await.map_err(js_err)?;
    let after = c.session.gpu_stats();
    GPU_CACHE.set(Some(c));

    let stats = Object::new();
    let field = |name: &str, x: u64, per_token: bool| {
        set(&stats, name, x as f64);
        if per_token {
            set(&stats, &format!("{name}_per_token"), x as f64 / tokens.max(1) as f64);
        }
    };
    field("dispatches", after.dispatches - before.dispatches, true);
    field("submissions", after.submissions - before.submissions, true);
    field("tokens", after.tokens - before.tokens, false);
    field("read_bytes", after.read_bytes - before.read_bytes, false);
    log(&format!(
        "probe: {} dispatches, {} submissions, {} bytes read back for {tokens} generated tokens",
        after.dispatches - before.dispatches,
        after.submissions - before.submissions,
        after.read_bytes - before.read_bytes
    ));
    set(&report, "stats", stats);
    Ok(report.into())
}

/// Generates `n` greedy tokens after `prompt` and adds to `report`: `backend`, `tokens`,
/// `prompt_reused` and `prompt_computed`, `prefill_ms` (the prompt and the first burst of tokens:
/// one, or on the GPU the `chain` whose results arrive together), `first_burst`, `decode_tokens`
/// and `decode_ms` (the tokens after it and how long they took), `decode_tok_s` and `total_ms`.
/// Returns how many tokens it generated.
async fn greedy(
    session: &mut Session,
    prompt: &[u32],
    n: usize,
    chain: usize,
    report: &Object,
) -> Result<usize, marble_engine::Error> {
    let opts = GenerateOptions {
        max_tokens: n,
        stop_at_end: false,
        probabilities: false,
        chain,
        ..Default::default()
    };
    let start = now();
    let mut times = Vec::with_capacity(n);
    let gen = session
        .generate(prompt, &opts, |_| {
            times.push(now());
            true
        })
        .await?;
    let end = now();
    // The tokens whose results arrive with the first one; the rest give the decode rate.
    let first = times.first().copied().unwrap_or(end);
    let first_burst = match session.backend_name() {
        "gpu" => chain.clamp(1, MAX_CHAIN),
        _ => 1,
    }
    .min(gen.tokens.len());
    let decoded = gen.tokens.len().saturating_sub(first_burst);
    let decode_ms = end - first;
    let tok_s = if decoded > 0 { decoded as f64 * 1000.0 / decode_ms.max(1e-3) } else { f64::NAN };
    log(&format!(
        "probe [{}]: prefill {} tokens ({} cached) + first {first_burst} token(s) in {:.0} ms; {decoded} more \
         tokens in {decode_ms:.0} ms ({tok_s:.2} tokens/s)",
        session.backend_name(),
        gen.prompt.computed,
        gen.prompt.reused,
        first - start,
    ));
    set(report, "backend", session.backend_name());
    set(report, "tokens", gen.tokens.iter().map(|&t| JsValue::from(t)).collect::<js_sys::Array>());
    set(report, "prompt_reused", gen.prompt.reused as u32);
    set(report, "prompt_computed", gen.prompt.computed as u32);
    set(report, "prefill_ms", first - start);
    set(report, "first_burst", first_burst as u32);
    set(report, "decode_tokens", decoded as u32);
    set(report, "decode_ms", decode_ms);
    set(report, "decode_tok_s", tok_s);
    set(report, "total_ms", end - start);
    Ok(gen.tokens.len())
}
