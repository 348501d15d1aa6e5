#include "sampling/candidates.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace hearth::sampling {
namespace {

std::vector<TokenId> Ids(const CandidateList& list) {
  std::vector<TokenId> ids;
  for (const Candidate& c : list.items) ids.push_back(c.id);
  return ids;
}

TEST(ArgmaxTest, TiesGoToTheLowestId) {
  const std::vector<float> logits = {1.0f, 3.0f, -2.0f, 3.0f, 3.0f};
  EXPECT_EQ(Argmax(logits), 1);
  const std::vector<float> all_banned(4, -INFINITY);
  EXPECT_EQ(Argmax(all_banned), 0);
  const std::vector<float> one = {-5.0f};
  EXPECT_EQ(Argmax(one), 0);
}

TEST(GatherCandidatesTest, TopKKeepsTheBestInOrderWithLowIdsFirstOnTies) {
  // 40 tokens so that k = 3 takes the heap path (k * 8 < n).
  std::vector<float> logits(40, 0.0f);
  logits[7] = 5.0f;
  logits[30] = 4.0f;
  logits[2] = 4.0f;
  logits[39] = 4.0f;
  CandidateList list;
  GatherCandidates(logits, 3, list);
  EXPECT_TRUE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{7, 2, 30}));
  EXPECT_EQ(list.items[0].logit, 5.0f);
}

TEST(GatherCandidatesTest, LargeKUsesTheSameOrder) {
  // k * 8 >= n: the nth_element path.
  const std::vector<float> logits = {0.5f, 2.0f, 2.0f, -1.0f, 3.0f, 0.0f};
  CandidateList list;
  GatherCandidates(logits, 4, list);
  EXPECT_TRUE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{4, 1, 2, 0}));
}

TEST(GatherCandidatesTest, BothPathsAgreeOnRandomLogits) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  std::vector<float> logits(5000);
  for (float& x : logits) x = std::round(normal(rng) * 4.0f) / 4.0f;  // many ties
  for (int32_t k : {1, 5, 40, 600, 4999}) {
    CandidateList gathered;
    GatherCandidates(logits, k, gathered);
    CandidateList all;
    GatherCandidates(logits, 0, all);
    std::sort(all.items.begin(), all.items.end(), Better);
    all.items.resize(static_cast<size_t>(k));
    EXPECT_EQ(Ids(gathered), Ids(all)) << "k = " << k;
  }
}

TEST(GatherCandidatesTest, OffKeepsEveryTokenUnsortedAndDropsBanned) {
  const std::vector<float> logits = {1.0f, -INFINITY, 3.0f, 2.0f};
  CandidateList list;
  GatherCandidates(logits, 0, list);
  EXPECT_FALSE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{0, 2, 3}));
  GatherCandidates(logits, 100, list);  // k past the vocabulary: off as well
  EXPECT_FALSE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{0, 2, 3}));
}

TEST(GatherCandidatesTest, BannedTokensNeverFillTopK) {
  std::vector<float> logits(64, -INFINITY);
  logits[10] = -3.0f;
  CandidateList list;
  GatherCandidates(logits, 5, list);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{10}));
}

TEST(GatherCandidatesTest, AllBannedKeepsTokenZero) {
  const std::vector<float> logits(3, -INFINITY);
  for (int32_t k : {0, 1, 2}) {
    CandidateList list;
    GatherCandidates(logits, k, list);
    EXPECT_EQ(Ids(list), (std::vector<TokenId>{0})) << "k = " << k;
  }
}

TEST(SortPrefixTest, SortsOnlyTheFront) {
  CandidateList list;
  list.items = {{0, 1.0f}, {1, 4.0f}, {2, 3.0f}, {3, 2.0f}, {4, 0.0f}};
  SortPrefix(list, 2);
  EXPECT_FALSE(list.sorted);
  EXPECT_EQ(list.items[0].id, 1);
  EXPECT_EQ(list.items[1].id, 2);
  SortPrefix(list, 5);
  EXPECT_TRUE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2, 3, 0, 4}));
}

}  // namespace
}  // namespace hearth::sampling
