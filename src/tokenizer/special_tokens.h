// Splitting text at special tokens before the model tokenizes it.
//
// Candidates are the tokens with the control, user-defined or unknown attribute, longest text
// first (ties: lower id first). Each candidate in turn splits every remaining text fragment at
// all its occurrences, left to right; a later candidate never matches inside an earlier one's
// match. Control and unknown tokens take part only when `parse_special` is set; user-defined
// tokens always do (as in the reference). A token with kAttrLstrip / kAttrRstrip also swallows
// the ASCII white space next to it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace hearth {

// A piece of the input: a special token, or a range of text still to be tokenized.
struct TextFragment {
  TokenId token = -1;  // >= 0: this fragment is that token
  size_t begin = 0;    // text range, for token < 0
  size_t length = 0;

  bool is_token() const { return token >= 0; }
};

class SpecialTokenSplitter {
 public:
  SpecialTokenSplitter() = default;
  explicit SpecialTokenSplitter(const Vocabulary& vocab);

  std::vector<TextFragment> Split(const Vocabulary& vocab, std::string_view text,
                                  bool parse_special) const;

  const std::vector<TokenId>& candidates() const { return candidates_; }

 private:
  std::vector<TokenId> candidates_;  // longest text first
};

}  // namespace hearth
