// Softmax pieces shared by the stages, written so GCC vectorizes them at the baseline ISA
// (SSE2 / NEON): a fast exp, maxima and sums in 8 independent lanes, sums in fixed-size blocks.
// The order of every floating-point operation is fixed by this code, not by the compiler
// (no -ffast-math), so results are the same on every machine. +inf logits share all the mass;
// -inf logits weigh exactly 0.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sampling/candidates.h"

namespace hearth::sampling {

// Sums run over blocks of this many weights (each in 8 float lanes), then block by block in
// double: DrawCandidate walks the same blocks, so its running sum reaches SumWeights exactly.
inline constexpr size_t kSumBlock = 256;

// exp(x) for x <= 0 (a softmax argument logit - max): relative error < 3e-7 down to -87,
// exactly 0 below -87.3 (and for -inf), exactly 1 at 0. Inline and branch-free so loops over
// it vectorize.
inline float FastExp(float x) {
  constexpr float kLowest = -87.3f;  // below: exp leaves float's normal range
  // exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (ln 2 split
  // in two parts, Cody-Waite, so n * ln2_hi is exact), exp(r) by its Taylor polynomial.
  const float xc = x < kLowest ? kLowest : x;
  const float z = xc * 1.44269504088896341f;
  const float n = (z + 12582912.0f) - 12582912.0f;  // round to nearest: 1.5 * 2^23 trick
  const float r = (xc - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const float two_to_n = std::bit_cast<float>((static_cast<int32_t>(n) + 127) << 23);
  return x < kLowest ? 0.0f : p * two_to_n;
}

// The largest value; -inf for an empty span. values: NaN-free.
float MaxLogit(std::span<const float> values);

// Sum of one block of at most kSumBlock weights, and of any number of weights block by block.
double BlockSum(std::span<const float> weights);
double SumWeights(std::span<const float> weights);

// weights[i] = unnormalized probability of candidates[i] (exp(logit - max); 1 or 0 when the
// max is +inf; all 0 when every logit is -inf). Returns the max logit. weights is resized.
float CandidateWeights(std::span<const Candidate> candidates, std::vector<float>& weights);

struct SoftmaxScale {
  float max_logit = -INFINITY;
  double sum = 0.0;  // sum of Weight(logit) over the logits it was computed from

  // Unnormalized probability: FastExp(logit - max_logit); 1 or 0 when max_logit is +inf.
  float Weight(float logit) const;
  // log(Weight(logit) / sum) without underflow: logit - max - log(sum) for finite logits.
  float LogProb(float logit) const;
};

// logits: [n], NaN-free. An empty span or all -inf gives sum 0 (nothing to normalize).
SoftmaxScale ComputeSoftmaxScale(std::span<const float> logits);

}  // namespace hearth::sampling
