//! Builds WGSL modules from the files in `shaders/`: a line-based `//#if NAME` / `//#if !NAME` /
//! `//#endif` switch, `$NAME` substitution, and `const` declarations prepended. Enough to make
//! one kernel file serve every weight type and fusion without a template engine.

use crate::ggml_type::GgmlType;

pub const COMMON: &str = include_str!("../../../shaders/common.wgsl");
pub const QUANT: &str = include_str!("../../../shaders/quant.wgsl");
pub const MATMUL: &str = include_str!("../../../shaders/matmul.wgsl");
pub const ATTENTION: &str = include_str!("../../../shaders/attention.wgsl");
pub const EMBED: &str = include_str!("../../../shaders/embed.wgsl");
pub const SAMPLE: &str = include_str!("../../../shaders/sample.wgsl");

/// Keeps the lines of `src` whose enclosing `//#if` conditions hold for `defines`, then replaces
/// each `(from, to)` of `subst`.
pub fn preprocess(src: &str, defines: &[&str], subst: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(src.len());
    let mut stack: Vec<bool> = Vec::new();
    for line in src.lines() {
        let t = line.trim();
        if let Some(cond) = t.strip_prefix("//#if ") {
            let cond = cond.trim();
            let holds = match cond.strip_prefix('!') {
                Some(name) => !defines.contains(&name),
                None => defines.contains(&cond),
            };
            stack.push(holds);
            continue;
        }
        if t == "//#endif" {
            stack.pop().expect("//#endif without //#if");
            continue;
        }
        if stack.iter().all(|&b| b) {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(stack.is_empty(), "unterminated //#if");
    for (from, to) in subst {
        out = out.replace(from, to);
    }
    out
}

/// The `//#if` name of a weight type's decoder in quant.wgsl.
pub fn type_define(ty: GgmlType) -> Option<&'static str> {
    Some(match ty {
        GgmlType::F32 => "F32",
        GgmlType::F16 => "F16",
        GgmlType::Bf16 => "BF16",
        GgmlType::Q4_0 => "Q4_0",
        GgmlType::Q4_1 => "Q4_1",
        GgmlType::Q8_0 => "Q8_0",
        GgmlType::Q4K => "Q4_K",
        GgmlType::Q6K => "Q6_K",
        _ => return None,
    })
}

/// quant.wgsl's decoder for `ty` as `fn chunk_{suffix}` reading buffer `buffer`; with `dot`, also
/// `fn dot_{suffix}` (which needs the kernel's `xin4`).
pub fn decoder(ty: GgmlType, buffer: &str, suffix: &str, dot: bool) -> String {
    let define = type_define(ty).expect("type without a GPU decoder");
    let defines: &[&str] = if dot { &[define, "DOT"] } else { &[define] };
    preprocess(QUANT, defines, &[("$W", buffer), ("$N", &format!("_{suffix}"))])
}

/// `const NAME: u32 = V;` lines.
pub fn consts(values: &[(&str, u32)]) -> String {
    values.iter().map(|(n, v)| format!("const {n}: u32 = {v}u;\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_nest_and_negate() {
        let src = "a\n//#if X\nb\n//#if !Y\nc\n//#endif\n//#endif\n//#if !X\nd\n//#endif\n$V\n";
        assert_eq!(preprocess(src, &["X"], &[("$V", "v")]), "a\nb\nc\nv\n");
        assert_eq!(preprocess(src, &["X", "Y"], &[]), "a\nb\n$V\n");
        assert_eq!(preprocess(src, &[], &[]), "a\nd\n$V\n");
    }
}
