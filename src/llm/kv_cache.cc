#include "llm/kv_cache.h"

#include <algorithm>

#include "base/check.h"

namespace hearth {

KvCache::KvCache(const ModelConfig& config, int32_t n_seq, int32_t capacity)
    : n_layer_(config.n_layer),
      n_seq_(n_seq),
      capacity_(capacity),
      n_kv_heads_(config.n_head_kv),
      head_dim_(config.head_dim) {
  HEARTH_CHECK(n_seq >= 1 && capacity >= 1) << "n_seq " << n_seq << " capacity " << capacity;
  slot_elements_ = size_t(n_kv_heads_) * size_t(capacity_) * size_t(head_dim_);
  elements_ = size_t(n_layer_) * size_t(n_seq_) * slot_elements_;
  // Left uninitialized: a position is read only after the forward pass wrote it.
  k_.reset(new f16[elements_]);
  v_.reset(new f16[elements_]);
  lengths_.assign(size_t(n_seq_), 0);
}

void KvCache::Truncate(int32_t seq, int32_t n_tokens) {
  HEARTH_CHECK(seq >= 0 && seq < n_seq_ && n_tokens >= 0) << seq << " " << n_tokens;
  lengths_[size_t(seq)] = std::min(lengths_[size_t(seq)], n_tokens);
}

void KvCache::SetLength(int32_t seq, int32_t n) {
  HEARTH_CHECK(seq >= 0 && seq < n_seq_ && n >= 0 && n <= capacity_) << seq << " " << n;
  lengths_[size_t(seq)] = n;
}

}  // namespace hearth
