#include "llm/batch.h"

namespace hearth {

void Batch::Reserve(int32_t capacity) {
  const size_t n = size_t(capacity > 0 ? capacity : 0);
  tokens_.reserve(n);
  positions_.reserve(n);
  seqs_.reserve(n);
  outputs_.reserve(n);
}

void Batch::Clear() {
  tokens_.clear();
  positions_.clear();
  seqs_.clear();
  outputs_.clear();
  n_outputs_ = 0;
}

void Batch::Add(TokenId token, int32_t pos, int32_t seq, bool output) {
  tokens_.push_back(token);
  positions_.push_back(pos);
  seqs_.push_back(seq);
  outputs_.push_back(output ? 1 : 0);
  n_outputs_ += output ? 1 : 0;
}

void Batch::AddSequence(std::span<const TokenId> tokens, int32_t first_pos, int32_t seq,
                        bool all_outputs, bool last_output) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool last = i + 1 == tokens.size();
    Add(tokens[i], first_pos + int32_t(i), seq, all_outputs || (last && last_output));
  }
}

}  // namespace hearth
