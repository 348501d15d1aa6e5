#include "llm/batch_attention.h"

#include <algorithm>

#include "base/check.h"

namespace hearth {
namespace {

// Multiply-adds below which a call runs on the calling thread: a parallel section costs more
// than it saves on the short contexts of small models.
constexpr int64_t kParallelWork = int64_t{1} << 16;

// Query heads per task: the whole GQA group, halved while there are too few tasks to keep
// every thread busy (a single decoded token of an MQA model has one group).
int HeadsPerTask(const AttentionParams& p, int64_t n_entries, int n_threads) {
  int sub = p.n_heads / p.n_kv_heads;
  while (n_threads > 1 && sub % 2 == 0 && n_entries * (p.n_heads / sub) < 4 * int64_t(n_threads)) {
    sub /= 2;
  }
  return sub;
}

}  // namespace

void BatchAttention(const KernelSet& kernels, const AttentionParams& p, int64_t window,
                    const Batch& batch, const KvCache& kv, int layer, const float* q, float* out,
                    AttentionScratch& scratch, ThreadPool& pool) {
  HEARTH_CHECK(p.n_kv_heads > 0 && p.n_heads % p.n_kv_heads == 0 && p.kv_capacity == kv.capacity());
  const int64_t n_entries = batch.size();
  int64_t max_len = 0;
  for (int32_t pos : batch.positions()) max_len = std::max<int64_t>(max_len, pos + 1);
  if (window > 0) max_len = std::min(max_len, window);
  const int n_threads = pool.size();
  const int sub = HeadsPerTask(p, n_entries, n_threads);
  const int n_subs = p.n_heads / sub;
  const int group = p.n_heads / p.n_kv_heads;
  const int64_t per_thread = int64_t(sub) * max_len;
  float* scores = scratch.Reserve(n_threads, per_thread);  // [n_threads, sub, max_len]
  const int64_t row = int64_t(p.n_heads) * p.head_dim;
  const int64_t head_stride = p.kv_capacity * p.head_dim;  // one kv head of a slot

  auto task = [&](int64_t t, int thread) {
    const int64_t entry = t / n_subs;
    const int first_head = int(t % n_subs) * sub;
    const int kv_head = first_head / group;
    const int32_t seq = batch.seqs()[size_t(entry)];
    const int64_t pos = batch.positions()[size_t(entry)];
    const int64_t begin = window > 0 ? std::max<int64_t>(0, pos + 1 - window) : 0;
    const int64_t at = entry * row + int64_t(first_head) * p.head_dim;
    const int64_t first_row = kv_head * head_stride + begin * p.head_dim;
    AttendGroup(kernels, p, kv.k(layer, seq) + first_row, kv.v(layer, seq) + first_row,
                pos + 1 - begin, sub, q + at, out + at, scores + thread * per_thread,
                /*round_probabilities=*/true);
  };
  const int64_t n_tasks = n_entries * n_subs;
  const int64_t work = n_entries * max_len * 2 * row;  // multiply-adds, at most
  if (n_threads > 1 && n_tasks > 1 && work >= kParallelWork) {
    pool.RunTasks(n_tasks, task);
  } else {
    for (int64_t t = 0; t < n_tasks; ++t) task(t, 0);
  }
}

}  // namespace hearth
