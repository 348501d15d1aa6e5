#include "sampling/logprobs.h"

#include <cmath>

namespace hearth::sampling {

void TopLogprobs(std::span<const float> logits, const SoftmaxScale& scale, int32_t n_top,
                 std::vector<TokenLogprob>& out) {
  out.clear();
  if (n_top <= 0 || logits.empty()) return;
  CandidateList best;
  GatherCandidates(logits, n_top, best);
  for (const Candidate& c : best.items) {
    if (c.logit == -INFINITY) continue;
    out.push_back({c.id, scale.LogProb(c.logit)});
  }
}

}  // namespace hearth::sampling
