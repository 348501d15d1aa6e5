// GrammarMatcher: follows text, byte by byte, through a grammar: which text may come next,
// and whether the text so far is a complete sentence.
//
//   Result<Grammar> parsed = Grammar::Parse(R"(root ::= "a"+ "b")");
//   GrammarMatcher m(std::make_shared<const Grammar>(std::move(parsed).value()));
//   m.AcceptBytes("aa");   // true
//   m.AcceptBytes("c");    // false, nothing changed
//   m.AcceptBytes("b");    // true; m.IsComplete() and !m.CanContinue()
//
// Bytes may stop inside a multi-byte UTF-8 character: the partial character is accepted when
// some character it can still become is allowed, and completed by the next bytes.
//
// Not thread-safe: one per request. Cheap to create (states are built as text arrives); the
// grammar is shared and immutable.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "grammar/grammar.h"
#include "grammar/grammar_automaton.h"
#include "grammar/utf8_stream.h"

namespace hearth {

class GrammarMatcher {
 public:
  // Above these sizes the automaton is rebuilt from the current state (Compact()), which
  // bounds the memory of long generations.
  static constexpr size_t kCompactStates = size_t{1} << 15;
  static constexpr size_t kCompactFrames = size_t{1} << 21;

  explicit GrammarMatcher(std::shared_ptr<const Grammar> grammar);
  GrammarMatcher(GrammarMatcher&&) noexcept = default;
  GrammarMatcher& operator=(GrammarMatcher&&) noexcept = default;

  // Appends `bytes` if the grammar allows them; otherwise returns false and changes nothing.
  bool AcceptBytes(std::string_view bytes);
  // Whether AcceptBytes(bytes) would succeed, without appending them.
  bool WouldAccept(std::string_view bytes);
  // The text so far is a sentence of the grammar (no character left incomplete).
  bool IsComplete() const { return !utf8_.pending() && automaton_->IsComplete(state_); }
  // Some byte may follow.
  bool CanContinue() const { return utf8_.pending() || automaton_->CanContinue(state_); }
  // Not OK once the grammar proved too ambiguous to follow (see stack_store.h); the matcher
  // then refuses all text.
  const Status& status() const { return automaton_->status(); }
  // Back to the empty text.
  void Reset();

  // For the token mask: the automaton and the current place in it.
  GrammarAutomaton& automaton() { return *automaton_; }
  StateId state() const { return state_; }
  const Utf8Stream& utf8() const { return utf8_; }
  // Rebuilds the automaton from the current state when it has grown past the limits above.
  void Compact();

 private:
  // Steps (state, utf8) through `bytes`; false when a byte is refused.
  bool Follow(std::string_view bytes, StateId& state, Utf8Stream& utf8);

  std::shared_ptr<const Grammar> grammar_;
  std::unique_ptr<GrammarAutomaton> automaton_;  // refers to *grammar_
  StateId state_ = kDeadState;
  Utf8Stream utf8_;
};

}  // namespace hearth
