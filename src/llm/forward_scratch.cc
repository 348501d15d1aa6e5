#include "llm/forward_scratch.h"

#include <algorithm>

#include "base/check.h"

namespace hearth {

ForwardScratch::ForwardScratch(const ModelConfig& config, int32_t n_batch, int32_t max_context,
                               int n_threads)
    : n_batch_(n_batch), n_vocab_(config.n_vocab) {
  HEARTH_CHECK(n_batch >= 1 && max_context >= 1) << n_batch << " " << max_context;
  const size_t n = size_t(n_batch);
  x.resize(n * size_t(config.n_embd));
  xn.resize(n * size_t(config.n_embd));
  out.resize(n * size_t(config.n_embd));
  q.resize(n * size_t(config.q_dim()));
  k.resize(n * size_t(config.kv_dim()));
  v.resize(n * size_t(config.kv_dim()));
  attn.resize(n * size_t(config.q_dim()));
  gate.resize(n * size_t(config.n_ff));
  up.resize(n * size_t(config.n_ff));
  rope.resize(n * size_t(config.rope.n_rot));
  ReserveLogits(1);
  output_rows.reserve(n);
  // The attention kernel keeps one score row per query head of a kv group per thread.
  const int group = config.n_head / config.n_head_kv;
  attention.Reserve(std::max(n_threads, 1), int64_t(group) * max_context);
}

float* ForwardScratch::ReserveLogits(int32_t n_outputs) {
  const size_t needed = size_t(std::max(n_outputs, 1)) * size_t(n_vocab_);
  if (logits_.size() < needed) logits_.resize(needed);
  return logits_.data();
}

}  // namespace hearth
