// RangeSet: the ledger of a partial download (which byte ranges are done), its text form, and
// how missing bytes are split among connections.
#include <gtest/gtest.h>

#include "store/pull/range_set.h"

namespace hearth::store {
namespace {

TEST(PullRangeSet, AddMergesTouchingAndOverlappingRanges) {
  RangeSet set;
  set.Add(10, 20);
  set.Add(30, 40);
  set.Add(20, 25);  // touches the first
  set.Add(5, 5);    // empty
  EXPECT_EQ(set.ranges(), (std::vector<ByteRange>{{10, 25}, {30, 40}}));
  set.Add(24, 31);
  EXPECT_EQ(set.ranges(), (std::vector<ByteRange>{{10, 40}}));
  set.Add(0, 100);
  EXPECT_EQ(set.ranges(), (std::vector<ByteRange>{{0, 100}}));
  EXPECT_EQ(set.CoveredBytes(), 100u);
}

TEST(PullRangeSet, MissingIsTheComplement) {
  RangeSet set;
  EXPECT_EQ(set.Missing(50), (std::vector<ByteRange>{{0, 50}}));
  set.Add(10, 20);
  set.Add(30, 50);
  EXPECT_EQ(set.Missing(50), (std::vector<ByteRange>{{0, 10}, {20, 30}}));
  EXPECT_TRUE(set.Covers(12, 18));
  EXPECT_FALSE(set.Covers(15, 35));
  set.Add(0, 10);
  set.Add(20, 30);
  EXPECT_TRUE(set.Missing(50).empty());
  EXPECT_TRUE(set.Covers(0, 50));
}

TEST(PullRangeSet, LedgerTextRoundTrips) {
  RangeSet set;
  set.Add(0, 1024);
  set.Add(4096, 8192);
  const std::string text = set.Serialize(10000);
  EXPECT_EQ(text, "hearth-partial 1\nsize 10000\n0 1024\n4096 8192\n");
  Result<RangeSet> parsed = RangeSet::Parse(text, 10000);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->ranges(), set.ranges());
}

TEST(PullRangeSet, BadLedgersAreRejectedNamingTheLine) {
  Result<RangeSet> other_size = RangeSet::Parse("hearth-partial 1\nsize 10\n0 5\n", 20);
  ASSERT_FALSE(other_size.ok());
  EXPECT_NE(other_size.status().message().find("line 2"), std::string::npos);
  EXPECT_NE(other_size.status().message().find("written for 10 bytes, not 20"),
            std::string::npos);
  Result<RangeSet> past_end = RangeSet::Parse("hearth-partial 1\nsize 10\n0 11\n", 10);
  ASSERT_FALSE(past_end.ok());
  EXPECT_NE(past_end.status().message().find("line 3"), std::string::npos);
  EXPECT_FALSE(RangeSet::Parse("", 10).ok());
  EXPECT_FALSE(RangeSet::Parse("something else\n", 10).ok());
}

TEST(PullRangeSet, SplitsMissingBytesForConnections) {
  EXPECT_EQ(SplitForConnections({{0, 400}}, 4, 1),
            (std::vector<ByteRange>{{0, 100}, {100, 200}, {200, 300}, {300, 400}}));
  // No piece below the minimum.
  EXPECT_EQ(SplitForConnections({{0, 400}}, 4, 200),
            (std::vector<ByteRange>{{0, 200}, {200, 400}}));
  // Each gap is cut into equal pieces of at most total/connections; a small gap stays whole.
  EXPECT_EQ(SplitForConnections({{0, 50}, {100, 450}}, 4, 1),
            (std::vector<ByteRange>{{0, 50}, {100, 188}, {188, 276}, {276, 364}, {364, 450}}));
  EXPECT_TRUE(SplitForConnections({}, 4, 1).empty());
}

}  // namespace
}  // namespace hearth::store
