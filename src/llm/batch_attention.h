// Causal self-attention of a batch's queries over a KV cache of several sequences: each entry
// attends to its own sequence's positions [0, pos] (or the last `window` of them).
//
// Computed as the reference engine does with flash attention off, because its roundings
// decide the result on random-weight models whose activations are requantized to 8 bits
// after attention (a flipped rounding there moves logits by 0.1):
//   s_j = scale * (q . k_j)     q already rounded to f16 by the caller, k_j f16, f32 sums
//   p = softmax(s) in f32
//   out = sum_j f16(p_j) v_j    the probabilities rounded to f16, as its V product does
// (kernels/attention.h: AttendGroup, with round_probabilities.)
//
// One parallel section per call: tasks are (entry, group of query heads sharing a kv head),
// taken dynamically, so the rows of a long prompt and the single rows of many sequences
// balance alike.
#pragma once

#include <cstdint>

#include "base/thread_pool.h"
#include "kernels/attention.h"
#include "kernels/kernel_set.h"
#include "llm/batch.h"
#include "llm/kv_cache.h"

namespace hearth {

// q, out: [batch.size(), n_heads * head_dim] f32; the keys and values of every entry are
// already in layer `layer` of `kv`. p.kv_capacity must be kv.capacity(); window <= 0 means
// no window. `scratch` should hold pool.size() rows of (n_heads / n_kv_heads) * (max pos + 1)
// scores (it grows if not).
void BatchAttention(const KernelSet& kernels, const AttentionParams& p, int64_t window,
                    const Batch& batch, const KvCache& kv, int layer, const float* q, float* out,
                    AttentionScratch& scratch, ThreadPool& pool);

}  // namespace hearth
