// Model::Forward over batches of several sequences (the continuous-batching path): each entry
// attends only to its own sequence, so a mixed batch must give each sequence exactly what a
// session of its own gives (scalar kernels: the same arithmetic, equal to the bit).
#include "llm/batch.h"

#include <gtest/gtest.h>

#include <vector>

#include "kernels/dispatch.h"
#include "llm/model.h"
#include "llm/session.h"
#include "shared_data.h"

namespace hearth::testing {
namespace {

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadOptions options;
    options.kernels = &KernelsFor(Isa::kScalar);
    auto m = Model::Open(SharedPath("models/random/llama-Q8_0.gguf"), options);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    model_ = std::move(*m);
  }

  // Logits after each prefix's last token, decoded alone in a session.
  std::vector<float> Alone(const std::vector<TokenId>& tokens) {
    Session session(*model_, pool_, {.n_ctx = 32});
    auto logits = session.Decode(tokens);
    EXPECT_TRUE(logits.ok());
    return std::vector<float>(logits->begin(), logits->end());
  }

  std::unique_ptr<Model> model_;
  ThreadPool pool_{2};
};

TEST_F(BatchTest, InterleavedSequencesMatchSeparateSessions) {
  const std::vector<std::vector<TokenId>> prompts = {
      {1, 403, 407, 261, 378}, {1, 291, 280}, {1, 274, 287, 269, 301, 425, 411}};
  const std::vector<TokenId> next = {432, 294, 263};  // one decode step for each sequence
  KvCache kv(model_->config(), 3, 32);
  ForwardScratch scratch(model_->config(), 16, 32, pool_.size());

  // Prompt entries interleaved across sequences; each sequence's own order kept.
  Batch batch;
  std::vector<size_t> cursor(3, 0);
  for (size_t added = 0; added < 15;) {
    for (int32_t s = 0; s < 3; ++s) {
      if (cursor[size_t(s)] == prompts[size_t(s)].size()) continue;
      const size_t i = cursor[size_t(s)]++;
      batch.Add(prompts[size_t(s)][i], int32_t(i), s, i + 1 == prompts[size_t(s)].size());
      ++added;
    }
  }
  ASSERT_TRUE(model_->Forward(batch, kv, scratch, pool_).ok());
  EXPECT_EQ(kv.length(0), 5);
  EXPECT_EQ(kv.length(1), 3);
  EXPECT_EQ(kv.length(2), 7);
  // Outputs come in batch order: sequence 1 finishes first, then 0, then 2.
  const int32_t v = model_->config().n_vocab;
  const int order[] = {1, 0, 2};
  for (int o = 0; o < 3; ++o) {
    const std::vector<float> alone = Alone(prompts[size_t(order[o])]);
    EXPECT_TRUE(std::equal(alone.begin(), alone.end(), scratch.logits() + o * v)) << order[o];
  }

  // One decode step of all three sequences in one pass.
  batch.Clear();
  for (int32_t s = 2; s >= 0; --s) batch.Add(next[size_t(s)], kv.length(s), s, true);
  ASSERT_TRUE(model_->Forward(batch, kv, scratch, pool_).ok());
  for (int32_t s = 2; s >= 0; --s) {
    std::vector<TokenId> tokens = prompts[size_t(s)];
    tokens.push_back(next[size_t(s)]);
    const std::vector<float> alone = Alone(tokens);
    EXPECT_TRUE(std::equal(alone.begin(), alone.end(), scratch.logits() + (2 - s) * v)) << s;
  }
}

TEST_F(BatchTest, InvalidBatchesAreErrorsAndChangeNothing) {
  KvCache kv(model_->config(), 2, 8);
  ForwardScratch scratch(model_->config(), 4, 8, pool_.size());
  auto error = [&](const Batch& b) {
    const Status st = model_->Forward(b, kv, scratch, pool_);
    EXPECT_EQ(kv.length(0), 0);
    EXPECT_EQ(kv.length(1), 0);
    return st.message();
  };
  Batch b;
  EXPECT_EQ(error(b), "empty batch: nothing to decode");
  b.Add(1, 0, 0, true);
  b.Add(2, 2, 0, true);
  EXPECT_EQ(error(b),
            "batch entry 1: position 2 of sequence 0, expected 1 (a sequence continues "
            "where it left off)");
  b.Clear();
  b.Add(1, 0, 2, true);
  EXPECT_EQ(error(b), "batch entry 0: sequence slot 2 does not exist (the KV cache has 2)");
  b.Clear();
  b.Add(1, 0, 0, false);
  b.Add(9999, 0, 1, true);
  EXPECT_EQ(error(b), "batch entry 1: token id 9999 is outside the vocabulary [0, 512)");
  b.Clear();
  for (int32_t i = 0; i < 5; ++i) b.Add(1, i, 0, false);
  EXPECT_EQ(error(b), "batch of 5 tokens exceeds n_batch 4");
  b.Clear();
  for (int32_t i = 0; i < 4; ++i) b.Add(1, i, 1, false);
  EXPECT_TRUE(model_->Forward(b, kv, scratch, pool_).ok());  // a full batch is fine
  EXPECT_EQ(kv.length(1), 4);
}

TEST_F(BatchTest, PositionsPastTheCacheAreOutOfRange) {
  KvCache kv(model_->config(), 1, 4);
  ForwardScratch scratch(model_->config(), 8, 4, pool_.size());
  Batch b;
  b.AddSequence(std::vector<TokenId>{1, 2, 3, 4, 5}, 0, 0, false);
  const Status st = model_->Forward(b, kv, scratch, pool_);
  EXPECT_EQ(st.code(), StatusCode::kOutOfRange);
  EXPECT_EQ(st.message(), "batch entry 4: position 4 is past the context (4 positions)");
  EXPECT_EQ(kv.length(0), 0);
}

TEST_F(BatchTest, TruncatingOneSlotLeavesTheOthers) {
  KvCache kv(model_->config(), 2, 16);
  ForwardScratch scratch(model_->config(), 8, 16, pool_.size());
  Batch b;
  b.AddSequence(std::vector<TokenId>{1, 5, 6}, 0, 0, false);
  b.AddSequence(std::vector<TokenId>{1, 7, 8, 9}, 0, 1, true);
  ASSERT_TRUE(model_->Forward(b, kv, scratch, pool_).ok());
  kv.Truncate(0, 1);
  EXPECT_EQ(kv.length(0), 1);
  EXPECT_EQ(kv.length(1), 4);
  b.Clear();
  b.Add(10, 4, 1, true);
  b.Add(11, 1, 0, true);
  ASSERT_TRUE(model_->Forward(b, kv, scratch, pool_).ok());
  const int32_t v = model_->config().n_vocab;
  const std::vector<float> seq1 = Alone({1, 7, 8, 9, 10});
  const std::vector<float> seq0 = Alone({1, 11});
  EXPECT_TRUE(std::equal(seq1.begin(), seq1.end(), scratch.logits()));
  EXPECT_TRUE(std::equal(seq0.begin(), seq0.end(), scratch.logits() + v));
}

}  // namespace
}  // namespace hearth::testing
