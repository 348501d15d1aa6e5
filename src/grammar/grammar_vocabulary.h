// GrammarVocabulary: what a grammar constraint needs to know about a model's vocabulary, read
// from its tokenizer once: the bytes of every text token in a TokenTrie, and which tokens end
// the generation.
//
// Tokens are sorted into three kinds:
//   - text tokens: normal, user-defined and byte tokens with a non-empty piece; the grammar
//     decides whether they may come next;
//   - end-of-generation tokens (Tokenizer::IsEndOfGeneration): allowed only when the text is
//     a complete sentence;
//   - everything else (control, unknown, unused tokens, empty pieces): never allowed.
//
// Building one takes a few tens of milliseconds for a 128K vocabulary, so build it once per
// tokenizer and share it: it is immutable and safe to use from many threads and requests.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/token_trie.h"
#include "tokenizer/tokenizer.h"

namespace hearth {

class GrammarVocabulary {
 public:
  static std::shared_ptr<const GrammarVocabulary> FromTokenizer(const Tokenizer& tokenizer);
  // For tests and tools: token i has the bytes pieces[i] (empty: never allowed);
  // `end_of_generation` lists the end tokens (ids inside the vocabulary).
  static std::shared_ptr<const GrammarVocabulary> FromPieces(
      const std::vector<std::string>& pieces, const std::vector<TokenId>& end_of_generation);

  GrammarVocabulary(const GrammarVocabulary&) = delete;
  GrammarVocabulary& operator=(const GrammarVocabulary&) = delete;

  int32_t size() const { return int32_t(offsets_.size() - 1); }
  // The bytes of text token `id`; empty for every other token and for ids outside [0, size()).
  std::string_view Piece(TokenId id) const {
    if (id < 0 || id >= size()) return {};
    return std::string_view(arena_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  bool IsEndOfGeneration(TokenId id) const;
  std::span<const TokenId> end_of_generation() const { return end_of_generation_; }
  // The tokens that are neither in trie() nor end-of-generation tokens, sorted.
  std::span<const TokenId> never_allowed() const { return never_allowed_; }
  const TokenTrie& trie() const { return trie_; }

 private:
  GrammarVocabulary(const std::vector<std::string>& pieces, std::vector<TokenId> end_of_generation);

  std::string arena_;                       // the text tokens' bytes, back to back
  std::vector<uint32_t> offsets_;           // [size + 1] start of token i in arena_
  std::vector<TokenId> end_of_generation_;  // sorted
  std::vector<TokenId> never_allowed_;      // sorted
  TokenTrie trie_;
};

}  // namespace hearth
