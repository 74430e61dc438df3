#!/usr/bin/env python3
"""Prefill and decode speed of marble's CPU engine against llama.cpp on the same GGUF, with the same
thread count, in the same run; prints both and their ratio.

Run through bench/llamacpp.sh (it builds llama-cpp-python and marble first):
    bench/llamacpp.sh bench [--threads 2] [--runs 3] [--prompt-tokens 512] [--gen-tokens 128]

What is timed (the same for both engines, as in shared/reference/smollm2/llamacpp-perf.md):
  prefill: a fresh KV cache, then one call over the whole prompt until the last logits exist;
  decode:  after a 16-token prompt, N greedy tokens, one forward pass each; tok/s = N / time.
Medians over --runs, after one untimed warm-up. Benchmark on an idle machine: two engines
fighting over two cores measure nothing.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import llama_cpp
import numpy as np

# Same text as marble's `bench` command, so both see a code-and-prose prompt.
BENCH_TEXT = (
    "/// Returns the n-th Fibonacci number.\npub fn fibonacci(n: u64) -> u64 {\n    if n < 2 {\n"
    "        return n;\n    }\n    fibonacci(n - 1) + fibonacci(n - 2)\n}\n\ndef quicksort(xs):\n"
    '    """Sort a list with quicksort."""\n    if len(xs) <= 1:\n        return xs\n    pivot = xs[0]\n'
    "    return quicksort([x for x in xs[1:] if x < pivot]) + [pivot] + quicksort([x for x in xs[1:] if x >= pivot])\n\n"
    "The quick brown fox jumps over the lazy dog while the compiler checks every borrow.\n"
)


def no_extra_buffers():
    """llama.cpp's default build repacks weights for AMX on this machine's CPU and then crashes in
    the first decode (llamacpp-perf.md); load without the extra buffer types."""
    original = llama_cpp.llama_model_default_params

    def patched():
        p = original()
        if hasattr(p, "use_extra_bufts"):
            p.use_extra_bufts = False
        return p

    llama_cpp.llama_model_default_params = patched
    llama_cpp.llama_cpp.llama_model_default_params = patched


def bench_llamacpp(model, threads, runs, n_prompt, n_gen):
    no_extra_buffers()
    llm = llama_cpp.Llama(
        model_path=model,
        n_ctx=2048,
        n_batch=512,
        n_ubatch=512,
        n_threads=threads,
        n_threads_batch=threads,
        logits_all=False,
        verbose=False,
    )
    text = BENCH_TEXT
    ids = llm.tokenize(text.encode(), add_bos=True, special=True)
    while len(ids) < max(n_prompt, 16):
        text += BENCH_TEXT
        ids = llm.tokenize(text.encode(), add_bos=True, special=True)
    prompt = ids[:n_prompt]

    def prefill():
        llm.reset()
        t0 = time.perf_counter()
        llm.eval(prompt)
        int(np.argmax(llm.scores[llm.n_tokens - 1]))
        return n_prompt / (time.perf_counter() - t0)

    def decode():
        llm.reset()
        llm.eval(ids[:16])
        tok = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        t0 = time.perf_counter()
        for _ in range(n_gen):
            llm.eval([tok])
            tok = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        return n_gen / (time.perf_counter() - t0)

    llm.reset()
    llm.eval(ids[:16])  # warm-up
    pp = statistics.median(prefill() for _ in range(runs))
    tg = statistics.median(decode() for _ in range(runs))
    return pp, tg


def bench_marble(marble, model, threads, runs, n_prompt, n_gen):
    out = subprocess.run(
        [marble, "bench", "--model", model, "--threads", str(threads), "--runs", str(runs),
         "--prompt-tokens", str(n_prompt), "--gen-tokens", str(n_gen), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    r = json.loads(out)
    return r["prefill_tok_s"], r["decode_tok_s"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--marble")
    ap.add_argument("--llamacpp-only", action="store_true",
                    help="print llama.cpp's figures as JSON (what `marble bench --llamacpp` reads)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--prompt-tokens", type=int, default=512)
    ap.add_argument("--gen-tokens", type=int, default=128)
    a = ap.parse_args()
    if a.llamacpp_only:
        lpp, ltg = bench_llamacpp(a.model, a.threads, a.runs, a.prompt_tokens, a.gen_tokens)
        print(json.dumps({"version": llama_cpp.__version__, "prefill_tok_s": lpp, "decode_tok_s": ltg}))
        return
    if not a.marble:
        ap.error("--marble is required")

    print(f"model {os.path.basename(a.model)}, {a.threads} threads, median of {a.runs} runs")
    lpp, ltg = bench_llamacpp(a.model, a.threads, a.runs, a.prompt_tokens, a.gen_tokens)
    mpp, mtg = bench_marble(a.marble, a.model, a.threads, a.runs, a.prompt_tokens, a.gen_tokens)
    print(f"{'':28}{'llama.cpp ' + llama_cpp.__version__:>18}{'marble cpu':>14}{'marble/llama.cpp':>18}")
    print(f"{'prefill ' + str(a.prompt_tokens) + ' tokens (tok/s)':28}{lpp:18.1f}{mpp:14.1f}{mpp / lpp:18.2f}")
    print(f"{'decode ' + str(a.gen_tokens) + ' tokens (tok/s)':28}{ltg:18.1f}{mtg:14.1f}{mtg / ltg:18.2f}")
    json.dump({"threads": a.threads, "llamacpp": {"prefill": lpp, "decode": ltg},
               "marble": {"prefill": mpp, "decode": mtg},
               "ratio": {"prefill": mpp / lpp, "decode": mtg / ltg}}, sys.stderr)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
