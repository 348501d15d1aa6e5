// Sampler: chooses the next token from a row of logits through a chain of small stages, in
// llama.cpp's default order (common/sampling.cpp at the reference commit):
//
//   sanitize (NaN -> -inf) -> token mask -> logit bias -> penalties      [full row, in place]
//   -> greedy argmax when temperature <= 0                               [no softmax at all]
//   -> top-k -> top-p -> min-p -> temperature -> seeded draw             [candidates]
//
// One Sampler per sequence; not thread-safe (one engine thread owns it). Any SamplingParams
// are accepted: values ValidateSamplingParams would reject act as "off" (NaN top_p, logit_bias
// entries outside the vocabulary, ...), so user input never crashes it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sampling/candidates.h"
#include "sampling/logprobs.h"
#include "sampling/penalties.h"
#include "sampling/rng.h"
#include "sampling/sampling_params.h"
#include "sampling/token_mask.h"

namespace hearth {

// A chosen token with what the API reports about it.
struct SampledToken {
  int32_t token = 0;
  float logprob = 0.0f;                    // log-probability of `token` (see logprobs.h)
  std::vector<TokenLogprob> top_logprobs;  // the most likely alternatives, best first
};

class Sampler {
 public:
  // n_vocab: the model's vocabulary size (> 0); every logits row has this length.
  Sampler(const SamplingParams& params, int32_t n_vocab);

  Sampler(Sampler&&) = default;
  Sampler& operator=(Sampler&&) = default;
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Chooses the next token from logits [n_vocab] (not modified: the stages work on an
  // internal copy). Does not Accept() it: the caller does, once the token is kept.
  int32_t Sample(std::span<const float> logits);

  // Sample() that also reports the chosen token's log-probability and the n_top_logprobs most
  // likely tokens: log-softmax over the full vocabulary after mask, bias and penalties, before
  // truncation and temperature. Chooses exactly the token Sample() would (same RNG use).
  SampledToken SampleWithLogprobs(std::span<const float> logits, int32_t n_top_logprobs);

  // Adds a token to the penalty history (prompt tokens too).
  void Accept(int32_t token);
  // Clears the history and reseeds: the same seed again, or a new random one for kRandomSeed
  // (as llama.cpp's dist sampler does).
  void Reset();

  // Constrains the following Sample() calls (nullptr: no constraint). Not owned: it must
  // outlive its use here.
  void SetTokenMask(TokenMask* mask) { mask_ = mask; }

  uint64_t seed() const { return seed_; }                   // the seed actually used
  const SamplingParams& params() const { return params_; }  // as used: invalid values -> off
  int32_t n_vocab() const { return n_vocab_; }

 private:
  // Fills adjusted_ with the logits after sanitize, mask, logit bias and penalties.
  void AdjustLogits(std::span<const float> logits);
  // Greedy, or the truncation stages and the draw, over adjusted_ (left unchanged).
  int32_t Choose();
  // Top-k off, min-p on: top-k + top-p + min-p into candidates_ without gathering the row.
  void GatherMinPSurvivors();

  SamplingParams params_;
  int32_t n_vocab_;
  uint64_t seed_;
  sampling::SamplingRng rng_;
  sampling::PenaltyHistory history_;
  sampling::PenaltyParams penalties_;
  TokenMask* mask_ = nullptr;
  std::vector<float> adjusted_;         // [n_vocab] scratch: the row after the in-place stages
  sampling::CandidateList candidates_;  // scratch: what truncation leaves
};

}  // namespace hearth
