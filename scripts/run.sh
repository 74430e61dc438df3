#!/usr/bin/env bash
# Sets up, builds and serves Marble's IDE with the default model on http://127.0.0.1:8080/
# (another port: PORT=9000 scripts/run.sh). Open it in a browser with WebGPU (Chrome, Edge;
# without WebGPU the model runs on the CPU). The first build takes a while: Trunk and
# wasm-bindgen-cli are compiled once, then cached.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-web.sh
exec node scripts/serve.mjs --root dist --port "${PORT:-8080}"
