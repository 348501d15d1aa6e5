#include "sampling/logit_adjust.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hearth::sampling {
namespace {

TEST(SanitizeLogitsTest, NanBecomesMinusInfinity) {
  const std::vector<float> logits = {1.0f, NAN, -INFINITY, INFINITY, -2.5f};
  std::vector<float> out(logits.size());
  SanitizeLogits(logits, out);
  EXPECT_EQ(out, (std::vector<float>{1.0f, -INFINITY, -INFINITY, INFINITY, -2.5f}));
}

TEST(ApplyLogitBiasTest, AddsBiasesAndBans) {
  std::vector<float> logits = {1.0f, 2.0f, INFINITY, 0.5f};
  const std::vector<LogitBias> biases = {{0, 0.5f},  {0, 1.0f},  {1, -INFINITY}, {2, -INFINITY},
                                         {3, -3.0f}, {-1, 5.0f}, {4, 5.0f}};
  ApplyLogitBias(biases, logits);
  EXPECT_EQ(logits, (std::vector<float>{2.5f, -INFINITY, -INFINITY, -2.5f}));
}

TEST(ApplyTemperatureTest, DividesEveryCandidate) {
  CandidateList list;
  list.items = {{3, 2.0f}, {1, -1.0f}, {0, -INFINITY}};
  ApplyTemperature(list, 0.5f);
  EXPECT_EQ(list.items[0].logit, 4.0f);
  EXPECT_EQ(list.items[1].logit, -2.0f);
  EXPECT_EQ(list.items[2].logit, -INFINITY);
  EXPECT_EQ(list.items[0].id, 3);
}

}  // namespace
}  // namespace hearth::sampling
