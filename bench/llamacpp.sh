#!/usr/bin/env bash
# Runs the reference tools that need llama.cpp (llama-cpp-python 0.3.36 from PyPI, built from
# source into bench/.venv the first time: ~18 minutes on 2 cores).
#   bench/llamacpp.sh bench [--backend gpu] [--threads N] [--runs R] [--prompt-tokens P] [--gen-tokens G]
#       `marble bench` with llama.cpp's figures (same GGUF and thread count) in the same run:
#       marble CPU (and GPU with --backend gpu) vs llama.cpp, with ratios
#   bench/llamacpp.sh tokens
#       regenerates engine/tests/fixtures/smollm2/tokenizer_llamacpp.json
#   bench/llamacpp.sh reference
#       regenerates engine/tests/fixtures/smollm2/llamacpp_long.json
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh >/dev/null
venv=bench/.venv
if ! "$venv/bin/python" -c "import llama_cpp, numpy; assert llama_cpp.__version__ == '0.3.36'" 2>/dev/null; then
  echo "bench: building llama-cpp-python 0.3.36 into $venv (takes a while)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet llama-cpp-python==0.3.36 numpy
fi
model=models/SmolLM2-135M-Instruct.Q4_1.gguf
cmd=${1:-bench}
shift || true
case "$cmd" in
  bench)
    cargo build --release -p marble-engine --bin marble
    exec target/release/marble bench --model "$model" --llamacpp "$venv/bin/python" "$@"
    ;;
  tokens)
    exec "$venv/bin/python" bench/llamacpp_tokens.py "$model" engine/tests/fixtures/smollm2/tokenizer_llamacpp.json
    ;;
  reference)
    exec "$venv/bin/python" bench/llamacpp_reference.py "$model" engine/tests/fixtures/smollm2/llamacpp_long.json
    ;;
  *)
    echo "usage: bench/llamacpp.sh (bench | tokens | reference) [options]" >&2
    exit 2
    ;;
esac
