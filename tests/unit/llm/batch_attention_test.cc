// BatchAttention: which positions each entry of a batch sees (its own sequence, causal, the
// sliding window) and how its query heads are grouped, checked entry by entry against
// kernels/attention.h's AttendGroup on the expected rows (the kernels' numerics are tested
// there against a double-precision reference).
#include "llm/batch_attention.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "llm/model_config.h"

namespace hearth {
namespace {

TEST(BatchAttention, EachEntrySeesItsOwnSequenceCausallyWithinTheWindow) {
  ModelConfig config;
  config.n_layer = 2;
  config.n_head = 6;
  config.n_head_kv = 3;
  config.head_dim = 40;
  const int32_t n_seq = 3, capacity = 64, layer = 1;
  KvCache kv(config, n_seq, capacity);
  std::mt19937 rng(5);
  std::normal_distribution<float> dist;
  const size_t slot = size_t(config.n_head_kv) * capacity * size_t(config.head_dim);
  for (int32_t seq = 0; seq < n_seq; ++seq) {
    for (size_t i = 0; i < slot; ++i) {
      kv.k(layer, seq)[i] = F32ToF16(dist(rng));
      kv.v(layer, seq)[i] = F32ToF16(dist(rng));
    }
  }
  // A prompt chunk of seq 0 (positions 20..28), decode tokens of seqs 2 and 1, one at 0.
  Batch batch;
  for (int32_t pos = 20; pos < 29; ++pos) batch.Add(1, pos, 0, false);
  batch.Add(1, 47, 2, true);
  batch.Add(1, 0, 1, true);
  batch.Add(1, 12, 1, true);
  const AttentionParams p{.n_heads = config.n_head,
                          .n_kv_heads = config.n_head_kv,
                          .head_dim = config.head_dim,
                          .kv_capacity = capacity,
                          .scale = 0.15f};
  const int64_t row = int64_t(p.n_heads) * p.head_dim;
  std::vector<float> q(size_t(batch.size() * row));
  for (float& x : q) x = dist(rng);
  const KernelSet& kernels = BestKernels();
  const int group = p.n_heads / p.n_kv_heads;
  AttentionScratch scratch;
  for (int threads : {1, 3}) {
    ThreadPool pool(threads);
    for (int64_t window : {0, 1, 4, 25}) {
      std::vector<float> out(q.size(), NAN);
      BatchAttention(kernels, p, window, batch, kv, layer, q.data(), out.data(), scratch, pool);
      for (int32_t e = 0; e < batch.size(); ++e) {
        const int32_t seq = batch.seqs()[size_t(e)], pos = batch.positions()[size_t(e)];
        const int64_t begin = window > 0 ? std::max<int64_t>(0, pos + 1 - window) : 0;
        for (int kv_head = 0; kv_head < p.n_kv_heads; ++kv_head) {
          const int64_t first_row = (kv_head * int64_t(capacity) + begin) * p.head_dim;
          const int64_t at = e * row + int64_t(kv_head) * group * p.head_dim;
          std::vector<float> want(size_t(group) * size_t(p.head_dim));
          std::vector<float> scores(size_t(group) * size_t(pos + 1 - begin));
          AttendGroup(kernels, p, kv.k(layer, seq) + first_row, kv.v(layer, seq) + first_row,
                      pos + 1 - begin, group, q.data() + at, want.data(), scores.data(),
                      /*round_probabilities=*/true);
          for (size_t i = 0; i < want.size(); ++i) {
            ASSERT_EQ(std::bit_cast<uint32_t>(out[size_t(at) + i]), std::bit_cast<uint32_t>(want[i]))
                << "entry " << e << " kv head " << kv_head << " window " << window << " threads "
                << threads;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace hearth
