// Truncation stages: each keeps a subset of the candidates (never fewer than one) and leaves
// their logits alone. Top-k lives in candidates.h (GatherCandidates), where it also turns the
// logits row into candidates. All stages compute probabilities at temperature 1, as
// llama.cpp's default chain does (temperature comes after them).
#pragma once

#include "sampling/candidates.h"

namespace hearth::sampling {

// Nucleus: keeps the smallest set of best candidates (in Better order) whose probability sums
// to >= top_p. top_p >= 1: no-op. A sorted or short list is walked in order and stays sorted.
// A long unsorted list (a full vocabulary) is not sorted: a histogram of probability mass over
// logit distance from the best (1/32 nat buckets) finds the bucket where the sum crosses top_p,
// and only that bucket's tokens are sorted; the kept list is then unsorted. O(n) either way.
void TopP(CandidateList& list, float top_p);

// TopP for a list holding only the best tokens of a larger row (those GatherAtLeast kept),
// while the nucleus is measured against the whole row: row_mass is the row's sum of
// exp(logit - max) (ComputeSoftmaxScale(row).sum; the row's best token is in the list). If the
// list's own mass stays under top_p * row_mass, the whole list stays.
void TopPOfRow(CandidateList& list, float top_p, double row_mass);

// Keeps candidates whose probability is >= min_p times the best one's (logit >= MinPFloor).
// min_p <= 0: no-op. Keeps order and sortedness.
void MinP(CandidateList& list, float min_p);

// The lowest logit min-p keeps: max_logit + log(min(min_p, 1)). min_p > 0.
float MinPFloor(float max_logit, float min_p);

}  // namespace hearth::sampling
