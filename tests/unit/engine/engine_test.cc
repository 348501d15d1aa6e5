// The engine on stories260K: what a request produces through continuous batching must equal
// what it produces alone and what a plain Session produces; limits are reported, not hidden.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "llm/model.h"
#include "llm/session.h"
#include "sampling/sampler.h"
#include "shared_data.h"
#include "tokenizer/tokenizer.h"

namespace hearth {
namespace {

using std::chrono::milliseconds;

struct Collected {
  std::vector<TokenId> tokens;
  std::string text;
  GenerationResult result;
};

// Reads a stream to its end.
Collected Collect(GenerationStream& stream) {
  Collected c;
  GenerationStream::Event event;
  while (true) {
    if (!stream.Next(event, milliseconds(60000))) {
      ADD_FAILURE() << "the stream stalled";
      return c;
    }
    if (event.done) break;
    c.tokens.push_back(event.token.id);
    c.text += event.token.text;
  }
  c.result = event.result;
  c.text += c.result.trailing_text;
  return c;
}

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto model = Model::Open(testing::SharedPath("models/stories260K.gguf"));
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(*model).release();
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }

  static std::vector<TokenId> Tokens(const std::string& text) {
    return model_->tokenizer().Encode(text, {.add_special = true});
  }

  static GenerationRequest Greedy(const std::string& prompt, int32_t max_tokens) {
    GenerationRequest r;
    r.prompt = Tokens(prompt);
    r.sampling.temperature = 0.0f;
    r.max_tokens = max_tokens;
    return r;
  }

  static Collected Run(Engine& engine, GenerationRequest request) {
    auto stream = engine.Submit(std::move(request));
    EXPECT_TRUE(stream.ok()) << stream.status().ToString();
    if (!stream.ok()) return {};
    return Collect(**stream);
  }

  static Model* model_;
};

Model* EngineTest::model_ = nullptr;

const std::vector<std::string> kPrompts = {
    "Once upon a time", "The little dog", "Lily and Tom went to the park",
    "One day, a bird", "The sun was hot", "There was a big tree",
    "Sam had a red ball", "Mom said"};

TEST_F(EngineTest, GreedyMatchesASession) {
  ThreadPool pool(2);
  Session session(*model_, pool);
  std::vector<TokenId> prompt = Tokens(kPrompts[0]);
  Sampler sampler({.temperature = 0.0f}, model_->config().n_vocab);
  auto logits = session.Decode(prompt);
  ASSERT_TRUE(logits.ok());
  std::vector<TokenId> expected;
  for (int i = 0; i < 24; ++i) {
    const TokenId t = sampler.Sample(*logits);
    if (model_->tokenizer().IsEndOfGeneration(t)) break;
    expected.push_back(t);
    logits = session.Decode(std::span<const TokenId>(&t, 1));
    ASSERT_TRUE(logits.ok());
  }
  Engine engine(*model_, {.n_parallel = 2, .n_threads = 2});
  const Collected got = Run(engine, Greedy(kPrompts[0], 24));
  EXPECT_EQ(got.tokens, expected);
  EXPECT_EQ(got.result.generated_tokens, int32_t(expected.size()));
  EXPECT_EQ(got.result.prompt_tokens, int32_t(prompt.size()));
}

TEST_F(EngineTest, ConcurrentRequestsProduceWhatEachProducesAlone) {
  std::vector<Collected> alone;
  {
    Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
    for (const std::string& p : kPrompts) alone.push_back(Run(engine, Greedy(p, 40)));
  }
  Engine engine(*model_, {.n_parallel = 8, .n_threads = 2});
  std::vector<std::shared_ptr<GenerationStream>> streams;
  for (const std::string& p : kPrompts) {
    auto s = engine.Submit(Greedy(p, 40));
    ASSERT_TRUE(s.ok());
    streams.push_back(*s);
  }
  for (size_t i = 0; i < streams.size(); ++i) {
    const Collected together = Collect(*streams[i]);
    EXPECT_EQ(together.tokens, alone[i].tokens) << kPrompts[i];
    EXPECT_EQ(together.text, alone[i].text) << kPrompts[i];
  }
  EXPECT_GT(engine.Stats().forward_passes_total, 0u);
}

TEST_F(EngineTest, ARepeatedPromptReusesTheCache) {
  Engine engine(*model_, {.n_parallel = 2, .n_threads = 2});
  const Collected first = Run(engine, Greedy(kPrompts[2], 16));
  const Collected second = Run(engine, Greedy(kPrompts[2], 16));
  EXPECT_EQ(first.result.cached_tokens, 0);
  EXPECT_EQ(second.result.cached_tokens, first.result.prompt_tokens - 1);
  EXPECT_EQ(second.tokens, first.tokens);
  // A longer prompt that continues the first conversation reuses all of it.
  GenerationRequest longer = Greedy(kPrompts[2] + ". They played", 8);
  const Collected third = Run(engine, std::move(longer));
  EXPECT_GE(third.result.cached_tokens, first.result.prompt_tokens - 1);
}

