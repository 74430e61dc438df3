//! The model's tokenizer, built with the `tokenizers` crate from the GGUF's own `tokenizer.ggml.*`
//! metadata so that it agrees id for id with llama.cpp.
//!
//! Byte-level BPE ("gpt2" in GGUF): special and control tokens are matched whole in the raw text,
//! the rest is split by the regexes llama.cpp uses for the file's `tokenizer.ggml.pre`
//! (llama-vocab.cpp), mapped to GPT-2's byte alphabet and merged by rank. Decoding goes through
//! each token's bytes, so a stream of tokens can be turned into text piece by piece.

use std::collections::HashMap;

use tokenizers::models::bpe::BPE;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{AddedToken, PreTokenizerWrapper, SplitDelimiterBehavior, TokenizerImpl};

use crate::error::Error;
use crate::gguf::{Gguf, Value};

type HfTokenizer = TokenizerImpl<
    tokenizers::ModelWrapper,
    tokenizers::NormalizerWrapper,
    tokenizers::PreTokenizerWrapper,
    tokenizers::PostProcessorWrapper,
    tokenizers::DecoderWrapper,
>;

/// llama.cpp's token types (`llama_token_type`).
const TOKEN_TYPE_CONTROL: i64 = 3;
const TOKEN_TYPE_USER_DEFINED: i64 = 4;

const GPT2_REGEX: &str = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";
const LLAMA3_REGEX: &str = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
const QWEN2_REGEX: &str = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// The pre-tokenizer regexes for a `tokenizer.ggml.pre` value (applied in sequence, each piece
/// split further by the next), and whether BPE skips merging a word that is already a token.
/// HF's ByteLevel regex ends in `|\s+` where llama.cpp's stops at `\s+(?!\S)`; both keep the
/// unmatched whitespace as its own piece, so the results agree.
fn pre_tokenizer_regexes(pre: &str) -> Option<(Vec<&'static str>, bool)> {
    Some(match pre {
        "smollm" | "starcoder" | "refact" | "command-r" | "codeshell" | "exaone" | "minerva-7b" => {
            (vec![r"\p{N}", GPT2_REGEX], false)
        }
        "gpt-2" | "gpt2" | "phi-2" | "mpt" | "olmo" | "jais" | "jina-es" | "jina-de" | "jina-v2-es"
        | "jina-v2-de" | "jina-v2-code" | "roberta-bpe" | "trillion" => (vec![GPT2_REGEX], false),
        "llama3" | "llama-v3" | "llama-bpe" | "falcon3" | "pixtral" | "llama4" => (vec![LLAMA3_REGEX], true),
        "dbrx" | "smaug-bpe" | "chatglm-bpe" => (vec![LLAMA3_REGEX], false),
        "qwen2" | "deepseek-r1-qwen" | "stablelm2" | "megrez" | "hunyuan" => (vec![QWEN2_REGEX], false),
        "deepseek-coder" => {
            (vec![r"[\r\n]", r"\s?\p{L}+", r"\s?\p{P}+", r"[一-龥ࠀ-一가-퟿]+", r"\p{N}"], false)
        }
        "falcon" => (vec![r"[\p{P}\$\+<=>\^~\|`]+", GPT2_REGEX, r"[0-9][0-9][0-9]"], false),
        "default" => (vec![r"[\p{P}\$\+<=>\^~\|]+", GPT2_REGEX, r"\p{N}+", r"[0-9][0-9][0-9]"], false),
        _ => return None,
    })
}

/// GPT-2's byte-to-character map (`bytes_to_unicode`): printable bytes stand for themselves, the
/// other 68 are shifted to U+0100.. so every byte has a visible symbol.
pub(crate) fn byte_to_char() -> [char; 256] {
    let mut map = ['\0'; 256];
    let mut shifted = 0u32;
    for b in 0..=255u8 {
        let printable = matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        map[b as usize] = if printable {
            b as char
        } else {
            shifted += 1;
            char::from_u32(255 + shifted).unwrap_or('\0')
        };
    }
    map
}

pub struct Tokenizer {
    hf: HfTokenizer,
    /// Each token's bytes as it appears in text (byte symbols mapped back; specials verbatim).
    token_bytes: Vec<Vec<u8>>,
    special: Vec<bool>,
    pub bos: Option<u32>,
    pub eos: Option<u32>,
    /// Tokens that end a generation: EOS, EOT and the usual end-of-turn markers in the vocabulary.
    pub end_tokens: Vec<u32>,
    /// Whether the model wants BOS prepended (`tokenizer.ggml.add_bos_token`).
    pub add_bos: bool,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer").field("n_vocab", &self.token_bytes.len()).finish()
    }
}

