// Vocabulary: the token strings of a model with their scores and attributes, and the reverse
// lookup from text to id. Immutable once the tokenizer is built; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/flat_hash_map.h"

namespace hearth {

using TokenId = int32_t;

// U+2581 "▁": how SentencePiece-style vocabularies (and WordPiece ones converted to GGUF) write
// a space.
inline constexpr std::string_view kSpaceMark = "\xE2\x96\x81";

// tokenizer.ggml.token_type values.
enum class TokenType : int32_t {
  kUndefined = 0,
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

// Attribute bits of a token (a token may carry several, e.g. user-defined + control).
enum TokenAttr : uint16_t {
  kAttrUnknown = 1 << 0,
  kAttrUnused = 1 << 1,
  kAttrNormal = 1 << 2,
  kAttrControl = 1 << 3,
  kAttrUserDefined = 1 << 4,
  kAttrByte = 1 << 5,
  kAttrLstrip = 1 << 6,  // as a special token, swallows white space on its left
  kAttrRstrip = 1 << 7,  // ... and on its right
};

// The attribute bits of a token type; unknown type values count as undefined (no bits).
uint16_t AttrOfTokenType(int64_t type);

class Vocabulary {
 public:
  Vocabulary() = default;
  // `texts[i]` is token i; an empty text is stored as "[EMPTY_<i>]" (as the reference does).
  // `scores` and `attrs` hold one entry per token.
  Vocabulary(const std::vector<std::string>& texts, std::vector<float> scores,
             std::vector<uint16_t> attrs);

  Vocabulary(Vocabulary&&) noexcept = default;
  Vocabulary& operator=(Vocabulary&&) noexcept = default;
  Vocabulary(const Vocabulary&) = delete;
  Vocabulary& operator=(const Vocabulary&) = delete;

  int32_t size() const { return int32_t(scores_.size()); }
  bool Contains(TokenId id) const { return id >= 0 && id < size(); }

  // Requires Contains(id).
  std::string_view Text(TokenId id) const {
    return std::string_view(arena_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  float Score(TokenId id) const { return scores_[id]; }
  uint16_t Attr(TokenId id) const { return attrs_[id]; }
  bool HasAttr(TokenId id, uint16_t bits) const { return (attrs_[id] & bits) != 0; }
  void SetAttr(TokenId id, uint16_t attr) { attrs_[id] = attr; }

  // Hint that Find(text) comes soon (see FlatHashMap::Prefetch).
  void Prefetch(std::string_view text) const { index_.Prefetch(text); }

  // The token whose text is `text` (the highest id when several share it), or -1.
  TokenId Find(std::string_view text) const {
    const TokenId* id = index_.Find(text);
    return id == nullptr ? -1 : *id;
  }

 private:
  std::vector<char> arena_;        // every token's text, back to back (never reallocated)
  std::vector<uint32_t> offsets_;  // [size + 1] start of token i's text in arena_
  std::vector<float> scores_;      // [size]
  std::vector<uint16_t> attrs_;    // [size] TokenAttr bits
  FlatHashMap<std::string_view, TokenId> index_;  // keys point into arena_
};

}  // namespace hearth
