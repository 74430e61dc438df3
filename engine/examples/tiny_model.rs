//! Writes a small synthetic GGUF model (random weights, a real architecture at toy size):
//! fuzz seeds, and a quick file to try the loader on.
//!     cargo run -p marble-engine --example tiny_model -- OUT.gguf [llama|qwen2] [layers] [embd]

use marble_engine::gguf_writer::TinyModel;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: tiny_model OUT.gguf [llama|qwen2] [layers] [embd]");
        std::process::exit(2);
    };
    let arch = match args.get(1).map(String::as_str) {
        Some("qwen2") => "qwen2",
        _ => "llama",
    };
    let n_layer = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let n_embd = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(32);
    let spec =
        TinyModel { arch, n_layer, n_embd, n_ff: n_embd, n_head: 2, n_head_kv: 1, ..Default::default() };
    if let Err(e) = std::fs::write(out, spec.to_bytes()) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
}
