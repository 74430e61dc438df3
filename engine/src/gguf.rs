//! GGUF v2/v3 reader over a byte slice.
//!
//! A model file is hostile input: every count, length, offset and size is checked against the bytes
//! that are really there before it is used, so a truncated or crafted file gives a [`GgufError`]
//! naming the key or tensor and the numbers, never a panic or an out-of-bounds read.
//! Layout (ggml `docs/gguf.md`): magic, version, tensor count, metadata count, metadata
//! key/values, tensor infos, padding to `general.alignment`, tensor data.

use std::collections::HashMap;
use std::fmt;

use crate::ggml_type::GgmlType;

/// Alignment of the tensor-data section when `general.alignment` is absent (ggml's default).
pub const DEFAULT_ALIGNMENT: u64 = 32;
/// ggml tensors have at most four dimensions.
const MAX_DIMS: u32 = 4;
/// Arrays of arrays are legal but nothing real nests deeply; the bound keeps recursion finite.
const MAX_ARRAY_DEPTH: u32 = 4;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GgufError {
    #[error("this is not a GGUF model file (it starts with {found:02x?} instead of \"GGUF\"); choose a .gguf file")]
    BadMagic { found: Vec<u8> },
    #[error("GGUF version {0} is not supported (Marble reads versions 2 and 3); re-convert the model with a current llama.cpp")]
    UnsupportedVersion(u32),
    #[error("the model file ends early: {what} needs {needed} bytes at offset {offset} but the file has {len}; the download was probably cut short, fetch the file again")]
    Truncated { what: String, offset: u64, needed: u64, len: u64 },
    #[error("the model file is corrupt: {0}; fetch the file again or re-convert it")]
    Corrupt(String),
}

fn corrupt(msg: impl Into<String>) -> GgufError {
    GgufError::Corrupt(msg.into())
}

/// A metadata value, as typed in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    U8(u8),
    I8(i8),
    U16(u16),
    I16(i16),
    U32(u32),
    I32(i32),
    U64(u64),
    I64(i64),
    F32(f32),
    F64(f64),
    Bool(bool),
    String(String),
    Array(Vec<Value>),
}

impl Value {
    /// Any integer type that fits in a u64 (GGUF writers disagree on u32/i32/u64 for counts).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::U8(v) => Some(v.into()),
            Value::U16(v) => Some(v.into()),
            Value::U32(v) => Some(v.into()),
            Value::U64(v) => Some(v),
            Value::I8(v) => u64::try_from(v).ok(),
            Value::I16(v) => u64::try_from(v).ok(),
            Value::I32(v) => u64::try_from(v).ok(),
            Value::I64(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::U64(v) => i64::try_from(v).ok(),
            Value::I8(v) => Some(v.into()),
            Value::I16(v) => Some(v.into()),
            Value::I32(v) => Some(v.into()),
            Value::I64(v) => Some(v),
            _ => self.as_u64().and_then(|v| i64::try_from(v).ok()),
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::F32(v) => Some(v.into()),
            Value::F64(v) => Some(v),
            _ => self.as_i64().map(|v| v as f64),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::U8(_) => "u8",
            Value::I8(_) => "i8",
            Value::U16(_) => "u16",
            Value::I16(_) => "i16",
            Value::U32(_) => "u32",
            Value::I32(_) => "i32",
            Value::U64(_) => "u64",
            Value::I64(_) => "i64",
            Value::F32(_) => "f32",
            Value::F64(_) => "f64",
            Value::Bool(_) => "bool",
            Value::String(_) => "string",
            Value::Array(_) => "array",
        }
    }
}

/// GGUF's metadata type ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueType {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
}

impl ValueType {
    fn from_u32(v: u32) -> Option<Self> {
        use ValueType::*;
        Some(match v {
            0 => U8,
            1 => I8,
            2 => U16,
            3 => I16,
            4 => U32,
            5 => I32,
            6 => F32,
            7 => Bool,
            8 => String,
            9 => Array,
            10 => U64,
            11 => I64,
            12 => F64,
            _ => return None,
        })
    }

