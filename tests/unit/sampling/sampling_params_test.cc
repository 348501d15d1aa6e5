#include "sampling/sampling_params.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hearth {
namespace {

TEST(ValidateSamplingParamsTest, DefaultsAreLlamaCppsAndValid) {
  const SamplingParams params;
  EXPECT_EQ(params.temperature, 0.8f);
  EXPECT_EQ(params.top_k, 40);
  EXPECT_EQ(params.top_p, 0.95f);
  EXPECT_EQ(params.min_p, 0.05f);
  EXPECT_EQ(params.repeat_penalty, 1.0f);
  EXPECT_EQ(params.repeat_last_n, 64);
  EXPECT_EQ(params.seed, kRandomSeed);
  EXPECT_TRUE(ValidateSamplingParams(params, 32000).ok());
}

TEST(ValidateSamplingParamsTest, NamesTheBadField) {
  const auto message = [](const SamplingParams& p) {
    const Status s = ValidateSamplingParams(p, 100);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    return s.message();
  };
  EXPECT_EQ(message({.temperature = NAN}),
            "sampling: temperature must be a finite number, got nan");
  EXPECT_EQ(message({.top_p = NAN}), "sampling: top_p must be a finite number, got nan");
  EXPECT_EQ(message({.repeat_penalty = 0.0f}),
            "sampling: repeat_penalty must be finite and > 0, got 0.000000");
  EXPECT_EQ(message({.repeat_last_n = -2}),
            "sampling: repeat_last_n must be -1 (all), 0 (off) or positive, got -2");
  EXPECT_EQ(message({.frequency_penalty = INFINITY}),
            "sampling: frequency_penalty must be a finite number, got inf");
  EXPECT_EQ(message({.logit_bias = {{100, 1.0f}}}),
            "sampling: logit_bias token 100 is outside the vocabulary [0, 100)");
  EXPECT_EQ(message({.logit_bias = {{5, INFINITY}}}),
            "sampling: logit_bias for token 5 must be a number or -inf, got inf");
}

TEST(ValidateSamplingParamsTest, AcceptsBansAndOffValues) {
  const SamplingParams params{.temperature = 0.0f,
                              .top_k = 0,
                              .top_p = 1.0f,
                              .min_p = 0.0f,
                              .repeat_last_n = -1,
                              .logit_bias = {{0, -INFINITY}, {99, 2.5f}}};
  EXPECT_TRUE(ValidateSamplingParams(params, 100).ok());
}

}  // namespace
}  // namespace hearth
