#include "gguf/gguf_value.h"

#include <gtest/gtest.h>

#include <limits>

#include "gguf/gguf_metadata.h"

namespace hearth {
namespace {

TEST(GgufValueTest, EveryScalarTypeKeepsItsType) {
  EXPECT_EQ(GgufValue(uint8_t{1}).type(), GgufType::kUint8);
  EXPECT_EQ(GgufValue(int8_t{-1}).type(), GgufType::kInt8);
  EXPECT_EQ(GgufValue(uint16_t{1}).type(), GgufType::kUint16);
  EXPECT_EQ(GgufValue(int16_t{-1}).type(), GgufType::kInt16);
  EXPECT_EQ(GgufValue(uint32_t{1}).type(), GgufType::kUint32);
  EXPECT_EQ(GgufValue(int32_t{-1}).type(), GgufType::kInt32);
  EXPECT_EQ(GgufValue(1.5f).type(), GgufType::kFloat32);
  EXPECT_EQ(GgufValue(true).type(), GgufType::kBool);
  EXPECT_EQ(GgufValue("s").type(), GgufType::kString);
  EXPECT_EQ(GgufValue(GgufArray()).type(), GgufType::kArray);
  EXPECT_EQ(GgufValue(uint64_t{1}).type(), GgufType::kUint64);
  EXPECT_EQ(GgufValue(int64_t{-1}).type(), GgufType::kInt64);
  EXPECT_EQ(GgufValue(2.5).type(), GgufType::kFloat64);
}

TEST(GgufValueTest, TypeNamesAndIds) {
  EXPECT_EQ(GgufTypeName(GgufType::kFloat32), "float32");
  EXPECT_EQ(GgufTypeName(GgufType::kArray), "array");
  EXPECT_EQ(GgufTypeFromId(12), GgufType::kFloat64);
  EXPECT_FALSE(GgufTypeFromId(13).has_value());
  EXPECT_EQ(GgufTypeSize(GgufType::kUint64), 8u);
  EXPECT_EQ(GgufTypeSize(GgufType::kString), 0u);
}

TEST(GgufValueTest, IntegerAndFloatConversions) {
  EXPECT_EQ(GgufValue(uint32_t{7}).ToInt(), 7);
  EXPECT_EQ(GgufValue(int8_t{-3}).ToInt(), -3);
  EXPECT_FALSE(GgufValue(std::numeric_limits<uint64_t>::max()).ToInt().has_value());
  EXPECT_FALSE(GgufValue(true).ToInt().has_value());
  EXPECT_FALSE(GgufValue(1.0f).ToInt().has_value());
  EXPECT_DOUBLE_EQ(*GgufValue(0.25f).ToFloat(), 0.25);
  EXPECT_DOUBLE_EQ(*GgufValue(int32_t{3}).ToFloat(), 3.0);
  EXPECT_FALSE(GgufValue("3").ToFloat().has_value());
  EXPECT_TRUE(GgufValue(uint16_t{1}).is_integer());
  EXPECT_FALSE(GgufValue(true).is_integer());
  EXPECT_TRUE(GgufValue(1.0).is_float());
}

TEST(GgufValueTest, ArraysOfEveryKindIncludingNested) {
  GgufArray strings(std::vector<std::string>{"a", "bc"});
  EXPECT_EQ(strings.type(), GgufType::kString);
  ASSERT_NE(strings.strings(), nullptr);
  EXPECT_EQ((*strings.strings())[1], "bc");
  EXPECT_EQ(strings.As<float>(), nullptr);

  GgufArray nested(std::vector<GgufArray>{strings, GgufArray(std::vector<int32_t>{1, 2, 3})});
  EXPECT_EQ(nested.type(), GgufType::kArray);
  ASSERT_EQ(nested.size(), 2u);
  EXPECT_EQ((*nested.As<GgufArray>())[1].IntAt(2), 3);

  GgufArray bools(std::vector<bool>{true, false});
  EXPECT_EQ(bools.type(), GgufType::kBool);
  EXPECT_FALSE(bools.IntAt(0).has_value());  // bools are not integers

  GgufArray u64(std::vector<uint64_t>{1, std::numeric_limits<uint64_t>::max()});
  EXPECT_EQ(u64.IntAt(0), 1);
  EXPECT_FALSE(u64.IntAt(1).has_value());
  EXPECT_FALSE(u64.IntAt(2).has_value());  // out of range
  EXPECT_DOUBLE_EQ(*GgufArray(std::vector<float>{0.5f}).FloatAt(0), 0.5);
}

TEST(GgufValueTest, DisplayStrings) {
  EXPECT_EQ(GgufValue(uint32_t{42}).ToDisplayString(), "42");
  EXPECT_EQ(GgufValue(int64_t{-5}).ToDisplayString(), "-5");
  EXPECT_EQ(GgufValue(false).ToDisplayString(), "false");
  EXPECT_EQ(GgufValue("a\"b\n").ToDisplayString(), "\"a\\\"b\\n\"");
  EXPECT_EQ(GgufValue(std::string(100, 'x')).ToDisplayString(8, 4), "\"xxxx...\"");
  GgufValue array(GgufArray(std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(array.ToDisplayString(3), "[1, 2, 3, ... (5 items)]");
  EXPECT_EQ(DescribeGgufType(array), "array of int32");
  GgufValue nested(GgufArray(std::vector<GgufArray>{GgufArray(std::vector<std::string>{"x"})}));
  EXPECT_EQ(nested.ToDisplayString(), "[[\"x\"]]");
}

TEST(GgufMetadataTest, KeepsInsertionOrderAndReplacesInPlace) {
  GgufMetadata md("m.gguf");
  md.Set("b", GgufValue(uint32_t{1}));
  md.Set("a", GgufValue("x"));
  md.Set("b", GgufValue(uint32_t{2}));
  ASSERT_EQ(md.size(), 2u);
  EXPECT_EQ(md.entries()[0].key, "b");
  EXPECT_EQ(*md.Find("b")->As<uint32_t>(), 2u);
  EXPECT_FALSE(md.Insert("a", GgufValue("y")));
  EXPECT_TRUE(md.Erase("b"));
  EXPECT_EQ(md.Find("b"), nullptr);
  EXPECT_NE(md.Find("a"), nullptr);
}

TEST(GgufMetadataTest, TypedGettersNameKeyAndTypes) {
  GgufMetadata md("m.gguf");
  md.Set("n", GgufValue(uint32_t{5}));
  md.Set("s", GgufValue("hello"));
  md.Set("f", GgufValue(0.5f));
  md.Set("big", GgufValue(uint64_t{1} << 40));
  md.Set("toks", GgufValue(GgufArray(std::vector<std::string>{"a"})));
  EXPECT_EQ(*md.GetInt("n"), 5);
  EXPECT_EQ(*md.GetUint32("n"), 5u);
  EXPECT_EQ(*md.GetString("s"), "hello");
  EXPECT_DOUBLE_EQ(*md.GetFloat("f"), 0.5);
  EXPECT_DOUBLE_EQ(*md.GetFloat("n"), 5.0);
  EXPECT_EQ((*md.GetStringArray("toks"))->size(), 1u);

  Result<int64_t> wrong = md.GetInt("s");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(wrong.status().message(),
            "m.gguf: metadata key 's' has type string, expected an integer");

  Result<std::string_view> missing = md.GetString("nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "m.gguf: metadata key 'nope' not found");

  Result<uint32_t> range = md.GetUint32("big");
  EXPECT_EQ(range.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(range.status().message().find("'big'"), std::string::npos);

  EXPECT_NE(md.GetStringArray("n").status().message().find("expected array of string"),
            std::string::npos);
  EXPECT_NE(md.GetBool("f").status().message().find("has type float32, expected bool"),
            std::string::npos);
  EXPECT_EQ(*md.GetIntOr("absent", 9), 9);
  EXPECT_FALSE(md.GetIntOr("s", 9).ok());  // present with the wrong type is still an error
  EXPECT_EQ(*md.GetStringOr("absent", "d"), "d");
  EXPECT_TRUE(*md.GetBoolOr("absent", true));
  EXPECT_DOUBLE_EQ(*md.GetFloatOr("absent", 1.5), 1.5);
}

}  // namespace
}  // namespace hearth