TEST_F(EngineTest, StopStringEndsTheTextBeforeIt) {
  Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
  const Collected full = Run(engine, Greedy(kPrompts[0], 40));
  ASSERT_GT(full.text.size(), 20u);
  const std::string stop = full.text.substr(10, 5);
  GenerationRequest r = Greedy(kPrompts[0], 40);
  r.stop = {stop};
  const Collected stopped = Run(engine, std::move(r));
  EXPECT_EQ(stopped.result.reason, FinishReason::kStop);
  EXPECT_EQ(stopped.result.stop_string, stop);
  EXPECT_EQ(stopped.text, full.text.substr(0, full.text.find(stop)));
}

TEST_F(EngineTest, MaxTokensAndIgnoreEos) {
  Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
  GenerationRequest r = Greedy(kPrompts[1], 100);
  r.ignore_eos = true;
  const Collected got = Run(engine, std::move(r));
  EXPECT_EQ(got.result.reason, FinishReason::kLength);
  EXPECT_EQ(got.result.generated_tokens, 100);
  EXPECT_EQ(got.tokens.size(), 100u);
}

TEST_F(EngineTest, TheContextEndsAGeneration) {
  Engine engine(*model_, {.n_parallel = 1, .n_ctx = 32, .n_threads = 2});
  GenerationRequest r = Greedy(kPrompts[0], -1);
  r.ignore_eos = true;
  const Collected got = Run(engine, std::move(r));
  EXPECT_EQ(got.result.reason, FinishReason::kLength);
  // 32 positions hold the prompt and every answer token but the last, which the logits of
  // position 31 chose.
  EXPECT_EQ(got.result.prompt_tokens + got.result.generated_tokens, 33);
}

