// From tokens back to text: the bytes each token stands for, and the reference's clean-up of
// spaces that byte-level BPE models apply when detokenizing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace hearth {

// How a vocabulary spells the text of its normal tokens.
enum class PieceSpelling : uint8_t {
  kSentencePiece,  // U+2581 stands for a space (llama, bert)
  kByteLevel,      // the GPT-2 byte alphabet (gpt2)
};

// The piece of every token, computed once: control, unknown and user-defined tokens give their
// text as stored; normal tokens their decoded text; byte tokens (<0xXX>) their byte; unused and
// undefined tokens nothing.
class PieceTable {
 public:
  PieceTable() = default;
  PieceTable(const Vocabulary& vocab, PieceSpelling spelling);

  // Requires 0 <= id < the vocabulary size.
  std::string_view Piece(TokenId id) const {
    return std::string_view(arena_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }

 private:
  std::string arena_;              // every piece, back to back
  std::vector<uint64_t> offsets_;  // [vocab size + 1] start of token i's piece in arena_
};

// The reference's three passes over detokenized text: drop the space before ? ! . , ; turn
// " ' " into "'"; drop the space before 's 'm 're 've.
void CleanUpSpaces(std::string* text);

}  // namespace hearth
