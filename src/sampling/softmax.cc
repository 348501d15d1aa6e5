#include "sampling/softmax.h"

#include <algorithm>
#include <cstdint>

#include "sampling/lanes.h"

namespace hearth::sampling {
namespace {

constexpr size_t kLanes = 8;

// FastExp(x - shift) summed over one block in kLanes float lanes.
HEARTH_SAMPLING_CLONES double BlockSumExp(std::span<const float> values, float shift) {
  float lane[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= values.size(); i += kLanes) {
    for (size_t j = 0; j < kLanes; ++j) lane[j] += FastExp(values[i + j] - shift);
  }
  for (size_t j = 0; i < values.size(); ++i, ++j) lane[j] += FastExp(values[i] - shift);
  double sum = 0.0;
  for (float x : lane) sum += x;
  return sum;
}

// values[i] = FastExp(values[i] - shift).
HEARTH_SAMPLING_CLONES void ExpShiftedInPlace(std::span<float> values, float shift) {
  for (float& v : values) v = FastExp(v - shift);
}

}  // namespace

float MaxLogit(std::span<const float> values) {
  const Vec4 lowest = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
  Vec4 a = lowest, b = lowest;  // two accumulators: independent maxps chains
  size_t i = 0;
  for (; i + 8 <= values.size(); i += 8) {
    a = Max4(Load4(values.data() + i), a);
    b = Max4(Load4(values.data() + i + 4), b);
  }
  float max = HorizontalMax(Max4(a, b));
  for (; i < values.size(); ++i) max = values[i] > max ? values[i] : max;
  return max;
}

double BlockSum(std::span<const float> weights) {
  float lane[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= weights.size(); i += kLanes) {
    for (size_t j = 0; j < kLanes; ++j) lane[j] += weights[i + j];
  }
  for (size_t j = 0; i < weights.size(); ++i, ++j) lane[j] += weights[i];
  double sum = 0.0;
  for (float x : lane) sum += x;
  return sum;
}

double SumWeights(std::span<const float> weights) {
  double sum = 0.0;
  for (size_t b = 0; b < weights.size(); b += kSumBlock) {
    sum += BlockSum(weights.subspan(b, std::min(kSumBlock, weights.size() - b)));
  }
  return sum;
}

float CandidateWeights(std::span<const Candidate> candidates, std::vector<float>& weights) {
  const size_t n = candidates.size();
  weights.resize(n);
  for (size_t i = 0; i < n; ++i) weights[i] = candidates[i].logit;
  const float max = MaxLogit(weights);
  if (max == INFINITY) {
    for (float& w : weights) w = w == INFINITY ? 1.0f : 0.0f;
  } else if (max == -INFINITY) {
    std::fill(weights.begin(), weights.end(), 0.0f);
  } else {
    ExpShiftedInPlace(weights, max);
  }
  return max;
}

float SoftmaxScale::Weight(float logit) const {
  if (max_logit == INFINITY) return logit == INFINITY ? 1.0f : 0.0f;
  if (logit == -INFINITY) return 0.0f;
  return FastExp(logit - max_logit);
}

float SoftmaxScale::LogProb(float logit) const {
  if (sum <= 0.0 || logit == -INFINITY) return -INFINITY;
  if (max_logit == INFINITY) {
    return logit == INFINITY ? static_cast<float>(-std::log(sum)) : -INFINITY;
  }
  return static_cast<float>(static_cast<double>(logit - max_logit) - std::log(sum));
}

SoftmaxScale ComputeSoftmaxScale(std::span<const float> logits) {
  SoftmaxScale scale;
  scale.max_logit = MaxLogit(logits);
  if (scale.max_logit == -INFINITY) return scale;
  if (scale.max_logit == INFINITY) {
    scale.sum = static_cast<double>(std::count(logits.begin(), logits.end(), INFINITY));
    return scale;
  }
  for (size_t b = 0; b < logits.size(); b += kSumBlock) {
    scale.sum +=
        BlockSumExp(logits.subspan(b, std::min(kSumBlock, logits.size() - b)), scale.max_logit);
  }
  return scale;
}

}  // namespace hearth::sampling
