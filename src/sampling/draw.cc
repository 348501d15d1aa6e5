#include "sampling/draw.h"

#include <algorithm>

#include "base/check.h"
#include "sampling/softmax.h"

namespace hearth::sampling {
namespace {

// The candidate inside [begin, end) where the running sum (cumulative before the block) first
// exceeds target; if rounding keeps it below, the last candidate of the block that can be
// drawn. The block has weight > 0.
size_t WalkBlock(std::span<const float> weights, size_t begin, size_t end, double cumulative,
                 double target) {
  size_t last_possible = begin;
  for (size_t i = begin; i < end; ++i) {
    if (weights[i] <= 0.0f) continue;
    cumulative += weights[i];
    last_possible = i;
    if (cumulative > target) return i;
  }
  return last_possible;
}

}  // namespace

TokenId DrawCandidate(CandidateList& list, double uniform) {
  const auto& items = list.items;
  HEARTH_CHECK(!items.empty());
  CandidateWeights(items, list.weights);
  const std::span<const float> weights = list.weights;
  const double total = SumWeights(weights);
  if (total <= 0.0) return items.front().id;
  const double target = uniform * total;

  // Same blocks, same order as SumWeights: the running sum ends exactly at total.
  double cumulative = 0.0;
  size_t last_block = 0;
  for (size_t b = 0; b < weights.size(); b += kSumBlock) {
    const size_t end = std::min(b + kSumBlock, weights.size());
    const double block = BlockSum(weights.subspan(b, end - b));
    if (block <= 0.0) continue;
    last_block = b;
    if (cumulative + block > target)
      return items[WalkBlock(weights, b, end, cumulative, target)].id;
    cumulative += block;
  }
  // uniform * total rounded up to total: the last candidate that can be drawn.
  const size_t end = std::min(last_block + kSumBlock, weights.size());
  return items[WalkBlock(weights, last_block, end, cumulative, INFINITY)].id;
}

}  // namespace hearth::sampling
