// TokenConstraint: a TokenMask that also follows the generated text, for constrained
// generation (a grammar, a JSON schema). The engine applies it before each sample, tells it
// each chosen token, and ends the generation when it says the text is complete.
//
// One instance per request; used only on the engine thread.
#pragma once

#include <cstdint>

#include "sampling/token_mask.h"

namespace hearth {

class TokenConstraint : public TokenMask {
 public:
  // Advances past `token`, which Apply() allowed.
  virtual void Accept(int32_t token) = 0;
  // True when the text so far is complete and nothing may follow it (the engine stops with
  // FinishReason::kStop). A constraint that allows more after a complete text instead allows
  // the end-of-generation tokens in Apply().
  virtual bool IsFinished() const = 0;
  // How many tokens may still be generated, this one included, before the output is cut
  // (max_tokens or the context). Called before each Apply(); a constraint may use it to steer
  // toward a complete text in time (a JSON value that parses even when max_tokens is near).
  virtual void SetTokenBudget(int32_t tokens_left) { (void)tokens_left; }
};

}  // namespace hearth
