#include "kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/check.h"

namespace hearth {
namespace {

void CheckParams(const AttentionParams& p) {
  HEARTH_CHECK(p.n_heads > 0 && p.n_kv_heads > 0 && p.n_heads % p.n_kv_heads == 0)
      << "n_heads " << p.n_heads << " must be a multiple of n_kv_heads " << p.n_kv_heads;
  HEARTH_CHECK(p.head_dim > 0 && p.kv_capacity > 0);
}

// The positions query `pos` sees.
struct KvRange {
  int64_t begin, end;
};
KvRange CausalRange(int64_t pos, int64_t window) {
  return {window > 0 ? std::max<int64_t>(0, pos + 1 - window) : 0, pos + 1};
}

}  // namespace

float* AttentionScratch::Reserve(int n_threads, int64_t n_scores) {
  const size_t needed = size_t(std::max(n_threads, 1)) * size_t(std::max<int64_t>(n_scores, 1));
  if (scores_.size() < needed) scores_.resize(needed);
  return scores_.data();
}

namespace {

// Query heads [first_head, first_head + n_q), all reading kv head `kv_head`, over
// [kv_begin, kv_end). Each K and V row is loaded once for the whole group (GQA shares it), so
// the cache is streamed once per kv head rather than once per query head.
// q, out: [n_q, head_dim]; scores: [n_q, kv_end - kv_begin].
void AttendHeads(const OpKernels& ops, const AttentionParams& p, int kv_head, int n_q,
                 const float* q, const f16* k_cache, const f16* v_cache, int64_t kv_begin,
                 int64_t kv_end, float* out, float* scores) {
  HEARTH_DCHECK(0 <= kv_begin && kv_begin <= kv_end && kv_end <= p.kv_capacity);
  const int64_t d = p.head_dim;
  const f16* k = k_cache + (kv_head * p.kv_capacity + kv_begin) * d;  // [n, head_dim]
  const f16* v = v_cache + (kv_head * p.kv_capacity + kv_begin) * d;  // [n, head_dim]
  const int64_t n = kv_end - kv_begin;

  if (n == 0) {
    std::memset(out, 0, size_t(n_q) * size_t(d) * sizeof(float));
    return;
  }
  ops.attn_scores(q, n_q, k, n, d, p.scale, scores);
  for (int g = 0; g < n_q; ++g) {
    float* s = scores + g * n;
    if (p.softcap > 0.0f) {
      const float inv_cap = 1.0f / p.softcap;
      for (int64_t j = 0; j < n; ++j) s[j] = p.softcap * std::tanh(s[j] * inv_cap);
    }
    ops.softmax(s, n);
  }
  ops.attn_values(scores, n_q, v, n, d, out);
}

}  // namespace

void AttendHead(const OpKernels& ops, const AttentionParams& p, int head, const float* q_head,
                const f16* k_cache, const f16* v_cache, int64_t kv_begin, int64_t kv_end,
                float* out_head, float* scores) {
  CheckParams(p);
  const int kv_head = head / (p.n_heads / p.n_kv_heads);
  AttendHeads(ops, p, kv_head, 1, q_head, k_cache, v_cache, kv_begin, kv_end, out_head, scores);
}

void AttendQuery(const OpKernels& ops, const AttentionParams& p, const float* q, const f16* k_cache,
                 const f16* v_cache, int64_t kv_begin, int64_t kv_end, float* out,
                 AttentionScratch& scratch, ThreadPool* pool) {
  HEARTH_CHECK(0 <= kv_begin && kv_begin <= kv_end) << kv_begin << " " << kv_end;
  if (kv_begin == kv_end) {
    std::memset(out, 0, size_t(p.n_heads) * size_t(p.head_dim) * sizeof(float));
    return;
  }
  // The same as a query at position kv_end - 1 with a window reaching back to kv_begin.
  AttendCausal(ops, p, q, 1, kv_end - 1, kv_end - kv_begin, k_cache, v_cache, out, scratch, pool);
}

void AttendCausal(const OpKernels& ops, const AttentionParams& p, const float* q, int64_t n_queries,
                  int64_t first_pos, int64_t window, const f16* k_cache, const f16* v_cache,
                  float* out, AttentionScratch& scratch, ThreadPool* pool) {
  CheckParams(p);
  HEARTH_CHECK(first_pos >= 0 && first_pos + n_queries <= p.kv_capacity)
      << "positions [" << first_pos << ", " << first_pos + n_queries << ") exceed the cache ("
      << p.kv_capacity << ")";
  const int64_t max_len =
      window > 0 ? std::min(window, first_pos + n_queries) : first_pos + n_queries;
  const int n_threads = pool ? pool->size() : 1;
  // A task is a (query, kv head, sub-group of its query heads); halve the sub-groups until
  // there are enough tasks to keep every thread busy (MQA has one kv head).
  int sub = p.n_heads / p.n_kv_heads;
  while (n_threads > 1 && sub % 2 == 0 && n_queries * (p.n_heads / sub) < 4 * int64_t(n_threads)) {
    sub /= 2;
  }
  const int64_t per_thread = int64_t(sub) * max_len;
  float* scores = scratch.Reserve(n_threads, per_thread);  // [n_threads, sub, max_len]
  const int64_t row = p.n_heads * int64_t(p.head_dim);
  const int n_subs = p.n_heads / sub;  // per query

  auto task = [&](int64_t t, int thread) {
    const int64_t i = t / n_subs;
    const int first_head = int(t % n_subs) * sub;  // heads of a sub-group are consecutive
    const int kv_head = first_head / (p.n_heads / p.n_kv_heads);
    const int64_t at = i * row + int64_t(first_head) * p.head_dim;
    const KvRange r = CausalRange(first_pos + i, window);
    AttendHeads(ops, p, kv_head, sub, q + at, k_cache, v_cache, r.begin, r.end, out + at,
                scores + thread * per_thread);
  };
  const int64_t n_tasks = n_queries * n_subs;
  if (pool && pool->size() > 1 && n_tasks > 1) {
    pool->RunTasks(n_tasks, task);
  } else {
    for (int64_t t = 0; t < n_tasks; ++t) task(t, 0);
  }
}

}  // namespace hearth
