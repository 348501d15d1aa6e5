#include "sampling/candidates.h"

#include <algorithm>
#include <cmath>

#include "base/check.h"
#include "sampling/lanes.h"
#include "sampling/softmax.h"

namespace hearth::sampling {
namespace {

// Above this share of the vocabulary a bounded heap does more work than nth_element.
constexpr size_t kHeapMaxShareDivisor = 8;

// Every token whose logit is >= floor and above -inf, in id order. Blocks of eight entirely
// under the floor are skipped with one vector max (min-p's floor leaves few tokens); inside a
// block a branch per token, well predicted when nearly all or nearly none pass.
void CollectAtLeast(std::span<const float> logits, float floor, std::vector<Candidate>& out) {
  out.clear();
  out.reserve(logits.size());
  const auto offer = [&](size_t i) {
    if (logits[i] >= floor && logits[i] != -INFINITY) {
      out.push_back({static_cast<TokenId>(i), logits[i]});
    }
  };
  size_t i = 0;
  for (; i + 8 <= logits.size(); i += 8) {
    if (MaxOfEight(logits.data() + i) < floor) continue;
    for (size_t j = i; j < i + 8; ++j) offer(j);
  }
  for (; i < logits.size(); ++i) offer(i);
}

// Keeps the argmax when every logit is -inf, so a token can still be chosen.
void KeepOneIfEmpty(std::span<const float> logits, CandidateList& out) {
  if (!out.items.empty()) return;
  out.items.push_back({Argmax(logits), -INFINITY});
  out.sorted = true;
}

// The k best of logits (k < n_vocab) in Better order, through a heap of the k best so far whose
// front is the worst of them. Eight tokens at a time are checked against that front with one
// vector max, so most of the vocabulary costs a fraction of a comparison per token.
void SelectTopByHeap(std::span<const float> logits, size_t k, std::vector<Candidate>& out) {
  out.clear();
  out.reserve(k);
  for (size_t i = 0; i < k; ++i) out.push_back({static_cast<TokenId>(i), logits[i]});
  std::make_heap(out.begin(), out.end(), Better);
  float worst_kept = out.front().logit;
  const auto offer = [&](size_t i) {
    // Strictly greater: on equal logits the earlier (lower) id already held wins.
    if (logits[i] > worst_kept) {
      std::pop_heap(out.begin(), out.end(), Better);
      out.back() = {static_cast<TokenId>(i), logits[i]};
      std::push_heap(out.begin(), out.end(), Better);
      worst_kept = out.front().logit;
    }
  };
  size_t i = k;
  for (; i + 8 <= logits.size(); i += 8) {
    if (MaxOfEight(logits.data() + i) > worst_kept) {
      for (size_t j = i; j < i + 8; ++j) offer(j);
    }
  }
  for (; i < logits.size(); ++i) offer(i);
  std::sort_heap(out.begin(), out.end(), Better);
}

}  // namespace

TokenId Argmax(std::span<const float> logits) {
  HEARTH_CHECK(!logits.empty());
  // The first block of eight holding a new maximum (one vector max per block), then the first
  // token inside it that holds the maximum; strict comparisons keep the lowest id on ties.
  float best = -INFINITY;
  size_t best_index = 0;
  size_t best_block = logits.size();
  size_t i = 0;
  for (; i + 8 <= logits.size(); i += 8) {
    const float block_max = MaxOfEight(logits.data() + i);
    if (block_max > best) {
      best = block_max;
      best_block = i;
    }
  }
  if (best_block != logits.size()) {
    best_index = best_block;
    while (logits[best_index] != best) ++best_index;
  }
  for (; i < logits.size(); ++i) {
    if (logits[i] > best) {
      best = logits[i];
      best_index = i;
    }
  }
  return static_cast<TokenId>(best_index);
}

float MaxCandidateLogit(std::span<const Candidate> candidates) {
  float lane[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};  // independent chains
  size_t i = 0;
  for (; i + 4 <= candidates.size(); i += 4) {
    for (size_t j = 0; j < 4; ++j) {
      const float x = candidates[i + j].logit;
      lane[j] = x > lane[j] ? x : lane[j];
    }
  }
  for (; i < candidates.size(); ++i)
    lane[0] = candidates[i].logit > lane[0] ? candidates[i].logit : lane[0];
  const float low = lane[0] > lane[1] ? lane[0] : lane[1];
  const float high = lane[2] > lane[3] ? lane[2] : lane[3];
  return low > high ? low : high;
}

void GatherCandidates(std::span<const float> logits, int32_t top_k, CandidateList& out) {
  HEARTH_CHECK(!logits.empty());
  const size_t n = logits.size();
  const size_t k = top_k <= 0 ? n : std::min(static_cast<size_t>(top_k), n);  // k == n: off
  if (k < n && k * kHeapMaxShareDivisor < n) {
    SelectTopByHeap(logits, k, out.items);
    out.sorted = true;
    while (!out.items.empty() && out.items.back().logit == -INFINITY) out.items.pop_back();
  } else {
    CollectAtLeast(logits, -INFINITY, out.items);
    out.sorted = false;
    if (k < n) {
      SortPrefix(out, k);
      out.items.resize(std::min(k, out.items.size()));
      out.sorted = true;
    }
  }
  KeepOneIfEmpty(logits, out);
}

void GatherAtLeast(std::span<const float> logits, float floor, CandidateList& out) {
  HEARTH_CHECK(!logits.empty());
  CollectAtLeast(logits, floor, out.items);
  out.sorted = false;
  KeepOneIfEmpty(logits, out);
}

void SortPrefix(CandidateList& list, size_t m) {
  auto& items = list.items;
  if (list.sorted) return;
  if (m >= items.size()) {
    std::sort(items.begin(), items.end(), Better);
    list.sorted = true;
    return;
  }
  const auto middle = items.begin() + static_cast<std::ptrdiff_t>(m);
  std::nth_element(items.begin(), middle, items.end(), Better);
  std::sort(items.begin(), middle, Better);
}

}  // namespace hearth::sampling
