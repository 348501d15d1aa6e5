// ShortestCompletion: the shortest ASCII text that takes an automaton state to a complete
// sentence, found breadth-first over the automaton's states. GrammarConstraint uses it to close
// a JSON value in time when the generation is about to be cut (max_tokens, the context).
//
// Only printable ASCII is tried, then, if that finds nothing, with space, tab and newline (what
// closes JSON and most grammars); among completions of the same length the one made of the
// lowest bytes wins, so the answer is deterministic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "grammar/grammar_automaton.h"

namespace hearth {

// The completion of the text that led to `state` (at a character boundary), or nullopt when
// none is found within `max_states` states (or the automaton fails). "" when `state` is
// already complete.
std::optional<std::string> ShortestCompletion(GrammarAutomaton& automaton, StateId state,
                                              size_t max_states = 4096);

}  // namespace hearth
