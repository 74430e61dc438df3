//! Compute pipelines built from `shaders/`, their bind group layouts, and the uniform blocks
//! they read. Each kernel is usable alone (the kernel tests drive them one by one against the
//! CPU path) and is assembled into the forward pass by `gpu::model`.

use std::sync::Arc;

use bytemuck::{Pod, Zeroable};

use crate::ggml_type::GgmlType;
use crate::gpu::context::Gpu;
use crate::gpu::pack::{GpuMatrix, Part};
use crate::gpu::shader::{self, consts, decoder, preprocess};

/// How a kernel sees one binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Uniform,
    Read,
    ReadWrite,
}

/// A compute pipeline and the layout of its one bind group.
#[derive(Debug, Clone)]
pub struct Kernel {
    pub pipeline: wgpu::ComputePipeline,
    pub layout: Arc<wgpu::BindGroupLayout>,
}

impl Kernel {
    /// The layout for `bindings` (binding number, access).
    pub fn layout(gpu: &Gpu, label: &str, bindings: &[(u32, Access)]) -> Arc<wgpu::BindGroupLayout> {
        let entries: Vec<wgpu::BindGroupLayoutEntry> = bindings
            .iter()
            .map(|&(binding, access)| wgpu::BindGroupLayoutEntry {
                binding,
                visibility: wgpu::ShaderStages::COMPUTE,
                ty: wgpu::BindingType::Buffer {
                    ty: match access {
                        Access::Uniform => wgpu::BufferBindingType::Uniform,
                        Access::Read => wgpu::BufferBindingType::Storage { read_only: true },
                        Access::ReadWrite => wgpu::BufferBindingType::Storage { read_only: false },
                    },
                    has_dynamic_offset: false,
                    min_binding_size: None,
                },
                count: None,
            })
            .collect();
        Arc::new(gpu.device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some(label),
            entries: &entries,
        }))
    }

    pub fn new(
        gpu: &Gpu,
        label: &str,
        source: &str,
        entry: &str,
        layout: Arc<wgpu::BindGroupLayout>,
    ) -> Kernel {
        let module = gpu.device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(label),
            source: wgpu::ShaderSource::Wgsl(source.into()),
        });
        let pipeline_layout = gpu.device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some(label),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = gpu.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some(label),
            layout: Some(&pipeline_layout),
            module: &module,
            entry_point: Some(entry),
            compilation_options: Default::default(),
            cache: None,
        });
        Kernel { pipeline, layout }
    }

    /// A bind group giving each binding number its buffer.
    pub fn bind(&self, gpu: &Gpu, label: &str, buffers: &[(u32, &wgpu::Buffer)]) -> wgpu::BindGroup {
        let entries: Vec<wgpu::BindGroupEntry> = buffers
            .iter()
            .map(|&(binding, b)| wgpu::BindGroupEntry { binding, resource: b.as_entire_binding() })
            .collect();
        gpu.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(label),
            layout: &self.layout,
            entries: &entries,
        })
    }
}

/// Threads per output row and rows per workgroup of the matrix kernel.
pub const LANES: u32 = 8;
pub const ROWS_PER_GROUP: u32 = 64 / LANES;
/// Tokens per workgroup when a batch is multiplied (each weight chunk is decoded once for them).
pub const PREFILL_TOKENS: u32 = 8;

/// Which matrix kernel: weight type(s) and fusions (see shaders/matmul.wgsl).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MatmulSpec {
    pub ty: GgmlType,
    /// The second matrix's type for SwiGLU (gate·x and up·x in one pass).
    pub swiglu: Option<GgmlType>,
    pub norm: bool,
    pub bias: bool,
    pub add: bool,
    /// Tokens per workgroup: 1 for decoding, [`PREFILL_TOKENS`] for batches.
    pub tokens: u32,
}

/// Shape uniform of shaders/matmul.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct MatmulShape {
    pub rows: u32,
    pub cols: u32,
    pub row_words: u32,
    pub row_words2: u32,
    pub out_offset: u32,
    pub out_stride: u32,
    pub x_mode: u32,
    pub y_mode: u32,
    pub eps: f32,
    pub pad: [u32; 3],
}

/// Input rows: the batch's own rows, the residual stream's last row, or its rows for this step.
pub const X_BATCH: u32 = 0;
pub const X_LAST: u32 = 1;
pub const X_STEP: u32 = 2;

pub fn matmul_bindings(spec: &MatmulSpec) -> Vec<(u32, Access)> {
    let mut b = vec![
        (0, Access::Uniform),
        (1, Access::Read),
        (2, Access::Read),
        (3, Access::Read),
        (4, Access::ReadWrite),
    ];
    if spec.norm {
        b.push((5, Access::Read));
    }
    if spec.swiglu.is_some() {
        b.push((6, Access::Read));
    }
    if spec.bias {
        b.push((7, Access::Read));
    }
    b
}

/// The kernel's source; `subgroups` sums each row's lanes with subgroup shuffles.
pub fn matmul_source(spec: &MatmulSpec, subgroups: bool) -> String {
    let mut defines = if subgroups { vec!["SUBGROUPS"] } else { Vec::new() };
    for (on, name) in
        [(spec.norm, "NORM"), (spec.swiglu.is_some(), "SWIGLU"), (spec.bias, "BIAS"), (spec.add, "ADD")]
    {
        if on {
            defines.push(name);
        }
    }
    let mut src = consts(&[("T", spec.tokens), ("LANES", LANES)]);
    src += shader::COMMON;
    src += &decoder(spec.ty, "w", "w", true);
    if let Some(ty2) = spec.swiglu {
        src += &decoder(ty2, "w2", "w2", true);
    }
    src += &preprocess(shader::MATMUL, &defines, &[]);
    src
}

