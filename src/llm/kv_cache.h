// KvCache: the keys and values of every layer for several sequences (slots), in f16, laid out
// per layer and slot as kernels/attention.h reads them:
//   k(layer, seq), v(layer, seq): [n_kv_heads][capacity][head_dim] f16
// so the row of kv head h at position p starts at (h * capacity + p) * head_dim.
//
// Each slot also knows its length: positions [0, length) hold valid entries. The forward pass
// appends at length(seq) and advances it; Truncate forgets the tail (chat /clear, prefix
// reuse). Memory is allocated once, at construction.
//
// Not thread-safe; owned by one Session or by the engine thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/fp16.h"
#include "llm/model_config.h"

namespace hearth {

class KvCache {
 public:
  // Room for `capacity` positions in each of `n_seq` slots (both >= 1).
  KvCache(const ModelConfig& config, int32_t n_seq, int32_t capacity);
  KvCache(KvCache&&) noexcept = default;
  KvCache& operator=(KvCache&&) noexcept = default;
  KvCache(const KvCache&) = delete;
  KvCache& operator=(const KvCache&) = delete;

  int32_t n_seq() const { return n_seq_; }
  int32_t capacity() const { return capacity_; }
  int32_t n_kv_heads() const { return n_kv_heads_; }
  int32_t head_dim() const { return head_dim_; }

  int32_t length(int32_t seq) const { return lengths_[size_t(seq)]; }
  // Sets length(seq) to min(length, n_tokens); n_tokens >= 0.
  void Truncate(int32_t seq, int32_t n_tokens);
  // Marks positions [0, n) of `seq` as written (the forward pass calls this).
  void SetLength(int32_t seq, int32_t n);

  f16* k(int32_t layer, int32_t seq) { return k_.get() + Offset(layer, seq); }
  f16* v(int32_t layer, int32_t seq) { return v_.get() + Offset(layer, seq); }
  const f16* k(int32_t layer, int32_t seq) const { return k_.get() + Offset(layer, seq); }
  const f16* v(int32_t layer, int32_t seq) const { return v_.get() + Offset(layer, seq); }

  size_t bytes() const { return 2 * elements_ * sizeof(f16); }  // K and V, all slots

 private:
  size_t Offset(int32_t layer, int32_t seq) const {
    return (size_t(layer) * size_t(n_seq_) + size_t(seq)) * slot_elements_;
  }

  int32_t n_layer_, n_seq_, capacity_, n_kv_heads_, head_dim_;
  size_t slot_elements_;          // n_kv_heads * capacity * head_dim
  size_t elements_;               // n_layer * n_seq * slot_elements_ (each of K and V)
  std::unique_ptr<f16[]> k_;      // [n_layer][n_seq][n_kv_heads][capacity][head_dim]
  std::unique_ptr<f16[]> v_;      // same layout
  std::vector<int32_t> lengths_;  // [n_seq]
};

}  // namespace hearth
