// GBNF parsing: the syntax llama.cpp accepts, printing back, and errors that say where.
#include "grammar/gbnf_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "grammar/grammar.h"
#include "grammar_test_util.h"

namespace hearth::testing {
namespace {

TEST(GbnfParser, ParsesTheSyntax) {
  const auto grammar = MustParse(R"(
# A comment line.
root  ::= greeting ws name ( "!" | "?" )*   # trailing comment
greeting ::= "hello" | "hi" |
    "hey"
ws ::= [ \t]+
name ::= [A-Z] [a-z]{1,8} (
  "-" [A-Z] [a-z]*
)?
)");
  ASSERT_NE(grammar, nullptr);
  EXPECT_TRUE(Matches(grammar, "hello Bob"));
  EXPECT_TRUE(Matches(grammar, "hey \tAnne-Marie!?!"));
  EXPECT_TRUE(Matches(grammar, "hi Jo-X"));
  EXPECT_FALSE(Matches(grammar, "hello bob"));
  EXPECT_FALSE(Matches(grammar, "hello B"));  // [a-z]{1,8} needs one
  EXPECT_EQ(grammar->rule(grammar->root_rule()).name, "root");
}

TEST(GbnfParser, EscapesAndClasses) {
  const auto grammar = MustParse(
      R"(root ::= "\x41\u00e9\U0001F600\t\n\r\\\"\[\]" [\x30-\x39] [^a-c] [-x] [x-] . "é")");
  ASSERT_NE(grammar, nullptr);
  const std::string escapes = "A\xC3\xA9\xF0\x9F\x98\x80\t\n\r\\\"[]";
  EXPECT_TRUE(Matches(grammar, escapes + "5d-x\n" + "é"));
  EXPECT_TRUE(Matches(grammar, escapes + "5\xE2\x82\xAC" + "x-\xF0\x9F\x98\x80" + "é"));
  EXPECT_FALSE(Matches(grammar, escapes + "5bx-x" + "é"));  // b is in [^a-c]'s a-c
}

TEST(GbnfParser, EmptyAlternativesAndClasses) {
  const auto grammar = MustParse("root ::= \"a\" ( | \"b\" ) []? [^]\n");
  ASSERT_NE(grammar, nullptr);
  EXPECT_TRUE(Matches(grammar, "ax"));
  EXPECT_TRUE(Matches(grammar, "ab"));  // [^] is any character; [] matches none
  EXPECT_TRUE(Matches(grammar, "abx"));
  EXPECT_FALSE(Matches(grammar, "a"));
  EXPECT_FALSE(Matches(grammar, "abxy"));
  // An empty literal repeated is still empty (found by the fuzzer).
  const auto repeated_empty = MustParse(R"(root ::= "a" ""+ ""* ""{3,5})");
  ASSERT_NE(repeated_empty, nullptr);
  EXPECT_TRUE(Matches(repeated_empty, "a"));
}

TEST(GbnfParser, PrintsBackEquivalentText) {
  const char* text = R"(root ::= item ("," item){2,4} "\x01\"" [^\]\\^-] .
item ::= "a\u00e9" | [0-9]+ | "")";
  const auto grammar = MustParse(text);
  ASSERT_NE(grammar, nullptr);
  const auto again = MustParse(grammar->ToGbnf());
  ASSERT_NE(again, nullptr);
  // Generated rules become written ones, so the text is stable from the first print on.
  const std::string printed = again->ToGbnf();
  EXPECT_EQ(MustParse(printed)->ToGbnf(), printed);
  for (const char* sample : {"aé,1,\"\"\x01\"xz", "1,2,3,4,5\x01\"ab", ",,\x01\"-x"}) {
    EXPECT_EQ(Matches(grammar, sample), Matches(again, sample)) << sample;
  }
  EXPECT_TRUE(Matches(grammar, "aé,1,\x01\"xz"));
  EXPECT_FALSE(Matches(grammar, "aé,1,\x01\"-z"));
}

