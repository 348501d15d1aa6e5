// Load and encode speed on realistic sizes, reported as test properties (load_ms, mb_per_s).
// The bounds are loose (the test machines are shared); the figures are what matters.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <sstream>

#include "tokenizer_test_util.h"

namespace hearth {
namespace {

using ::hearth::testing::ReadWholeFile;
using ::hearth::testing::SharedPath;
using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// About `bytes` of English: the words of the shared stories in a pseudo-random order, with
// their punctuation, in paragraphs.
std::string EnglishText(size_t bytes) {
  std::istringstream in(ReadWholeFile(SharedPath("fixtures/perplexity/stories.txt")));
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::string text;
  uint64_t state = 42;
  while (text.size() < bytes && !words.empty()) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    text += words[(state >> 33) % words.size()];
    text += (state >> 20) % 40 == 0 ? "\n\n" : " ";
  }
  return text;
}

struct Timing {
  double open_ms, build_ms, encode_mb_per_s;
  size_t tokens;
};

Timing Measure(const std::string& vocab, const std::string& text) {
  const auto t0 = Clock::now();
  Result<GgufFile> file = GgufFile::Open(SharedPath(vocab));
  EXPECT_TRUE(file.ok());
  const double open_ms = MillisecondsSince(t0);
  const auto t1 = Clock::now();
  Result<Tokenizer> tok = Tokenizer::FromGguf(*file);
  EXPECT_TRUE(tok.ok());
  const double build_ms = MillisecondsSince(t1);
  const auto t2 = Clock::now();
  const std::vector<TokenId> ids = tok->Encode(text, {.add_special = false});
  const double encode_ms = MillisecondsSince(t2);
  EXPECT_EQ(tok->Decode(ids).size() > 0, true);
  return {open_ms, build_ms, double(text.size()) / 1e6 / (encode_ms / 1e3), ids.size()};
}

void Report(const std::string& name, const Timing& t) {
  std::printf(
      "%-16s gguf open %6.1f ms, tokenizer build %6.1f ms, encode %6.2f MB/s (%zu tokens)\n",
      name.c_str(), t.open_ms, t.build_ms, t.encode_mb_per_s, t.tokens);
  ::testing::Test::RecordProperty(name + "_build_ms", std::to_string(int(t.build_ms)));
  ::testing::Test::RecordProperty(name + "_encode_kb_per_s",
                                  std::to_string(int(t.encode_mb_per_s * 1000)));
}

TEST(TokenizerPerfTest, Llama3VocabLoadsAndEncodesQuickly) {
  const std::string text = EnglishText(1 << 20);
  const Timing t = Measure("fixtures/tokenizer/ggml-vocab-llama-bpe.gguf", text);
  Report("llama-bpe", t);
  EXPECT_LT(t.build_ms, 2000.0);
  EXPECT_GT(t.encode_mb_per_s, 1.0);
}

TEST(TokenizerPerfTest, OtherModelsEncodeQuickly) {
  const std::string text = EnglishText(1 << 20);
  for (const char* name : {"qwen2", "gpt-2", "llama-spm", "bert-bge"}) {
    const Timing t = Measure(std::string("fixtures/tokenizer/ggml-vocab-") + name + ".gguf", text);
    Report(name, t);
    EXPECT_GT(t.encode_mb_per_s, 0.5) << name;
  }
}

// A long word without spaces exercises the heap-based merge (no quadratic rescans).
TEST(TokenizerPerfTest, LongWordsStayLinearithmic) {
  const Tokenizer* tok =
      ::hearth::testing::SharedTokenizer("fixtures/tokenizer/ggml-vocab-gpt-2.gguf");
  ASSERT_NE(tok, nullptr);
  std::string word;
  for (int i = 0; i < 200000; ++i) word += char('a' + (i * 7) % 26);
  const auto start = Clock::now();
  const std::vector<TokenId> ids = tok->Encode(word, {.add_special = false});
  const double ms = MillisecondsSince(start);
  std::printf("gpt-2 200 KB single word: %.1f ms, %zu tokens\n", ms, ids.size());
  EXPECT_EQ(tok->Decode(ids), word);
  EXPECT_LT(ms, 5000.0);
}

}  // namespace
}  // namespace hearth
