//! The GPU device: adapter choice, limits and capabilities, error and device-loss tracking, and
//! the read-back of results (the only place the host waits for the GPU).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use crate::error::Error;

/// How to set up the GPU.
#[derive(Debug, Clone)]
pub struct GpuOptions {
    /// Split tensors so no binding exceeds this many bytes, even if the adapter allows more
    /// (tests lower it to exercise splitting). `None`: the adapter's limit.
    pub max_binding_bytes: Option<u64>,
    /// Positions of context the session's KV cache holds (capped by the model's training length
    /// and by the binding limit).
    pub max_context: usize,
    /// Keep the KV cache in f16 when the adapter has shader-f16 (as llama.cpp does): half the
    /// memory and attention bandwidth, keys and values rounded to 11 significant bits. Off, or
    /// without shader-f16, the cache is f32 and the GPU matches the CPU to f32 rounding.
    pub f16_kv: bool,
    /// Sum each matrix row's partial products with subgroup shuffles where the adapter has
    /// subgroups of at least the kernel's lanes per row (natively; wgpu does not offer them on
    /// the web), instead of through workgroup memory.
    pub subgroups: bool,
}

impl Default for GpuOptions {
    fn default() -> Self {
        GpuOptions { max_binding_bytes: None, max_context: 4096, f16_kv: true, subgroups: true }
    }
}

/// What the adapter is and can do, for display and for choosing kernels.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuInfo {
    pub name: String,
    pub backend: String,
    pub driver: String,
    pub shader_f16: bool,
    pub subgroups: bool,
    /// The smallest subgroup the adapter may run (0 without subgroups).
    pub subgroup_min_size: u32,
    pub max_binding_bytes: u64,
    pub max_buffer_bytes: u64,
}

/// What went wrong on the device since it was created: reported by wgpu's callbacks, checked by
/// the host after each read-back.
#[derive(Debug, Default)]
struct Health {
    lost: Option<String>,
    error: Option<String>,
}

pub struct Gpu {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub info: GpuInfo,
    /// Whether kernels reduce with subgroup operations (see [`GpuOptions::subgroups`]).
    pub use_subgroups: bool,
    health: Arc<Mutex<Health>>,
}

impl std::fmt::Debug for Gpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gpu").field("info", &self.info).finish()
    }
}

