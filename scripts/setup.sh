#!/usr/bin/env bash
# Installs what building and testing Marble needs on a fresh Debian machine with the Rust
# toolchain: the wasm32 target, a Vulkan driver for the GPU backend (Mesa's, which includes the
# CPU-emulated lavapipe for machines without a GPU) and the default model. Each step is skipped
# when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install Rust with rustup (https://rustup.rs) and run this again" >&2
  exit 1
fi
if command -v rustup >/dev/null 2>&1; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  for c in clippy rustfmt; do
    rustup component list --installed | grep -q "^$c" || rustup component add "$c"
  done
fi
# The GPU backend natively needs the Vulkan loader and a driver; Mesa's cover AMD/Intel GPUs and
# lavapipe (no GPU). NVIDIA machines bring their own driver.
if ! ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1 || ! ldconfig -p | grep -q libvulkan.so.1; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends mesa-vulkan-drivers libvulkan1
fi
scripts/fetch-model.sh
