#include "engine/stop_strings.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

TEST(StopStringMatcherTest, NoStopsReleasesEverything) {
  StopStringMatcher m({});
  EXPECT_EQ(m.Push("hello").text, "hello");
  EXPECT_EQ(m.Flush(), "");
}

TEST(StopStringMatcherTest, HoldsBackAPossibleStart) {
  StopStringMatcher m({"</answer>"});
  EXPECT_EQ(m.Push("42 </an").text, "42 ");
  const auto out = m.Push("swer> more");
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.text, "");
  EXPECT_EQ(out.stop_string, "</answer>");
  EXPECT_EQ(m.Push("ignored").text, "");
  EXPECT_EQ(m.Flush(), "");
}

TEST(StopStringMatcherTest, ReleasesAFalseStart) {
  StopStringMatcher m({"STOP"});
  EXPECT_EQ(m.Push("ST").text, "");
  EXPECT_EQ(m.Push("AR").text, "STAR");
  EXPECT_EQ(m.Push("S").text, "");
  EXPECT_EQ(m.Flush(), "S");
}

TEST(StopStringMatcherTest, EarliestStopWinsAndTextBeforeItIsKept) {
  StopStringMatcher m({"world", "o w"});
  const auto out = m.Push("hello world");
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.text, "hell");
  EXPECT_EQ(out.stop_string, "o w");
}

TEST(StopStringMatcherTest, StopInsideOnePieceAndOneByteAtATime) {
  const std::string text = "a\nUser: b";
  StopStringMatcher whole({"\nUser:"});
  EXPECT_EQ(whole.Push(text).text, "a");
  StopStringMatcher bytes({"\nUser:"});
  std::string shown;
  bool stopped = false;
  for (char c : text) {
    const auto out = bytes.Push(std::string(1, c));
    shown += out.text;
    stopped = stopped || out.stopped;
  }
  EXPECT_TRUE(stopped);
  EXPECT_EQ(shown, "a");
}

TEST(StopStringMatcherTest, EmptyStopStringsAreIgnored) {
  StopStringMatcher m({"", "x"});
  EXPECT_EQ(m.Push("abc").text, "abc");
}

}  // namespace
}  // namespace hearth
