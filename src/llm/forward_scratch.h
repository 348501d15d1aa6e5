// ForwardScratch: the activation buffers of one forward pass, sized once for a batch of up to
// n_batch tokens, plus the per-batch bookkeeping the layers share (rope rotations, output
// rows). Reused from pass to pass, so steady-state decoding allocates
// nothing; only `logits` grows, when a pass asks for more outputs than any pass before it.
//
// One per caller thread (a Session, or the engine thread); not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/attention.h"
#include "kernels/matmul.h"
#include "llm/model_config.h"

namespace hearth {

class ForwardScratch {
 public:
  // Buffers for `n_batch` tokens of `config`'s model, attention scores for contexts of up to
  // `max_context` positions, spread over `n_threads` threads.
  ForwardScratch(const ModelConfig& config, int32_t n_batch, int32_t max_context, int n_threads);
  ForwardScratch(ForwardScratch&&) noexcept = default;
  ForwardScratch& operator=(ForwardScratch&&) noexcept = default;
  ForwardScratch(const ForwardScratch&) = delete;
  ForwardScratch& operator=(const ForwardScratch&) = delete;

  int32_t n_batch() const { return n_batch_; }
  int32_t n_vocab() const { return n_vocab_; }

  // Logits of the last pass's output entries, in batch order: [n_outputs, n_vocab].
  const float* logits() const { return logits_.data(); }
  // Makes room for `n_outputs` rows of logits (grows only).
  float* ReserveLogits(int32_t n_outputs);

  // Activations, row t for batch entry t (f32):
  std::vector<float> x;     // [n_batch, n_embd] residual stream
  std::vector<float> xn;    // [n_batch, n_embd] normalized input of a block
  std::vector<float> out;   // [n_batch, n_embd] output of a block, before the residual add
  std::vector<float> q;     // [n_batch, n_head * head_dim]
  std::vector<float> k;     // [n_batch, n_head_kv * head_dim]
  std::vector<float> v;     // [n_batch, n_head_kv * head_dim]
  std::vector<float> attn;  // [n_batch, n_head * head_dim] attention output, before wo
  std::vector<float> gate;  // [n_batch, n_ff]
  std::vector<float> up;    // [n_batch, n_ff]
  std::vector<float> rope;  // [n_batch, n_rot] cos/sin pairs of each entry's position

  // Per-batch bookkeeping (capacity n_batch):
  std::vector<int32_t> output_rows;  // batch indices of the output entries, ascending
  std::vector<int32_t> next_pos;     // [n_seq] next position per sequence (validation)

  MatmulScratch matmul;
  AttentionScratch attention;

 private:
  int32_t n_batch_ = 0;
  int32_t n_vocab_ = 0;
  std::vector<float> logits_;  // [outputs, n_vocab]
};

}  // namespace hearth