pub fn matmul_kernel(gpu: &Gpu, spec: &MatmulSpec) -> Kernel {
    let label = format!("matmul {spec:?}");
    let layout = Kernel::layout(gpu, &label, &matmul_bindings(spec));
    Kernel::new(gpu, &label, &matmul_source(spec, gpu.use_subgroups), "main", layout)
}

/// Workgroups for `rows` output rows and `tokens` tokens at `per_group` tokens per workgroup.
/// Row groups beyond 65,535 wrap into z (the shader recombines them).
pub fn matmul_grid(rows: usize, tokens: usize, per_group: u32) -> (u32, u32, u32) {
    let groups = (rows as u32).div_ceil(ROWS_PER_GROUP);
    let x = groups.min(65_535);
    (x, (tokens as u32).div_ceil(per_group), groups.div_ceil(x))
}

/// Uniform of shaders/attention.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct AttnParams {
    pub n_head: u32,
    pub n_head_kv: u32,
    pub head_dim: u32,
    pub n_rot: u32,
    pub rope_halves: u32,
    pub qkv_stride: u32,
    pub k_offset: u32,
    pub v_offset: u32,
    pub scale: f32,
    pub pad: [u32; 3],
}

/// Largest head the attention kernel's workgroup memory holds.
pub const MAX_HEAD_DIM: u32 = 256;

/// `store_kv` and `attend`, sharing one layout (one bind group per layer serves both); with
/// `kv_f16` the cache holds f16 (the device must have been opened with shader-f16).
pub fn attention_kernels(gpu: &Gpu, head_dim: usize, kv_f16: bool) -> (Kernel, Kernel) {
    let layout = Kernel::layout(
        gpu,
        "attention",
        &[
            (0, Access::Uniform),
            (1, Access::Read),
            (2, Access::Read),
            (3, Access::Read),
            (4, Access::ReadWrite),
            (5, Access::ReadWrite),
            (6, Access::ReadWrite),
        ],
    );
    let kv_type = if kv_f16 { "enable f16;\nalias kv_t = f16;\n" } else { "alias kv_t = f32;\n" };
    let src = String::from(kv_type)
        + &consts(&[("MAX_HEAD_DIM", MAX_HEAD_DIM), ("DIMS_PER_THREAD", (head_dim as u32).div_ceil(64))])
        + shader::COMMON
        + shader::ATTENTION;
    (
        Kernel::new(gpu, "store_kv", &src, "store_kv", layout.clone()),
        Kernel::new(gpu, "attend", &src, "attend", layout),
    )
}

/// Uniform of shaders/embed.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct EmbedParams {
    pub rows: u32,
    pub row0: u32,
    pub cols: u32,
    pub row_words: u32,
}

impl EmbedParams {
    /// The uniform for one part of a (possibly split) token table.
    pub fn for_part(table: &GpuMatrix, part: &Part) -> EmbedParams {
        EmbedParams {
            rows: part.rows as u32,
            row0: part.row0 as u32,
            cols: table.cols as u32,
            row_words: table.row_words as u32,
        }
    }
}

pub fn embed_kernel(gpu: &Gpu, ty: GgmlType) -> Kernel {
    let layout = Kernel::layout(
        gpu,
        "embed",
        &[
            (0, Access::Uniform),
            (1, Access::Read),
            (2, Access::Read),
            (3, Access::Read),
            (4, Access::ReadWrite),
        ],
    );
    let src = String::from(shader::COMMON) + &decoder(ty, "w", "w", false) + shader::EMBED;
    Kernel::new(gpu, "embed", &src, "main", layout)
}

/// Uniform of shaders/sample.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct SampleParams {
    pub n_vocab: u32,
    pub n_top: u32,
    pub temperature: f32,
    pub top_p: f32,
    pub want_lse: u32,
    pub n_draw: u32,
    pub pad: [u32; 2],
}

/// Candidates the sampler ranks at most, and the words of one step's result.
pub const MAX_TOP: usize = 32;
pub const RESULT_WORDS: usize = 3 + 2 * MAX_TOP;

pub fn sample_kernel(gpu: &Gpu) -> Kernel {
    let layout = Kernel::layout(
        gpu,
        "sample",
        &[
            (0, Access::Uniform),
            (1, Access::ReadWrite),
            (2, Access::Read),
            (3, Access::Read),
            (4, Access::ReadWrite),
            (5, Access::ReadWrite),
        ],
    );
    let src = String::from(shader::COMMON) + shader::SAMPLE;
    Kernel::new(gpu, "sample", &src, "main", layout)
}

/// `log_prob` of shaders/sample.wgsl: per row of logits, the log-probability of a target id.
pub fn log_prob_kernel(gpu: &Gpu) -> Kernel {
    let layout = Kernel::layout(
        gpu,
        "log_prob",
        &[(0, Access::Uniform), (2, Access::Read), (6, Access::Read), (7, Access::ReadWrite)],
    );
    let src = String::from(shader::COMMON) + shader::SAMPLE;
    Kernel::new(gpu, "log_prob", &src, "log_prob", layout)
}

/// The per-step state every kernel reads (shaders/common.wgsl).
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq, Eq)]
pub struct StepState {
    pub pos0: u32,
    pub n_tokens: u32,
    pub step: u32,
    pub pad: u32,
}
