#!/usr/bin/env bash
# The engine in headless Chromium on WebGPU (SwiftShader without a GPU): builds the wasm probe
# (e2e/engine-probe) and the native CLI, then runs e2e/engine.test.mjs, which checks that the
# browser gets a WebGPU adapter and generates the same greedy tokens as the native engine, on the
# engine's CPU path and on its GPU backend (1.5-2.5 minutes on SwiftShader with 2 cores, most of it
# the GPU prefill).
# Installs what is missing (Chromium from apt, wasm-bindgen-cli, npm packages); each step is
# skipped when already done. Extra arguments go to `node --test`.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate pinned in e2e/engine-probe
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

scripts/setup.sh # the wasm32 target and the default model

if [ ! -x "$CHROMIUM" ]; then
  # Debian's Chromium bundles SwiftShader, which is all WebGPU needs here.
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  cargo install --locked wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null || {
  echo "e2e-engine: Node.js 20 or newer is required (playwright-core)" >&2
  exit 1
}
# npm ci wipes node_modules, so run it only when the installed version differs from the lock.
if ! node -e '
  const lock = require("./e2e/package-lock.json").packages["node_modules/playwright-core"].version;
  const have = require("./e2e/node_modules/playwright-core/package.json").version;
  process.exit(lock === have ? 0 : 1);' 2>/dev/null; then
  (cd e2e && npm ci --no-audit --no-fund)
fi

cargo build -p marble-engine-probe --target wasm32-unknown-unknown --release
cargo build -p marble-engine --bin marble --release
wasm-bindgen --target web --out-dir e2e/engine-probe/pkg \
  target/wasm32-unknown-unknown/release/marble_engine_probe.wasm

CHROMIUM="$CHROMIUM" node --test "$@" e2e/engine.test.mjs
