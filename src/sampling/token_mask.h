// TokenMask: the place for constrained sampling (a grammar or JSON schema says which tokens
// may come next). The Sampler applies it first, before logit bias and penalties, so
// truncation, the draw and the reported log-probabilities all see the constrained
// distribution.
#pragma once

#include <span>

namespace hearth {

class TokenMask {
 public:
  virtual ~TokenMask() = default;

  // Sets logits[token] = -inf for every token that may not come next. logits: [n_vocab],
  // NaN-free. Called once per Sample(); the owner advances its own state after each chosen
  // token (Sampler::Accept also sees prompt tokens, which a grammar must not).
  virtual void Apply(std::span<float> logits) = 0;
};

}  // namespace hearth
