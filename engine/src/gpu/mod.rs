//! The wgpu backend: the forward pass in WGSL compute shaders (`shaders/`), natively on Vulkan,
//! Metal or DX12 and in the browser on WebGPU.
//!
//! * [`context`] opens the device, tracks errors and device loss, and reads results back;
//! * [`pack`] repacks quantized weights into word-aligned blocks and splits tensors larger than
//!   a binding;
//! * [`shader`] assembles kernel sources from `shaders/` (one file per kernel family);
//! * [`kernels`] builds the pipelines and their uniform blocks;
//! * [`model`] uploads a [`crate::Model`] ([`GpuModel`]) and holds a session's KV cache and
//!   recorded dispatches ([`GpuState`]). [`crate::Session`] drives either backend.

pub mod context;
pub mod kernels;
pub mod model;
pub mod pack;
pub mod shader;

pub use context::{Gpu, GpuInfo, GpuOptions};
pub use model::{GpuModel, GpuSample, GpuSampling, GpuState, GpuStats};
