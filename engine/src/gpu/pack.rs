//! Weights on the GPU: each quantized block repacked to whole 32-bit words (WGSL reads storage
//! buffers a word at a time; Q4_0, Q8_0 and Q6_K blocks are 18, 34 and 210 bytes), and tensors
//! split by rows so no binding exceeds the device's limit.

use crate::error::Error;
use crate::ggml_type::GgmlType;
use crate::gpu::context::Gpu;

/// Words of one repacked row of `cols` values, or `None` if the GPU cannot run `ty`/`cols`.
pub fn row_words(ty: GgmlType, cols: usize) -> Option<usize> {
    if cols % 32 != 0 {
        return None;
    }
    Some(match ty {
        GgmlType::F32 => cols,
        GgmlType::F16 | GgmlType::Bf16 => cols / 2,
        GgmlType::Q4_0 | GgmlType::Q4_1 => cols / 32 * 5,
        GgmlType::Q8_0 => cols / 32 * 9,
        GgmlType::Q4K if cols % 256 == 0 => cols / 256 * 36,
        GgmlType::Q6K if cols % 256 == 0 => cols / 256 * 53,
        _ => return None,
    })
}

fn word(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Appends row `row` (ggml bytes) repacked to words.
pub fn repack_row(ty: GgmlType, row: &[u8], out: &mut Vec<u32>) {
    // Blocks whose size is a multiple of 4 are copied as they are; the others get their f16
    // scale padded to a word of its own (Q6_K keeps it last, where ggml stores it).
    let padded = |block: usize, scale_at_end: bool, out: &mut Vec<u32>| {
        for b in row.chunks_exact(block) {
            if scale_at_end {
                let body = &b[..block - 2];
                out.extend(body.chunks_exact(4).map(word));
                out.push(u32::from(u16::from_le_bytes([b[block - 2], b[block - 1]])));
            } else {
                out.push(u32::from(u16::from_le_bytes([b[0], b[1]])));
                out.extend(b[2..].chunks_exact(4).map(word));
            }
        }
    };
    match ty {
        GgmlType::Q4_0 => padded(18, false, out),
        GgmlType::Q8_0 => padded(34, false, out),
        GgmlType::Q6K => padded(210, true, out),
        _ => out.extend(row.chunks_exact(4).map(word)),
    }
}

/// A weight matrix in GPU memory, in one or more row ranges ("parts").
#[derive(Debug)]
pub struct GpuMatrix {
    pub ty: GgmlType,
    pub rows: usize,
    pub cols: usize,
    pub row_words: usize,
    pub parts: Vec<Part>,
}

#[derive(Debug)]
pub struct Part {
    pub row0: usize,
    pub rows: usize,
    pub buffer: wgpu::Buffer,
}

/// Uploads `rows` rows (each `ty.row_bytes(cols)` bytes, fetched by `row`), split into parts of
/// at most `part_rows` rows (`None`: as many as the binding limit allows).
pub fn upload<'a>(
    gpu: &Gpu,
    name: &str,
    ty: GgmlType,
    rows: usize,
    cols: usize,
    row: impl Fn(usize) -> &'a [u8],
    part_rows: Option<usize>,
) -> Result<GpuMatrix, Error> {
    let rw = row_words(ty, cols).ok_or_else(|| {
        Error::GpuUnsupported(format!("tensor {name:?} ({ty}, rows of {cols}) has no GPU kernel"))
    })?;
    let per_part = part_rows.unwrap_or_else(|| max_rows(gpu, rw));
    if per_part == 0 {
        return Err(Error::GpuUnsupported(format!(
            "one row of {name:?} is larger than the GPU's largest binding ({} bytes)",
            gpu.info.max_binding_bytes
        )));
    }
    let mut parts = Vec::new();
    let mut words = Vec::new();
    for row0 in (0..rows).step_by(per_part) {
        let n = per_part.min(rows - row0);
        words.clear();
        words.reserve(n * rw);
        for r in row0..row0 + n {
            repack_row(ty, row(r), &mut words);
        }
        debug_assert_eq!(words.len(), n * rw);
        let buffer = gpu.buffer_init(name, bytemuck::cast_slice(&words), wgpu::BufferUsages::empty());
        parts.push(Part { row0, rows: n, buffer });
    }
    Ok(GpuMatrix { ty, rows, cols, row_words: rw, parts })
}

/// Rows of `row_words` words that fit one binding.
pub fn max_rows(gpu: &Gpu, row_words: usize) -> usize {
    let limit = gpu.info.max_binding_bytes.min(gpu.info.max_buffer_bytes);
    (limit / (row_words as u64 * 4)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repacked_rows_have_the_promised_size() {
        use GgmlType::*;
        for ty in [F32, F16, Bf16, Q4_0, Q4_1, Q8_0, Q4K, Q6K] {
            let bytes = vec![7u8; ty.row_bytes(512)];
            let mut out = Vec::new();
            repack_row(ty, &bytes, &mut out);
            assert_eq!(Some(out.len()), row_words(ty, 512), "{ty}");
        }
        assert_eq!(row_words(GgmlType::Q4_0, 48), None);
    }
}
