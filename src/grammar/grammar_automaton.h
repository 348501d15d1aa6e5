// GrammarAutomaton: a deterministic automaton built lazily from a grammar. Each state is a set
// of parse stacks (see stack_store.h); a state's transitions are computed the first time they
// are asked for and remembered, so following text the grammar has seen before (the inside of a
// JSON string, the same object keys) costs a table lookup per byte.
//
// Input is bytes. ASCII bytes move between states; the bytes of a multi-byte UTF-8 character
// are checked as they come (a character is only possible if some stack's character set holds
// a code point the bytes so far can still become) and move the state when the character is
// complete. The caller keeps the partial character in a Utf8Stream beside the state.
//
// Errors (a grammar so ambiguous that it needs too many stacks or too much work, see
// stack_store.h) make every transition lead to kDeadState and stay in status().
//
// Not thread-safe: one per matcher. Holds a reference to the grammar, which must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "grammar/grammar.h"
#include "grammar/stack_store.h"
#include "grammar/utf8_stream.h"
#include "tokenizer/flat_hash_map.h"

namespace hearth {

using StateId = uint32_t;
// The state without stacks: the text so far cannot be continued into a sentence.
inline constexpr StateId kDeadState = 0;

// The most common move out of a state: the one successor that most ASCII bytes lead to. Inside
// a JSON string every ordinary character leads back to the same state; inside a bounded one
// (char{0,40}) to the state with one character fewer left. Following these moves lets the
// token mask accept whole runs of tokens at once.
struct StateChain {
  StateId next = kDeadState;               // the common successor (kDeadState: none)
  std::array<uint64_t, 2> ascii = {0, 0};  // bit b: ASCII byte b leads to `next`
  bool non_ascii = false;                  // so does every code point >= U+0080
};

class GrammarAutomaton {
 public:
  explicit GrammarAutomaton(const Grammar& grammar);
  GrammarAutomaton(const GrammarAutomaton&) = delete;
  GrammarAutomaton& operator=(const GrammarAutomaton&) = delete;

  // The state before any text (kDeadState after an error).
  StateId Start();

  // The state after `byte`, where `utf8` holds the partial character before it and is updated.
  // While a character is incomplete the state stays the same (or dies if no stack can take any
  // completion); kDeadState: the byte is not allowed here (utf8 is then unchanged).
  StateId Step(StateId state, Utf8Stream& utf8, uint8_t byte) {
    if (!utf8.pending()) {
      const StateId next = CachedTransition(state, byte);
      if (byte >= 0x80 && next != kDeadState) {
        uint32_t unused;
        utf8.Push(byte, &unused);
      }
      return next;
    }
    return StepContinuation(state, utf8, byte);
  }
  // The state after the whole code point `code_point`.
  StateId Next(StateId state, uint32_t code_point);

  // The text up to this state is a sentence of the grammar.
  bool IsComplete(StateId state) const { return states_[state].complete; }
  // Some character may follow.
  bool CanContinue(StateId state) const { return states_[state].can_continue; }
  // The most common move out of `state` (computed once per state).
  StateChain Chain(StateId state);

  // Forgets every state and stack except `keep`, whose new id it returns. Owners call it when
  // state_count() or stack_frame_count() grow large; ids of other states become invalid.
  StateId Rebuild(StateId keep);
  size_t state_count() const { return states_.size(); }
  size_t stack_frame_count() const { return stacks_.frame_count(); }
  uint64_t work_done() const { return stacks_.work_done(); }  // see StackStore::Charge
  // Adds to the work budget (see StackStore::Grant).
  void GrantWork(uint64_t units) { stacks_.Grant(units); }

  const Status& status() const { return stacks_.status(); }

 private:
  // Moves by ASCII bytes are remembered in the state itself for the first few bytes asked
  // (linear matching asks one or two per state), then in a table of 128 (mask walks ask many).
  static constexpr int kInlineMoves = 4;

  struct State {
    uint32_t first_stack = 0;  // stacks: stack_ids_[first_stack .. + stack_count), sorted
    uint32_t stack_count = 0;
    uint32_t table = kNoTable;  // ascii_moves_[table .. + 128), once inline moves are full
    uint32_t chain = kNoChain;  // chains_[chain]
    std::array<uint8_t, kInlineMoves> inline_bytes = {};
    std::array<StateId, kInlineMoves> inline_next = {};
    uint8_t inline_count = 0;
    // Lead bytes 0xC0..0xFF (bit byte - 0xC0): answer known, and whether some stack can take
    // a character starting with it.
    uint64_t leads_known = 0;
    uint64_t leads_viable = 0;
    // Where every non-ASCII code point leads, when they all lead to one state (each stack
    // takes all of them or none): kUnknown until computed, kNotUniform when they differ.
    StateId non_ascii_next = kUnknown;
    bool complete = false;
    bool can_continue = false;
  };
  static constexpr uint32_t kNoTable = UINT32_MAX;
  static constexpr uint32_t kNoChain = UINT32_MAX;
  static constexpr StateId kUnknown = UINT32_MAX;
  static constexpr StateId kNotUniform = UINT32_MAX - 1;

  // The state after `byte` at a character boundary: ASCII moves; a lead byte leaves the state
  // as it is when some stack could take the character, else kDeadState.
  StateId CachedTransition(StateId state, uint8_t byte) {
    const State& s = states_[state];
    if (byte >= 0x80) {
      if (byte < 0xC2 || byte > 0xF4) return kDeadState;  // not a lead byte
      const uint64_t bit = uint64_t{1} << (byte - 0xC0);
      if ((s.leads_known & bit) == 0) return FillLead(state, byte);
      return (s.leads_viable & bit) != 0 ? state : kDeadState;
    }
    if (s.table != kNoTable) {
      const StateId next = ascii_moves_[s.table + byte];
      if (next != kUnknown) return next;
    } else {
      for (int i = 0; i < s.inline_count; ++i) {
        if (s.inline_bytes[i] == byte) return s.inline_next[i];
      }
    }
    return FillTransition(state, byte);
  }
  StateId StepContinuation(StateId state, Utf8Stream& utf8, uint8_t byte);
  // Computes and remembers the move by an ASCII byte / the answer for a lead byte.
  StateId FillTransition(StateId state, uint8_t byte);
  StateId FillLead(StateId state, uint8_t byte);
  // Some stack of `state` accepts a code point in [range.first, range.last] (>= U+0080).
  bool AcceptsAny(StateId state, CodePointRange range);
  // states_[state].non_ascii_next, computed on first use.
  StateId UniformNonAsciiNext(StateId state);
  // The state whose stacks are `stacks` (sorted, unique); kDeadState for none.
  StateId Intern(const std::vector<StackId>& stacks);
  StateId Advance(StateId state, uint32_t code_point);
  void Reset();

  StackStore stacks_;
  std::vector<State> states_;         // [state id]; states_[kDeadState] has no stacks
  std::vector<StackId> stack_ids_;    // the stacks of every state, back to back
  std::vector<StateId> ascii_moves_;  // 128 per state that has a table
  std::vector<StateChain> chains_;
  std::unordered_multimap<uint64_t, StateId> state_by_hash_;
  FlatHashMap<uint64_t, StateId> non_ascii_next_;  // (state << 21 | code point) -> state
  StateId start_ = kUnknown;
  std::vector<StackId> scratch_;
};

}  // namespace hearth
