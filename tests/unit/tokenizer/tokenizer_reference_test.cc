// Every reference tokenization in fixtures/tokenizer (produced by llama.cpp with no BOS/EOS
// and special tokens not parsed) is reproduced exactly, and decoding gives the text back
// wherever the reference's detokenizer would.
#include <gtest/gtest.h>

#include "tokenizer/pieces.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer_test_util.h"

namespace hearth {
namespace {

using ::hearth::testing::Printable;
using ::hearth::testing::ReadReferenceCases;
using ::hearth::testing::SharedTokenizer;

class ReferenceVocabTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Tokenizer* tokenizer() const {
    return SharedTokenizer("fixtures/tokenizer/ggml-vocab-" + GetParam() + ".gguf");
  }
};

TEST_P(ReferenceVocabTest, MatchesReferenceIds) {
  const Tokenizer* tok = tokenizer();
  ASSERT_NE(tok, nullptr);
  const auto cases = ReadReferenceCases(GetParam());
  ASSERT_EQ(cases.size(), 46u);
  const EncodeOptions options{.add_special = false, .parse_special = false};
  int failures = 0;
  for (const auto& c : cases) {
    const std::vector<TokenId> ids = tok->Encode(c.text, options);
    EXPECT_EQ(ids, c.ids) << GetParam() << ": '" << Printable(c.text) << "'";
    failures += ids != c.ids;
  }
  EXPECT_EQ(failures, 0);
}

// Decode(Encode(text)) == text, except where the reference's detokenizer changes text on
// purpose: byte-level models with clean-up drop spaces before punctuation and contractions.
TEST_P(ReferenceVocabTest, DecodeRoundTrips) {
  const Tokenizer* tok = tokenizer();
  ASSERT_NE(tok, nullptr);
  const EncodeOptions options{.add_special = false, .parse_special = false};
  for (const auto& c : ReadReferenceCases(GetParam())) {
    std::string expected = c.text;
    if (tok->model_name() == "gpt2" && FindPreTokenizer(tok->pre_name())->clean_spaces) {
      CleanUpSpaces(&expected);
    }
    EXPECT_EQ(tok->Decode(tok->Encode(c.text, options)), expected)
        << GetParam() << ": '" << Printable(c.text) << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ReferenceVocabTest,
                         ::testing::Values("llama-spm", "phi-3", "llama-bpe", "qwen2",
                                           "deepseek-llm", "deepseek-coder", "falcon", "gpt-2",
                                           "mpt", "refact", "starcoder"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hearth
