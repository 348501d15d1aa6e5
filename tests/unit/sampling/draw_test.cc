#include "sampling/draw.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sampling/logprobs.h"
#include "sampling/rng.h"
#include "sampling/softmax.h"

namespace hearth::sampling {
namespace {

// Candidates with weights 1, 0, 1, 1, 1 (total 4, exact in floating point) in list order.
CandidateList FiveCandidates() {
  CandidateList list;
  list.items = {{5, 0.0f}, {6, -INFINITY}, {7, 0.0f}, {8, 0.0f}, {9, 0.0f}};
  return list;
}

TEST(DrawCandidateTest, WalksTheCumulativeWeights) {
  CandidateList list = FiveCandidates();
  EXPECT_EQ(DrawCandidate(list, 0.0), 5);
  EXPECT_EQ(DrawCandidate(list, 0.2499), 5);
  EXPECT_EQ(DrawCandidate(list, 0.25), 7);  // the zero-weight token 6 is never drawn
  EXPECT_EQ(DrawCandidate(list, 0.5), 8);
  EXPECT_EQ(DrawCandidate(list, 0.7499), 8);
  EXPECT_EQ(DrawCandidate(list, 0.75), 9);
  EXPECT_EQ(DrawCandidate(list, std::nextafter(1.0, 0.0)), 9);
}

TEST(DrawCandidateTest, ZeroWeightFirstTokenIsSkippedAtUniformZero) {
  CandidateList list;
  list.items = {{1, -INFINITY}, {2, 3.0f}};
  EXPECT_EQ(DrawCandidate(list, 0.0), 2);
}

TEST(DrawCandidateTest, AllBannedGivesTheFirst) {
  CandidateList list;
  list.items = {{4, -INFINITY}, {2, -INFINITY}};
  EXPECT_EQ(DrawCandidate(list, 0.5), 4);
}

TEST(DrawCandidateTest, WalksAcrossBlocks) {
  // 1000 equal weights over four blocks: uniform k / 1000 lands exactly on token k.
  CandidateList list;
  for (TokenId i = 0; i < 1000; ++i) list.items.push_back({i, 0.0f});
  for (TokenId k : {0, 1, 255, 256, 257, 511, 600, 767, 768, 999}) {
    EXPECT_EQ(DrawCandidate(list, k / 1000.0 + 1e-9), k);
  }
  EXPECT_EQ(DrawCandidate(list, std::nextafter(1.0, 0.0)), 999);
  list.items[999].logit = -INFINITY;  // the last one that can be drawn
  EXPECT_EQ(DrawCandidate(list, std::nextafter(1.0, 0.0)), 998);
}

TEST(FastExpTest, MatchesStdExpOnTheSoftmaxRange) {
  double worst = 0.0;
  for (float x = -87.0f; x <= 0.0f; x += 0.0137f) {
    const double expected = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::abs(FastExp(x) - expected) / expected);
  }
  EXPECT_LT(worst, 3e-7);
  EXPECT_EQ(FastExp(0.0f), 1.0f);
  EXPECT_EQ(FastExp(-88.0f), 0.0f);
  EXPECT_EQ(FastExp(-INFINITY), 0.0f);
}

TEST(SoftmaxHelpersTest, MaxAndBlockedSums) {
  std::vector<float> values(1001, 0.5f);
  values[700] = 3.0f;
  EXPECT_EQ(MaxLogit(values), 3.0f);
  EXPECT_EQ(MaxLogit(std::vector<float>{}), -INFINITY);
  EXPECT_EQ(MaxLogit(std::vector<float>{-INFINITY, -2.0f}), -2.0f);
  EXPECT_DOUBLE_EQ(SumWeights(values), 1000 * 0.5 + 3.0);
  std::vector<float> weights;
  const std::vector<Candidate> candidates = {{0, 1.0f}, {1, -INFINITY}, {2, 1.0f}};
  EXPECT_EQ(CandidateWeights(candidates, weights), 1.0f);
  EXPECT_EQ(weights, (std::vector<float>{1.0f, 0.0f, 1.0f}));
  const std::vector<Candidate> infinite = {{0, INFINITY}, {1, 5.0f}};
  EXPECT_EQ(CandidateWeights(infinite, weights), INFINITY);
  EXPECT_EQ(weights, (std::vector<float>{1.0f, 0.0f}));
}

TEST(SamplingRngTest, UniformIsInRangeAndSeeded) {
  SamplingRng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.NextUniform();
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
    EXPECT_EQ(x, b.NextUniform());
    differs |= x != c.NextUniform();
  }
  EXPECT_TRUE(differs);
  // std::mt19937_64's output is fixed by the standard; so is our conversion.
  SamplingRng fixed(5489);
  EXPECT_EQ(fixed.NextUniform(), static_cast<double>(14514284786278117030ull >> 11) * 0x1.0p-53);
}

TEST(SoftmaxScaleTest, LogProbsAreLogSoftmax) {
  const std::vector<float> logits = {1.0f, 2.0f, -INFINITY, 0.0f};
  const SoftmaxScale scale = ComputeSoftmaxScale(logits);
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(0.0);
  EXPECT_NEAR(scale.LogProb(1.0f), 1.0 - std::log(z), 1e-6);
  EXPECT_NEAR(scale.LogProb(2.0f), 2.0 - std::log(z), 1e-6);
  EXPECT_EQ(scale.LogProb(-INFINITY), -INFINITY);
  // Far below the maximum the probability underflows but the log-probability does not.
  const std::vector<float> wide = {0.0f, -200.0f};
  EXPECT_NEAR(ComputeSoftmaxScale(wide).LogProb(-200.0f), -200.0f, 1e-4);
}

TEST(TopLogprobsTest, BestFirstWithoutBannedTokens) {
  const std::vector<float> logits = {1.0f, 3.0f, -INFINITY, 3.0f, 0.0f};
  const SoftmaxScale scale = ComputeSoftmaxScale(logits);
  std::vector<TokenLogprob> top;
  TopLogprobs(logits, scale, 3, top);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].token, 1);
  EXPECT_EQ(top[1].token, 3);
  EXPECT_EQ(top[2].token, 0);
  EXPECT_FLOAT_EQ(top[0].logprob, scale.LogProb(3.0f));
  TopLogprobs(logits, scale, 10, top);
  EXPECT_EQ(top.size(), 4u);
  TopLogprobs(logits, scale, 0, top);
  EXPECT_TRUE(top.empty());
}

}  // namespace
}  // namespace hearth::sampling
