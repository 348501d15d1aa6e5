#include "kernels/attention.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"

namespace hearth {
namespace {

struct Cache {
  std::vector<f16> k, v;  // [n_kv_heads][capacity][head_dim]
};

Cache RandomCache(const AttentionParams& p, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  Cache c;
  const size_t n = size_t(p.n_kv_heads) * size_t(p.kv_capacity) * size_t(p.head_dim);
  c.k.resize(n);
  c.v.resize(n);
  for (f16& x : c.k) x = F32ToF16(dist(rng));
  for (f16& x : c.v) x = F32ToF16(dist(rng));
  return c;
}

std::vector<float> RandomQueries(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> q(static_cast<size_t>(n));
  for (float& x : q) x = dist(rng);
  return q;
}

// softmax(scale q K^T (soft-capped)) V for one head over [begin, end), in double.
std::vector<double> NaiveHead(const AttentionParams& p, const Cache& c, const float* q, int head,
                              int64_t begin, int64_t end) {
  const int kv_head = head / (p.n_heads / p.n_kv_heads);
  const int64_t d = p.head_dim;
  std::vector<double> s;
  for (int64_t j = begin; j < end; ++j) {
    double dot = 0;
    for (int64_t e = 0; e < d; ++e) {
      dot += q[e] * double(F16ToF32(c.k[size_t((kv_head * p.kv_capacity + j) * d + e)]));
    }
    dot *= p.scale;
    if (p.softcap > 0) dot = p.softcap * std::tanh(dot / p.softcap);
    s.push_back(dot);
  }
  double max = -INFINITY, sum = 0;
  for (double x : s) max = std::max(max, x);
  for (double& x : s) sum += (x = std::exp(x - max));
  std::vector<double> out(size_t(d), 0.0);
  for (int64_t j = begin; j < end; ++j) {
    for (int64_t e = 0; e < d; ++e) {
      out[size_t(e)] +=
          s[size_t(j - begin)] / sum * F16ToF32(c.v[size_t((kv_head * p.kv_capacity + j) * d + e)]);
    }
  }
  return out;
}

void ExpectNearRow(const float* got, const std::vector<double>& want, const std::string& what) {
  for (size_t e = 0; e < want.size(); ++e) {
    ASSERT_NEAR(got[e], want[e], 2e-5 + 2e-5 * std::fabs(want[e])) << what << " dim " << e;
  }
}

class AttentionIsaTest : public ::testing::TestWithParam<Isa> {
 protected:
  const KernelSet& kernels() { return KernelsFor(GetParam()); }

  // AttendGroup for every query head of one query, group by group, over [begin, end).
  std::vector<float> AttendAll(const AttentionParams& p, const Cache& c, const std::vector<float>& q,
                               int64_t begin, int64_t end, bool round_probabilities) {
    const int group = p.n_heads / p.n_kv_heads;
    std::vector<float> out(q.size(), NAN), scores(size_t(group) * size_t(end - begin + 1));
    for (int kv_head = 0; kv_head < p.n_kv_heads; ++kv_head) {
      const size_t first_row = size_t((kv_head * p.kv_capacity + begin) * p.head_dim);
      const size_t at = size_t(kv_head * group * p.head_dim);
      AttendGroup(kernels(), p, c.k.data() + first_row, c.v.data() + first_row, end - begin,
                  group, q.data() + at, out.data() + at, scores.data(), round_probabilities);
    }
    return out;
  }
};

TEST_P(AttentionIsaTest, GroupedQueryHeadsMatchNaive) {
  for (float softcap : {0.0f, 5.0f}) {
    AttentionParams p{.n_heads = 8,
                      .n_kv_heads = 2,
                      .head_dim = 64,
                      .kv_capacity = 300,
                      .scale = 0.125f,
                      .softcap = softcap};
    const Cache c = RandomCache(p, 1);
    const std::vector<float> q = RandomQueries(p.n_heads * p.head_dim, 2);
    for (auto [begin, end] : {std::pair<int64_t, int64_t>{0, 1}, {0, 37}, {100, 300}, {5, 6}}) {
      const std::vector<float> out = AttendAll(p, c, q, begin, end, false);
      for (int h = 0; h < p.n_heads; ++h) {
        ExpectNearRow(out.data() + h * p.head_dim,
                      NaiveHead(p, c, q.data() + h * p.head_dim, h, begin, end),
                      "head " + std::to_string(h) + " range " + std::to_string(begin) + ".." +
                          std::to_string(end) + " softcap " + std::to_string(softcap));
      }
    }
  }
}

TEST_P(AttentionIsaTest, MultiQueryAttentionMatchesNaive) {
  // One kv head for every query head (MQA), and a single head of the group alone.
  AttentionParams p{
      .n_heads = 4, .n_kv_heads = 1, .head_dim = 32, .kv_capacity = 50, .scale = 0.2f};
  const Cache c = RandomCache(p, 7);
  const std::vector<float> q = RandomQueries(p.n_heads * p.head_dim, 8);
  const std::vector<float> out = AttendAll(p, c, q, 3, 41, false);
  for (int h = 0; h < p.n_heads; ++h) {
    ExpectNearRow(out.data() + h * p.head_dim, NaiveHead(p, c, q.data() + h * p.head_dim, h, 3, 41),
                  "MQA head " + std::to_string(h));
  }
  std::vector<float> scores(38), one(size_t(p.head_dim));
  const size_t first_row = size_t(3 * p.head_dim);
  AttendGroup(kernels(), p, c.k.data() + first_row, c.v.data() + first_row, 38, 1,
              q.data() + 2 * p.head_dim, one.data(), scores.data(), false);
  ExpectNearRow(one.data(), NaiveHead(p, c, q.data() + 2 * p.head_dim, 2, 3, 41), "one head");
}

TEST_P(AttentionIsaTest, RoundedProbabilitiesStayCloseToExact) {
  // The f16 rounding of the probabilities moves each by at most 2^-11 of itself.
  AttentionParams p{.n_heads = 4, .n_kv_heads = 2, .head_dim = 64, .kv_capacity = 200,
                    .scale = 0.125f};
  const Cache c = RandomCache(p, 11);
  const std::vector<float> q = RandomQueries(p.n_heads * p.head_dim, 12);
  const std::vector<float> exact = AttendAll(p, c, q, 0, 200, false);
  const std::vector<float> rounded = AttendAll(p, c, q, 0, 200, true);
  double max_diff = 0;
  for (size_t i = 0; i < exact.size(); ++i) {
    max_diff = std::max(max_diff, double(std::fabs(exact[i] - rounded[i])));
  }
  EXPECT_GT(max_diff, 0.0);  // the rounding happened
  EXPECT_LT(max_diff, 2e-3);
}

TEST_P(AttentionIsaTest, NoRowsGiveZeros) {
  AttentionParams p{.n_heads = 2, .n_kv_heads = 1, .head_dim = 8, .kv_capacity = 4, .scale = 1.0f};
  const Cache c = RandomCache(p, 3);
  const std::vector<float> q = RandomQueries(16, 4);
  std::vector<float> out(16, 7.0f), scores(2);
  AttendGroup(kernels(), p, c.k.data(), c.v.data(), 0, 2, q.data(), out.data(), scores.data(),
              true);
  for (float x : out) EXPECT_EQ(x, 0.0f);
}

std::string IsaParamName(const ::testing::TestParamInfo<Isa>& info) {
  std::string name(IsaName(info.param));
  for (char& ch : name) {
    if (ch == '-') ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllIsas, AttentionIsaTest, ::testing::ValuesIn(SupportedIsas()),
                         IsaParamName);

}  // namespace
}  // namespace hearth
