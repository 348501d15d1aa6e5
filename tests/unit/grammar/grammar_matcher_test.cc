// GrammarMatcher: accepting and refusing text, completeness, repetition bounds, UTF-8 that
// arrives split, and the bounds on ambiguous grammars.
#include "grammar/grammar_matcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "grammar_test_util.h"

namespace hearth::testing {
namespace {

TEST(GrammarMatcher, AcceptsAndRefuses) {
  const auto grammar = MustParse(R"(root ::= ("cat" | "car" | "dog") "s"? " " [0-9]+)");
  EXPECT_TRUE(Matches(grammar, "cat 1"));
  EXPECT_TRUE(Matches(grammar, "cars 42"));
  EXPECT_FALSE(Matches(grammar, "cow 1"));
  EXPECT_FALSE(Matches(grammar, "cat"));  // a prefix only
  EXPECT_TRUE(IsPrefix(grammar, "ca"));
  GrammarMatcher matcher(grammar);
  EXPECT_TRUE(matcher.AcceptBytes("ca"));
  EXPECT_FALSE(matcher.AcceptBytes("tx"));  // refused as a whole: nothing changed
  EXPECT_TRUE(matcher.WouldAccept("ts 7"));
  EXPECT_TRUE(matcher.AcceptBytes("t"));
  EXPECT_FALSE(matcher.IsComplete());
  EXPECT_TRUE(matcher.AcceptBytes(" 7"));
  EXPECT_TRUE(matcher.IsComplete());
  EXPECT_TRUE(matcher.CanContinue());  // more digits
  matcher.Reset();
  EXPECT_FALSE(matcher.IsComplete());
  EXPECT_TRUE(matcher.AcceptBytes("dogs 0"));
}

TEST(GrammarMatcher, CompleteAndNothingMayFollow) {
  GrammarMatcher matcher(MustParse(R"(root ::= "a" "b"?)"));
  EXPECT_TRUE(matcher.AcceptBytes("a"));
  EXPECT_TRUE(matcher.IsComplete());
  EXPECT_TRUE(matcher.CanContinue());
  EXPECT_TRUE(matcher.AcceptBytes("b"));
  EXPECT_TRUE(matcher.IsComplete());
  EXPECT_FALSE(matcher.CanContinue());
  EXPECT_FALSE(matcher.AcceptBytes("b"));
}

TEST(GrammarMatcher, RepetitionBounds) {
  const auto between = MustParse(R"(root ::= "a"{2,4})");
  const auto exactly = MustParse(R"(root ::= "ab"{3})");
  const auto at_least = MustParse(R"(root ::= [xy]{2,} "!")");
  for (int n = 0; n <= 6; ++n) {
    EXPECT_EQ(Matches(between, std::string(size_t(n), 'a')), n >= 2 && n <= 4) << n;
    EXPECT_EQ(IsPrefix(between, std::string(size_t(n), 'a')), n <= 4) << n;
  }
  EXPECT_TRUE(Matches(exactly, "ababab"));
  EXPECT_FALSE(Matches(exactly, "abab"));
  EXPECT_FALSE(IsPrefix(exactly, "abababa"));
  EXPECT_FALSE(Matches(at_least, "x!"));
  EXPECT_TRUE(Matches(at_least, "xy!"));
  EXPECT_TRUE(Matches(at_least, std::string(500, 'y') + "!"));
  const auto star_plus_optional = MustParse(R"(root ::= "a"* "b"+ "c"?)");
  EXPECT_TRUE(Matches(star_plus_optional, "b"));
  EXPECT_TRUE(Matches(star_plus_optional, "aabbbc"));
  EXPECT_FALSE(Matches(star_plus_optional, "aac"));
  EXPECT_FALSE(Matches(star_plus_optional, "bcc"));
}

TEST(GrammarMatcher, LongBoundedRepetitionIsLinear) {
  const auto grammar = MustParse(R"(root ::= [a-z]{0,5000} ".")");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(Matches(grammar, std::string(5000, 'q') + "."));
  EXPECT_FALSE(IsPrefix(grammar, std::string(5001, 'q')));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(GrammarMatcher, AmbiguityIsDeduplicated) {
  // Each "a" may be taken by either optional item of any of 40 repetitions: exponentially
  // many parses, but few distinct stacks.
  const auto grammar = MustParse(R"(root ::= ( "a"? "a"? ){0,40} "b")");
  EXPECT_TRUE(Matches(grammar, std::string(60, 'a') + "b"));
  EXPECT_TRUE(Matches(grammar, std::string(80, 'a') + "b"));
  EXPECT_FALSE(IsPrefix(grammar, std::string(81, 'a')));
}

TEST(GrammarMatcher, TooAmbiguousGrammarFailsCleanly) {
  // More stacks at once than the matcher keeps.
  GrammarMatcher matcher(MustParse(R"(root ::= ( "a"? ){0,6000} "b")"));
  EXPECT_FALSE(matcher.status().ok());
  EXPECT_NE(matcher.status().message().find("too ambiguous"), std::string::npos)
      << matcher.status().ToString();
  EXPECT_FALSE(matcher.AcceptBytes("a"));
  EXPECT_FALSE(matcher.IsComplete());
  // Fewer stacks, but so many per character that the work budget runs out.
  GrammarMatcher slow(MustParse(R"(root ::= ( "a"? "a"? ){0,900} "b")"));
  const auto start = std::chrono::steady_clock::now();
  int accepted = 0;
  while (accepted < 1800 && slow.AcceptBytes("a")) ++accepted;
  EXPECT_LT(accepted, 1800);
  EXPECT_NE(slow.status().message().find("too ambiguous"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(GrammarMatcher, Utf8SplitAcrossCalls) {
  GrammarMatcher matcher(MustParse(R"(root ::= "é" "€" [\u4E00-\u9FFF])"));
  EXPECT_TRUE(matcher.AcceptBytes("\xC3"));  // the first byte of é
  EXPECT_FALSE(matcher.IsComplete());
  EXPECT_TRUE(matcher.CanContinue());
  EXPECT_FALSE(matcher.AcceptBytes("\xA8"));  // è is not é
  EXPECT_TRUE(matcher.AcceptBytes("\xA9\xE2\x82"));
  EXPECT_TRUE(matcher.AcceptBytes("\xAC"));
  EXPECT_FALSE(matcher.WouldAccept("\xE3"));  // U+3000..U+3FFF: outside the class
  EXPECT_TRUE(matcher.AcceptBytes("\xE4"));   // U+4000..U+4FFF: some are inside
  EXPECT_FALSE(matcher.WouldAccept("\xB7"));  // U+4DC0..U+4DFF: none inside
  EXPECT_TRUE(matcher.AcceptBytes("\xB8"));
  EXPECT_FALSE(matcher.IsComplete());
  EXPECT_TRUE(matcher.AcceptBytes("\x80"));  // U+4E00
  EXPECT_TRUE(matcher.IsComplete());
}

TEST(GrammarMatcher, InvalidUtf8IsRefused) {
  const auto any = MustParse(R"(root ::= .*)");
  EXPECT_TRUE(Matches(any, "a\xC3\xA9\xF0\x9F\x98\x80\n"));
  EXPECT_FALSE(IsPrefix(any, "\x80"));              // a stray continuation byte
  EXPECT_FALSE(IsPrefix(any, "\xC0\x80"));          // overlong
  EXPECT_FALSE(IsPrefix(any, "\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsPrefix(any, "\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsPrefix(any,
                        "\xC3"
                        "a"));         // a character cut short
  EXPECT_FALSE(Matches(any, "\xC3"));  // incomplete at the end
  EXPECT_TRUE(IsPrefix(any, "\xC3"));
}

TEST(GrammarMatcher, RecursiveRules) {
  const auto grammar = MustParse(R"gbnf(
root ::= expr
expr ::= term ( [+-] term )*
term ::= [0-9]+ | "(" expr ")"
)gbnf");
  EXPECT_TRUE(Matches(grammar, "1+(2-(3+4))-5"));
  EXPECT_TRUE(Matches(grammar, std::string(300, '(') + "1" + std::string(300, ')')));
  EXPECT_FALSE(Matches(grammar, "(1+2"));
  EXPECT_FALSE(IsPrefix(grammar, "1+)"));
}

TEST(GrammarMatcher, CompactKeepsThePosition) {
  // Many distinct states (every nesting depth is one) push the automaton past its limits.
  GrammarMatcher matcher(MustParse(R"gbnf(root ::= "(" root ")" | "x")gbnf"));
  for (int i = 0; i < 100000; ++i) {
    ASSERT_TRUE(matcher.AcceptBytes("(")) << i;
    matcher.Compact();
  }
  EXPECT_TRUE(matcher.AcceptBytes("x" + std::string(100000, ')')));
  EXPECT_TRUE(matcher.IsComplete());
  EXPECT_FALSE(matcher.CanContinue());
}

}  // namespace
}  // namespace hearth::testing
