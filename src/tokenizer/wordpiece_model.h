// WordPiece (tokenizer.ggml.model "bert"), as the reference runs it on GGUF vocabularies whose
// word-initial pieces carry a U+2581 prefix and whose continuation pieces have lost their "##":
// text is lower-cased and stripped of accents (by default), split at white space and around
// punctuation, ASCII symbols and CJK ideographs; each word, prefixed with U+2581, is cut into
// the longest vocabulary strings from the left; a word that cannot be cut becomes [UNK].
//
// Immutable after construction; Encode() is const.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace hearth {

struct WordPieceOptions {
  bool lowercase = true;      // tokenizer.ggml.normalizer.lowercase
  bool strip_accents = true;  // tokenizer.ggml.normalizer.strip_accents (default: lowercase)
};

class WordPieceModel {
 public:
  WordPieceModel() = default;
  WordPieceModel(const Vocabulary& vocab, WordPieceOptions options, TokenId unknown_id);

  // Appends the tokens of one text fragment.
  void Encode(const Vocabulary& vocab, std::string_view text, std::vector<TokenId>* out) const;

 private:
  std::vector<std::string> SplitWords(std::string_view text) const;
  void EncodeWord(const Vocabulary& vocab, const std::string& word,
                  std::vector<TokenId>* out) const;

  WordPieceOptions options_;
  TokenId unknown_id_ = -1;
  size_t max_token_bytes_ = 0;
};

}  // namespace hearth
