#include "grammar/grammar_constraint.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

#include "grammar/shortest_completion.h"
#include "grammar/token_mask_walk.h"

namespace hearth {

namespace {

// The shortest completion is only searched for when this few tokens are left.
constexpr int32_t kClosingHorizon = 64;

constexpr float kBanned = -std::numeric_limits<float>::infinity();

// Calls fn(i) for every bit i < n of `bits` that is set (want_set) or clear.
template <typename Fn>
void ForEachBit(std::span<const uint64_t> bits, size_t n, bool want_set, Fn&& fn) {
  for (size_t w = 0; w * 64 < n; ++w) {
    uint64_t word = want_set ? bits[w] : ~bits[w];
    if (n - w * 64 < 64) word &= (uint64_t{1} << (n - w * 64)) - 1;
    for (; word != 0; word &= word - 1) fn(w * 64 + size_t(std::countr_zero(word)));
  }
}

}  // namespace

GrammarConstraint::GrammarConstraint(std::shared_ptr<const Grammar> grammar,
                                     std::shared_ptr<const GrammarVocabulary> vocabulary)
    : matcher_(std::move(grammar)),
      vocabulary_(std::move(vocabulary)),
      allowed_positions_((vocabulary_->trie().tokens().size() + 63) / 64, 0),
      allowed_ids_((size_t(vocabulary_->size()) + 63) / 64, 0) {
  if (!matcher_.status().ok()) Fail(matcher_.status());
}

void GrammarConstraint::Fail(Status status) {
  if (error_.ok()) error_ = std::move(status);
}

size_t GrammarConstraint::CompletionLength(StateId state) {
  const auto [it, fresh] = completion_lengths_.try_emplace(state, SIZE_MAX);
  if (fresh) {
    if (const auto completion = ShortestCompletion(matcher_.automaton(), state)) {
      it->second = completion->size();
    }
  }
  return it->second;
}

void GrammarConstraint::KeepTokensThatFinishInTime() {
  if (budget_ > kClosingHorizon || matcher_.utf8().pending()) return;
  GrammarAutomaton& automaton = matcher_.automaton();
  completion_lengths_.clear();  // state ids change when the matcher compacts
  const std::vector<uint64_t> mask = allowed_positions_;
  const size_t room = size_t(std::max(budget_ - 1, 0));  // tokens left after this one
  const std::span<const TokenId> tokens = vocabulary_->trie().tokens();
  bool any = false;
  ForEachBit(mask, tokens.size(), true, [&](size_t i) {
    StateId state = matcher_.state();
    Utf8Stream utf8 = matcher_.utf8();
    for (const char c : vocabulary_->Piece(tokens[i])) {
      state = automaton.Step(state, utf8, uint8_t(c));
      if (state == kDeadState) break;
    }
    if (state != kDeadState && !utf8.pending() && CompletionLength(state) <= room) {
      any = true;
    } else {
      allowed_positions_[i >> 6] &= ~(uint64_t{1} << (i & 63));
    }
  });
  if (any || matcher_.IsComplete() || !automaton.status().ok()) return;
  // The text needs more tokens than are left: the prefixes of its shortest completion come
  // nearest to a sentence.
  const std::optional<std::string> completion = ShortestCompletion(automaton, matcher_.state());
  closing_tokens_.clear();
  if (completion) {
    for (TokenId id = 0; id < vocabulary_->size(); ++id) {
      const std::string_view piece = vocabulary_->Piece(id);
      if (!piece.empty() && std::string_view(*completion).starts_with(piece)) {
        closing_tokens_.push_back(id);
      }
    }
  }
  if (closing_tokens_.empty()) {
    allowed_positions_ = mask;  // nothing closes it: the grammar's own mask
  } else {
    closing_ = true;
  }
}

void GrammarConstraint::ComputeMask() {
  std::fill(allowed_positions_.begin(), allowed_positions_.end(), 0);
  const bool text_allowed = error_.ok() && !ended_;
  closing_ = false;
  if (text_allowed) {
    matcher_.Compact();
    MarkAllowedTokens(matcher_.automaton(), matcher_.state(), matcher_.utf8(), vocabulary_->trie(),
                      allowed_positions_);
    if (matcher_.status().ok()) KeepTokensThatFinishInTime();
    if (!matcher_.status().ok()) {
      Fail(matcher_.status());
      std::fill(allowed_positions_.begin(), allowed_positions_.end(), 0);
      closing_ = false;
    }
  }
  const bool any_text = closing_ || std::any_of(allowed_positions_.begin(),
                                                allowed_positions_.end(),
                                                [](uint64_t w) { return w != 0; });
  if (text_allowed && !any_text && !matcher_.IsComplete()) {
    Fail(InvalidArgument("grammar: no token of the vocabulary can continue the text"));
  }
  end_allowed_ = !error_.ok() || matcher_.IsComplete();
}

std::span<const uint64_t> GrammarConstraint::AllowedTokens() {
  ComputeMask();
  std::fill(allowed_ids_.begin(), allowed_ids_.end(), 0);
  auto allow = [&](TokenId id) { allowed_ids_[size_t(id) >> 6] |= uint64_t{1} << (id & 63); };
  const std::span<const TokenId> tokens = vocabulary_->trie().tokens();
  if (closing_) {
    for (TokenId id : closing_tokens_) allow(id);
  } else {
    ForEachBit(allowed_positions_, tokens.size(), true, [&](size_t i) { allow(tokens[i]); });
  }
  if (end_allowed_) {
    for (TokenId id : vocabulary_->end_of_generation()) allow(id);
  }
  return allowed_ids_;
}

void GrammarConstraint::Apply(std::span<float> logits) {
  ComputeMask();
  if (closing_) {
    BanAllButAllowed(logits);
    return;
  }
  size_t n_allowed = 0;
  for (uint64_t word : allowed_positions_) n_allowed += size_t(std::popcount(word));
  if (2 * n_allowed < vocabulary_->trie().tokens().size()) {
    BanAllButAllowed(logits);
  } else {
    BanEachRefused(logits);
  }
}

void GrammarConstraint::BanAllButAllowed(std::span<float> logits) {
  kept_.clear();
  auto keep = [&](TokenId id) {
    if (size_t(id) < logits.size()) kept_.emplace_back(id, logits[size_t(id)]);
  };
  const std::span<const TokenId> tokens = vocabulary_->trie().tokens();
  if (closing_) {
    for (TokenId id : closing_tokens_) keep(id);
  } else {
    ForEachBit(allowed_positions_, tokens.size(), true, [&](size_t i) { keep(tokens[i]); });
  }
  if (end_allowed_) {
    for (TokenId id : vocabulary_->end_of_generation()) keep(id);
  }
  std::fill(logits.begin(), logits.end(), kBanned);
  for (const auto& [id, logit] : kept_) logits[size_t(id)] = logit;
}

void GrammarConstraint::BanEachRefused(std::span<float> logits) {
  auto ban = [&](TokenId id) {
    if (size_t(id) < logits.size()) logits[size_t(id)] = kBanned;
  };
  const std::span<const TokenId> tokens = vocabulary_->trie().tokens();
  ForEachBit(allowed_positions_, tokens.size(), false, [&](size_t i) { ban(tokens[i]); });
  for (TokenId id : vocabulary_->never_allowed()) ban(id);
  if (!end_allowed_) {
    for (TokenId id : vocabulary_->end_of_generation()) ban(id);
  }
  for (size_t t = size_t(vocabulary_->size()); t < logits.size(); ++t) logits[t] = kBanned;
}

void GrammarConstraint::Accept(int32_t token) {
  if (vocabulary_->IsEndOfGeneration(token)) {
    ended_ = true;
    return;
  }
  if (!error_.ok() || ended_) return;
  const std::string_view piece = vocabulary_->Piece(token);
  if (piece.empty() || !matcher_.AcceptBytes(piece)) {
    Fail(InvalidArgument("grammar: token " + std::to_string(token) +
                         " does not continue the text (it was not allowed)"));
  }
}

bool GrammarConstraint::IsFinished() const {
  return ended_ || !error_.ok() || (matcher_.IsComplete() && !matcher_.CanContinue());
}

}  // namespace hearth
