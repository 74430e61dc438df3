#!/usr/bin/env python3
"""Writes llama.cpp's token ids for a few hundred varied strings, as a fixture for the engine's
tokenizer test (engine/tests/fixtures/smollm2/tokenizer_llamacpp.json).

Run through bench/llamacpp.sh (it builds llama-cpp-python first):
    bench/llamacpp.sh tokens
The strings are generated from a fixed seed, so a rerun writes the same file.
"""
import json
import random
import sys

import llama_cpp

FRAGMENTS = [
    "fn main() {\n    println!(\"Hello, world!\");\n}\n",
    "def add(a, b):\n\treturn a + b\n",
    "const x = await fetch(`/api/${id}`);",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
    "#include <stdio.h>\nint main(void) { return 0; }",
    "    if (x != null && x.length > 0) {",
    "impl<'a, T: Clone + Send> Iterator for Foo<'a, T> {",
    "let v: Vec<u64> = (0..1_000_000).collect();",
    "It's a dog's life; they'll say we'd've known. I'M SHOUTING, YOU'RE NOT.",
    "Ünïcödé naïve café façade — “quotes” and ‘single’ … ellipsis",
    "日本語のテキストと中文字符以及한국어 문장",
    "Emoji: 😀🎉👍🏽 🇫🇷 family 👨‍👩‍👧‍👦",
    "Ελληνικά, русский текст, עברית, العربية",
    "3.14159 2718281828 0x1F 1e-9 -42 +7 1,000,000 ٣٤٥ ⅷ ½",
    "\t\ttabs\tand  double  spaces   and trailing   ",
    "\n\n\nblank lines\r\nCRLF\r\n",
    "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    "<fim_prefix>def f(<fim_suffix>):<fim_middle>",
    "<|endoftext|><file_sep><repo_name>marble<filename>src/lib.rs",
    "<|im_start|> spaced <|im_end|>",
    "a<|im_end|>b<|im_start|>c",
    "<| im_start |> not special <|im_start",
    "https://example.com/path?q=1&r=two#frag",
    "user@example.org, C:\\Program Files\\x86, ~/.config/marble",
    "    // TODO(jack): fix the off-by-one in `range(1, n)`",
    "x=>x*2; a??b; c?.d; e||=f; g**=2; h>>>=1;",
    "matrix[i][j] += a[i][k] * b[k][j];",
    "<div class=\"row\"><span>&nbsp;&amp;&lt;&gt;</span></div>",
    "'''docstring''' \"\"\"another\"\"\" r'raw\\n' b\"bytes\"",
    "$ cargo test --release -- --nocapture 2>&1 | tee log.txt",
]

CHARS = (
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" \t\n\r  ")
    + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    + list("éüñßøåçÆŒ€£¥©®°±µ¶·¿×÷")
    + list("αβγδЖЯשאعب中文字日本한국")
    + ["😀", "🚀", "👍🏽", "\u200b", "\u00a0", "\u3000", "\U0001F9E0"]
)


def strings():
    rng = random.Random(20261122)
    out = list(FRAGMENTS)
    out += ["", " ", "  ", "\n", "a", "1", "12", "123", "'s", " 's", "don't", "DON'T", "\u00a0x"]
    # Random concatenations of whole fragments.
    for _ in range(120):
        out.append("".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 4))))
    # Random character soup, to reach the pre-tokenizer's corner cases.
    for _ in range(200):
        out.append("".join(rng.choice(CHARS) for _ in range(rng.randint(1, 40))))
    # Words and numbers with varied spacing.
    words = ["the", "The", "THE", "fn", "self", "42", "3.5", "x_1", "über", "naïve", "ok!", "(a)", "--flag"]
    for _ in range(80):
        parts = []
        for _ in range(rng.randint(1, 10)):
            parts.append(rng.choice(words))
            parts.append(rng.choice([" ", "  ", "\n", "\t", "", " \n ", "   "]))
        out.append("".join(parts))
    # Bytes that have no token in this vocabulary (llama.cpp drops them).
    out += ["a\x04b", "x\x1dy", "\U00040000z"]
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: llamacpp_tokens.py MODEL.gguf OUT.json")
    model, out_path = sys.argv[1], sys.argv[2]
    llm = llama_cpp.Llama(model_path=model, vocab_only=True, verbose=False)
    cases = []
    for text in strings():
        ids = llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)
        cases.append({"text": text, "ids": ids})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(
            {
                "what": "llama.cpp token ids (Llama.tokenize(text, add_bos=True, special=True)) for generated strings",
                "llama_cpp_python": llama_cpp.__version__,
                "cases": cases,
            },
            f,
            ensure_ascii=False,
            indent=0,
        )
    print(f"wrote {len(cases)} cases to {out_path}")


if __name__ == "__main__":
    main()
