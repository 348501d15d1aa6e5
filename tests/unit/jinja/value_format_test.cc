// Values printed as Python prints them (str, repr, float repr) and JSON as json.dumps writes it.
#include "jinja/value_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jinja/value.h"

namespace hearth::jinja {
namespace {

std::string Repr(const Value& v) {
  std::string out;
  EXPECT_TRUE(AppendRepr(v, out, 1 << 20).ok());
  return out;
}

std::string Json(const Value& v, JsonFormat format = {}) {
  std::string out;
  Status s = AppendJson(v, format, out, 1 << 20);
  if (s.ok()) return out;
  out = "error: ";
  out += s.message();
  return out;
}

TEST(FormatFloat, MatchesPythonRepr) {
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},        {0.5, "0.5"},        {-2.25, "-2.25"},    {0.1 + 0.2, "0.30000000000000004"},
      {1e16, "1e+16"},     {1e15, "1000000000000000.0"},             {1e-5, "1e-05"},
      {0.0001, "0.0001"},  {1.5e-7, "1.5e-07"}, {1e100, "1e+100"},   {123456.789, "123456.789"},
      {-0.0, "-0.0"},      {0.0, "0.0"},        {5e-324, "5e-324"},  {1.7976931348623157e308, "1.7976931348623157e+308"},
  };
  for (auto [value, text] : cases) EXPECT_EQ(FormatFloat(value), text) << text;
  EXPECT_EQ(FormatFloat(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatFloat(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatFloat(std::nan("")), "nan");
}

TEST(ValueRepr, StringsQuoteAndEscapeAsPython) {
  EXPECT_EQ(Repr(Value::String("plain")), "'plain'");
  EXPECT_EQ(Repr(Value::String("it's")), "\"it's\"");
  EXPECT_EQ(Repr(Value::String("both ' \"")), "'both \\' \"'");
  EXPECT_EQ(Repr(Value::String("tab\tnl\n\\")), "'tab\\tnl\\n\\\\'");
  EXPECT_EQ(Repr(Value::String("\x01\x7f")), "'\\x01\\x7f'");
  EXPECT_EQ(Repr(Value::String("é\u00a0\u200d\u3000😀")), "'é\\xa0\\u200d\\u3000😀'");
}

TEST(ValueRepr, Containers) {
  Dict dict;
  dict.Set("k", Value::None());
  dict.Set("b", Value::Bool(true));
  Value list = *Value::List({Value::Int(1), Value::Float(2.0), Value::FromDict(dict)});
  EXPECT_EQ(Repr(list), "[1, 2.0, {'k': None, 'b': True}]");
  EXPECT_EQ(Repr(*Value::List({Value::Int(1)}, /*is_tuple=*/true)), "(1,)");
  EXPECT_EQ(Repr(*Value::List({}, /*is_tuple=*/true)), "()");
  EXPECT_EQ(Repr(Value::Undefined()), "Undefined");
  std::string str;
  ASSERT_TRUE(AppendStr(Value::Undefined(), str, 100).ok());
  EXPECT_EQ(str, "");
}

TEST(ValueJson, DumpsAsPythonJsonWithoutAsciiEscaping) {
  Result<Value> v = Value::FromJson(nlohmann::ordered_json::parse(
      R"({"z": [1, 2.5, null, true], "a": "é\"\n\u0001", "e": {}, "l": []})"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Json(*v),
            R"({"z": [1, 2.5, null, true], "a": "é\"\n\u0001", "e": {}, "l": []})");
  JsonFormat indented;
  indented.indent = "  ";
  indented.item_separator = ",";
  EXPECT_EQ(Json(*v, indented),
            "{\n  \"z\": [\n    1,\n    2.5,\n    null,\n    true\n  ],\n  \"a\": "
            "\"é\\\"\\n\\u0001\",\n  \"e\": {},\n  \"l\": []\n}");
  JsonFormat sorted;
  sorted.sort_keys = true;
  EXPECT_EQ(Json(*v, sorted), R"({"a": "é\"\n\u0001", "e": {}, "l": [], "z": [1, 2.5, null, true]})");
  EXPECT_EQ(Json(Value::Float(std::nan(""))), "NaN");
  EXPECT_EQ(Json(Value::Undefined()), "error: Object of type Undefined is not JSON serializable");
}

TEST(ValueJson, StopsAtTheSizeLimit) {
  Value big = Value::String(std::string(100, 'x'));
  std::string out;
  EXPECT_EQ(AppendJson(big, {}, out, 50).code(), StatusCode::kOutOfRange);
}

TEST(Value, JsonConversionKeepsKeyOrderAndTypes) {
  Result<Value> v = Value::FromJson(
      nlohmann::ordered_json::parse(R"({"b": 1, "a": 18446744073709551615, "c": -3})"));
  ASSERT_TRUE(v.ok());
  const Dict& d = v->AsDict();
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.entries()[0].first, "b");
  EXPECT_TRUE(d.Find("b")->is_int());
  EXPECT_TRUE(d.Find("a")->is_float());  // beyond int64: Python would keep an int
  EXPECT_EQ(d.Find("c")->AsInt(), -3);
}

TEST(Value, DictIndexesLargeDicts) {
  Dict d;
  for (int i = 0; i < 100; ++i) {
    std::string key = "k";
    key += std::to_string(i);
    d.Set(std::move(key), Value::Int(i));
  }
  d.Set("k5", Value::Int(-5));
  EXPECT_EQ(d.size(), 100u);
  EXPECT_EQ(d.Find("k5")->AsInt(), -5);
  EXPECT_EQ(d.Find("k99")->AsInt(), 99);
  EXPECT_EQ(d.Find("k100"), nullptr);
}

}  // namespace
}  // namespace hearth::jinja
