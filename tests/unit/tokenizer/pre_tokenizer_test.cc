// Pre-tokenizer splits, written out by hand from the patterns' semantics.
#include "tokenizer/pre_tokenizer.h"

#include <gtest/gtest.h>

#include "tokenizer/utf8.h"

namespace hearth {
namespace {

std::vector<std::string> Split(PreTokenizer kind, const std::string& text) {
  CodepointText cps;
  cps.Assign(text);
  std::vector<uint32_t> lengths;
  PreTokenize(kind, cps, &lengths);
  std::vector<std::string> words;
  size_t begin = 0;
  for (uint32_t n : lengths) {
    std::string word;
    for (size_t i = begin; i < begin + n; ++i) utf8::AppendUtf8(cps.cpts[i], &word);
    words.push_back(word);
    begin += n;
  }
  EXPECT_EQ(begin, cps.cpts.size());
  return words;
}

using Words = std::vector<std::string>;

TEST(PreTokenizerTest, Gpt2) {
  EXPECT_EQ(Split(PreTokenizer::kGpt2, "Hello world's  end!!\n"),
            (Words{"Hello", " world", "'s", " ", " end", "!!", "\n"}));
  EXPECT_EQ(Split(PreTokenizer::kGpt2, "I'VE 12345 x"), (Words{"I", "'", "VE", " 12345", " x"}));
  EXPECT_EQ(Split(PreTokenizer::kGpt2, "a\tb"), (Words{"a", "\t", "b"}));
  EXPECT_EQ(Split(PreTokenizer::kGpt2, ""), Words{});
}

TEST(PreTokenizerTest, Llama3) {
  EXPECT_EQ(Split(PreTokenizer::kLlama3, "I'VE 12345 x"),
            (Words{"I", "'VE", " ", "123", "45", " x"}));
  EXPECT_EQ(Split(PreTokenizer::kLlama3, "a  \n\n b"), (Words{"a", "  \n\n", " b"}));
  EXPECT_EQ(Split(PreTokenizer::kLlama3, "(x) ...\n\n"), (Words{"(x", ")", " ...\n\n"}));
  EXPECT_EQ(Split(PreTokenizer::kLlama3, "нещо на"), (Words{"нещо", " на"}));
}

TEST(PreTokenizerTest, Qwen2SplitsDigits) {
  EXPECT_EQ(Split(PreTokenizer::kQwen2, "x 123"), (Words{"x", " ", "1", "2", "3"}));
}

TEST(PreTokenizerTest, StarcoderAndFalconAndDefault) {
  EXPECT_EQ(Split(PreTokenizer::kStarcoder, "ab12 c"), (Words{"ab", "1", "2", " c"}));
  EXPECT_EQ(Split(PreTokenizer::kFalcon, "x=1234;"), (Words{"x", "=", "123", "4", ";"}));
  EXPECT_EQ(Split(PreTokenizer::kDefault, "x=1234;"), (Words{"x", "=", "123", "4", ";"}));
  EXPECT_EQ(Split(PreTokenizer::kFalcon, "a`b"), (Words{"a", "`", "b"}));
}

TEST(PreTokenizerTest, Deepseek) {
  EXPECT_EQ(Split(PreTokenizer::kDeepseekLlm, "Hello, 世界 42  "),
            (Words{"Hello", ",", " ", "世界", " ", "42", "  "}));
  EXPECT_EQ(Split(PreTokenizer::kDeepseekCoder, "ab\ncd 12"),
            (Words{"ab", "\n", "cd", " ", "1", "2"}));
}

TEST(PreTokenizerTest, Names) {
  ASSERT_TRUE(FindPreTokenizer("llama-bpe").has_value());
  EXPECT_EQ(FindPreTokenizer("llama-bpe")->kind, PreTokenizer::kLlama3);
  EXPECT_TRUE(FindPreTokenizer("llama-bpe")->ignore_merges);
  EXPECT_EQ(FindPreTokenizer("qwen2")->kind, PreTokenizer::kQwen2);
  EXPECT_FALSE(FindPreTokenizer("qwen2")->clean_spaces);
  EXPECT_EQ(FindPreTokenizer("command-r")->kind, PreTokenizer::kStarcoder);
  EXPECT_FALSE(FindPreTokenizer("nonsense").has_value());
}

}  // namespace
}  // namespace hearth
