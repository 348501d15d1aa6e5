// Tokenizers of the shared models: the real stories260K vocabulary, the full Llama 2 vocabulary
// of llama-2-tiny-random, the Phi-3 and Qwen2 test models, and the prompts of every logits
// fixture (tokenized by the reference with BOS as the model's metadata says).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tokenizer_test_util.h"

namespace hearth {
namespace {

using ::hearth::testing::ReadReferenceCases;
using ::hearth::testing::ReadWholeFile;
using ::hearth::testing::SharedDir;
using ::hearth::testing::SharedTokenizer;

TEST(TokenizerModelsTest, Stories260K) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->model_name(), "llama");
  EXPECT_EQ(tok->pre_name(), "default");
  EXPECT_EQ(tok->vocab_size(), 512);
  EXPECT_EQ(tok->bos_id(), 1);
  EXPECT_EQ(tok->eos_id(), 2);
  EXPECT_TRUE(tok->add_bos());
  EXPECT_FALSE(tok->add_eos());
  EXPECT_TRUE(tok->IsEndOfGeneration(2));
  EXPECT_FALSE(tok->IsEndOfGeneration(1));
  EXPECT_TRUE(tok->IsControl(1));
  EXPECT_EQ(tok->TokenText(1), "<s>");
  EXPECT_EQ(tok->TokenText(512), "");

  const std::vector<TokenId> ids =
      tok->Encode("Once upon a time, there was a little girl named Lily.");
  const std::vector<TokenId> expected = {1,   403, 407, 261, 378, 432, 383, 286,
                                         261, 376, 298, 315, 421, 395, 317, 426};
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(tok->Decode(ids), " Once upon a time, there was a little girl named Lily.")
      << "the BOS piece is empty, so the first word keeps its space (as in the reference)";
  EXPECT_EQ(tok->Decode(std::vector<TokenId>(ids.begin() + 1, ids.end())),
            "Once upon a time, there was a little girl named Lily.");
  EXPECT_EQ(tok->Decode(ids, /*render_special=*/true),
            "<s> Once upon a time, there was a little girl named Lily.");
}

TEST(TokenizerModelsTest, Stories260KBytesFallBackToByteTokens) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  // "ж" is not in the 512-token vocabulary: its two bytes become <0xD0> <0xB6>.
  ASSERT_LT(tok->FindToken("ж"), 0);
  const std::vector<TokenId> ids = tok->Encode("ж", {.add_special = false});
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(tok->TokenText(ids[0]), "▁");
  EXPECT_EQ(tok->TokenText(ids[1]), "<0xD0>");
  EXPECT_EQ(tok->TokenText(ids[2]), "<0xB6>");
  EXPECT_EQ(tok->TokenToPiece(ids[1]), "\xD0");
  EXPECT_EQ(tok->Decode(ids), "ж");
}

TEST(TokenizerModelsTest, ParseSpecialMatchesControlTokenText) {
  const Tokenizer* tok = SharedTokenizer("models/stories260K.gguf");
  ASSERT_NE(tok, nullptr);
  const std::string text = "Hi</s>";
  const std::vector<TokenId> parsed =
      tok->Encode(text, {.add_special = false, .parse_special = true});
  ASSERT_FALSE(parsed.empty());
  EXPECT_EQ(parsed.back(), 2);
  const std::vector<TokenId> plain = tok->Encode(text, {.add_special = false});
  EXPECT_EQ(std::count(plain.begin(), plain.end(), 2), 0);
  EXPECT_GT(plain.size(), parsed.size());
}

// llama-2-tiny-random carries the full Llama 2 vocabulary, as ggml-vocab-llama-spm does.
TEST(TokenizerModelsTest, Llama2TinyRandomMatchesLlamaSpmReference) {
  const Tokenizer* tok = SharedTokenizer("models/random/llama-2-tiny-random.gguf");
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->vocab_size(), 32000);
  EXPECT_EQ(tok->unknown_id(), 0);
  for (const auto& c : ReadReferenceCases("llama-spm")) {
    EXPECT_EQ(tok->Encode(c.text, {.add_special = false}), c.ids) << c.text;
  }
}

TEST(TokenizerModelsTest, Phi3Loads) {
  const Tokenizer* tok = SharedTokenizer("models/random/phi3-Q8_0.gguf");
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->vocab_size(), 32064);
  EXPECT_EQ(tok->eos_id(), 32000);
  EXPECT_EQ(tok->padding_id(), 32000);
  const TokenId end = tok->FindToken("<|end|>");
  ASSERT_EQ(end, 32007);
  EXPECT_TRUE(tok->IsEndOfGeneration(end));
  EXPECT_TRUE(tok->IsEndOfGeneration(32000));  // <|endoftext|>
  EXPECT_EQ(tok->eot_id(), end);
  EXPECT_FALSE(tok->IsEndOfGeneration(tok->FindToken("<|assistant|>")));
  // Phi-3 special tokens swallow the white space after them, as in the reference.
  const std::vector<TokenId> ids =
      tok->Encode("<|user|>\nHi<|end|>\n", {.add_special = false, .parse_special = true});
  const std::vector<TokenId> expected = {tok->FindToken("<|user|>"), tok->FindToken("▁Hi"), end};
  EXPECT_EQ(ids, expected);
}

TEST(TokenizerModelsTest, Qwen2ModelLoads) {
  const Tokenizer* tok = SharedTokenizer("models/random/qwen2-Q8_0.gguf");
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->model_name(), "llama");
  EXPECT_EQ(tok->vocab_size(), 512);
  EXPECT_TRUE(tok->add_bos());
}

TEST(TokenizerModelsTest, Llama3VocabSpecialTokens) {
  const Tokenizer* tok = SharedTokenizer("fixtures/tokenizer/ggml-vocab-llama-bpe.gguf");
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->bos_id(), 128000);
  EXPECT_TRUE(tok->add_bos());
  EXPECT_EQ(tok->eot_id(), 128009);
  EXPECT_TRUE(tok->IsEndOfGeneration(128001));  // <|end_of_text|>
  EXPECT_TRUE(tok->IsEndOfGeneration(128008));  // <|eom_id|>
  const std::string prompt = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
  const std::vector<TokenId> ids =
      tok->Encode(prompt, {.add_special = true, .parse_special = true});
  const std::vector<TokenId> expected = {128000, 128006, 882, 128007, 271, 13347, 128009};
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(tok->Decode(ids, /*render_special=*/true), "<|begin_of_text|>" + prompt);
  EXPECT_EQ(tok->Decode(ids), "user\n\nHi");
}

TEST(TokenizerModelsTest, LogitsFixturePromptsMatch) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SharedDir() + "/fixtures/logits")) {
    if (entry.path().extension() != ".json") continue;
    const nlohmann::json fixture = nlohmann::json::parse(ReadWholeFile(entry.path().string()));
    const std::string model = fixture.at("model").get<std::string>();
    const std::string path =
        model == "stories260K.gguf" ? "models/" + model : "models/random/" + model;
    const Tokenizer* tok = SharedTokenizer(path);
    ASSERT_NE(tok, nullptr) << path;
    const auto expected = fixture.at("tokens").get<std::vector<TokenId>>();
    EXPECT_EQ(tok->Encode(fixture.at("prompt").get<std::string>()), expected)
        << entry.path().filename();
    ++checked;
  }
  EXPECT_GE(checked, 60);
}

}  // namespace
}  // namespace hearth
