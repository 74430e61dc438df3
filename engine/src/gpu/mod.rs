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

// Natively the GPU types are Send + Sync and shared across threads; wgpu's WebGPU types are not.
#![cfg_attr(target_arch = "wasm32", allow(clippy::arc_with_non_send_sync))]

pub mod context;
pub mod kernels;
pub mod model;
pub mod pack;
pub mod shader;

pub use context::{Gpu, GpuInfo, GpuOptions};
pub use model::{GpuModel, GpuSample, GpuSampling, GpuState, GpuStats};
