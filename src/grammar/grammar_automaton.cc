#include "grammar/grammar_automaton.h"

#include <algorithm>
#include <string_view>

namespace hearth {
namespace {

uint64_t HashStacks(const std::vector<StackId>& stacks) {
  return HashBytes(std::string_view(reinterpret_cast<const char*>(stacks.data()),
                                    stacks.size() * sizeof(StackId)));
}

}  // namespace

GrammarAutomaton::GrammarAutomaton(const Grammar& grammar) : stacks_(grammar) { Reset(); }

void GrammarAutomaton::Reset() {
  states_.assign(1, State{});  // kDeadState
  stack_ids_.clear();
  ascii_moves_.clear();
  chains_.clear();
  state_by_hash_.clear();
  non_ascii_next_ = FlatHashMap<uint64_t, StateId>();
  start_ = kUnknown;
}

StateId GrammarAutomaton::Start() {
  if (start_ == kUnknown) start_ = Intern(stacks_.StartStacks());
  return start_;
}

StateId GrammarAutomaton::Intern(const std::vector<StackId>& stacks) {
  if (stacks.empty() || !status().ok()) return kDeadState;
  const uint64_t hash = HashStacks(stacks);
  auto [first, last] = state_by_hash_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const State& state = states_[it->second];
    if (state.stack_count == stacks.size() &&
        std::equal(stacks.begin(), stacks.end(), stack_ids_.begin() + state.first_stack)) {
      return it->second;
    }
  }
  State state;
  state.first_stack = uint32_t(stack_ids_.size());
  state.stack_count = uint32_t(stacks.size());
  state.complete = stacks.front() == kEmptyStack;  // sorted: the empty stack comes first
  state.can_continue = stacks.size() > (state.complete ? 1u : 0u);
  stack_ids_.insert(stack_ids_.end(), stacks.begin(), stacks.end());
  const auto id = StateId(states_.size());
  states_.push_back(state);
  state_by_hash_.emplace(hash, id);
  return id;
}

StateId GrammarAutomaton::Advance(StateId state, uint32_t code_point) {
  scratch_.clear();
  const State& s = states_[state];
  if (!stacks_.Charge(s.stack_count)) return kDeadState;
  for (uint32_t i = 0; i < s.stack_count; ++i) {
    const StackId stack = stack_ids_[s.first_stack + i];
    if (stack == kEmptyStack || !stacks_.TopSet(stack).Contains(code_point)) continue;
    const std::span<const StackId> next = stacks_.Successors(stack);
    if (!stacks_.Charge(next.size())) return kDeadState;
    scratch_.insert(scratch_.end(), next.begin(), next.end());
  }
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  return Intern(scratch_);
}

bool GrammarAutomaton::AcceptsAny(StateId state, CodePointRange range) {
  const StateId uniform = UniformNonAsciiNext(state);
  if (uniform != kNotUniform) return uniform != kDeadState;
  const State& s = states_[state];
  for (uint32_t i = 0; i < s.stack_count; ++i) {
    const StackId stack = stack_ids_[s.first_stack + i];
    if (stack != kEmptyStack && stacks_.TopSet(stack).Intersects(range.first, range.last)) {
      return true;
    }
  }
  return false;
}

StateId GrammarAutomaton::UniformNonAsciiNext(StateId state) {
  if (states_[state].non_ascii_next != kUnknown) return states_[state].non_ascii_next;
  // Surrogates never arrive, so a set only needs to cover the rest.
  bool uniform = true;
  for (uint32_t i = 0; i < states_[state].stack_count && uniform; ++i) {
    const StackId stack = stack_ids_[states_[state].first_stack + i];
    if (stack == kEmptyStack) continue;
    const CharSet& set = stacks_.TopSet(stack);
    const bool all = set.Covers(0x80, 0xD7FF) && set.Covers(0xE000, kMaxCodePoint);
    uniform = all || (!set.Intersects(0x80, 0xD7FF) && !set.Intersects(0xE000, kMaxCodePoint));
  }
  const StateId next = uniform ? Advance(state, 0x80) : kNotUniform;
  states_[state].non_ascii_next = next;
  return next;
}

