#include "sampling/logit_adjust.h"

#include <cmath>

#include "base/check.h"

namespace hearth::sampling {

void SanitizeLogits(std::span<const float> logits, std::span<float> out) {
  HEARTH_CHECK(logits.size() == out.size());
  const size_t n = logits.size();
  for (size_t i = 0; i < n; ++i) {
    const float x = logits[i];
    out[i] = x != x ? -INFINITY : x;  // x != x: NaN (written so the loop vectorizes)
  }
}

void ApplyLogitBias(std::span<const LogitBias> biases, std::span<float> logits) {
  const auto n_vocab = static_cast<TokenId>(logits.size());
  for (const auto& [token, bias] : biases) {
    if (token < 0 || token >= n_vocab) continue;
    float& logit = logits[static_cast<size_t>(token)];
    logit = bias == -INFINITY ? -INFINITY : logit + bias;
  }
}

void ApplyTemperature(CandidateList& list, float temperature) {
  HEARTH_CHECK(temperature > 0.0f);
  for (Candidate& c : list.items) c.logit /= temperature;
}

}  // namespace hearth::sampling
