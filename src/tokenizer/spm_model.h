// SentencePiece-style BPE (tokenizer.ggml.model "llama"): starting from UTF-8 characters,
// repeatedly merge the adjacent pair whose concatenation is the vocabulary token with the
// highest score (leftmost first among equal scores); characters left unmerged that are not
// tokens are spelled with byte tokens <0xXX>.
//
// When no token has a U+2581 after a character other than U+2581 (true of SentencePiece
// vocabularies, whose pieces do not cross word starts), no merge can cross a word start, so each
// word is merged on its own with a small heap: the same result, in time linear in the text and
// with working memory the size of a word.
//
// Immutable after Build(); Encode() keeps its working memory in a caller-owned SpmScratch.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace hearth {

struct SpmScratch {
  struct Symbol {
    int32_t prev, next;  // indices in `symbols`, -1 at the ends
    uint32_t begin;      // byte range in the text
    uint32_t length;     // 0: merged into its left neighbour
  };
  struct Candidate {
    float score;
    int32_t left, right;
    uint32_t length;  // bytes of left + right when queued (to detect stale entries)
  };
  std::vector<Symbol> symbols;
  std::vector<Candidate> heap;
};

class SpmModel {
 public:
  SpmModel() = default;
  // `unknown_id` spells a byte that has neither a <0xXX> token nor a one-byte token (-1: drop
  // such bytes).
  static SpmModel Build(const Vocabulary& vocab, TokenId unknown_id);

  // Appends the tokens of `text` (spaces already written as U+2581).
  void Encode(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch,
              std::vector<TokenId>* out) const;

  // The token that spells `byte` (<0xXX>, else the one-byte token), or -1.
  TokenId ByteToken(uint8_t byte) const { return byte_tokens_[byte]; }

 private:
  // Appends the tokens of `text`, merged as one piece.
  void EncodeRange(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch,
                   std::vector<TokenId>* out) const;
  // Merges scratch->symbols (the characters of `text`) as far as the vocabulary allows.
  void MergeSymbols(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch) const;

  std::array<TokenId, 256> byte_tokens_{};
  bool words_merge_alone_ = false;  // no token spans a word start (see above)
};

}  // namespace hearth
