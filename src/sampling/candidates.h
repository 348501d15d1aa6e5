// Candidates: the tokens still in the running during one Sample() call, and how they are
// gathered from and ordered against a full row of logits. Stages (truncation.h,
// logit_adjust.h) narrow or rescale a CandidateList; the draw (sampler.cc) picks from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hearth::sampling {

using TokenId = int32_t;

struct Candidate {
  TokenId id;
  float logit;
};

// The order every stage uses: higher logit first, equal logits -> lower id first. A strict
// total order on NaN-free logits, so results never depend on the standard library's sort. A
// function object, so std::sort and the heap functions inline it.
struct BetterOrder {
  bool operator()(const Candidate& a, const Candidate& b) const {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
  }
};
inline constexpr BetterOrder Better{};

struct CandidateList {
  std::vector<Candidate> items;  // [n_candidates], n_candidates >= 1 once gathered
  bool sorted = false;           // items are in Better order
  std::vector<float> weights;    // scratch for stages: [n_candidates] exp(logit - max)
};

// Index of the largest logit; ties -> lowest id. logits: [n_vocab], n_vocab >= 1, NaN-free.
TokenId Argmax(std::span<const float> logits);

// The largest logit of the candidates; -inf for none.
float MaxCandidateLogit(std::span<const Candidate> candidates);

// The top-k stage, which also turns a row of logits into candidates. logits: [n_vocab],
// NaN-free. 0 < top_k < n_vocab: the top_k best tokens, sorted (a bounded heap, or
// nth_element when k is a large share of the vocabulary: never a full sort). top_k <= 0 or
// >= n_vocab: every token, unsorted. Tokens at -inf are left out; if every token is at -inf, the
// argmax (token 0) stays, so the list is never empty.
void GatherCandidates(std::span<const float> logits, int32_t top_k, CandidateList& out);

// Every token whose logit is >= floor (and above -inf), unsorted; the argmax if none. The
// sampler's min-p stage on an untruncated row, applied while gathering (see sampler.cc).
void GatherAtLeast(std::span<const float> logits, float floor, CandidateList& out);

// Puts the m best candidates at the front in Better order (the rest keep an unspecified order)
// and marks the list sorted when m covers it. Costs O(n + m log m).
void SortPrefix(CandidateList& list, size_t m);

}  // namespace hearth::sampling
