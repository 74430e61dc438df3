#!/usr/bin/env bash
# Installs what building the browser IDE needs, each step skipped when already done:
# the base setup (wasm32 target, default model), Trunk 0.21.14, wasm-bindgen-cli at the exact
# version in Cargo.lock, and the npm packages (CodeMirror 6 + esbuild in app/js, wasm-opt from
# binaryen in app/build). Node.js 20+ must be on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14         # newer Trunk needs a newer rustc
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen crate pinned in app/ (and Trunk.toml)

scripts/setup.sh

node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null || {
  echo "setup-web: Node.js 20 or newer is required (esbuild, binaryen, playwright-core)" >&2
  exit 1
}
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  cargo install --locked wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi
# npm ci wipes node_modules, so run it only when the lock changed since the last install.
for dir in app/js app/build; do
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    (cd "$dir" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.package-lock.json.installed)
  fi
done
