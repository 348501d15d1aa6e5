// Scaled dot-product attention of f32 queries over f16 keys and values: one group of query
// heads that share a kv head (grouped-query attention), over a range of positions, with
// optional logit soft-capping (Gemma 2). Built on OpKernels (attn_scores, softmax,
// attn_values), so it runs the SIMD kernels of whichever KernelSet the caller passes. Which
// positions each query sees (causal masking, sliding windows) and how a batch of sequences
// is spread over threads is llm/batch_attention.h's business.
//
// For each query head g of the group, over rows j < n of k and v:
//   s_j = scale * dot(q_g, k_j); if softcap > 0: s_j = softcap * tanh(s_j / softcap)
//   p = softmax(s); optionally p_j = float(f16(p_j)) (the reference engine's rounding)
//   out_g = sum_j p_j v_j
// No rows (n == 0) give a zero output.
#pragma once

#include <cstdint>
#include <vector>

#include "base/fp16.h"
#include "kernels/kernel_set.h"

namespace hearth {

struct AttentionParams {
  int n_heads = 0;
  int n_kv_heads = 0;  // must divide n_heads
  int head_dim = 0;
  int64_t kv_capacity = 0;  // positions per kv head in the cache (the head stride / head_dim)
  float scale = 0.0f;       // usually 1 / sqrt(head_dim)
  float softcap = 0.0f;     // > 0: cap the logits at +-softcap with tanh
};

// Per-thread score rows, owned by the caller and reused across calls (grows only).
class AttentionScratch {
 public:
  // Room for `n_threads` rows of `n_scores` floats; returns row 0 (row t at t * n_scores).
  float* Reserve(int n_threads, int64_t n_scores);

 private:
  std::vector<float> scores_;  // [n_threads, n_scores]
};

// Query heads q[0 .. n_q) (each [head_dim]) over the n rows of k and v ([n, head_dim] f16,
// consecutive), into out[0 .. n_q). scores: room for n_q * n floats. With
// round_probabilities, the probabilities are rounded to f16 before the V product.
void AttendGroup(const KernelSet& kernels, const AttentionParams& p, const f16* k, const f16* v,
                 int64_t n, int n_q, const float* q, float* out, float* scores,
                 bool round_probabilities);

// x = float(f16(x)) in place (F16C where the kernels have it): the reference's rounding of
// the queries before Q.K and of the probabilities before the V product.
void RoundToF16(const QuantKernels& kernels, float* x, int64_t n);

}  // namespace hearth
