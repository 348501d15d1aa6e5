#include "sampling/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace hearth {
namespace {

SamplingParams Greedy() { return {.temperature = 0.0f, .seed = 1}; }

// Only the stages a test names: everything else off.
SamplingParams PlainSampling(float temperature) {
  return {.temperature = temperature, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 1};
}

std::vector<float> RandomLogits(int32_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::vector<float> logits(static_cast<size_t>(n));
  for (float& x : logits) x = normal(rng);
  return logits;
}

TEST(SamplerTest, GreedyTakesTheArgmaxWithTiesToTheLowestId) {
  Sampler sampler(Greedy(), 5);
  EXPECT_EQ(sampler.Sample(std::vector<float>{0.0f, 2.0f, 1.0f, 2.0f, -1.0f}), 1);
  SamplingParams negative = Greedy();
  negative.temperature = -1.0f;
  Sampler also_greedy(negative, 3);
  EXPECT_EQ(also_greedy.Sample(std::vector<float>{5.0f, 5.0f, 5.0f}), 0);
}

TEST(SamplerTest, DoesNotModifyTheLogits) {
  std::vector<float> logits = {1.0f, NAN, 3.0f};
  SamplingParams params = PlainSampling(0.8f);
  params.logit_bias = {{2, -INFINITY}};
  params.repeat_penalty = 2.0f;
  Sampler sampler(params, 3);
  sampler.Accept(0);
  sampler.Sample(logits);
  EXPECT_EQ(logits[0], 1.0f);
  EXPECT_TRUE(std::isnan(logits[1]));
  EXPECT_EQ(logits[2], 3.0f);
}

TEST(SamplerTest, TopKOneEqualsGreedy) {
  const std::vector<float> logits = RandomLogits(1000, 3);
  Sampler greedy(Greedy(), 1000);
  SamplingParams params;  // defaults, top_k = 1
  params.top_k = 1;
  params.temperature = 1.5f;
  Sampler top1(params, 1000);
  const int32_t expected = greedy.Sample(logits);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(top1.Sample(logits), expected);
}

TEST(SamplerTest, LogitBiasMinusInfinityBansAToken) {
  const std::vector<float> logits = {10.0f, 0.0f, 0.0f};
  SamplingParams params = PlainSampling(1.0f);
  params.logit_bias = {{0, -INFINITY}};
  Sampler sampler(params, 3);
  for (int i = 0; i < 1000; ++i) EXPECT_NE(sampler.Sample(logits), 0);
  SamplingParams greedy = Greedy();
  greedy.logit_bias = {{0, -INFINITY}, {2, 0.5f}};
  EXPECT_EQ(Sampler(greedy, 3).Sample(logits), 2);
}

TEST(SamplerTest, AllBannedButOneAlwaysGivesThatOne) {
  std::vector<float> logits(50, -INFINITY);
  logits[17] = -100.0f;
  for (const SamplingParams& params : {Greedy(), SamplingParams{}, PlainSampling(2.0f)}) {
    Sampler sampler(params, 50);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(sampler.Sample(logits), 17);
  }
}

TEST(SamplerTest, NanLogitsAreNeverChosen) {
  const std::vector<float> logits = {NAN, -1.0f, NAN, -2.0f};
  Sampler greedy(Greedy(), 4);
  EXPECT_EQ(greedy.Sample(logits), 1);
  Sampler sampler(PlainSampling(1.0f), 4);
  for (int i = 0; i < 1000; ++i) {
    const int32_t token = sampler.Sample(logits);
    EXPECT_TRUE(token == 1 || token == 3) << token;
  }
  // Nothing valid at all: a token is still returned (the argmax, token 0), never a crash.
  const std::vector<float> all_nan(4, NAN);
  EXPECT_EQ(sampler.Sample(all_nan), 0);
  EXPECT_EQ(greedy.Sample(all_nan), 0);
}

TEST(SamplerTest, VocabularyOfOne) {
  const std::vector<float> logits = {0.3f};
  for (const SamplingParams& params : {Greedy(), SamplingParams{}, PlainSampling(0.5f)}) {
    Sampler sampler(params, 1);
    sampler.Accept(0);
    EXPECT_EQ(sampler.Sample(logits), 0);
    SampledToken t = sampler.SampleWithLogprobs(logits, 5);
    EXPECT_EQ(t.token, 0);
    EXPECT_EQ(t.logprob, 0.0f);
    ASSERT_EQ(t.top_logprobs.size(), 1u);
  }
}

TEST(SamplerTest, InfiniteLogitsShareTheMass) {
  const std::vector<float> logits = {INFINITY, 1.0f, INFINITY};
  Sampler sampler(PlainSampling(0.7f), 3);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 2000; ++i) ++counts[sampler.Sample(logits)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_GT(counts[0], 800);
  EXPECT_GT(counts[2], 800);
}

TEST(SamplerTest, PenaltiesComeBeforeTopK) {
  // Token 0 leads by 1; a repetition penalty of 4 on it (4 -> 1) hands top-1 to token 1.
  const std::vector<float> logits = {4.0f, 3.0f, 0.0f};
  SamplingParams params = Greedy();
  params.repeat_penalty = 4.0f;
  Sampler sampler(params, 3);
  EXPECT_EQ(sampler.Sample(logits), 0);
  sampler.Accept(0);
  EXPECT_EQ(sampler.Sample(logits), 1);
  SamplingParams sampled = PlainSampling(1.0f);
  sampled.top_k = 1;
  sampled.repeat_penalty = 4.0f;
  Sampler top1(sampled, 3);
  top1.Accept(0);
  EXPECT_EQ(top1.Sample(logits), 1);
}

TEST(SamplerTest, PenaltyWindowForgetsOldTokens) {
  const std::vector<float> logits = {2.0f, 1.0f, 0.0f};
  SamplingParams params = Greedy();
  params.presence_penalty = 5.0f;
  params.repeat_last_n = 2;
  Sampler sampler(params, 3);
  sampler.Accept(0);
  EXPECT_EQ(sampler.Sample(logits), 1);  // 0 is penalized
  sampler.Accept(2);
  sampler.Accept(2);  // 0 left the window of 2
  EXPECT_EQ(sampler.Sample(logits), 0);
  sampler.Reset();
  sampler.Accept(0);
  sampler.Accept(1);
  EXPECT_EQ(sampler.Sample(logits), 2);  // both 0 and 1 penalized
}

TEST(SamplerTest, TopPAndMinPSeeTemperatureOneLogits) {
  // At temperature 1, p = 0.73, 0.27 (rest ~0): top_p 0.5 keeps only token 0. A very high
  // temperature after truncation must not bring the others back.
  const std::vector<float> logits = {1.0f, 0.0f, -30.0f, -30.0f};
  SamplingParams params = PlainSampling(100.0f);
  params.top_p = 0.5f;
  Sampler sampler(params, 4);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(sampler.Sample(logits), 0);
  SamplingParams min_p = PlainSampling(100.0f);
  min_p.min_p = 0.5f;  // 0.27 < 0.5 * 0.73
  Sampler min_p_sampler(min_p, 4);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(min_p_sampler.Sample(logits), 0);
}

TEST(SamplerTest, TopPComesBeforeMinP) {
  // p = 0.4, 0.3, then 0.3 spread thinly. top_p 0.5 over the full row keeps tokens 0 and 1;
  // had min-p (0.5 -> keeps p >= 0.2) run first, renormalized 0.57 would reach 0.5 alone.
  std::vector<float> logits = {std::log(0.4f), std::log(0.3f)};
  for (int i = 0; i < 30; ++i) logits.push_back(std::log(0.01f));
  SamplingParams params = PlainSampling(1.0f);
  params.top_p = 0.5f;
  params.min_p = 0.5f;
  Sampler sampler(params, static_cast<int32_t>(logits.size()));
  int ones = 0;
  for (int i = 0; i < 1000; ++i) {
    const int32_t token = sampler.Sample(logits);
    ASSERT_LE(token, 1);
    ones += token;
  }
  EXPECT_GT(ones, 300);  // expected 3/7 of 1000
}

class RejectEvenTokens : public TokenMask {
 public:
  void Apply(std::span<float> logits) override {
    for (size_t i = 0; i < logits.size(); i += 2) logits[i] = -INFINITY;
  }
};

TEST(SamplerTest, TokenMaskConstrainsTheChoiceAndTheLogprobs) {
  const std::vector<float> logits = RandomLogits(300, 11);
  RejectEvenTokens mask;
  Sampler sampler(PlainSampling(1.0f), 300);
  sampler.SetTokenMask(&mask);
  for (int i = 0; i < 200; ++i) {
    const SampledToken t = sampler.SampleWithLogprobs(logits, 3);
    EXPECT_EQ(t.token % 2, 1);
    for (const TokenLogprob& alt : t.top_logprobs) EXPECT_EQ(alt.token % 2, 1);
  }
  sampler.SetTokenMask(nullptr);
  Sampler greedy(Greedy(), 300);
  EXPECT_EQ(sampler.SampleWithLogprobs(logits, 1).top_logprobs[0].token, greedy.Sample(logits));
}

TEST(SamplerTest, LogprobsAreTheFullLogSoftmaxBeforeTruncationAndTemperature) {
  const std::vector<float> logits = {2.0f, 1.0f, 0.0f, -1.0f};
  SamplingParams params;  // defaults: top_k 40, top_p 0.95, min_p 0.05, temperature 0.8
  params.seed = 3;
  Sampler sampler(params, 4);
  const SampledToken t = sampler.SampleWithLogprobs(logits, 4);
  double z = 0.0;
  for (float l : logits) z += std::exp(static_cast<double>(l));
  EXPECT_NEAR(t.logprob, logits[static_cast<size_t>(t.token)] - std::log(z), 1e-6);
  ASSERT_EQ(t.top_logprobs.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(t.top_logprobs[static_cast<size_t>(i)].token, i);
    EXPECT_NEAR(t.top_logprobs[static_cast<size_t>(i)].logprob, logits[i] - std::log(z), 1e-6);
  }
  // The same token as Sample() with the same seed.
  Sampler twin(params, 4);
  EXPECT_EQ(twin.Sample(logits), t.token);
}

TEST(SamplerTest, InvalidParamsActAsOffInsteadOfCrashing) {
  SamplingParams params = PlainSampling(NAN);
  params.top_p = NAN;
  params.min_p = NAN;
  params.repeat_penalty = -2.0f;
  params.presence_penalty = INFINITY;
  params.repeat_last_n = -7;
  params.logit_bias = {{-1, 1.0f}, {99, -INFINITY}, {0, NAN}, {1, INFINITY}};
  Sampler sampler(params, 3);
  EXPECT_EQ(sampler.params().temperature, 1.0f);
  EXPECT_EQ(sampler.params().top_p, 1.0f);
  EXPECT_EQ(sampler.params().repeat_penalty, 1.0f);
  EXPECT_EQ(sampler.params().repeat_last_n, 0);
  EXPECT_TRUE(sampler.params().logit_bias.empty());
  sampler.Accept(-5);
  sampler.Accept(1000);
  const int32_t token = sampler.Sample(std::vector<float>{1.0f, 2.0f, 3.0f});
  EXPECT_TRUE(token >= 0 && token < 3);
  SamplingParams infinite_temperature = PlainSampling(INFINITY);
  Sampler flat(infinite_temperature, 3);
  EXPECT_EQ(flat.Sample(std::vector<float>{INFINITY, 0.0f, 1.0f}), 0);
}

TEST(SamplerTest, WorksOnALargeVocabularyWithDefaults) {
  const int32_t n_vocab = 152064;
  const std::vector<float> logits = RandomLogits(n_vocab, 5);
  SamplingParams params;
  params.seed = 9;
  Sampler sampler(params, n_vocab);
  Sampler greedy(Greedy(), n_vocab);
  const int32_t best = greedy.Sample(logits);
  for (int i = 0; i < 20; ++i) {
    const int32_t token = sampler.Sample(logits);
    ASSERT_TRUE(token >= 0 && token < n_vocab);
    // min_p 0.05 at temperature 1: whatever is drawn is within log(20) of the best logit.
    EXPECT_GE(logits[static_cast<size_t>(token)], logits[static_cast<size_t>(best)] - 3.0f);
    sampler.Accept(token);
  }
}

}  // namespace
}  // namespace hearth
