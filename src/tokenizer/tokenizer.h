// Tokenizer: text <-> token ids for a model, built from the tokenizer.ggml.* metadata of a GGUF
// file. Three models are supported:
//   - "llama": SentencePiece-style BPE over UTF-8 characters with token scores, U+2581 for
//     spaces (a space is prefixed to the text when add_space_prefix) and <0xXX> byte fallback;
//   - "gpt2": byte-level BPE with merge ranks and the pre-tokenizer named by
//     tokenizer.ggml.pre (llama-bpe/llama3, qwen2, deepseek-llm, deepseek-coder, gpt-2, mpt,
//     starcoder, refact, command-r, falcon, default, ... see pre_tokenizer.h);
//   - "bert": WordPiece (greedy longest match, lower-casing and accent stripping).
// Token ids equal the reference implementation's (llama.cpp) for the same file and text.
//
// Thread-safety: immutable after FromGguf(); every const method may be called concurrently.
// Costly to build, so move-only (a moved-from Tokenizer may only be assigned or destroyed).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "tokenizer/vocabulary.h"

namespace hearth {

namespace tokenizer_internal {
struct TokenizerData;
}

struct EncodeOptions {
  bool add_special = true;  // add BOS/EOS as the model's metadata says (add_bos/add_eos)
  bool parse_special =
      false;  // match control/special token texts (e.g. "<|im_start|>") in the text
};

class Tokenizer {
 public:
  // Reads tokenizer.ggml.* from `file`. Errors name the file and the key: a missing or
  // ill-typed key, arrays whose lengths differ from the token count, special token ids outside
  // the vocabulary, an unsupported model or pre-tokenizer.
  static Result<Tokenizer> FromGguf(const GgufFile& file);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;
  ~Tokenizer();

  // Token ids of `text` (any bytes; invalid UTF-8 is tokenized as the reference does).
  std::vector<TokenId> Encode(std::string_view text, const EncodeOptions& options = {}) const;

  // The bytes this token contributes to text (byte tokens -> the byte, "▁" -> " ", GPT-2 byte
  // mapping undone). Control (and unknown) tokens give "" unless render_special. Ids outside
  // the vocabulary give "".
  std::string TokenToPiece(TokenId id, bool render_special = false) const;
  // The text of `ids`, as the reference detokenizes: pieces concatenated, the first piece's
  // leading space dropped for add_space_prefix models, and for most byte-level BPE models the
  // spaces before , . ! ? and some contractions removed (see CleanUpSpaces). May hold invalid
  // UTF-8 when `ids` splits a character.
  std::string Decode(std::span<const TokenId> ids, bool render_special = false) const;
  std::string_view TokenText(
      TokenId id) const;  // the vocabulary string as stored; "" if out of range
  // The token whose vocabulary string is exactly `text`, or -1.
  TokenId FindToken(std::string_view text) const;

  int32_t vocab_size() const;
  TokenId bos_id() const;      // -1 when the model has none
  TokenId eos_id() const;      // -1 when none
  TokenId eot_id() const;      // end of turn ("<|eot_id|>", "<|im_end|>", ...), -1 when none
  TokenId unknown_id() const;  // -1 when none
  TokenId padding_id() const;  // -1 when none
  bool add_bos() const;        // Encode() with add_special starts with bos_id()
  bool add_eos() const;        // ... and ends with eos_id()
  bool IsEndOfGeneration(TokenId id) const;  // eos, eot, eom and other end-of-turn tokens
  bool IsControl(TokenId id) const;
  const std::string& model_name() const;  // "llama", "gpt2", "bert"
  const std::string& pre_name() const;    // tokenizer.ggml.pre or "default"

 private:
  explicit Tokenizer(std::unique_ptr<const tokenizer_internal::TokenizerData> data);

  std::unique_ptr<const tokenizer_internal::TokenizerData> data_;
};

// Turns a stream of tokens into UTF-8 text: holds back an incomplete UTF-8 sequence until the
// token completing it arrives, so every returned chunk is valid UTF-8. Bytes that cannot start
// or continue a valid sequence become U+FFFD as soon as that is known; a sequence still
// incomplete at Finish() becomes U+FFFD too. Pieces are TokenToPiece()'s, concatenated as they
// come (no leading-space or space clean-up, unlike Decode()).
//
// Holds a reference to `tokenizer`, which must outlive it. One decoder per stream; not
// thread-safe.
class TokenStreamDecoder {
 public:
  explicit TokenStreamDecoder(const Tokenizer& tokenizer, bool render_special = false);
  std::string Push(TokenId id) { return Push(id, render_special_); }
  // As Push(id), rendering this token's text even if it is a control token when render_special.
  std::string Push(TokenId id, bool render_special);
  std::string Finish();

 private:
  const Tokenizer& tokenizer_;
  bool render_special_;
  std::string pending_;  // bytes of an incomplete sequence
};

}  // namespace hearth