TEST(GbnfParser, ErrorsSayWhere) {
  struct Case {
    const char* gbnf;
    const char* message;
  };
  const Case cases[] = {
      {"root ::= \"a\"\nfoo ::= bar", "grammar:2:9: rule 'bar' is used but never defined"},
      {"root = \"a\"", "grammar:1:6: expecting '::=' after the rule name 'root', found '='"},
      {"root ::= \"abc", "grammar:1:10: unterminated string literal"},
      {"root ::= [abc", "grammar:1:10: unterminated character class"},
      {"root ::= \"\\q\"", "grammar:1:11: unknown escape sequence"},
      {"root ::= \"\\x4\"", "grammar:1:11: expecting 2 hex digits"},
      {"root ::= \"\\U00110000\"", "grammar:1:11: escape above U+10FFFF"},
      {"root ::= ( \"a\"",
       "grammar:1:15: expecting ')' to close the group opened at 1:10, found "
       "the end of the grammar"},
      {"root ::= * \"a\"", "grammar:1:10: expecting an item before '*'"},
      {"root ::= \"a\"{2,1}", "grammar:1:13: repetition {2,1}: the minimum exceeds the maximum"},
      {"root ::= \"a\"{99999}", "grammar:1:14: repetition count above 10000"},
      {"root ::= \"a\"{2 x}", "grammar:1:16: expecting '}' or ',' in a repetition, found 'x'"},
      {"root ::= \"a\"\nroot ::= \"b\"",
       "grammar:2:1: rule 'root' is defined twice (first at 1:1)"},
      {"a ::= \"x\"", "grammar: no rule named 'root'"},
      {"root ::= \"a\"\n| \"b\"", "grammar:2:1: expecting a rule name, found '|'"},
      {"root ::= \"a\" )", "grammar:1:14: expecting the end of rule 'root' (a newline), found ')'"},
      {"root ::= <[12]>", "grammar:1:10: token references (<...>) are not supported"},
      {"root ::= \"\xC3\"", "grammar:1:11: invalid UTF-8"},
      {"root ::= [z-a]", "grammar:1:11: character range written backwards"},
      {"root ::= expr\nexpr ::= expr \"+\" term | term\nterm ::= [0-9]",
       "grammar:2:1: rule 'expr' is left-recursive: expr -> expr"},
      {"root ::= a\na ::= b? a \"x\" | \"y\"\nb ::= \"z\"", "rule 'a' is left-recursive"},
      {"root ::= (\"a\"?)*", "rule 'root' is left-recursive: root-"},
  };
  for (const Case& c : cases) {
    const std::string error = ParseError(c.gbnf);
    EXPECT_NE(error.find(c.message), std::string::npos) << c.gbnf << "\n  -> " << error;
  }
}

TEST(GbnfParser, DeepNestingIsAnErrorNotACrash) {
  const std::string deep =
      "root ::= " + std::string(100000, '(') + "\"a\"" + std::string(100000, ')');
  EXPECT_NE(ParseError(deep).find("groups nested deeper than 128 levels"), std::string::npos);
  const std::string ok = "root ::= " + std::string(100, '(') + "\"a\"" + std::string(100, ')');
  EXPECT_TRUE(Matches(MustParse(ok), "a"));
}

TEST(GbnfParser, HugeRepetitionsAreBounded) {
  // 10000 copies of a 500-character literal would be 5 M elements: refused before copying.
  const std::string error = ParseError("root ::= \"" + std::string(500, 'x') + "\"{10000}");
  EXPECT_NE(error.find("grammar too large"), std::string::npos) << error;
  // Repeated groups are referenced, not copied: this stays small.
  EXPECT_NE(MustParse(R"(root ::= (("ab"{1000}){1000}){1000})"), nullptr);
}

}  // namespace
}  // namespace hearth::testing