    /// The fewest bytes one value of this type takes in the file; bounds array lengths before
    /// anything is allocated for them.
    fn min_size(self) -> u64 {
        use ValueType::*;
        match self {
            U8 | I8 | Bool => 1,
            U16 | I16 => 2,
            U32 | I32 | F32 => 4,
            U64 | I64 | F64 | String => 8,
            Array => 12,
        }
    }
}

/// One tensor's description from the header; `offset` is absolute in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorInfo {
    pub name: String,
    /// ggml order: `dims[0]` is the contiguous (innermost) dimension.
    pub dims: Vec<u64>,
    pub ggml_type: GgmlType,
    /// Absolute byte offset of the tensor's data in the file.
    pub offset: u64,
    /// Bytes of data, already checked to lie inside the file.
    pub size: u64,
}

impl TensorInfo {
    pub fn n_elements(&self) -> u64 {
        self.dims.iter().product()
    }
}

/// A parsed GGUF header, borrowing the file's bytes for tensor data.
pub struct Gguf<'a> {
    pub version: u32,
    pub alignment: u64,
    /// Absolute offset where the tensor-data section starts.
    pub data_offset: u64,
    metadata: Vec<(String, Value)>,
    index: HashMap<String, usize>,
    tensors: Vec<TensorInfo>,
    tensor_index: HashMap<String, usize>,
    bytes: &'a [u8],
}

