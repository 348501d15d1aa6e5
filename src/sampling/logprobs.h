// Log-probabilities for the API's logprobs / top_logprobs: log-softmax over the full
// vocabulary, before truncation and temperature (as OpenAI reports them).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sampling/softmax.h"

namespace hearth {

struct TokenLogprob {
  int32_t token;
  float logprob;  // natural log; -inf for a banned token
};

namespace sampling {

// The n_top most likely tokens of logits [n_vocab] in Better order (ties -> lower id) with
// their log-probabilities under `scale` (ComputeSoftmaxScale(logits)). Banned (-inf) tokens
// are left out, so there may be fewer than n_top; n_top <= 0 gives none.
void TopLogprobs(std::span<const float> logits, const SoftmaxScale& scale, int32_t n_top,
                 std::vector<TokenLogprob>& out);

}  // namespace sampling
}  // namespace hearth