impl Tokenizer {
    pub fn from_gguf(g: &Gguf) -> Result<Tokenizer, Error> {
        let model = g
            .get("tokenizer.ggml.model")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::MissingMetadata { key: "tokenizer.ggml.model".into() })?;
        if model != "gpt2" {
            let why = match model {
                "llama" => "SentencePiece vocabularies are not supported yet".to_string(),
                other => format!("{other:?} vocabularies are not supported"),
            };
            return Err(Error::UnsupportedTokenizer { found: model.to_string(), why });
        }
        let pre = g.get("tokenizer.ggml.pre").and_then(Value::as_str).unwrap_or("default");
        let (regexes, ignore_merges) =
            pre_tokenizer_regexes(pre).ok_or_else(|| Error::UnsupportedTokenizer {
                found: format!("gpt2 with pre-tokenizer {pre:?}"),
                why: "its splitting rules are not known to Marble".into(),
            })?;

        let strings = |key: &str| -> Result<Vec<&str>, Error> {
            let arr = g
                .get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| Error::MissingMetadata { key: key.into() })?;
            arr.iter()
                .map(|v| v.as_str().ok_or_else(|| Error::BadTokenizer(format!("{key} holds a non-string"))))
                .collect()
        };
        let tokens = strings("tokenizer.ggml.tokens")?;
        if tokens.is_empty() || tokens.len() > u32::MAX as usize {
            return Err(Error::BadTokenizer(format!("the vocabulary has {} tokens", tokens.len())));
        }
        let merges = strings("tokenizer.ggml.merges")?;
        let types: Vec<i64> = match g.get("tokenizer.ggml.token_type").and_then(Value::as_array) {
            Some(arr) if arr.len() == tokens.len() => arr
                .iter()
                .map(|v| v.as_i64().ok_or_else(|| Error::BadTokenizer("token types are not integers".into())))
                .collect::<Result<_, _>>()?,
            Some(arr) => {
                return Err(Error::BadTokenizer(format!(
                    "{} token types for {} tokens",
                    arr.len(),
                    tokens.len()
                )))
            }
            None => vec![1; tokens.len()],
        };
        let id = |key: &str| -> Result<Option<u32>, Error> {
            match g.get(key) {
                None => Ok(None),
                Some(v) => match v.as_u64() {
                    Some(i) if (i as usize) < tokens.len() => Ok(Some(i as u32)),
                    _ => Err(Error::BadMetadata {
                        key: key.into(),
                        why: format!("{v:?} is not a token id below {}", tokens.len()),
                    }),
                },
            }
        };
        let bos = id("tokenizer.ggml.bos_token_id")?;
        let eos = id("tokenizer.ggml.eos_token_id")?;
        let eot = id("tokenizer.ggml.eot_token_id")?;
        let add_bos = g.get("tokenizer.ggml.add_bos_token").and_then(Value::as_bool).unwrap_or(false);

        // The first id wins when a string repeats, as in llama.cpp's token_to_id.
        let mut vocab: HashMap<String, u32> = HashMap::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            vocab.entry((*t).to_string()).or_insert(i as u32);
        }
        let merges: Vec<(String, String)> = merges
            .iter()
            .map(|m| {
                m.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .ok_or_else(|| Error::BadTokenizer(format!("merge {m:?} is not two symbols")))
            })
            .collect::<Result<_, _>>()?;
        let bpe = BPE::builder()
            .vocab_and_merges(vocab.into_iter().collect::<tokenizers::models::bpe::Vocab>(), merges)
            .ignore_merges(ignore_merges)
            .build()
            .map_err(|e| Error::BadTokenizer(e.to_string()))?;

        let mut pre_tokenizers: Vec<PreTokenizerWrapper> = Vec::new();
        for re in regexes {
            let split = Split::new(SplitPattern::Regex(re.into()), SplitDelimiterBehavior::Isolated, false)
                .map_err(|e| Error::BadTokenizer(format!("pre-tokenizer regex: {e}")))?;
            pre_tokenizers.push(split.into());
        }
        pre_tokenizers.push(ByteLevel::new(false, false, false).into());

        let mut hf: HfTokenizer = TokenizerImpl::new(bpe.into());
        hf.with_pre_tokenizer(Some(PreTokenizerWrapper::Sequence(Sequence::new(pre_tokenizers))));

        let special: Vec<bool> =
            types.iter().map(|&t| t == TOKEN_TYPE_CONTROL || t == TOKEN_TYPE_USER_DEFINED).collect();
        let added: Vec<AddedToken> = tokens
            .iter()
            .zip(&special)
            .filter(|(t, &s)| s && !t.is_empty())
            .map(|(t, _)| AddedToken::from(*t, true).normalized(false))
            .collect();
        hf.add_special_tokens(added).map_err(|e| Error::BadTokenizer(e.to_string()))?;

        let b2c = byte_to_char();
        let mut c2b: HashMap<char, u8> = HashMap::with_capacity(256);
        for (b, &c) in b2c.iter().enumerate() {
            c2b.insert(c, b as u8);
        }
        let token_bytes = tokens
            .iter()
            .zip(&special)
            .map(|(t, &s)| {
                if s {
                    return t.as_bytes().to_vec();
                }
                let mut out = Vec::with_capacity(t.len());
                for c in t.chars() {
                    match c2b.get(&c) {
                        Some(&b) => out.push(b),
                        None => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                    }
                }
                out
            })
            .collect();

        let mut end_tokens: Vec<u32> = eos.into_iter().chain(eot).collect();
        for marker in ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>"] {
            if let Some(i) = tokens.iter().position(|t| *t == marker) {
                if special[i] && !end_tokens.contains(&(i as u32)) {
                    end_tokens.push(i as u32);
                }
            }
        }

        Ok(Tokenizer { hf, token_bytes, special, bos, eos, end_tokens, add_bos })
    }

    pub fn n_vocab(&self) -> usize {
        self.token_bytes.len()
    }

    /// Tokenizes text as llama.cpp does with `parse_special = true`: special-token text becomes its
    /// single id; BOS is prepended only when the model asks for it.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, Error> {
        let enc = self.hf.encode(text, false).map_err(|e| Error::BadTokenizer(e.to_string()))?;
        let mut ids = Vec::with_capacity(enc.get_ids().len() + 1);
        if self.add_bos {
            ids.extend(self.bos);
        }
        ids.extend_from_slice(enc.get_ids());
        Ok(ids)
    }

    /// Tokenizes text with no BOS, whatever the model asks: for a text that continues another.
    pub fn encode_continuation(&self, text: &str) -> Result<Vec<u32>, Error> {
        let enc = self.hf.encode(text, false).map_err(|e| Error::BadTokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    /// The bytes a token stands for (empty for an id outside the vocabulary).
    pub fn token_bytes(&self, id: u32) -> &[u8] {
        self.token_bytes.get(id as usize).map_or(&[], Vec::as_slice)
    }

    pub fn is_special(&self, id: u32) -> bool {
        self.special.get(id as usize).copied().unwrap_or(false)
    }

    /// Text of a token sequence; bytes that do not form UTF-8 become U+FFFD.
    pub fn decode(&self, ids: &[u32]) -> String {
        let bytes: Vec<u8> = ids.iter().flat_map(|&i| self.token_bytes(i).iter().copied()).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The token's text for display (lossy for partial UTF-8).
    pub fn token_text(&self, id: u32) -> String {
        String::from_utf8_lossy(self.token_bytes(id)).into_owned()
    }
}

/// Turns a stream of token ids into text without splitting a UTF-8 character across pieces.
#[derive(Debug, Default)]
pub struct StreamDecoder {
    pending: Vec<u8>,
}

impl StreamDecoder {
    /// Adds a token and returns the text that became complete (possibly empty).
    pub fn push(&mut self, tok: &Tokenizer, id: u32) -> String {
        self.pending.extend_from_slice(tok.token_bytes(id));
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Bytes that can never become UTF-8: emit them lossily now.
            Err(_) => self.pending.len(),
        };
        let out = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
        self.pending.drain(..valid);
        out
    }

    /// Whatever is left at the end of the stream.
    pub fn finish(&mut self) -> String {
        let out = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_map_is_gpt2s() {
        let m = byte_to_char();
        assert_eq!(m[b'A' as usize], 'A');
        assert_eq!(m[b' ' as usize], 'Ġ');
        assert_eq!(m[b'\n' as usize], 'Ċ');
        assert_eq!(m[0], 'Ā');
        let distinct: std::collections::HashSet<char> = m.iter().copied().collect();
        assert_eq!(distinct.len(), 256);
    }
}
