#include "sampling/penalties.h"

namespace hearth::sampling {

PenaltyHistory::PenaltyHistory(int32_t window) : window_(window) {}

void PenaltyHistory::Accept(TokenId token) {
  if (window_ == 0) return;
  ++counts_[token];
  if (window_ < 0) return;  // unbounded: the counts are all we need
  recent_.push_back(token);
  if (recent_.size() > static_cast<size_t>(window_)) {
    const TokenId oldest = recent_.front();
    recent_.pop_front();
    auto it = counts_.find(oldest);
    if (--it->second == 0) counts_.erase(it);
  }
}

void PenaltyHistory::Clear() {
  recent_.clear();
  counts_.clear();
}

void ApplyPenalties(const PenaltyHistory& history, const PenaltyParams& params,
                    std::span<float> logits) {
  if (!params.enabled()) return;
  const auto n_vocab = static_cast<TokenId>(logits.size());
  for (const auto& [token, count] : history.counts()) {
    if (token < 0 || token >= n_vocab) continue;
    float& logit = logits[static_cast<size_t>(token)];
    logit = logit <= 0.0f ? logit * params.repeat : logit / params.repeat;
    logit -= static_cast<float>(count) * params.frequency + params.presence;
  }
}

}  // namespace hearth::sampling
