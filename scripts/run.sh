#!/usr/bin/env bash
# Sets up and runs Marble. Today that is the engine on the command line: the default model
# answers a request on the CPU, streaming tokens as they come. (The browser IDE is built on this.)
#   scripts/run.sh                                              # a built-in coding request
#   scripts/run.sh "Write a Rust function that sums a slice."   # your request
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cargo build --release -p marble-engine --bin marble
model=models/SmolLM2-135M-Instruct.Q4_1.gguf
request=${1:-"Write a Python function that reverses a string."}
file=$(mktemp)
trap 'rm -f "$file"' EXIT
# The model's own chat template (tokenizer.chat_template in the GGUF), with its default system turn.
printf '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\n%s<|im_end|>\n<|im_start|>assistant\n' "$request" >"$file"
echo "> $request"
./target/release/marble complete --model "$model" --file "$file" --max-tokens 200
