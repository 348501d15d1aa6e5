#include "sampling/penalties.h"

#include <gtest/gtest.h>

#include <vector>

namespace hearth::sampling {
namespace {

TEST(PenaltyHistoryTest, CountsOnlyTheWindow) {
  PenaltyHistory history(3);
  for (TokenId t : {5, 5, 7, 5, 9}) history.Accept(t);  // window: 7 5 9
  const auto& counts = history.counts();
  EXPECT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts.at(5), 1);
  EXPECT_EQ(counts.at(7), 1);
  EXPECT_EQ(counts.at(9), 1);
  history.Accept(9);  // window: 5 9 9
  EXPECT_EQ(history.counts().count(7), 0u);
  EXPECT_EQ(history.counts().at(9), 2);
  history.Clear();
  EXPECT_TRUE(history.counts().empty());
}

TEST(PenaltyHistoryTest, MinusOneKeepsEverythingAndZeroNothing) {
  PenaltyHistory all(-1);
  PenaltyHistory none(0);
  for (int i = 0; i < 1000; ++i) {
    all.Accept(i % 3);
    none.Accept(i % 3);
  }
  EXPECT_EQ(all.counts().at(0), 334);
  EXPECT_EQ(all.counts().at(2), 333);
  EXPECT_TRUE(none.counts().empty());
}

TEST(ApplyPenaltiesTest, RepeatPenaltyDividesPositiveAndMultipliesNegative) {
  PenaltyHistory history(64);
  for (TokenId t : {0, 1, 1, 2}) history.Accept(t);
  std::vector<float> logits = {3.0f, -2.0f, 0.0f, 4.0f};
  ApplyPenalties(history, {.repeat = 2.0f}, logits);
  EXPECT_EQ(logits, (std::vector<float>{1.5f, -4.0f, 0.0f, 4.0f}));  // count does not matter
}

TEST(ApplyPenaltiesTest, PresenceAndFrequencyAsOpenAiDefinesThem) {
  PenaltyHistory history(64);
  for (TokenId t : {0, 1, 1, 1}) history.Accept(t);
  std::vector<float> logits = {1.0f, 1.0f, 1.0f};
  ApplyPenalties(history, {.presence = 0.5f, .frequency = 0.25f}, logits);
  // token 0: 1 - 1*0.25 - 0.5; token 1: 1 - 3*0.25 - 0.5; token 2 unseen.
  EXPECT_EQ(logits, (std::vector<float>{0.25f, -0.25f, 1.0f}));
}

TEST(ApplyPenaltiesTest, RepeatThenFrequencyThenPresenceAndIdsOutsideAreSkipped) {
  PenaltyHistory history(-1);
  for (TokenId t : {0, 0, 7, -3}) history.Accept(t);
  std::vector<float> logits = {4.0f, 1.0f};
  ApplyPenalties(history, {.repeat = 2.0f, .presence = 1.0f, .frequency = 0.5f}, logits);
  EXPECT_EQ(logits, (std::vector<float>{4.0f / 2.0f - 2 * 0.5f - 1.0f, 1.0f}));
}

TEST(ApplyPenaltiesTest, OffLeavesLogitsAlone) {
  PenaltyHistory history(64);
  history.Accept(0);
  std::vector<float> logits = {2.0f};
  ApplyPenalties(history, PenaltyParams{}, logits);
  EXPECT_EQ(logits[0], 2.0f);
}

}  // namespace
}  // namespace hearth::sampling
