// Stages that change logits without removing tokens: input sanitizing, logit bias (over the
// full row, before truncation) and temperature (over the candidates left after truncation).
#pragma once

#include <span>
#include <utility>

#include "sampling/candidates.h"

namespace hearth::sampling {

using LogitBias = std::pair<TokenId, float>;  // token -> additive bias; -inf bans the token

// out[i] = logits[i], with NaN replaced by -inf (a NaN logit is never chosen).
// logits, out: [n_vocab].
void SanitizeLogits(std::span<const float> logits, std::span<float> out);

// logits[token] += bias for each entry (duplicates add up); a -inf bias bans the token even
// where its logit is +inf. Entries outside [0, n_vocab) are skipped. logits: [n_vocab].
void ApplyLogitBias(std::span<const LogitBias> biases, std::span<float> logits);

// Divides every candidate's logit by temperature (> 0). Infinite logits stay infinite.
void ApplyTemperature(CandidateList& list, float temperature);

}  // namespace hearth::sampling
