#include "grammar/grammar_matcher.h"

namespace hearth {

GrammarMatcher::GrammarMatcher(std::shared_ptr<const Grammar> grammar)
    : grammar_(std::move(grammar)), automaton_(std::make_unique<GrammarAutomaton>(*grammar_)) {
  Reset();
}

void GrammarMatcher::Reset() {
  state_ = automaton_->Start();
  utf8_ = Utf8Stream();
}

bool GrammarMatcher::AcceptBytes(std::string_view bytes) {
  StateId state = state_;
  Utf8Stream utf8 = utf8_;
  if (!Follow(bytes, state, utf8)) return false;
  state_ = state;
  utf8_ = utf8;
  automaton_->GrantWork(bytes.size() * StackStore::kWorkPerByte);
  return true;
}

bool GrammarMatcher::WouldAccept(std::string_view bytes) {
  StateId state = state_;
  Utf8Stream utf8 = utf8_;
  return Follow(bytes, state, utf8);
}

bool GrammarMatcher::Follow(std::string_view bytes, StateId& state, Utf8Stream& utf8) {
  if (state == kDeadState) return false;
  for (char c : bytes) {
    state = automaton_->Step(state, utf8, uint8_t(c));
    if (state == kDeadState) return false;
  }
  return true;
}

void GrammarMatcher::Compact() {
  if (automaton_->state_count() > kCompactStates ||
      automaton_->stack_frame_count() > kCompactFrames) {
    state_ = automaton_->Rebuild(state_);
  }
}

}  // namespace hearth
