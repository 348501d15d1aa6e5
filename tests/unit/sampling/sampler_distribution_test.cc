// The sampler's randomness: seeds reproduce, and draws follow softmax(logits / T) over what
// truncation keeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sampling/sampler.h"

namespace hearth {
namespace {

constexpr int kDraws = 200000;

std::vector<double> Frequencies(Sampler& sampler, const std::vector<float>& logits) {
  std::vector<double> freq(logits.size(), 0.0);
  for (int i = 0; i < kDraws; ++i) freq[static_cast<size_t>(sampler.Sample(logits))] += 1.0;
  for (double& f : freq) f /= kDraws;
  return freq;
}

// softmax(logits[i] / t) over the tokens in `kept`, 0 elsewhere.
std::vector<double> ExpectedProbs(const std::vector<float>& logits, float t,
                                  const std::vector<bool>& kept) {
  std::vector<double> p(logits.size(), 0.0);
  double z = 0.0;
  for (size_t i = 0; i < logits.size(); ++i) {
    if (kept[i]) z += p[i] = std::exp(static_cast<double>(logits[i]) / t);
  }
  for (double& x : p) x /= z;
  return p;
}

std::vector<int32_t> Sequence(const SamplingParams& params, const std::vector<float>& logits,
                              int n) {
  Sampler sampler(params, static_cast<int32_t>(logits.size()));
  std::vector<int32_t> out;
  for (int i = 0; i < n; ++i) out.push_back(sampler.Sample(logits));
  return out;
}

const std::vector<float> kLogits = {1.0f, 2.0f, 0.5f, -1.0f, 3.0f, 0.0f, 1.5f, -0.5f};

TEST(SamplerDistributionTest, MatchesSoftmaxOverTemperature) {
  for (float t : {0.5f, 1.0f, 1.7f}) {
    Sampler sampler({.temperature = t, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 77},
                    static_cast<int32_t>(kLogits.size()));
    const std::vector<double> freq = Frequencies(sampler, kLogits);
    const std::vector<double> expected =
        ExpectedProbs(kLogits, t, std::vector<bool>(kLogits.size(), true));
    for (size_t i = 0; i < kLogits.size(); ++i) {
      // Binomial standard deviation is at most 0.0011 here: 0.005 is > 4.5 sigma.
      EXPECT_NEAR(freq[i], expected[i], 0.005) << "token " << i << " at temperature " << t;
    }
  }
}

TEST(SamplerDistributionTest, MatchesTheRenormalizedTruncatedSoftmax) {
  // top_k 4 keeps tokens 4, 1, 6, 0; at T = 1 their shares are 0.49, 0.18, 0.11, 0.07 of the
  // row (0.85 together): top_p 0.8 then keeps all four; min_p 0.2 drops token 0 (0.07 < 0.098).
  Sampler sampler({.temperature = 0.9f, .top_k = 4, .top_p = 0.8f, .min_p = 0.2f, .seed = 5},
                  static_cast<int32_t>(kLogits.size()));
  const std::vector<double> freq = Frequencies(sampler, kLogits);
  std::vector<bool> kept(kLogits.size(), false);
  kept[4] = kept[1] = kept[6] = true;
  const std::vector<double> expected = ExpectedProbs(kLogits, 0.9f, kept);
  for (size_t i = 0; i < kLogits.size(); ++i) {
    EXPECT_NEAR(freq[i], expected[i], 0.005) << "token " << i;
  }
}

// 4096 tokens in four interleaved groups of logit 0, 0.5, 1, 1.5 (token i in group i % 4):
// long enough for the blocked draw and the histogram top-p path.
std::vector<float> FourGroups() {
  std::vector<float> logits(4096);
  for (size_t i = 0; i < logits.size(); ++i) logits[i] = 0.5f * static_cast<float>(i % 4);
  return logits;
}

TEST(SamplerDistributionTest, LargeRowsFollowTheSoftmaxToo) {
  const std::vector<float> logits = FourGroups();
  Sampler sampler({.temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 8},
                  static_cast<int32_t>(logits.size()));
  constexpr int kLargeDraws = 50000;  // binomial sigma <= 0.0023: 0.012 is > 5 sigma
  std::vector<double> group(4, 0.0);
  for (int i = 0; i < kLargeDraws; ++i) {
    group[static_cast<size_t>(sampler.Sample(logits) % 4)] += 1;
  }
  double z = 0.0;
  for (int g = 0; g < 4; ++g) z += std::exp(0.5 * g);
  for (int g = 0; g < 4; ++g) {
    EXPECT_NEAR(group[static_cast<size_t>(g)] / kLargeDraws, std::exp(0.5 * g) / z, 0.012) << g;
  }
}

TEST(SamplerDistributionTest, TopPOnALargeRowKeepsTheBestPrefix) {
  // Mass shares: group 3 0.455, group 2 0.276. top_p 0.6 keeps all of group 3 and the lowest
  // ~53% of group 2 (ids below ~2170); groups 0 and 1 never come out.
  const std::vector<float> logits = FourGroups();
  Sampler sampler({.temperature = 1.0f, .top_k = 0, .top_p = 0.6f, .min_p = 0.0f, .seed = 8},
                  static_cast<int32_t>(logits.size()));
  int32_t highest_group2 = 0;
  for (int i = 0; i < 5000; ++i) {
    const int32_t token = sampler.Sample(logits);
    ASSERT_GE(token % 4, 2) << token;
    if (token % 4 == 2) highest_group2 = std::max(highest_group2, token);
  }
  EXPECT_GT(highest_group2, 2000);
  EXPECT_LT(highest_group2, 2200);
}

TEST(SamplerDistributionTest, SameSeedSameSequenceDifferentSeedsDiffer) {
  const SamplingParams a{
      .temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 1234};
  SamplingParams b = a;
  b.seed = 1235;
  EXPECT_EQ(Sequence(a, kLogits, 200), Sequence(a, kLogits, 200));
  EXPECT_NE(Sequence(a, kLogits, 200), Sequence(b, kLogits, 200));
}

TEST(SamplerDistributionTest, ResetReplaysTheSameSequence) {
  Sampler sampler({.seed = 42}, static_cast<int32_t>(kLogits.size()));
  std::vector<int32_t> first, second;
  for (int i = 0; i < 50; ++i) first.push_back(sampler.Sample(kLogits));
  sampler.Reset();
  for (int i = 0; i < 50; ++i) second.push_back(sampler.Sample(kLogits));
  EXPECT_EQ(first, second);
  EXPECT_EQ(sampler.seed(), 42u);
}

TEST(SamplerDistributionTest, RandomSeedIsReportedAndReproduces) {
  Sampler random_a({}, 8);
  Sampler random_b({}, 8);
  EXPECT_NE(random_a.seed(), kRandomSeed);
  EXPECT_NE(random_a.seed(), random_b.seed());  // 2^-64 chance of a false failure
  SamplingParams replay;
  replay.seed = random_a.seed();
  Sampler again(replay, 8);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(random_a.Sample(kLogits), again.Sample(kLogits));
}

TEST(SamplerDistributionTest, FixedSeedGivesTheSameTokensEverywhere) {
  // mt19937_64 and our [0, 1) conversion are fully specified, so this sequence must not
  // change with the compiler, standard library or CPU.
  const SamplingParams params{
      .temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 2024};
  EXPECT_EQ(Sequence(params, kLogits, 16),
            (std::vector<int32_t>{4, 4, 2, 4, 0, 1, 6, 4, 1, 4, 4, 4, 6, 4, 0, 1}));
}

}  // namespace
}  // namespace hearth
