#include "sampling/truncation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "sampling/softmax.h"

namespace hearth::sampling {
namespace {

std::vector<TokenId> Ids(const CandidateList& list) {
  std::vector<TokenId> ids;
  for (const Candidate& c : list.items) ids.push_back(c.id);
  return ids;
}

// Candidates whose softmax is exactly `probs` (logit = log p), unsorted, ids 0..n-1.
CandidateList FromProbs(const std::vector<double>& probs) {
  CandidateList list;
  for (size_t i = 0; i < probs.size(); ++i) {
    list.items.push_back({static_cast<TokenId>(i), static_cast<float>(std::log(probs[i]))});
  }
  return list;
}

TEST(TopPTest, KeepsTheSmallestNucleusReachingP) {
  // probabilities 0.1, 0.4, 0.3, 0.2 -> best first: 1 (0.4), 2 (0.7), 3 (0.9), 0 (1.0)
  CandidateList list = FromProbs({0.1, 0.4, 0.3, 0.2});
  TopP(list, 0.65f);
  EXPECT_TRUE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2}));

  list = FromProbs({0.1, 0.4, 0.3, 0.2});
  TopP(list, 0.75f);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2, 3}));

  list = FromProbs({0.1, 0.4, 0.3, 0.2});
  TopP(list, 0.3f);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1}));
}

TEST(TopPTest, OffAndDegenerateValues) {
  CandidateList list = FromProbs({0.1, 0.4, 0.3, 0.2});
  TopP(list, 1.0f);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{0, 1, 2, 3}));  // untouched, still unsorted
  EXPECT_FALSE(list.sorted);
  TopP(list, 0.0f);  // keeps the best one
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1}));
}

TEST(TopPTest, GrowsItsSortedPrefixOnLongUnsortedLists) {
  // 3000 equally likely tokens: p = 0.5 needs 1500 of them, past the first 256-token prefix.
  CandidateList list;
  for (TokenId i = 0; i < 3000; ++i) list.items.push_back({2999 - i, 0.0f});
  TopP(list, 0.5f);
  ASSERT_EQ(list.items.size(), 1500u);
  for (TokenId i = 0; i < 1500; ++i) EXPECT_EQ(list.items[static_cast<size_t>(i)].id, i);
}

TEST(TopPTest, HistogramPathKeepsTheSameNucleusAsTheSortedWalk) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 2.5f);
  CandidateList unsorted;
  for (TokenId i = 0; i < 20000; ++i) unsorted.items.push_back({i, normal(rng)});
  for (float p : {0.0f, 0.1f, 0.5f, 0.9f, 0.95f, 0.999f}) {
    CandidateList histogram = unsorted;  // long and unsorted: the histogram path
    TopP(histogram, p);
    CandidateList sorted = unsorted;
    SortPrefix(sorted, sorted.items.size());
    TopP(sorted, p);
    std::vector<TokenId> a = Ids(histogram), b = Ids(sorted);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a.size() > b.size()) std::swap(a, b);
    // Sums in a different order may move the cut by one token of share ~1e-7: the smaller
    // nucleus is inside the larger, at most one token apart.
    EXPECT_LE(b.size() - a.size(), 1u) << "p = " << p;
    EXPECT_TRUE(std::includes(b.begin(), b.end(), a.begin(), a.end())) << "p = " << p;
    EXPECT_GE(a.size(), 1u);
  }
}

TEST(TopPTest, OfRowAfterTheMinPFloorKeepsWhatTopPThenMinPKeeps) {
  // The sampler's shortcut for untruncated rows (sampler.cc, GatherMinPSurvivors).
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.0f, 2.5f);
  std::vector<float> row(30000);
  for (float& x : row) x = normal(rng);
  row[17] = 12.0f;  // a clear favourite, as trained models have
  for (float top_p : {0.05f, 0.3f, 0.6f, 0.9f, 1.0f}) {
    for (float min_p : {0.001f, 0.01f, 0.1f, 0.5f}) {
      CandidateList chain;
      GatherCandidates(row, 0, chain);
      TopP(chain, top_p);
      MinP(chain, min_p);
      CandidateList shortcut;
      const SoftmaxScale scale = ComputeSoftmaxScale(row);
      GatherAtLeast(row, MinPFloor(scale.max_logit, min_p), shortcut);
      TopPOfRow(shortcut, top_p, scale.sum);
      std::vector<TokenId> a = Ids(chain), b = Ids(shortcut);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a.size() > b.size()) std::swap(a, b);
      // As above: a different summation order may move the top-p cut by one token.
      EXPECT_LE(b.size() - a.size(), 1u) << top_p << " " << min_p;
      EXPECT_TRUE(std::includes(b.begin(), b.end(), a.begin(), a.end())) << top_p << " " << min_p;
    }
  }
}

TEST(GatherAtLeastTest, KeepsTokensAtOrAboveTheFloorInIdOrder) {
  const std::vector<float> row = {1.0f, -INFINITY, 3.0f, 2.0f, 2.5f};
  CandidateList list;
  GatherAtLeast(row, 2.0f, list);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{2, 3, 4}));
  GatherAtLeast(row, -INFINITY, list);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{0, 2, 3, 4}));
  const std::vector<float> banned(3, -INFINITY);
  GatherAtLeast(banned, -INFINITY, list);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{0}));
}

TEST(TopPTest, HandlesInfiniteLogits) {
  CandidateList list;
  list.items = {{0, 1.0f}, {1, INFINITY}, {2, INFINITY}, {3, -INFINITY}};
  TopP(list, 0.9f);  // the two +inf tokens share all the mass
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2}));
}

TEST(MinPTest, KeepsTokensAtLeastMinPTimesTheBest) {
  // 0.45 * 0.4 = 0.18: keeps 0.4, 0.3, 0.2, drops 0.1.
  CandidateList list = FromProbs({0.1, 0.4, 0.3, 0.2});
  MinP(list, 0.45f);
  EXPECT_FALSE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2, 3}));

  list = FromProbs({0.1, 0.4, 0.3, 0.2});
  SortPrefix(list, 4);
  MinP(list, 0.6f);  // 0.24: keeps 0.4 and 0.3
  EXPECT_TRUE(list.sorted);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1, 2}));

  list = FromProbs({0.1, 0.4, 0.3, 0.2});
  MinP(list, 1.0f);
  EXPECT_EQ(Ids(list), (std::vector<TokenId>{1}));
}

TEST(MinPTest, OffIsANoOp) {
  CandidateList list = FromProbs({0.1, 0.4, 0.3, 0.2});
  MinP(list, 0.0f);
  EXPECT_EQ(list.items.size(), 4u);
  MinP(list, -1.0f);
  EXPECT_EQ(list.items.size(), 4u);
}

}  // namespace
}  // namespace hearth::sampling
