// Bad tokenizer metadata gives a Status that names the file and the key; bad text never crashes.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "tiny_vocab.h"
#include "tokenizer/tokenizer.h"

namespace hearth {
namespace {

using ::hearth::testing::TinyBpeWriter;
using ::hearth::testing::TinySpmWriter;

constexpr const char* kName = "bad.gguf";

struct Built {
  std::vector<uint8_t> bytes;  // the file borrows these
  Result<GgufFile> file = Status(StatusCode::kInternal, "not parsed");
};

std::unique_ptr<Built> Build(const GgufWriter& writer) {
  auto built = std::make_unique<Built>();
  Result<std::vector<uint8_t>> bytes = writer.WriteToBytes();
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  built->bytes = std::move(bytes).value();
  built->file = GgufFile::Parse(built->bytes, kName);
  EXPECT_TRUE(built->file.ok()) << built->file.status().ToString();
  return built;
}

// Loads the tokenizer of `writer`'s file expecting `code`; checks the message names the file
// and `key`.
void ExpectError(const GgufWriter& writer, StatusCode code, const std::string& key,
                 const std::string& detail = "") {
  auto built = Build(writer);
  ASSERT_TRUE(built->file.ok());
  Result<Tokenizer> tok = Tokenizer::FromGguf(*built->file);
  ASSERT_FALSE(tok.ok()) << "expected an error about " << key;
  EXPECT_EQ(tok.status().code(), code) << tok.status().ToString();
  const std::string& msg = tok.status().message();
  EXPECT_EQ(msg.rfind(std::string(kName) + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find("'" + key + "'"), std::string::npos) << msg;
  if (!detail.empty()) {
    EXPECT_NE(msg.find(detail), std::string::npos) << msg;
  }
}

TEST(TokenizerErrorsTest, ValidSmallVocabulariesLoad) {
  auto spm = Build(TinySpmWriter());
  Result<Tokenizer> spm_tok = Tokenizer::FromGguf(*spm->file);
  ASSERT_TRUE(spm_tok.ok()) << spm_tok.status().ToString();
  // "▁ab▁a": "▁a" (score -1) wins over "ab" (score -2), leaving "b" alone.
  EXPECT_EQ(spm_tok->Encode("ab a"), (std::vector<TokenId>{1, 262, 261, 262}));
  auto bpe = Build(TinyBpeWriter());
  Result<Tokenizer> bpe_tok = Tokenizer::FromGguf(*bpe->file);
  ASSERT_TRUE(bpe_tok.ok()) << bpe_tok.status().ToString();
  // Words "abc" and " abd"; token i < 256 is byte i, 256 = "ab", 257 = "abc".
  EXPECT_EQ(bpe_tok->Encode("abc abd"), (std::vector<TokenId>{257, ' ', 256, 'd'}));
  EXPECT_EQ(bpe_tok->Decode(bpe_tok->Encode("abc abd")), "abc abd");
}

TEST(TokenizerErrorsTest, MissingModel) {
  GgufWriter w = TinySpmWriter();
  w.metadata().Erase("tokenizer.ggml.model");
  ExpectError(w, StatusCode::kNotFound, "tokenizer.ggml.model");
}

TEST(TokenizerErrorsTest, UnsupportedModel) {
  GgufWriter w = TinySpmWriter();
  w.SetString("tokenizer.ggml.model", "t5");
  ExpectError(w, StatusCode::kUnimplemented, "tokenizer.ggml.model", "'t5'");
}

TEST(TokenizerErrorsTest, ModelOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetUint32("tokenizer.ggml.model", 1);
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.model");
}

TEST(TokenizerErrorsTest, MissingTokens) {
  GgufWriter w = TinySpmWriter();
  w.metadata().Erase("tokenizer.ggml.tokens");
  ExpectError(w, StatusCode::kNotFound, "tokenizer.ggml.tokens");
}

TEST(TokenizerErrorsTest, TokensOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.tokens", std::vector<int32_t>{1, 2, 3});
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.tokens", "array of string");
}

TEST(TokenizerErrorsTest, NoTokens) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.tokens", std::vector<std::string>{});
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.tokens");
}

TEST(TokenizerErrorsTest, ScoresOfOtherLength) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.scores", std::vector<float>(10, 0.0f));
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.scores", "has 10 elements");
}

TEST(TokenizerErrorsTest, ScoresOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.scores", std::vector<std::string>(264, "x"));
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.scores", "array of string");
}

TEST(TokenizerErrorsTest, TokenTypesOfOtherLength) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.token_type", std::vector<int32_t>(3, 1));
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.token_type", "has 3 elements");
}

