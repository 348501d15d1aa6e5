// Scaled dot-product attention of f32 queries over an f16 KV cache, with grouped-query
// attention (GQA), a position range per query (causal masking and sliding windows) and
// optional logit soft-capping (Gemma 2). Built on OpKernels (dot_f32_f16, softmax, axpy_f16),
// so it runs the SIMD kernels of whichever KernelSet the caller passes.
//
// Cache layout (shared with llm/'s KV cache):
//   k_cache, v_cache: [n_kv_heads][kv_capacity][head_dim] f16
// i.e. the row for kv head h at position p starts at (h * kv_capacity + p) * head_dim.
// Query head h reads kv head h / (n_heads / n_kv_heads).
//
// For one query head: s_j = scale * dot(q, k_j) for j in [kv_begin, kv_end);
// if softcap > 0: s_j = softcap * tanh(s_j / softcap); out = sum_j softmax(s)_j * v_j.
// An empty range gives a zero output.
#pragma once

#include <cstdint>
#include <vector>

#include "base/fp16.h"
#include "base/thread_pool.h"
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

// One query head over positions [kv_begin, kv_end). q_head, out_head: [head_dim] f32;
// scores: [kv_end - kv_begin] scratch. out_head must not alias q_head.
void AttendHead(const OpKernels& ops, const AttentionParams& p, int head, const float* q_head,
                const f16* k_cache, const f16* v_cache, int64_t kv_begin, int64_t kv_end,
                float* out_head, float* scores);

// Every head of one query over [kv_begin, kv_end). q, out: [n_heads, head_dim] f32. The query
// heads that share a kv head are processed together, so each K/V row is read from memory once;
// groups (split further when there are few) are spread over `pool` when it is non-null (one
// parallel section), else run on the caller.
void AttendQuery(const OpKernels& ops, const AttentionParams& p, const float* q, const f16* k_cache,
                 const f16* v_cache, int64_t kv_begin, int64_t kv_end, float* out,
                 AttentionScratch& scratch, ThreadPool* pool);

// A chunk of queries at consecutive positions (prompt processing) whose keys and values are
// already in the cache: query i is at position first_pos + i and attends to
// [window > 0 ? max(0, pos + 1 - window) : 0, pos + 1).
// q, out: [n_queries, n_heads, head_dim] f32.
void AttendCausal(const OpKernels& ops, const AttentionParams& p, const float* q, int64_t n_queries,
                  int64_t first_pos, int64_t window, const f16* k_cache, const f16* v_cache,
                  float* out, AttentionScratch& scratch, ThreadPool* pool);

}  // namespace hearth
