#!/usr/bin/env bash
# Everything CI checks: formatting, lints, all tests (against the real default model, on the CPU
# and on the GPU backend — Mesa's lavapipe where there is no GPU), the engine's browser build, and
# the engine in headless Chromium on WebGPU.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# Mesa warns on every device open without it; headless CI has no session directory.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
cargo test --workspace --release
# The matrix kernel's other reduction (workgroup memory, what adapters without subgroups run).
MARBLE_GPU_SUBGROUPS=0 cargo test --release -p marble-engine --test gpu_kernels
cargo build -p marble-engine --target wasm32-unknown-unknown --release
scripts/e2e-engine.sh
echo "test: all passed"