StateId GrammarAutomaton::FillTransition(StateId state, uint8_t byte) {
  const StateId next = Advance(state, byte);
  State& s = states_[state];  // after Advance, which may add states
  if (s.table == kNoTable && s.inline_count < kInlineMoves) {
    s.inline_bytes[s.inline_count] = byte;
    s.inline_next[s.inline_count++] = next;
    return next;
  }
  if (s.table == kNoTable) {
    s.table = uint32_t(ascii_moves_.size());
    ascii_moves_.resize(ascii_moves_.size() + 0x80, kUnknown);
    for (int i = 0; i < s.inline_count; ++i)
      ascii_moves_[s.table + s.inline_bytes[i]] = s.inline_next[i];
  }
  ascii_moves_[s.table + byte] = next;
  return next;
}

StateId GrammarAutomaton::FillLead(StateId state, uint8_t byte) {
  Utf8Stream utf8;
  uint32_t unused;
  utf8.Push(byte, &unused);
  const bool viable = AcceptsAny(state, utf8.PossibleCodePoints());
  State& s = states_[state];  // after AcceptsAny, which may add states
  const uint64_t bit = uint64_t{1} << (byte - 0xC0);
  s.leads_known |= bit;
  if (viable) s.leads_viable |= bit;
  return viable ? state : kDeadState;
}

StateId GrammarAutomaton::StepContinuation(StateId state, Utf8Stream& utf8, uint8_t byte) {
  Utf8Stream trial = utf8;
  uint32_t code_point = 0;
  switch (trial.Push(byte, &code_point)) {
    case Utf8Stream::Step::kInvalid: return kDeadState;
    case Utf8Stream::Step::kPending:
      if (!AcceptsAny(state, trial.PossibleCodePoints())) return kDeadState;
      utf8 = trial;
      return state;
    case Utf8Stream::Step::kComplete: {
      const StateId next = Next(state, code_point);
      if (next != kDeadState) utf8 = trial;
      return next;
    }
  }
  return kDeadState;
}

StateId GrammarAutomaton::Next(StateId state, uint32_t code_point) {
  if (code_point < 0x80) return CachedTransition(state, uint8_t(code_point));
  const StateId uniform = UniformNonAsciiNext(state);
  if (uniform != kNotUniform) return uniform;
  const uint64_t key = (uint64_t{state} << 21) | code_point;
  if (const StateId* known = non_ascii_next_.Find(key)) return *known;
  const StateId next = Advance(state, code_point);
  non_ascii_next_.InsertOrAssign(key, next);
  return next;
}

StateChain GrammarAutomaton::Chain(StateId state) {
  if (states_[state].chain != kNoChain) return chains_[states_[state].chain];
  StateChain chain;
  std::array<StateId, 0x80> next;
  for (int byte = 0; byte < 0x80; ++byte) next[byte] = CachedTransition(state, uint8_t(byte));
  std::array<StateId, 0x80> sorted = next;  // the longest run of one live state wins
  std::sort(sorted.begin(), sorted.end());
  size_t best_count = 0;
  for (size_t i = 0, j; i < sorted.size(); i = j) {
    for (j = i; j < sorted.size() && sorted[j] == sorted[i];) ++j;
    if (sorted[i] != kDeadState && j - i > best_count) {
      best_count = j - i;
      chain.next = sorted[i];
    }
  }
  for (int byte = 0; byte < 0x80; ++byte) {
    if (chain.next != kDeadState && next[byte] == chain.next) {
      chain.ascii[byte >> 6] |= uint64_t{1} << (byte & 63);
    }
  }
  chain.non_ascii = chain.next != kDeadState && UniformNonAsciiNext(state) == chain.next;
  states_[state].chain = uint32_t(chains_.size());
  chains_.push_back(chain);
  return chain;
}

StateId GrammarAutomaton::Rebuild(StateId keep) {
  std::vector<std::vector<uint32_t>> kept;
  for (uint32_t i = 0; i < states_[keep].stack_count; ++i) {
    kept.push_back(stacks_.Positions(stack_ids_[states_[keep].first_stack + i]));
  }
  stacks_.Clear();
  Reset();
  std::vector<StackId> stacks;
  for (const auto& positions : kept) stacks.push_back(stacks_.FromPositions(positions));
  std::sort(stacks.begin(), stacks.end());
  return Intern(stacks);
}

}  // namespace hearth
