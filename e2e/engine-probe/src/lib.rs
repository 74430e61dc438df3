//! The engine in a web page, for `e2e/engine.test.mjs`: reports what WebGPU offers and runs greedy
//! generation so the test can compare it with the native engine.
//!
//! Browser-only; natively this crate is empty.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use js_sys::{Object, Promise, Reflect, Uint8Array};
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

/// Greedy continuation of `prompt_ids` (`n` tokens, end tokens included) on the engine's CPU
/// path, from a GGUF file's bytes. Logs load and generation timings to the console.
#[wasm_bindgen]
pub async fn greedy_cpu(model: Uint8Array, prompt_ids: Vec<u32>, n: u32) -> Result<Vec<u32>, JsValue> {
    let t0 = now();
    let bytes = model.to_vec();
    let t1 = now();
    let model = Model::from_gguf_bytes(&bytes).map_err(js_err)?;
    drop(bytes);
    let t2 = now();
    log(&format!("probe: model copied into wasm in {:.0} ms, parsed in {:.0} ms", t1 - t0, t2 - t1));
    let mut session = Session::new(Arc::new(model));
    greedy(&mut session, &prompt_ids, n as usize).await.map_err(js_err)
}

// TODO(greedy_gpu): once `marble_engine::gpu` lands, add
//     #[wasm_bindgen] pub async fn greedy_gpu(model: Uint8Array, prompt_ids: Vec<u32>, n: u32)
// that builds the GPU-backed session (adapter from `webgpu_adapter()`) and calls `greedy` below;
// the test then runs it next to greedy_cpu.
async fn greedy(session: &mut Session, prompt: &[u32], n: usize) -> Result<Vec<u32>, marble_engine::Error> {
    let opts = GenerateOptions { max_tokens: n, stop_at_end: false, ..Default::default() };
    let start = now();
    let mut first = None;
    // TODO(async session): `generate` is still synchronous; add `.await` when it becomes async.
    let gen = session.generate(prompt, &opts, |_| {
        first.get_or_insert_with(now);
        true
    })?;
    let end = now();
    let first = first.unwrap_or(end);
    let decoded = gen.tokens.len().saturating_sub(1);
    log(&format!(
        "probe: prefill {} tokens + first token in {:.0} ms; {} more tokens in {:.0} ms ({:.2} tokens/s)",
        prompt.len(),
        first - start,
        decoded,
        end - first,
        decoded as f64 * 1000.0 / (end - first).max(1e-3),
    ));
    Ok(gen.tokens)
}
