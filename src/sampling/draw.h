// The last stage: draws one candidate with probability softmax(logit).
#pragma once

#include "sampling/candidates.h"

namespace hearth::sampling {

// uniform: in [0, 1) (SamplingRng::NextUniform). Walks the candidates in list order and returns
// the first whose cumulative weight exceeds uniform * total, so a token of probability 0 is
// never drawn. The walk goes block by block (kSumBlock, softmax.h) and only inside the block
// where the target falls, so a full vocabulary costs one vectorized pass, not a long serial
// sum. list: non-empty (list.weights is its scratch); if every weight is 0 (all logits -inf),
// the first candidate.
TokenId DrawCandidate(CandidateList& list, double uniform);

}  // namespace hearth::sampling
