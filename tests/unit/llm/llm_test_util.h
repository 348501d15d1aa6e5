// Helpers for the llm tests: the reference engine's logits fixtures
// (../shared/fixtures/logits, see ../shared/README.md), comparisons of logit rows, and greedy
// generation with a Session.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "llm/session.h"

namespace hearth::testing {

// One fixture: a prompt run through a model by the reference engine.
struct LogitsFixture {
  std::string name;        // "llama-Q8_0__p1"
  std::string model_path;  // absolute path of the model file
  std::vector<TokenId> tokens;
  int32_t n_vocab = 0;
  std::vector<float> logits;  // [tokens.size()][n_vocab]
  std::vector<float> top1_margin;
  std::vector<TokenId> greedy;
  std::vector<float> greedy_top1_margin;
};

// The fixtures of `model_stem` ("llama-Q8_0", "stories260K"), in prompt order.
std::vector<LogitsFixture> LoadLogitsFixtures(const std::string& model_stem);

// The model stems of every fixture whose model is a llama or qwen2 architecture.
std::vector<std::string> LlamaFamilyFixtureModels();

int32_t Argmax(std::span<const float> row);
float MaxAbsDiff(std::span<const float> a, std::span<const float> b);

// Greedy continuation: decodes `prompt`, then appends the argmax `n` times. The first token
// is the prompt's argmax.
Result<std::vector<TokenId>> GreedyTokens(Session& session, std::span<const TokenId> prompt, int n);

}  // namespace hearth::testing