TEST_F(EngineTest, APromptLongerThanTheContextIsRefusedWithTheNumbers) {
  Engine engine(*model_, {.n_parallel = 1, .n_ctx = 8, .n_threads = 1});
  auto s = engine.Submit(Greedy("Once upon a time, there was a little girl named Lily.", 4));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(s.status().message().find("16 tokens"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("holds 8"), std::string::npos) << s.status().message();
  GenerationRequest bad = Greedy("x", 4);
  bad.prompt.push_back(100000);
  EXPECT_EQ(engine.Submit(std::move(bad)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(engine.Submit(GenerationRequest{}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(EngineTest, AFullQueueIsRefused) {
  Engine engine(*model_, {.n_parallel = 1, .max_queue = 2, .n_threads = 1});
  std::vector<std::shared_ptr<GenerationStream>> streams;
  Status refused;
  for (int i = 0; i < 8 && refused.ok(); ++i) {
    GenerationRequest r = Greedy(kPrompts[0], 400);
    r.ignore_eos = true;
    auto s = engine.Submit(std::move(r));
    if (s.ok()) {
      streams.push_back(*s);
    } else {
      refused = s.status();
    }
  }
  EXPECT_EQ(refused.code(), StatusCode::kResourceExhausted) << refused.ToString();
  EXPECT_LE(streams.size(), 3u);
  for (auto& s : streams) s->Cancel();
  for (auto& s : streams) EXPECT_EQ(Collect(*s).result.reason, FinishReason::kCancelled);
}

TEST_F(EngineTest, CancellingFreesTheSlotAtOnce) {
  Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
  GenerationRequest endless = Greedy(kPrompts[0], -1);
  endless.ignore_eos = true;
  auto first = engine.Submit(std::move(endless));
  ASSERT_TRUE(first.ok());
  GenerationStream::Event event;
  ASSERT_TRUE((*first)->Next(event, milliseconds(10000)));  // it is generating
  (*first)->Cancel();
  const Collected second = Run(engine, Greedy(kPrompts[1], 8));
  EXPECT_EQ(second.result.reason, FinishReason::kLength);
  EXPECT_EQ(Collect(**first).result.reason, FinishReason::kCancelled);
  EXPECT_EQ(engine.Stats().active, 0);
}

// A prompt read while another request generates comes in prompt_chunk pieces, one per pass,
// and the generating stream gets a token from every one of those passes.
TEST_F(EngineTest, APromptIsReadInChunksWhileAnotherStreamGenerates) {
  Engine engine(*model_, {.n_parallel = 2, .n_batch = 64, .prompt_chunk = 4, .n_threads = 2});
  GenerationRequest streaming = Greedy(kPrompts[0], 300);
  streaming.ignore_eos = true;
  auto a = engine.Submit(std::move(streaming));
  ASSERT_TRUE(a.ok());
  GenerationStream::Event event;
  ASSERT_TRUE((*a)->Next(event, milliseconds(10000)));  // it is generating
  GenerationRequest reading = Greedy(kPrompts[2], 1);
  while (reading.prompt.size() < 40) reading.prompt.push_back(reading.prompt.back());
  auto b = engine.Submit(std::move(reading));
  ASSERT_TRUE(b.ok());
  const Collected read = Collect(**b);  // its one token comes from the pass reading its end
  EXPECT_EQ(read.result.generated_tokens, 1);
  // 40 prompt tokens, 4 per pass: 10 passes, each also carrying the stream's next token.
  int streamed = 0;
  while ((*a)->Next(event, milliseconds(0)) && !event.done) ++streamed;
  EXPECT_GE(streamed, 10);
  (*a)->Cancel();
}

TEST_F(EngineTest, SeededSamplingIsReproducible) {
  Engine engine(*model_, {.n_parallel = 2, .n_threads = 2});
  GenerationRequest a = Greedy(kPrompts[3], 30), b = Greedy(kPrompts[3], 30);
  a.sampling.temperature = b.sampling.temperature = 0.9f;
  a.sampling.seed = b.sampling.seed = 1234;
  auto sa = engine.Submit(std::move(a));
  auto sb = engine.Submit(std::move(b));
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(Collect(**sa).tokens, Collect(**sb).tokens);
}

TEST_F(EngineTest, LogProbabilitiesAreReported) {
  Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
  GenerationRequest r = Greedy(kPrompts[4], 5);
  r.n_top_logprobs = 3;
  auto s = engine.Submit(std::move(r));
  ASSERT_TRUE(s.ok());
  GenerationStream::Event event;
  ASSERT_TRUE((*s)->Next(event, milliseconds(10000)));
  ASSERT_FALSE(event.done);
  EXPECT_LE(event.token.logprob, 0.0f);
  ASSERT_EQ(event.token.top_logprobs.size(), 3u);
  EXPECT_EQ(event.token.top_logprobs[0].token, event.token.id);  // greedy: the best one
  EXPECT_FALSE(event.token.piece.empty());
}

}  // namespace
TEST_F(EngineTest, PreservedControlTokensAreOutputAsText) {
  Engine engine(*model_, {.n_parallel = 1, .n_threads = 2});
  const TokenId bos = model_->tokenizer().bos_id();
  GenerationRequest dropped = Greedy(kPrompts[0], 3);
  dropped.sampling.logit_bias = {{bos, 100.0f}};  // the model writes <s> again and again
  GenerationRequest preserved = Greedy(kPrompts[0], 3);
  preserved.sampling.logit_bias = {{bos, 100.0f}};
  preserved.preserved_tokens = {bos};
  const Collected a = Run(engine, std::move(dropped));
  const Collected b = Run(engine, std::move(preserved));
  EXPECT_EQ(a.tokens, (std::vector<TokenId>{bos, bos, bos}));
  EXPECT_EQ(a.text, "");
  EXPECT_EQ(b.text, "<s><s><s>");
}

// Records the budgets the engine gives; allows everything.
class BudgetRecorder final : public TokenConstraint {
 public:
  explicit BudgetRecorder(std::vector<int32_t>& budgets) : budgets_(budgets) {}
  void Apply(std::span<float>) override {}
  void Accept(int32_t) override {}
  bool IsFinished() const override { return false; }
  void SetTokenBudget(int32_t tokens_left) override { budgets_.push_back(tokens_left); }

 private:
  std::vector<int32_t>& budgets_;
};

TEST_F(EngineTest, ConstraintsAreToldTheTokensLeft) {
  Engine engine(*model_, {.n_parallel = 1, .n_ctx = 32, .n_threads = 2});
  std::vector<int32_t> by_max_tokens, by_context;
  GenerationRequest r = Greedy(kPrompts[0], 5);
  r.ignore_eos = true;
  r.constraint = std::make_unique<BudgetRecorder>(by_max_tokens);
  Run(engine, std::move(r));
  EXPECT_EQ(by_max_tokens, (std::vector<int32_t>{5, 4, 3, 2, 1}));
  r = Greedy(kPrompts[0], -1);
  r.ignore_eos = true;
  r.constraint = std::make_unique<BudgetRecorder>(by_context);
  const Collected got = Run(engine, std::move(r));
  ASSERT_FALSE(by_context.empty());
  EXPECT_EQ(by_context.front(), got.result.generated_tokens);
  EXPECT_EQ(by_context.back(), 1);
}

}  // namespace hearth
