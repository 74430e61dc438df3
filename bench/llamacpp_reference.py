#!/usr/bin/env python3
"""Writes llama.cpp's outputs on long prompts (hundreds of tokens, so RoPE and attention are
checked far from position 0), as a fixture for engine/tests/reference_long.rs:
token ids, the argmax and top-2 margin after every prompt position, the last position's top 10,
and a 32-token greedy continuation with each step's margin.

Run through bench/llamacpp.sh (it builds llama-cpp-python first):
    bench/llamacpp.sh reference
Settings match shared/reference/smollm2/reference.json: CPU, n_ctx 2048, n_batch 512, f16 KV
cache, no flash attention, extra buffer types off (bench.py explains why).
"""
import json
import sys

import llama_cpp
import numpy as np

from bench import no_extra_buffers

LONG_CODE = '''use std::collections::HashMap;
use std::fmt;

/// A small in-memory key-value store with time-to-live expiry.
pub struct Store {
    entries: HashMap<String, Entry>,
    clock: u64,
}

struct Entry {
    value: Vec<u8>,
    expires_at: Option<u64>,
}

#[derive(Debug, PartialEq)]
pub enum StoreError {
    NotFound(String),
    Expired(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound(k) => write!(f, "key {k} not found"),
            StoreError::Expired(k) => write!(f, "key {k} expired"),
        }
    }
}

impl Store {
    pub fn new() -> Self {
        Store { entries: HashMap::new(), clock: 0 }
    }

    pub fn tick(&mut self, dt: u64) {
        self.clock += dt;
    }

    pub fn set(&mut self, key: &str, value: &[u8], ttl: Option<u64>) {
        let expires_at = ttl.map(|t| self.clock + t);
        self.entries.insert(key.to_string(), Entry { value: value.to_vec(), expires_at });
    }

    pub fn get(&self, key: &str) -> Result<&[u8], StoreError> {
        let entry = self.entries.get(key).ok_or_else(|| StoreError::NotFound(key.to_string()))?;
        match entry.expires_at {
            Some(t) if t <= self.clock => Err(StoreError::Expired(key.to_string())),
            _ => Ok(&entry.value),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Vec<u8>> {
        self.entries.remove(key).map(|e| e.value)
    }

    /// Drops every expired entry and returns how many were dropped.
    pub fn purge(&mut self) -> usize {
        let before = self.entries.len();
        let clock = self.clock;
        self.entries.retain(|_, e| e.expires_at.map_or(true, |t| t > clock));
        before - self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_then_get() {
        let mut s = Store::new();
        s.set("a", b"1", None);
        assert_eq!(s.get("a"), Ok(&b"1"[..]));
    }

    #[test]
    fn entries_expire() {
        let mut s = Store::new();
        s.set("a", b"1", Some(10));
        s.tick(5);
        assert!(s.get("a").is_ok());
        s.tick(5);
'''

LONG_CHAT = (
    "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
    "<|im_start|>user\nI have this Python code and it is slow for large inputs. Can you explain why "
    "and suggest a faster version?\n\n```python\ndef find_duplicates(items):\n    duplicates = []\n"
    "    for i in range(len(items)):\n        for j in range(i + 1, len(items)):\n"
    "            if items[i] == items[j] and items[i] not in duplicates:\n"
    "                duplicates.append(items[i])\n    return duplicates\n\n\n"
    "def main():\n    data = [x % 1000 for x in range(100000)]\n    print(len(find_duplicates(data)))\n\n\n"
    "if __name__ == \"__main__\":\n    main()\n```\n\nI also want to keep the order in which the duplicates "
    "first appear. Please show the final code and a short explanation of its time complexity.<|im_end|>\n"
    "<|im_start|>assistant\n"
)


def run(llm, name, text, n_gen=32):
    ids = llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)
    llm.reset()
    llm.eval(ids)
    per_position = []
    for pos in range(len(ids)):
        row = np.array(llm.scores[pos], dtype=np.float64)
        top2 = np.argsort(-row, kind="stable")[:2]
        per_position.append({"argmax": int(top2[0]), "margin": float(row[top2[0]] - row[top2[1]])})
    last = np.array(llm.scores[len(ids) - 1], dtype=np.float64)
    top10 = [{"id": int(i), "logit": float(last[i])} for i in np.argsort(-last, kind="stable")[:10]]
    steps = []
    for _ in range(n_gen):
        row = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float64)
        top2 = np.argsort(-row, kind="stable")[:2]
        tok = int(top2[0])
        steps.append({"id": tok, "margin_to_2nd": float(row[top2[0]] - row[top2[1]])})
        llm.eval([tok])
    return {"name": name, "text": text, "token_ids": ids, "positions": per_position,
            "last_top10": top10, "greedy": steps}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: llamacpp_reference.py MODEL.gguf OUT.json")
    no_extra_buffers()
    llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=2048, n_batch=512, n_ubatch=512, n_threads=2,
                          n_threads_batch=2, logits_all=True, verbose=False)
    prompts = [run(llm, "long_code", LONG_CODE), run(llm, "long_chat", LONG_CHAT)]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"what": "llama.cpp outputs on long prompts: per-position argmax and top-2 margin, "
                           "last top-10, 32 greedy steps (EOS does not stop)",
                   "llama_cpp_python": llama_cpp.__version__, "prompts": prompts}, f, ensure_ascii=False)
    for p in prompts:
        print(f"{p['name']}: {len(p['token_ids'])} tokens")


if __name__ == "__main__":
    main()
