// Batch: the tokens of one forward pass. Each entry carries its token, its position in its
// sequence, the KV-cache slot of that sequence, and whether its logits are wanted, so one pass
// can extend several sequences at once (continuous batching) or one sequence by a whole
// prompt chunk (prompt processing).
//
// Rules the forward pass checks (Model::Forward): a sequence's entries continue where that
// sequence left off (positions kv.length(seq), kv.length(seq) + 1, ... in batch order); their
// order relative to other sequences' entries is free. Every entry attends to its own
// sequence's positions 0..pos.
//
// Reusable: Clear() keeps the storage, so a batch built every step allocates nothing once it
// has held its largest size.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hearth {

using TokenId = int32_t;  // the same alias as tokenizer/tokenizer.h

class Batch {
 public:
  Batch() = default;
  explicit Batch(int32_t capacity) { Reserve(capacity); }

  void Reserve(int32_t capacity);
  void Clear();
  // Appends one entry; `output` asks for this entry's logits.
  void Add(TokenId token, int32_t pos, int32_t seq, bool output);
  // Appends tokens[i] at positions first_pos + i of `seq`; only the last one is an output
  // when `last_output`, every one when `all_outputs`.
  void AddSequence(std::span<const TokenId> tokens, int32_t first_pos, int32_t seq,
                   bool all_outputs, bool last_output = true);

  int32_t size() const { return int32_t(tokens_.size()); }
  bool empty() const { return tokens_.empty(); }
  int32_t n_outputs() const { return n_outputs_; }

  std::span<const TokenId> tokens() const { return tokens_; }
  std::span<const int32_t> positions() const { return positions_; }
  std::span<const int32_t> seqs() const { return seqs_; }
  std::span<const uint8_t> outputs() const { return outputs_; }  // 1 = logits wanted

 private:
  std::vector<TokenId> tokens_;
  std::vector<int32_t> positions_;
  std::vector<int32_t> seqs_;
  std::vector<uint8_t> outputs_;
  int32_t n_outputs_ = 0;
};

}  // namespace hearth
