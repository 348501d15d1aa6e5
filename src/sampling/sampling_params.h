// SamplingParams: how one request chooses its tokens. Per-request options (STYLE: options by
// lifetime): a Sampler is built from them for one sequence. Defaults are llama.cpp's
// common_params_sampling defaults (see docs/architecture.md, "Sampling").
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "base/status.h"

namespace hearth {

// SamplingParams::seed value that asks for a seed from std::random_device (llama.cpp's
// LLAMA_DEFAULT_SEED). Sampler::seed() reports the seed actually drawn.
inline constexpr uint64_t kRandomSeed = 0xFFFFFFFF;

struct SamplingParams {
  float temperature = 0.8f;       // <= 0: greedy (argmax, ties -> lowest id)
  int32_t top_k = 40;             // <= 0: off
  float top_p = 0.95f;            // >= 1: off
  float min_p = 0.05f;            // <= 0: off
  float repeat_penalty = 1.0f;    // 1: off; > 0. Divides positive logits, multiplies negative ones.
  int32_t repeat_last_n = 64;     // tokens of history the penalties look at; -1 = all, 0 = off
  float presence_penalty = 0.0f;  // OpenAI: logit -= presence_penalty if count > 0
  float frequency_penalty = 0.0f;  // OpenAI: logit -= frequency_penalty * count
  uint64_t seed = kRandomSeed;     // kRandomSeed: pick one from std::random_device
  std::vector<std::pair<int32_t, float>> logit_bias = {};  // token -> additive bias; -inf bans
};

// Checks params against a vocabulary of n_vocab tokens; the message names the field and value,
// for the API to return verbatim. Sampler accepts any params (invalid values act as "off", see
// sampler.h), so calling this is how a caller turns bad user input into an error.
Status ValidateSamplingParams(const SamplingParams& params, int32_t n_vocab);

}  // namespace hearth
