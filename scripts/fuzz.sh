#!/usr/bin/env bash
# Fuzzes the GGUF reader (target `gguf`) and the whole model loader (target `load`) with cargo-fuzz
# (libFuzzer, AddressSanitizer), seeded with small synthetic models. cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain accept
# them. Not part of the test command (it takes minutes); run it after touching gguf.rs or the loader.
#   scripts/fuzz.sh [TARGET] [RUNS]    # default: gguf, 1,000,000 executions
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-gguf}
runs=${2:-1000000}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
corpus=engine/fuzz/corpus/$target
mkdir -p "$corpus"
for arch in llama qwen2; do
  cargo run --quiet --release -p marble-engine --example tiny_model -- "$corpus/seed-$arch.gguf" "$arch" 1 32
done
cd engine
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -- -runs="$runs" -max_len=65536 -rss_limit_mb=4096
