// Session: the single-sequence wrapper. With the scalar kernels every way of feeding a prompt
// (one pass, token by token, chunks) runs the same arithmetic, so the logits must be equal to
// the bit; with SIMD kernels they are compared against the reference in
// reference_logits_test.cc.
#include "llm/session.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "llm/model.h"
#include "llm_test_util.h"
#include "shared_data.h"
#include "tokenizer/tokenizer.h"

namespace hearth::testing {
namespace {

std::unique_ptr<Model> OpenScalar(const std::string& path) {
  LoadOptions options;
  options.kernels = &KernelsFor(Isa::kScalar);
  auto model = Model::Open(path, options);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(*model) : nullptr;
}

// Logits of every token of `tokens`, fed in pieces of `piece` tokens (Decode calls) through a
// session with the given batch size.
std::vector<float> LogitsInPieces(const Model& model, ThreadPool& pool,
                                  const std::vector<TokenId>& tokens, size_t piece,
                                  int32_t n_batch) {
  Session session(model, pool, {.n_ctx = 64, .n_batch = n_batch});
  std::vector<float> all;
  for (size_t i = 0; i < tokens.size(); i += piece) {
    const size_t n = std::min(piece, tokens.size() - i);
    auto logits = session.Decode(std::span<const TokenId>(tokens.data() + i, n), true);
    EXPECT_TRUE(logits.ok()) << logits.status().ToString();
    if (!logits.ok()) return {};
    all.insert(all.end(), logits->begin(), logits->end());
  }
  EXPECT_EQ(session.n_past(), int32_t(tokens.size()));
  return all;
}

TEST(Session, EveryPathIsExactWithScalarKernels) {
  for (const char* stem : {"stories260K", "llama-Q8_0", "llama-Q4_K_M", "llama3-ropefreqs-Q8_0",
                           "qwen2-Q8_0", "llama-BF16"}) {
    SCOPED_TRACE(stem);
    const std::vector<LogitsFixture> fixtures = LoadLogitsFixtures(stem);
    ASSERT_FALSE(fixtures.empty());
    const std::vector<TokenId>& tokens = fixtures[1].tokens;
    std::unique_ptr<Model> model = OpenScalar(fixtures[1].model_path);
    ASSERT_NE(model, nullptr);
    ThreadPool one(1), two(2);
    const std::vector<float> whole = LogitsInPieces(*model, two, tokens, tokens.size(), 64);
    EXPECT_EQ(whole, LogitsInPieces(*model, one, tokens, tokens.size(), 64)) << "1 thread";
    EXPECT_EQ(whole, LogitsInPieces(*model, two, tokens, 1, 64)) << "token by token";
    EXPECT_EQ(whole, LogitsInPieces(*model, two, tokens, tokens.size(), 4)) << "chunks of 4";
    EXPECT_EQ(whole, LogitsInPieces(*model, two, tokens, 3, 2)) << "pieces of 3, chunks of 2";
  }
}

TEST(Session, LastLogitsEqualTheLastRowOfAllLogits) {
  std::unique_ptr<Model> model = OpenScalar(SharedPath("models/stories260K.gguf"));
  ThreadPool pool(2);
  const std::vector<TokenId> tokens = {1, 403, 407, 261, 378, 432};
  Session a(*model, pool), b(*model, pool);
  auto all = a.Decode(tokens, true);
  auto last = b.Decode(tokens);
  ASSERT_TRUE(all.ok() && last.ok());
  ASSERT_EQ(last->size(), 512u);
  EXPECT_TRUE(std::equal(last->begin(), last->end(), all->end() - 512));
}

TEST(Session, ContextOverflowIsAnErrorAndChangesNothing) {
  std::unique_ptr<Model> model = OpenScalar(SharedPath("models/stories260K.gguf"));
  ThreadPool pool(1);
  Session session(*model, pool, {.n_ctx = 8});
  EXPECT_EQ(session.n_ctx(), 8);
  const std::vector<TokenId> five = {1, 2, 3, 4, 5}, four = {6, 7, 8, 9};
  ASSERT_TRUE(session.Decode(five).ok());
  auto overflow = session.Decode(four);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(overflow.status().message(), "context full: 5 tokens + 4 new exceed the context of 8");
  EXPECT_EQ(session.n_past(), 5);
  ASSERT_TRUE(session.Decode(std::span(four).first(3)).ok());
  EXPECT_EQ(session.n_past(), 8);
  EXPECT_FALSE(session.Decode(std::span(four).first(1)).ok());
}

TEST(Session, BadTokensAreErrors) {
  std::unique_ptr<Model> model = OpenScalar(SharedPath("models/stories260K.gguf"));
  ThreadPool pool(1);
  Session session(*model, pool);
  auto empty = session.Decode({});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  const std::vector<TokenId> bad = {1, 2, 512};
  auto out_of_range = session.Decode(bad);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.status().message(),
            "token id 512 at index 2 is outside the vocabulary [0, 512)");
  const std::vector<TokenId> negative = {-1};
  EXPECT_FALSE(session.Decode(negative).ok());
  EXPECT_EQ(session.n_past(), 0);
}

TEST(Session, TruncateToRewindsExactly) {
  std::unique_ptr<Model> model = OpenScalar(SharedPath("models/random/llama-Q8_0.gguf"));
  ThreadPool pool(2);
  const std::vector<TokenId> tokens = {1, 291, 280, 294, 262, 294, 353, 265, 284, 294};
  Session session(*model, pool, {.n_ctx = 32});
  auto full = session.Decode(tokens, true);
  ASSERT_TRUE(full.ok());
  const std::vector<float> reference(full->begin(), full->end());
  session.TruncateTo(6);
  EXPECT_EQ(session.n_past(), 6);
  auto tail = session.Decode(std::span(tokens).subspan(6), true);
  ASSERT_TRUE(tail.ok());
  EXPECT_TRUE(std::equal(tail->begin(), tail->end(), reference.begin() + 6 * 512));
  session.TruncateTo(0);
  auto again = session.Decode(tokens, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(std::equal(again->begin(), again->end(), reference.begin()));
  session.TruncateTo(100);  // beyond n_past: no-op
  EXPECT_EQ(session.n_past(), 10);
}

TEST(Session, SizesFollowTheOptions) {
  std::unique_ptr<Model> model = OpenScalar(SharedPath("models/stories260K.gguf"));
  ThreadPool pool(1);
  Session defaults(*model, pool);
  EXPECT_EQ(defaults.n_ctx(), 512);  // min(training context 512, 4096)
  EXPECT_EQ(defaults.n_batch(), 512);
  Session small(*model, pool, {.n_ctx = 64, .n_batch = 100});
  EXPECT_EQ(small.n_batch(), 64);  // never above n_ctx
  // K and V: 5 layers x 4 kv heads x 64 positions x 8 dims x 2 bytes each.
  EXPECT_EQ(small.kv_bytes(), 2u * 5 * 4 * 64 * 8 * 2);
}

// llama.cpp's perplexity on stories.txt: chunks of n_ctx tokens, the first replaced by BOS,
// the second half of each chunk scored (../shared/fixtures/perplexity/README.md).
double Perplexity(const Model& model, ThreadPool& pool, const std::vector<TokenId>& tokens,
                  int32_t n_ctx) {
  double nll = 0.0;
  int64_t count = 0;
  Session session(model, pool, {.n_ctx = n_ctx, .n_batch = n_ctx});
  for (size_t start = 0; start + size_t(n_ctx) <= tokens.size(); start += size_t(n_ctx)) {
    std::vector<TokenId> chunk(tokens.begin() + std::ptrdiff_t(start),
                               tokens.begin() + std::ptrdiff_t(start) + n_ctx);
    chunk[0] = model.tokenizer().bos_id();
    session.TruncateTo(0);
    auto logits = session.Decode(chunk, true);
    EXPECT_TRUE(logits.ok());
    if (!logits.ok()) return 0.0;
    const size_t v = size_t(model.config().n_vocab);
    for (int32_t j = n_ctx / 2; j < n_ctx - 1; ++j) {
      const float* row = logits->data() + size_t(j) * v;
      const float max = *std::max_element(row, row + v);
      double sum = 0.0;
      for (size_t i = 0; i < v; ++i) sum += std::exp(double(row[i]) - max);
      nll += std::log(sum) + max - row[chunk[size_t(j) + 1]];
      ++count;
    }
  }
  return std::exp(nll / double(count));
}

double ModelPerplexity(const std::string& model_file, int32_t n_ctx) {
  auto model = Model::Open(SharedPath(model_file));
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return 0.0;
  std::ifstream in(SharedPath("fixtures/perplexity/stories.txt"));
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<TokenId> tokens = (*model)->tokenizer().Encode(text.str());
  ThreadPool pool(2);
  const double ppl = Perplexity(**model, pool, tokens, n_ctx);
  std::printf("perplexity %s n_ctx %d: %.4f\n", model_file.c_str(), n_ctx, ppl);
  return ppl;
}

// The reference figures of ../shared/fixtures/perplexity/README.md, within 0.5%.
TEST(Session, PerplexityMatchesTheReference) {
  EXPECT_NEAR(ModelPerplexity("models/stories260K.gguf", 128), 4.7342, 4.7342 * 0.005);
  EXPECT_NEAR(ModelPerplexity("models/stories260K.gguf", 64), 4.8564, 4.8564 * 0.005);
  EXPECT_NEAR(ModelPerplexity("models/random/llama-Q8_0.gguf", 128), 706348.4079,
              706348.4079 * 0.005);
  EXPECT_NEAR(ModelPerplexity("models/random/qwen2-Q8_0.gguf", 64), 625667.0579,
              625667.0579 * 0.005);
}

}  // namespace
}  // namespace hearth::testing