impl Gpu {
    /// Opens the first suitable adapter: WebGPU in the browser; natively Vulkan, Metal or DX12
    /// (`WGPU_BACKEND` and `WGPU_ADAPTER_NAME` choose, as in every wgpu program).
    pub async fn new(opts: &GpuOptions) -> Result<Gpu, Error> {
        let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
        desc.backends = if cfg!(target_arch = "wasm32") {
            wgpu::Backends::BROWSER_WEBGPU
        } else {
            wgpu::Backends::from_env().unwrap_or(wgpu::Backends::PRIMARY)
        };
        let instance = wgpu::Instance::new(desc);
        let adapter = match wgpu::util::initialize_adapter_from_env(&instance, None).await {
            Ok(a) => a,
            Err(_) => instance
                .request_adapter(&wgpu::RequestAdapterOptions {
                    power_preference: wgpu::PowerPreference::HighPerformance,
                    ..Default::default()
                })
                .await
                .map_err(|e| Error::GpuUnavailable(e.to_string()))?,
        };
        let features = adapter.features();
        let limits = adapter.limits();
        let wanted = wgpu::Features::SHADER_F16 | wgpu::Features::SUBGROUP;
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("marble"),
                required_features: features & wanted,
                required_limits: limits.clone(),
                memory_hints: wgpu::MemoryHints::Performance,
                ..Default::default()
            })
            .await
            .map_err(|e| Error::GpuUnavailable(e.to_string()))?;
        let a = adapter.get_info();
        let cap = |limit: u64| opts.max_binding_bytes.map_or(limit, |m| m.min(limit));
        let info = GpuInfo {
            name: a.name,
            backend: format!("{:?}", a.backend),
            driver: format!("{} {}", a.driver, a.driver_info).trim().to_string(),
            shader_f16: features.contains(wgpu::Features::SHADER_F16),
            subgroups: features.contains(wgpu::Features::SUBGROUP),
            subgroup_min_size: if features.contains(wgpu::Features::SUBGROUP) {
                a.subgroup_min_size
            } else {
                0
            },
            max_binding_bytes: cap(limits.max_storage_buffer_binding_size),
            max_buffer_bytes: limits.max_buffer_size,
        };
        let health = Arc::new(Mutex::new(Health::default()));
        let h = health.clone();
        device.set_device_lost_callback(move |reason, msg| {
            h.lock().unwrap().lost.get_or_insert(format!("{reason:?}: {msg}"));
        });
        let h = health.clone();
        device.on_uncaptured_error(Arc::new(move |e| {
            h.lock().unwrap().error.get_or_insert(e.to_string());
        }));
        let use_subgroups =
            opts.subgroups && info.subgroups && info.subgroup_min_size >= crate::gpu::kernels::LANES;
        Ok(Gpu { device, queue, info, use_subgroups, health })
    }

    /// The error to report if the device was lost or rejected work.
    pub fn check(&self) -> Result<(), Error> {
        let h = self.health.lock().unwrap();
        if let Some(why) = &h.lost {
            return Err(Error::GpuLost(why.clone()));
        }
        if let Some(why) = &h.error {
            return Err(Error::Gpu(why.clone()));
        }
        Ok(())
    }

    /// Ends the device as a driver reset would (for tests of recovery).
    pub fn simulate_loss(&self) {
        self.device.destroy();
    }

    /// A storage buffer holding `data`.
    pub fn buffer_init(&self, label: &str, data: &[u8], extra: wgpu::BufferUsages) -> wgpu::Buffer {
        use wgpu::util::DeviceExt;
        // wgpu refuses empty bindings: keep one word.
        let padded;
        let contents = if data.len() < 4 {
            padded = [data, &[0u8; 4][data.len()..]].concat();
            &padded[..]
        } else {
            data
        };
        self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some(label),
            contents,
            usage: wgpu::BufferUsages::STORAGE | extra,
        })
    }

    /// A zeroed buffer of `bytes` (rounded up to a word).
    pub fn buffer(&self, label: &str, bytes: u64, usage: wgpu::BufferUsages) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size: bytes.max(4).next_multiple_of(4),
            usage,
            mapped_at_creation: false,
        })
    }

    pub fn uniform(&self, label: &str, data: &[u8]) -> wgpu::Buffer {
        use wgpu::util::DeviceExt;
        self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some(label),
            contents: data,
            usage: wgpu::BufferUsages::UNIFORM,
        })
    }

    /// Copies `bytes` of `src` from `src_offset` through `staging` (a MAP_READ buffer at least
    /// that large) after the work already submitted, and returns them.
    pub async fn read(
        &self,
        src: &wgpu::Buffer,
        src_offset: u64,
        staging: &wgpu::Buffer,
        bytes: u64,
    ) -> Result<Vec<u8>, Error> {
        self.check()?;
        let mut enc = self.device.create_command_encoder(&Default::default());
        enc.copy_buffer_to_buffer(src, src_offset, staging, 0, bytes);
        self.queue.submit([enc.finish()]);
        self.map_staging(staging, bytes).await
    }

    /// The first `bytes` of `staging` once the submitted work that fills it is done.
    pub async fn map_staging(&self, staging: &wgpu::Buffer, bytes: u64) -> Result<Vec<u8>, Error> {
        let slice = staging.slice(0..bytes);
        let (tx, rx) = oneshot();
        slice.map_async(wgpu::MapMode::Read, move |r| tx.send(r.is_ok()));
        // Natively nothing drives the callbacks but polling; in the browser the event loop does.
        #[cfg(not(target_arch = "wasm32"))]
        if let Err(e) = self.device.poll(wgpu::PollType::wait_indefinitely()) {
            self.check()?;
            return Err(Error::GpuLost(e.to_string()));
        }
        let mapped = rx.await;
        self.check()?;
        if !mapped {
            return Err(Error::GpuLost("reading results back failed".into()));
        }
        let out = slice.get_mapped_range().map_err(|e| Error::Gpu(e.to_string()))?.to_vec();
        staging.unmap();
        Ok(out)
    }
}

/// A one-value channel whose receiving end is a future (wgpu's map callback → `read`).
struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

struct Sender<T>(Arc<Mutex<Slot<T>>>);
struct Receiver<T>(Arc<Mutex<Slot<T>>>);

fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Mutex::new(Slot { value: None, waker: None }));
    (Sender(slot.clone()), Receiver(slot))
}

impl<T> Sender<T> {
    fn send(self, v: T) {
        let mut s = self.0.lock().unwrap();
        s.value = Some(v);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = self.0.lock().unwrap();
        match s.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