impl fmt::Debug for Gguf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gguf")
            .field("version", &self.version)
            .field("metadata", &self.metadata.len())
            .field("tensors", &self.tensors.len())
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl<'a> Gguf<'a> {
    /// Parses and validates the header; tensor data stays in `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, GgufError> {
        let mut r = Reader { bytes, pos: 0 };
        let magic = r.take(4, "the magic number")?;
        if magic != b"GGUF" {
            return Err(GgufError::BadMagic { found: magic.to_vec() });
        }
        let version = r.u32("the version")?;
        if version != 2 && version != 3 {
            return Err(GgufError::UnsupportedVersion(version));
        }
        let tensor_count = r.u64("the tensor count")?;
        let kv_count = r.u64("the metadata count")?;
        // Each key/value needs at least a key length, a type and one byte of value.
        r.check_count(kv_count, 8 + 4 + 1, "metadata entries")?;
        // Each tensor info needs a name length, dim count, one dim, a type and an offset.
        r.check_count(tensor_count, 8 + 4 + 8 + 4 + 8, "tensor infos")?;

        let mut metadata = Vec::with_capacity(kv_count as usize);
        let mut index = HashMap::with_capacity(kv_count as usize);
        for i in 0..kv_count {
            let key = r.string(&format!("metadata key #{i}"))?;
            let ty = r.u32(&format!("the type of metadata key {key:?}"))?;
            let value = r.value(ty, &key, 0)?;
            if index.insert(key.clone(), metadata.len()).is_some() {
                return Err(corrupt(format!("metadata key {key:?} appears twice")));
            }
            metadata.push((key, value));
        }

        let alignment = match index.get("general.alignment").map(|&i| &metadata[i].1) {
            None => DEFAULT_ALIGNMENT,
            Some(Value::U32(a)) if *a > 0 && a.is_power_of_two() => u64::from(*a),
            Some(v) => {
                return Err(corrupt(format!("general.alignment must be a power-of-two u32, found {v:?}")))
            }
        };

        let mut tensors = Vec::with_capacity(tensor_count as usize);
        let mut tensor_index = HashMap::with_capacity(tensor_count as usize);
        for i in 0..tensor_count {
            let name = r.string(&format!("tensor name #{i}"))?;
            let n_dims = r.u32(&format!("the dimension count of tensor {name:?}"))?;
            if n_dims == 0 || n_dims > MAX_DIMS {
                return Err(corrupt(format!(
                    "tensor {name:?} has {n_dims} dimensions (1 to {MAX_DIMS} are possible)"
                )));
            }
            let mut dims = Vec::with_capacity(n_dims as usize);
            for d in 0..n_dims {
                dims.push(r.u64(&format!("dimension {d} of tensor {name:?}"))?);
            }
            let type_id = r.u32(&format!("the type of tensor {name:?}"))?;
            let ggml_type = GgmlType::from_id(type_id)
                .ok_or_else(|| corrupt(format!("tensor {name:?} has unknown ggml type id {type_id}")))?;
            let rel_offset = r.u64(&format!("the data offset of tensor {name:?}"))?;
            if tensor_index.insert(name.clone(), tensors.len()).is_some() {
                return Err(corrupt(format!("tensor {name:?} appears twice")));
            }
            tensors.push((name, dims, ggml_type, rel_offset));
        }

        let data_offset =
            align_up(r.pos as u64, alignment).ok_or_else(|| corrupt("the header is too large"))?;
        let len = bytes.len() as u64;
        if !tensors.is_empty() && data_offset > len {
            return Err(GgufError::Truncated {
                what: "the tensor data section".into(),
                offset: data_offset,
                needed: 1,
                len,
            });
        }

        let tensors = tensors
            .into_iter()
            .map(|(name, dims, ggml_type, rel_offset)| {
                let size = tensor_size(&name, &dims, ggml_type)?;
                if rel_offset % alignment != 0 {
                    return Err(corrupt(format!(
                        "tensor {name:?} starts at data offset {rel_offset}, which is not a multiple of the alignment {alignment}"
                    )));
                }
                let offset = data_offset.checked_add(rel_offset).ok_or_else(|| {
                    corrupt(format!("tensor {name:?} has an absurd offset {rel_offset}"))
                })?;
                let end = offset.checked_add(size).ok_or_else(|| {
                    corrupt(format!("tensor {name:?} has an absurd offset {rel_offset}"))
                })?;
                if end > len {
                    return Err(GgufError::Truncated {
                        what: format!("the data of tensor {name:?}"),
                        offset,
                        needed: size,
                        len,
                    });
                }
                Ok(TensorInfo { name, dims, ggml_type, offset, size })
            })
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Gguf { version, alignment, data_offset, metadata, index, tensors, tensor_index, bytes })
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.index.get(key).map(|&i| &self.metadata[i].1)
    }

    /// Metadata in file order.
    pub fn metadata(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.metadata.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Tensor infos in file order.
    pub fn tensors(&self) -> &[TensorInfo] {
        &self.tensors
    }

    pub fn tensor(&self, name: &str) -> Option<&TensorInfo> {
        self.tensor_index.get(name).map(|&i| &self.tensors[i])
    }

    /// The tensor's bytes (bounds were checked when parsing).
    pub fn tensor_data(&self, info: &TensorInfo) -> &'a [u8] {
        &self.bytes[info.offset as usize..(info.offset + info.size) as usize]
    }
}

fn align_up(v: u64, alignment: u64) -> Option<u64> {
    Some(v.checked_add(alignment - 1)? / alignment * alignment)
}

/// Bytes a tensor of these dims takes; rows must be whole blocks.
fn tensor_size(name: &str, dims: &[u64], ty: GgmlType) -> Result<u64, GgufError> {
    let absurd = || corrupt(format!("tensor {name:?} has absurd dimensions {dims:?}"));
    if dims.contains(&0) {
        return Err(corrupt(format!("tensor {name:?} has an empty dimension {dims:?}")));
    }
    let n = dims.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d)).ok_or_else(absurd)?;
    let block = ty.block_size() as u64;
    if dims[0] % block != 0 {
        return Err(corrupt(format!(
            "tensor {name:?} has rows of {} values, not a multiple of {ty}'s block of {block}",
            dims[0]
        )));
    }
    (n / block).checked_mul(ty.type_size() as u64).ok_or_else(absurd)
}

