// TokenStreamDecoder: every chunk is valid UTF-8; characters split across tokens come out whole
// once their last byte arrives.
#include <gtest/gtest.h>

#include "tokenizer/utf8.h"
#include "tokenizer_test_util.h"

namespace hearth {
namespace {

using ::hearth::testing::SharedTokenizer;

bool IsValidUtf8(const std::string& s) {
  const utf8::Utf8Prefix prefix = utf8::ValidUtf8Prefix(s);
  return prefix.valid_bytes == s.size();
}

// Byte-fallback tokens of stories260K spell a character one byte per token.
TEST(TokenStreamDecoderTest, HoldsBackSplitCharacters) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  const std::string text = "Hi 🦙 é!";
  const std::vector<TokenId> ids = tok->Encode(text, {.add_special = false});
  TokenStreamDecoder decoder(*tok);
  std::string streamed;
  std::vector<std::string> chunks;
  for (TokenId id : ids) {
    chunks.push_back(decoder.Push(id));
    EXPECT_TRUE(IsValidUtf8(chunks.back())) << "chunk after token " << id;
    streamed += chunks.back();
  }
  streamed += decoder.Finish();
  EXPECT_EQ(streamed, " " + text) << "pieces as they are: the first keeps its space";
  // The llama's four bytes arrive as four tokens: three empty chunks, then the whole emoji.
  const auto llama = std::find(chunks.begin(), chunks.end(), "🦙");
  ASSERT_NE(llama, chunks.end());
  ASSERT_GE(llama - chunks.begin(), 3);
  EXPECT_EQ(*(llama - 1), "");
  EXPECT_EQ(*(llama - 2), "");
  EXPECT_EQ(*(llama - 3), "");
}

TEST(TokenStreamDecoderTest, InvalidBytesBecomeReplacementCharacters) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  const TokenId e2 = tok->FindToken("<0xE2>");
  const TokenId x82 = tok->FindToken("<0x82>");
  const TokenId ff = tok->FindToken("<0xFF>");
  const TokenId a = tok->FindToken("a");
  ASSERT_GE(e2, 0);
  ASSERT_GE(a, 0);
  TokenStreamDecoder decoder(*tok);
  EXPECT_EQ(decoder.Push(e2), "");
  EXPECT_EQ(decoder.Push(x82), "");  // E2 82 could still become "€"
  EXPECT_EQ(decoder.Push(a),
            "\xEF\xBF\xBD"
            "a");                               // ... but "a" ends it: U+FFFD, then "a"
  EXPECT_EQ(decoder.Push(ff), "\xEF\xBF\xBD");  // 0xFF is never valid
  EXPECT_EQ(decoder.Push(e2), "");
  EXPECT_EQ(decoder.Finish(), "\xEF\xBF\xBD");  // truncated at the end
  EXPECT_EQ(decoder.Finish(), "");
}

TEST(TokenStreamDecoderTest, ControlTokensRenderOnRequest) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  TokenStreamDecoder plain(*tok);
  EXPECT_EQ(plain.Push(tok->eos_id()), "");
  TokenStreamDecoder special(*tok, /*render_special=*/true);
  EXPECT_EQ(special.Push(tok->eos_id()), "</s>");
}

// Byte-level BPE splits multi-byte characters across tokens too (Llama 3: "🦙" is two tokens).
TEST(TokenStreamDecoderTest, ByteLevelTokens) {
  const Tokenizer* tok = SharedTokenizer("fixtures/tokenizer/ggml-vocab-llama-bpe.gguf");
  ASSERT_NE(tok, nullptr);
  const std::string text = " this is 🦙.cpp и 我想在apple工作";
  TokenStreamDecoder decoder(*tok);
  std::string streamed;
  for (TokenId id : tok->Encode(text, {.add_special = false})) {
    const std::string chunk = decoder.Push(id);
    EXPECT_TRUE(IsValidUtf8(chunk));
    streamed += chunk;
  }
  EXPECT_EQ(streamed + decoder.Finish(), text);
}

}  // namespace
}  // namespace hearth
