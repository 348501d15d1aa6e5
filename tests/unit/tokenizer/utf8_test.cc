#include "tokenizer/utf8.h"

#include <gtest/gtest.h>

namespace hearth::utf8 {
namespace {

TEST(Utf8Test, LenientDecodeMatchesReferenceRules) {
  EXPECT_EQ(DecodeUtf8Lenient("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\xA6\x99"),
            (std::vector<uint32_t>{'a', 0xE9, 0x20AC, 0x1F999}));
  // A stray continuation byte, a truncated sequence, a bad lead: one U+FFFD per byte.
  EXPECT_EQ(DecodeUtf8Lenient("\x80"), (std::vector<uint32_t>{kReplacementChar}));
  EXPECT_EQ(DecodeUtf8Lenient("\xE2\x82"),
            (std::vector<uint32_t>{kReplacementChar, kReplacementChar}));
  EXPECT_EQ(DecodeUtf8Lenient("\xFF"
                              "a"),
            (std::vector<uint32_t>{kReplacementChar, 'a'}));
  // Overlong forms and surrogates pass, as in the reference.
  EXPECT_EQ(DecodeUtf8Lenient(std::string("\xC0\x80", 2)), (std::vector<uint32_t>{0}));
  EXPECT_EQ(DecodeUtf8Lenient("\xED\xA0\x80"), (std::vector<uint32_t>{0xD800}));
  // Beyond U+10FFFF is unreadable.
  EXPECT_EQ(DecodeUtf8Lenient("\xF4\x90\x80\x80").size(), 4u);
}

TEST(Utf8Test, EncodeRoundTrips) {
  for (uint32_t cp : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
    EXPECT_EQ(DecodeUtf8Lenient(EncodeUtf8(cp)), std::vector<uint32_t>{cp}) << cp;
  }
}

TEST(Utf8Test, ValidPrefix) {
  Utf8Prefix p = ValidUtf8Prefix("ab\xE2\x82");
  EXPECT_EQ(p.valid_bytes, 2u);
  EXPECT_TRUE(p.incomplete);
  p = ValidUtf8Prefix(
      "ab\xE2\x82"
      "c");
  EXPECT_EQ(p.valid_bytes, 2u);
  EXPECT_FALSE(p.incomplete);
  EXPECT_EQ(p.invalid_bytes, 2u);  // the maximal subpart E2 82
  p = ValidUtf8Prefix("\xC0\x80");
  EXPECT_EQ(p.invalid_bytes, 1u);  // overlong: invalid in strict UTF-8
  p = ValidUtf8Prefix("\xED\xA0\x80");
  EXPECT_EQ(p.invalid_bytes, 1u);  // surrogate
  p = ValidUtf8Prefix("\xF0\x9F\xA6\x99");
  EXPECT_EQ(p.valid_bytes, 4u);
}

TEST(Utf8Test, Repair) {
  EXPECT_EQ(RepairUtf8("a\xFF"
                       "b\xE2\x82"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8("ok €"), "ok €");
}

}  // namespace
}  // namespace hearth::utf8
