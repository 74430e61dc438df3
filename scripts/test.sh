#!/usr/bin/env bash
# Everything CI checks: formatting, lints, all tests (against the real default model), and the
# engine's browser build.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
cargo test --workspace --release
cargo build -p marble-engine --target wasm32-unknown-unknown --release
echo "test: all passed"
