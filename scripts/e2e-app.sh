#!/usr/bin/env bash
# The IDE in headless Chromium: builds dist/ (scripts/build-web.sh) and the native CLI, then runs
# e2e/app.test.mjs against dist/ served on 127.0.0.1. Extra arguments go to `node --test`.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
if [ ! -x "$CHROMIUM" ]; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi
scripts/build-web.sh
cargo build -p marble-engine --bin marble --release
if ! node -e '
  const lock = require("./e2e/package-lock.json").packages["node_modules/playwright-core"].version;
  const have = require("./e2e/node_modules/playwright-core/package.json").version;
  process.exit(lock === have ? 0 : 1);' 2>/dev/null; then
  (cd e2e && npm ci --no-audit --no-fund)
fi
CHROMIUM="$CHROMIUM" node --test --test-concurrency=1 "$@" e2e/app.test.mjs
