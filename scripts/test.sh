#!/usr/bin/env bash
# Everything CI checks: formatting, lints (native and wasm32), all tests (against the real default
# model, on the CPU and on the GPU backend — Mesa's lavapipe where there is no GPU), the engine in
# headless Chromium on WebGPU, and the IDE built by Trunk and driven in headless Chromium.
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
cargo clippy -p marble-app -p marble-engine --target wasm32-unknown-unknown --release -- -D warnings
scripts/e2e-engine.sh
scripts/e2e-app.sh
echo "test: all passed"