/// A cursor that refuses to read past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    fn take(&mut self, n: u64, what: &str) -> Result<&'a [u8], GgufError> {
        if n > self.remaining() {
            return Err(GgufError::Truncated {
                what: what.to_string(),
                offset: self.pos as u64,
                needed: n,
                len: self.bytes.len() as u64,
            });
        }
        let s = &self.bytes[self.pos..self.pos + n as usize];
        self.pos += n as usize;
        Ok(s)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], GgufError> {
        let s = self.take(N as u64, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn u32(&mut self, what: &str) -> Result<u32, GgufError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64, GgufError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// Rejects a count whose entries could not fit in the rest of the file, before allocating.
    fn check_count(&self, count: u64, min_entry: u64, what: &str) -> Result<(), GgufError> {
        if count > self.remaining() / min_entry {
            return Err(corrupt(format!(
                "the header claims {count} {what}, more than the {} remaining bytes can hold",
                self.remaining()
            )));
        }
        Ok(())
    }

    fn string(&mut self, what: &str) -> Result<String, GgufError> {
        let len = self.u64(&format!("the length of {what}"))?;
        let s = self.take(len, what)?;
        String::from_utf8(s.to_vec()).map_err(|_| corrupt(format!("{what} is not valid UTF-8")))
    }

    fn value(&mut self, ty: u32, key: &str, depth: u32) -> Result<Value, GgufError> {
        let ty = ValueType::from_u32(ty)
            .ok_or_else(|| corrupt(format!("metadata key {key:?} has unknown type id {ty}")))?;
        let what = || format!("the value of metadata key {key:?}");
        Ok(match ty {
            ValueType::U8 => Value::U8(self.array::<1>(&what())?[0]),
            ValueType::I8 => Value::I8(self.array::<1>(&what())?[0] as i8),
            ValueType::U16 => Value::U16(u16::from_le_bytes(self.array(&what())?)),
            ValueType::I16 => Value::I16(i16::from_le_bytes(self.array(&what())?)),
            ValueType::U32 => Value::U32(u32::from_le_bytes(self.array(&what())?)),
            ValueType::I32 => Value::I32(i32::from_le_bytes(self.array(&what())?)),
            ValueType::U64 => Value::U64(u64::from_le_bytes(self.array(&what())?)),
            ValueType::I64 => Value::I64(i64::from_le_bytes(self.array(&what())?)),
            ValueType::F32 => Value::F32(f32::from_le_bytes(self.array(&what())?)),
            ValueType::F64 => Value::F64(f64::from_le_bytes(self.array(&what())?)),
            ValueType::Bool => match self.array::<1>(&what())?[0] {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                b => return Err(corrupt(format!("metadata key {key:?} has bool value {b}"))),
            },
            ValueType::String => Value::String(self.string(&what())?),
            ValueType::Array => {
                if depth >= MAX_ARRAY_DEPTH {
                    return Err(corrupt(format!(
                        "metadata key {key:?} nests arrays deeper than {MAX_ARRAY_DEPTH}"
                    )));
                }
                let elem_ty = self.u32(&format!("the element type of metadata key {key:?}"))?;
                let elem = ValueType::from_u32(elem_ty).ok_or_else(|| {
                    corrupt(format!("metadata key {key:?} has unknown element type id {elem_ty}"))
                })?;
                let n = self.u64(&format!("the length of metadata array {key:?}"))?;
                self.check_count(n, elem.min_size(), &format!("elements in array {key:?}"))?;
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    items.push(self.value(elem_ty, key, depth + 1)?);
                }
                Value::Array(items)
            }
        })
    }
}

#[cfg(test)]
#[path = "gguf_tests.rs"]
mod tests;
