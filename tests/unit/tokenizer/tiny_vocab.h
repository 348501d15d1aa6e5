// Tiny tokenizer vocabularies written as GGUF metadata, for tests and fuzzer seeds:
// TinySpmWriter (SentencePiece-style) and TinyBpeWriter (byte-level BPE).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "gguf/gguf_writer.h"

namespace hearth::testing {

// A small valid SentencePiece vocabulary: <unk> <s> </s>, 256 byte tokens, then a few pieces.
inline GgufWriter TinySpmWriter() {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<int32_t> types = {2, 3, 3};
  for (int b = 0; b < 256; ++b) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "<0x%02X>", b);
    tokens.push_back(hex);
    types.push_back(6);
  }
  for (const char* piece : {"\xE2\x96\x81", "a", "b",
                            "\xE2\x96\x81"
                            "a",
                            "ab"}) {
    tokens.push_back(piece);
    types.push_back(1);
  }
  std::vector<float> scores(tokens.size(), 0.0f);
  scores[tokens.size() - 2] = -1.0f;  // "▁a"
  scores[tokens.size() - 1] = -2.0f;  // "ab"
  GgufWriter w;
  w.SetString("general.architecture", "llama");
  w.SetString("tokenizer.ggml.model", "llama");
  w.SetArray("tokenizer.ggml.tokens", tokens);
  w.SetArray("tokenizer.ggml.scores", scores);
  w.SetArray("tokenizer.ggml.token_type", types);
  w.SetUint32("tokenizer.ggml.bos_token_id", 1);
  w.SetUint32("tokenizer.ggml.eos_token_id", 2);
  return w;
}

// A small valid byte-level BPE vocabulary: the 256 byte symbols, then merges a+b, ab+c.
inline GgufWriter TinyBpeWriter() {
  std::vector<std::string> tokens(256);
  // The GPT-2 alphabet: printable Latin-1 stands for itself, the rest maps from U+0100 on.
  uint32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool itself = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    const uint32_t cp = itself ? uint32_t(b) : next++;
    std::string s;
    if (cp < 0x80) {
      s.push_back(char(cp));
    } else {
      s.push_back(char(0xC0 | (cp >> 6)));
      s.push_back(char(0x80 | (cp & 0x3F)));
    }
    tokens[b] = s;
  }
  tokens.push_back("ab");
  tokens.push_back("abc");
  tokens.push_back("<|endoftext|>");
  std::vector<int32_t> types(tokens.size(), 1);
  types.back() = 3;
  GgufWriter w;
  w.SetString("general.architecture", "gpt2");
  w.SetString("tokenizer.ggml.model", "gpt2");
  w.SetString("tokenizer.ggml.pre", "gpt-2");
  w.SetArray("tokenizer.ggml.tokens", tokens);
  w.SetArray("tokenizer.ggml.token_type", types);
  w.SetArray("tokenizer.ggml.merges", std::vector<std::string>{"a b", "ab c"});
  w.SetUint32("tokenizer.ggml.eos_token_id", uint32_t(tokens.size() - 1));
  return w;
}

}  // namespace hearth::testing
