#include "tokenizer/pieces.h"

#include <gtest/gtest.h>

#include "tokenizer/byte_level.h"

namespace hearth {
namespace {

std::string Cleaned(std::string text) {
  CleanUpSpaces(&text);
  return text;
}

TEST(CleanUpSpacesTest, RemovesSpaceBeforePunctuation) {
  EXPECT_EQ(Cleaned("Hello , world !"), "Hello, world!");
  EXPECT_EQ(Cleaned("a  ."), "a .");  // only the space right before
  EXPECT_EQ(Cleaned(" ?"), "?");
  EXPECT_EQ(Cleaned(""), "");
}

TEST(CleanUpSpacesTest, Apostrophes) {
  EXPECT_EQ(Cleaned("it ' s"), "it's");  // " ' " -> "'"
  EXPECT_EQ(Cleaned("it 's"), "it's");
  EXPECT_EQ(Cleaned("I 'm"), "I'm");
  EXPECT_EQ(Cleaned("we 're"), "we're");
  EXPECT_EQ(Cleaned("we 've"), "we've");
  EXPECT_EQ(Cleaned("do n 't"), "do n 't");  // " 't", " 'd", " 'll" keep their space
  EXPECT_EQ(Cleaned("I 'll"), "I 'll");
  // The reference blanks the space it skips with a NUL; a second apostrophe then sees it.
  EXPECT_EQ(Cleaned("a ' ' b"), "a'' b");
}

TEST(ByteLevelTest, Alphabet) {
  EXPECT_EQ(byte_level::ByteSymbol(' '), "Ġ");
  EXPECT_EQ(byte_level::ByteSymbol('\n'), "Ċ");
  EXPECT_EQ(byte_level::ByteSymbol('a'), "a");
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(byte_level::CodepointToByte(byte_level::ByteToCodepoint(uint8_t(b))), uint8_t(b));
  }
  EXPECT_EQ(byte_level::DecodeSymbols("ĠHelloĊ"), " Hello\n");
  EXPECT_EQ(byte_level::DecodeSymbols("€"), "[UNK_BYTE_0xe282ac€]");
}

}  // namespace
}  // namespace hearth
