// The forward pass against the reference engine: every llama / qwen2 fixture in
// ../shared/fixtures/logits, through three paths (the whole prompt in one batch, token by
// token, and chunks of 5), plus greedy generation. Prints a summary table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "llm/model.h"
#include "llm/session.h"
#include "llm_test_util.h"

namespace hearth::testing {
namespace {

// Logits of every prompt token through a session with the given batch size; when
// `one_at_a_time`, each token is its own Decode call.
std::vector<float> PromptLogits(const Model& model, ThreadPool& pool, const LogitsFixture& f,
                                int32_t n_batch, bool one_at_a_time) {
  Session session(model, pool, {.n_ctx = 256, .n_batch = n_batch});
  if (!one_at_a_time) {
    auto logits = session.Decode(f.tokens, /*all_logits=*/true);
    EXPECT_TRUE(logits.ok()) << logits.status().ToString();
    return logits.ok() ? std::vector<float>(logits->begin(), logits->end()) : std::vector<float>{};
  }
  std::vector<float> rows;
  for (TokenId token : f.tokens) {
    auto logits = session.Decode(std::span<const TokenId>(&token, 1));
    EXPECT_TRUE(logits.ok()) << logits.status().ToString();
    if (!logits.ok()) return {};
    rows.insert(rows.end(), logits->begin(), logits->end());
  }
  return rows;
}

struct ModelSummary {
  std::string model;
  float max_diff = 0.0f;         // worst |ours - reference| over prompts and paths
  int rows_close = 0, rows = 0;  // prompt rows (whole-batch path) within 1e-3 of the reference
  float max_path_diff = 0.0f;    // worst disagreement between our three paths
  int top1_agree = 0, top1_compared = 0, top1_ambiguous = 0;
  int greedy_matched = 0, greedy_compared = 0;
  std::string greedy_stops;
};

// Top-1 of each prompt row, where the reference's margin exceeds twice the row's error (a
// swap needs both logits to move).
void CheckTop1(const LogitsFixture& f, const std::vector<float>& ours, ModelSummary& s) {
  const size_t v = size_t(f.n_vocab);
  for (size_t t = 0; t < f.tokens.size(); ++t) {
    const std::span<const float> mine(ours.data() + t * v, v), ref(f.logits.data() + t * v, v);
    const float err = MaxAbsDiff(mine, ref);
    ++s.rows;
    s.rows_close += err < 1e-3f ? 1 : 0;
    if (f.top1_margin[t] <= 2.0f * err) {
      ++s.top1_ambiguous;
      continue;
    }
    ++s.top1_compared;
    const bool agree = Argmax(mine) == Argmax(ref);
    s.top1_agree += agree ? 1 : 0;
    EXPECT_TRUE(agree) << f.name << " row " << t << ": top-1 " << Argmax(mine) << " vs "
                       << Argmax(ref) << " (margin " << f.top1_margin[t] << ", error " << err
                       << ")";
  }
}

// Greedy tokens must match until the first step whose reference margin is within twice the
// model's measured error (after that a swap of the top two is legitimate and the texts may
// diverge).
void CheckGreedy(const Model& model, ThreadPool& pool, const LogitsFixture& f, float err,
                 ModelSummary& s) {
  Session session(model, pool, {.n_ctx = 256});
  auto greedy = GreedyTokens(session, f.tokens, int(f.greedy.size()));
  ASSERT_TRUE(greedy.ok()) << greedy.status().ToString();
  for (size_t i = 0; i < f.greedy.size(); ++i) {
    if (f.greedy_top1_margin[i] <= 2.0f * err) {
      s.greedy_stops += " p" + f.name.substr(f.name.size() - 1) + "@" + std::to_string(i);
      return;
    }
    ++s.greedy_compared;
    s.greedy_matched += (*greedy)[i] == f.greedy[i] ? 1 : 0;
    ASSERT_EQ((*greedy)[i], f.greedy[i]) << f.name << " greedy step " << i << ", margin "
                                         << f.greedy_top1_margin[i] << ", error " << err;
  }
}

// Bounds on |ours - reference|, from the measured figures with headroom. The trained model
// and F16 weights see only accumulation-order differences; the random-weight models with
// 8-bit (or coarser) activations are chaotic: a 1e-7 difference that flips one activation's
// quantization or one f16-rounded attention probability moves later logits by 0.1-0.3.
float Tolerance(const std::string& model) {
  if (model == "stories260K") return 1e-2f;
  if (model.find("-F16") != std::string::npos) return 2e-2f;
  if (model.find("-BF16") != std::string::npos) return 0.1f;
  return 0.5f;
}

ModelSummary CheckModel(const std::string& stem, ThreadPool& pool) {
  ModelSummary s;
  s.model = stem;
  const std::vector<LogitsFixture> fixtures = LoadLogitsFixtures(stem);
  EXPECT_FALSE(fixtures.empty()) << stem;
  if (fixtures.empty()) return s;
  auto model = Model::Open(fixtures[0].model_path);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return s;
  for (const LogitsFixture& f : fixtures) {
    SCOPED_TRACE(f.name);
    const std::vector<float> whole = PromptLogits(**model, pool, f, 512, false);
    const std::vector<float> single = PromptLogits(**model, pool, f, 512, true);
    const std::vector<float> chunks = PromptLogits(**model, pool, f, 5, false);
    EXPECT_EQ(whole.size(), f.logits.size());
    if (whole.size() != f.logits.size()) continue;
    s.max_diff = std::max({s.max_diff, MaxAbsDiff(whole, f.logits), MaxAbsDiff(single, f.logits),
                           MaxAbsDiff(chunks, f.logits)});
    s.max_path_diff =
        std::max({s.max_path_diff, MaxAbsDiff(whole, single), MaxAbsDiff(whole, chunks)});
    CheckTop1(f, whole, s);
  }
  for (const LogitsFixture& f : fixtures) CheckGreedy(**model, pool, f, s.max_diff, s);
  EXPECT_LT(s.max_diff, Tolerance(stem)) << stem;
  EXPECT_LT(s.max_path_diff, Tolerance(stem)) << stem;
  return s;
}

TEST(ReferenceLogits, EveryLlamaAndQwen2FixtureMatches) {
  const std::vector<std::string> models = LlamaFamilyFixtureModels();
  ASSERT_GE(models.size(), 15u);
  ThreadPool pool(2);
  std::vector<ModelSummary> rows;
  for (const std::string& stem : models) rows.push_back(CheckModel(stem, pool));
  std::printf(
      "\n| model | max abs diff | rows within 1e-3 | max diff between our paths | top-1 agree / "
      "compared (ambiguous) | greedy matched / compared (stopped at) |\n"
      "|---|---|---|---|---|---|\n");
  for (const ModelSummary& s : rows) {
    std::printf("| %s | %.2e | %d / %d | %.1e | %d / %d (%d) | %d / %d (%s) |\n", s.model.c_str(),
                s.max_diff, s.rows_close, s.rows, s.max_path_diff, s.top1_agree, s.top1_compared,
                s.top1_ambiguous, s.greedy_matched, s.greedy_compared,
                s.greedy_stops.empty() ? "-" : s.greedy_stops.c_str() + 1);
  }
}

}  // namespace
}  // namespace hearth::testing
