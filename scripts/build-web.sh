#!/usr/bin/env bash
# Builds the IDE into dist/ with Trunk (release, offline): the app and the engine worker as wasm,
# the CodeMirror bundle, the service worker, and the default model beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-web.sh
# wasm-opt 132 comes from npm (Trunk.toml pins the version it accepts).
export PATH="$PWD/app/build/node_modules/.bin:$PATH"
trunk build "$@"
