// Repetition, presence and frequency penalties over a window of recent tokens.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <unordered_map>

#include "sampling/candidates.h"

namespace hearth::sampling {

// The last `window` accepted tokens (prompt and generated) and how often each occurs there.
// Accept is O(1); the count map holds at most `window` entries (distinct tokens).
class PenaltyHistory {
 public:
  // window > 0: the last `window` tokens; -1: every token accepted; 0: nothing is kept.
  explicit PenaltyHistory(int32_t window);

  void Accept(TokenId token);
  void Clear();

  // token -> occurrences in the window (only tokens that occur).
  const std::unordered_map<TokenId, int32_t>& counts() const { return counts_; }

 private:
  int32_t window_;
  std::deque<TokenId> recent_;  // [min(window, accepted)], oldest first; empty when window <= 0
  std::unordered_map<TokenId, int32_t> counts_;
};

struct PenaltyParams {
  float repeat = 1.0f;     // llama.cpp: logit > 0 -> logit / repeat, else logit * repeat
  float presence = 0.0f;   // OpenAI: logit -= presence once a token occurs
  float frequency = 0.0f;  // OpenAI: logit -= frequency * count

  bool enabled() const { return repeat != 1.0f || presence != 0.0f || frequency != 0.0f; }
};

// Penalizes every token of history.counts() in logits [n_vocab], as llama.cpp's penalties
// sampler does: the repetition penalty first, then frequency and presence subtracted. Costs
// O(distinct tokens in the window); ids outside [0, n_vocab) are skipped.
void ApplyPenalties(const PenaltyHistory& history, const PenaltyParams& params,
                    std::span<float> logits);

}  // namespace hearth::sampling
