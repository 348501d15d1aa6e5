#include "sampling/truncation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "sampling/softmax.h"

namespace hearth::sampling {
namespace {

// Unsorted lists longer than this take the histogram path.
constexpr size_t kTopPSortMax = 1024;
// Histogram of (max logit - logit): 32 buckets per nat over 32 nats, then one bucket for the
// rest (weights below e^-32 of the best).
constexpr float kBucketsPerNat = 32.0f;
constexpr size_t kBuckets = 32 * 32 + 1;

uint32_t BucketOf(float max_logit, float logit) {
  const float distance = (max_logit - logit) * kBucketsPerNat;  // >= 0; +inf for -inf logits
  constexpr auto kLast = static_cast<uint32_t>(kBuckets - 1);
  return distance < static_cast<float>(kLast) ? static_cast<uint32_t>(distance) : kLast;
}

// The sorted walk: sorts the list (short, or already sorted) and keeps the prefix whose mass
// reaches top_p * total_mass. list.weights holds CandidateWeights(list.items).
void TopPInOrder(CandidateList& list, float top_p, double total_mass) {
  if (!list.sorted) {
    SortPrefix(list, list.items.size());
    CandidateWeights(list.items, list.weights);  // in the new order
  }
  const double target = static_cast<double>(top_p) * total_mass;
  double cumulative = 0.0;
  for (size_t i = 0; i < list.items.size(); ++i) {
    cumulative += list.weights[i];
    if (cumulative >= target) {
      list.items.resize(i + 1);
      return;
    }
  }
  // The running sum stayed under the target (rounding, or a partial row): keep everything.
}

// The histogram path for a long unsorted list whose best logit is finite; list.weights holds
// CandidateWeights(list.items).
void TopPByHistogram(CandidateList& list, float top_p, float max_logit, double total_mass) {
  auto& items = list.items;
  const auto& weights = list.weights;  // CandidateWeights(items)
  const double target = static_cast<double>(top_p) * total_mass;
  std::array<double, kBuckets> mass{};
  for (size_t i = 0; i < items.size(); ++i) mass[BucketOf(max_logit, items[i].logit)] += weights[i];
  uint32_t edge_bucket = kBuckets - 1;
  double above_edge = 0.0;  // mass of the buckets before edge_bucket
  for (uint32_t b = 0; b < kBuckets; ++b) {
    if (above_edge + mass[b] >= target) {
      edge_bucket = b;
      break;
    }
    above_edge += mass[b];
  }
  // Keep every bucket above the edge in place; sort the edge bucket and keep its best part.
  std::vector<Candidate> edge;
  for (const Candidate& c : items) {
    if (BucketOf(max_logit, c.logit) == edge_bucket) edge.push_back(c);
  }
  Candidate* data = items.data();
  size_t kept = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Candidate c = data[i];
    data[kept] = c;  // kept <= i: that slot was already read
    kept += BucketOf(max_logit, c.logit) < edge_bucket ? 1 : 0;  // no branch: looks random
  }
  std::sort(edge.begin(), edge.end(), Better);
  const SoftmaxScale scale{.max_logit = max_logit};
  double cumulative = above_edge;
  for (const Candidate& c : edge) {
    items[kept++] = c;
    cumulative += scale.Weight(c.logit);
    if (cumulative >= target) break;
  }
  items.resize(kept);
  list.sorted = false;
}

// list.weights holds CandidateWeights(list.items), whose maximum is max_logit.
void TopPWithWeights(CandidateList& list, float top_p, float max_logit, double total_mass) {
  if (list.sorted || list.items.size() <= kTopPSortMax || !std::isfinite(max_logit)) {
    TopPInOrder(list, top_p, total_mass);  // (+inf tokens holding all the mass: rare, sorted)
    return;
  }
  TopPByHistogram(list, top_p, max_logit, total_mass);
}

}  // namespace

void TopP(CandidateList& list, float top_p) {
  if (top_p >= 1.0f || list.items.size() <= 1) return;
  const float max_logit = CandidateWeights(list.items, list.weights);
  TopPWithWeights(list, top_p, max_logit, SumWeights(list.weights));
}

void TopPOfRow(CandidateList& list, float top_p, double row_mass) {
  if (top_p >= 1.0f || list.items.size() <= 1) return;
  const float max_logit = CandidateWeights(list.items, list.weights);
  TopPWithWeights(list, top_p, max_logit, row_mass);
}

float MinPFloor(float max_logit, float min_p) {
  return max_logit + std::log(std::min(min_p, 1.0f));
}

void MinP(CandidateList& list, float min_p) {
  auto& items = list.items;
  if (min_p <= 0.0f || items.size() <= 1) return;
  const float max_logit = list.sorted ? items.front().logit : MaxCandidateLogit(items);
  const float threshold = MinPFloor(max_logit, min_p);
  if (list.sorted) {
    size_t keep = 1;  // the best always stays
    while (keep < items.size() && items[keep].logit >= threshold) ++keep;
    items.resize(keep);
    return;
  }
  // A branch is right here: min-p usually keeps a few tokens, so it is well predicted.
  std::erase_if(items, [threshold](const Candidate& c) { return c.logit < threshold; });
}

}  // namespace hearth::sampling
