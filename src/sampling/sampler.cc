#include "sampling/sampler.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "base/check.h"
#include "sampling/draw.h"
#include "sampling/logit_adjust.h"
#include "sampling/softmax.h"
#include "sampling/truncation.h"

namespace hearth {
namespace {

// Replaces what ValidateSamplingParams would reject by the value that turns the stage off.
SamplingParams WithInvalidValuesOff(SamplingParams p, int32_t n_vocab) {
  if (std::isnan(p.temperature)) p.temperature = 1.0f;
  p.temperature = std::min(p.temperature, FLT_MAX);  // +inf would turn inf / inf into NaN
  if (std::isnan(p.top_p)) p.top_p = 1.0f;
  if (std::isnan(p.min_p)) p.min_p = 0.0f;
  if (!std::isfinite(p.repeat_penalty) || p.repeat_penalty <= 0.0f) p.repeat_penalty = 1.0f;
  if (!std::isfinite(p.presence_penalty)) p.presence_penalty = 0.0f;
  if (!std::isfinite(p.frequency_penalty)) p.frequency_penalty = 0.0f;
  if (p.repeat_last_n < -1) p.repeat_last_n = 0;
  std::erase_if(p.logit_bias, [n_vocab](const std::pair<int32_t, float>& entry) {
    return entry.first < 0 || entry.first >= n_vocab || std::isnan(entry.second) ||
           entry.second == INFINITY;
  });
  return p;
}

}  // namespace

Sampler::Sampler(const SamplingParams& params, int32_t n_vocab)
    : params_(WithInvalidValuesOff(params, n_vocab)),
      n_vocab_(n_vocab),
      seed_(sampling::ResolveSeed(params.seed)),
      rng_(seed_),
      history_(params_.repeat_last_n),
      penalties_{.repeat = params_.repeat_penalty,
                 .presence = params_.presence_penalty,
                 .frequency = params_.frequency_penalty},
      adjusted_(static_cast<size_t>(n_vocab > 0 ? n_vocab : 0)) {
  HEARTH_CHECK(n_vocab > 0) << "Sampler needs a vocabulary, got n_vocab " << n_vocab;
}

int32_t Sampler::Sample(std::span<const float> logits) {
  AdjustLogits(logits);
  return Choose();
}

SampledToken Sampler::SampleWithLogprobs(std::span<const float> logits, int32_t n_top_logprobs) {
  AdjustLogits(logits);
  SampledToken out;
  out.token = Choose();
  const sampling::SoftmaxScale scale = sampling::ComputeSoftmaxScale(adjusted_);
  out.logprob = scale.LogProb(adjusted_[static_cast<size_t>(out.token)]);
  sampling::TopLogprobs(adjusted_, scale, n_top_logprobs, out.top_logprobs);
  return out;
}

void Sampler::Accept(int32_t token) { history_.Accept(token); }

void Sampler::Reset() {
  history_.Clear();
  seed_ = sampling::ResolveSeed(params_.seed);
  rng_ = sampling::SamplingRng(seed_);
}

void Sampler::AdjustLogits(std::span<const float> logits) {
  HEARTH_CHECK(logits.size() == adjusted_.size())
      << "logits row has " << logits.size() << " entries, the vocabulary " << n_vocab_;
  sampling::SanitizeLogits(logits, adjusted_);
  if (mask_ != nullptr) mask_->Apply(adjusted_);
  sampling::ApplyLogitBias(params_.logit_bias, adjusted_);
  sampling::ApplyPenalties(history_, penalties_, adjusted_);
}

int32_t Sampler::Choose() {
  if (params_.temperature <= 0.0f) return sampling::Argmax(adjusted_);
  const bool top_k_on = params_.top_k > 0 && params_.top_k < n_vocab_;
  if (!top_k_on && params_.min_p > 0.0f) {
    GatherMinPSurvivors();
  } else {
    sampling::GatherCandidates(adjusted_, params_.top_k, candidates_);
    sampling::TopP(candidates_, params_.top_p);
    sampling::MinP(candidates_, params_.min_p);
  }
  sampling::ApplyTemperature(candidates_, params_.temperature);
  return sampling::DrawCandidate(candidates_, rng_.NextUniform());
}

void Sampler::GatherMinPSurvivors() {
  // Top-p keeps a best-first prefix of the row and min-p then cuts that prefix at its floor, so
  // gathering only the tokens at or above the floor and measuring top-p against the whole
  // row's mass keeps exactly the same tokens, without a candidate per vocabulary entry.
  sampling::SoftmaxScale row;
  if (params_.top_p < 1.0f) {
    row = sampling::ComputeSoftmaxScale(adjusted_);
  } else {
    row.max_logit = sampling::MaxLogit(adjusted_);
  }
  sampling::GatherAtLeast(adjusted_, sampling::MinPFloor(row.max_logit, params_.min_p),
                          candidates_);
  sampling::TopPOfRow(candidates_, params_.top_p, row.sum);
}

}  // namespace hearth