TEST(TokenizerErrorsTest, TokenTypesOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetArray("tokenizer.ggml.token_type", std::vector<float>(264, 1.0f));
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.token_type");
}

TEST(TokenizerErrorsTest, SpecialTokenIdOutOfRange) {
  GgufWriter w = TinySpmWriter();
  w.SetUint32("tokenizer.ggml.bos_token_id", 264);
  ExpectError(w, StatusCode::kOutOfRange, "tokenizer.ggml.bos_token_id", "264");
  GgufWriter w2 = TinySpmWriter();
  w2.SetInt32("tokenizer.ggml.padding_token_id", -1);
  ExpectError(w2, StatusCode::kOutOfRange, "tokenizer.ggml.padding_token_id");
}

TEST(TokenizerErrorsTest, SpecialTokenIdOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetString("tokenizer.ggml.eos_token_id", "</s>");
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.eos_token_id");
}

TEST(TokenizerErrorsTest, FlagOfWrongType) {
  GgufWriter w = TinySpmWriter();
  w.SetUint32("tokenizer.ggml.add_bos_token", 1);
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.add_bos_token");
}

TEST(TokenizerErrorsTest, BpeWithoutMerges) {
  GgufWriter w = TinyBpeWriter();
  w.metadata().Erase("tokenizer.ggml.merges");
  ExpectError(w, StatusCode::kNotFound, "tokenizer.ggml.merges");
}

TEST(TokenizerErrorsTest, BpeMergesOfWrongType) {
  GgufWriter w = TinyBpeWriter();
  w.SetArray("tokenizer.ggml.merges", std::vector<int32_t>{1});
  ExpectError(w, StatusCode::kInvalidArgument, "tokenizer.ggml.merges");
}

TEST(TokenizerErrorsTest, UnknownPreTokenizer) {
  GgufWriter w = TinyBpeWriter();
  w.SetString("tokenizer.ggml.pre", "no-such-pre");
  ExpectError(w, StatusCode::kUnimplemented, "tokenizer.ggml.pre", "'no-such-pre'");
}

// Text is any bytes: invalid UTF-8, NULs, lone continuation bytes, truncated sequences.
TEST(TokenizerErrorsTest, HostileTextNeverCrashes) {
  const std::vector<std::string> texts = {std::string("\xFF\xFE\x80", 3),
                                          std::string("a\0b", 3),
                                          "\xE2\x82",
                                          "\xF0\x9F\x98",
                                          "\xC0\x80",
                                          "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80",
                                          std::string(1000, ' ') + "x",
                                          "<s></s><unk>",
                                          std::string(300, '\n')};
  auto spm = Build(TinySpmWriter());
  auto bpe = Build(TinyBpeWriter());
  for (const auto* built : {spm.get(), bpe.get()}) {
    Result<Tokenizer> tok = Tokenizer::FromGguf(*built->file);
    ASSERT_TRUE(tok.ok());
    for (const std::string& text : texts) {
      for (bool parse_special : {false, true}) {
        const auto ids = tok->Encode(text, {.add_special = true, .parse_special = parse_special});
        for (TokenId id : ids) EXPECT_TRUE(id >= 0 && id < tok->vocab_size());
        (void)tok->Decode(ids, true);
      }
    }
    EXPECT_EQ(tok->TokenToPiece(-1), "");
    EXPECT_EQ(tok->TokenToPiece(1 << 30), "");
    EXPECT_EQ(tok->Decode(std::vector<TokenId>{-5, 1 << 30}), "");
  }
}

}  // namespace
}  // namespace hearth
