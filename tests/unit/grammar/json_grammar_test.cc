// JsonObjectGrammar: accepts JSON objects as serializers write them (compact and pretty),
// refuses everything else, and bounds whitespace and digits.
#include "grammar/json_grammar.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "grammar_test_util.h"

namespace hearth::testing {
namespace {

std::shared_ptr<const Grammar> Json() {
  return std::make_shared<const Grammar>(JsonObjectGrammar());
}

TEST(JsonObjectGrammar, AcceptsObjects) {
  const auto json = Json();
  for (const char* text : {
           "{}",
           "{ }",
           "{\n}",
           R"({"a":1})",
           R"({"": ""})",
           R"({"a": [1, 2.5, -3e-7, 0, -0.0, 1E+30, true, false, null, "x", [], {}]})",
           "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  },\n  \"c\": \"d\"\n}",
           "{\n\t\"tab\": 1\n}",
           R"({"escapes": "\" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00"})",
           "{\"raw\": \"é 😀 \xE4\xB8\xAD\"}",
           R"({"a" : 1 , "b" :2})",
       }) {
    EXPECT_TRUE(Matches(json, text)) << text;
    EXPECT_TRUE(nlohmann::json::accept(text)) << text;  // the examples themselves are JSON
  }
}

TEST(JsonObjectGrammar, RefusesEverythingElse) {
  const auto json = Json();
  for (const char* text : {
           "",
           "[]",
           "\"x\"",
           "1",
           "{",
           "{]",
           R"({"a":})",
           R"({"a" 1})",
           R"({"a":1,})",
           "{,}",
           R"({"a":01})",
           R"({"a":1.})",
           R"({"a":.5})",
           R"({"a":+1})",
           "{'a':1}",
           R"({"a":tru})",
           R"({"a":"\x"})",
           "{\"a\":\"\n\"}",
           "{\"a\":1} ",
           " {}",
           R"({"a":NaN})",
           R"({"a":1e123})",
           R"({a:1})",
           R"({"a":1}{})",
           "{\"a\":\"\xC3\"}",
       }) {
    EXPECT_FALSE(Matches(json, text)) << text;
  }
}

// prefix, then `count` times `c`, then suffix. (Spelled out: GCC 12 warns wrongly about
// "literal" + std::string, bug 105329.)
std::string Padded(const char* prefix, size_t count, char c, const char* suffix = "") {
  std::string text = prefix;
  text.append(count, c);
  return text.append(suffix);
}

TEST(JsonObjectGrammar, BoundsWhitespaceAndDigits) {
  const auto json = Json();
  EXPECT_TRUE(Matches(json, Padded("{\n", 20, ' ', "}")));
  EXPECT_FALSE(IsPrefix(json, Padded("{\n", 21, ' ')));
  EXPECT_FALSE(IsPrefix(json, "{  "));  // one space, or a newline and indentation
  EXPECT_TRUE(Matches(json, Padded(R"({"a":)", 19, '9', "}")));
  EXPECT_FALSE(IsPrefix(json, Padded(R"({"a":)", 20, '9')));
  EXPECT_FALSE(IsPrefix(json, Padded(R"({"a":1.)", 21, '5')));
  // After the closing brace nothing may follow.
  GrammarMatcher matcher(json);
  EXPECT_TRUE(matcher.AcceptBytes("{\"a\": {}}"));
  EXPECT_TRUE(matcher.IsComplete());
  EXPECT_FALSE(matcher.CanContinue());
}

TEST(JsonObjectGrammar, OptionsBoundEverything) {
  auto grammar = [](JsonGrammarOptions options) {
    return std::make_shared<const Grammar>(JsonObjectGrammar(options));
  };
  const auto strings = grammar({.max_string_chars = 3});
  EXPECT_TRUE(Matches(strings, R"({"abc":"xyz","":[{"é😀":"\n"}]})"));
  EXPECT_FALSE(IsPrefix(strings, R"({"abcd")"));
  EXPECT_FALSE(IsPrefix(strings, R"({"a":["abcd")"));
  const auto members = grammar({.max_members = 2});
  EXPECT_TRUE(Matches(members, R"({"a":1,"b":{"c":2,"d":3}})"));
  EXPECT_FALSE(IsPrefix(members, R"({"a":1,"b":2,)"));
  EXPECT_FALSE(IsPrefix(members, R"({"a":{"c":2,"d":3,)"));
  const auto items = grammar({.max_items = 2});
  EXPECT_TRUE(Matches(items, R"({"a":[1,[2,3]]})"));
  EXPECT_FALSE(IsPrefix(items, R"({"a":[1,2,)"));
  const auto depth = grammar({.max_depth = 1});
  EXPECT_TRUE(Matches(depth, R"({"a":{"b":1},"c":[1,"x"]})"));
  EXPECT_FALSE(IsPrefix(depth, R"({"a":{"b":{)"));
  EXPECT_FALSE(IsPrefix(depth, R"({"a":[[)"));
  const auto flat = grammar({.max_depth = 0});
  EXPECT_TRUE(Matches(flat, R"({"a":1})"));
  EXPECT_FALSE(IsPrefix(flat, R"({"a":[)"));
  // With every bound set, random walks always close the object.
  const auto all =
      grammar({.max_string_chars = 8, .max_members = 3, .max_items = 3, .max_depth = 2});
  std::mt19937 rng(3);
  for (int i = 0; i < 50; ++i) {
    const std::optional<std::string> text = RandomSentence(all, rng, 100000);
    ASSERT_TRUE(text.has_value());
    EXPECT_TRUE(nlohmann::json::accept(*text)) << *text;
  }
}

// A random JSON value, at most `depth` levels deep.
nlohmann::json RandomValue(std::mt19937& rng, int depth) {
  const int kind = int(rng() % (depth > 0 ? 8 : 6));
  switch (kind) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return int64_t(rng() % 2000000) - 1000000;
    case 3: return std::ldexp(double(rng() % 100000) - 50000.0, int(rng() % 80) - 40);
    case 4:
    case 5: {
      static const char* kPieces[] = {"a", "é", "\"", "\\", "\n", "😀", " ", "x1", "\x01"};
      std::string s;
      for (uint32_t n = rng() % 6; n > 0; --n) s += kPieces[rng() % 9];
      return s;
    }
    case 6: {
      nlohmann::json array = nlohmann::json::array();
      for (uint32_t n = rng() % 4; n > 0; --n) array.push_back(RandomValue(rng, depth - 1));
      return array;
    }
    default: {
      nlohmann::json object = nlohmann::json::object();
      for (uint32_t n = rng() % 4; n > 0; --n) {
        object[std::string("k").append(std::to_string(rng() % 100))] = RandomValue(rng, depth - 1);
      }
      return object;
    }
  }
}

TEST(JsonObjectGrammar, AcceptsRandomSerializedObjects) {
  const auto json = Json();
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    nlohmann::json object = nlohmann::json::object();
    for (uint32_t n = rng() % 5; n > 0; --n) {
      object[std::string("key").append(std::to_string(n))] = RandomValue(rng, 4);
    }
    for (int indent : {-1, 2, 4}) {
      const std::string text = object.dump(indent);
      ASSERT_TRUE(Matches(json, text)) << text;
    }
  }
}

}  // namespace
}  // namespace hearth::testing
