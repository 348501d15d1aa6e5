#include "grammar/shortest_completion.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace hearth {
namespace {

// The bytes tried from each state: the printable characters, and when `whitespace` also tab,
// newline and space.
bool IsCandidate(int byte, bool whitespace) {
  if (byte == '\t' || byte == '\n' || byte == ' ') return whitespace;
  return byte > 0x20 && byte < 0x7F;
}

// Breadth-first over the states reachable by the candidate bytes.
std::optional<std::string> Search(GrammarAutomaton& automaton, StateId state, size_t max_states,
                                  bool whitespace) {
  struct Visit {
    StateId parent;
    uint8_t byte;
  };
  std::unordered_map<StateId, Visit> seen = {{state, {kDeadState, 0}}};
  std::vector<StateId> frontier = {state}, next;
  while (!frontier.empty() && seen.size() < max_states) {
    next.clear();
    for (StateId from : frontier) {
      for (int byte = 0; byte < 0x80; ++byte) {
        if (!IsCandidate(byte, whitespace)) continue;
        Utf8Stream utf8;
        const StateId to = automaton.Step(from, utf8, uint8_t(byte));
        if (!automaton.status().ok()) return std::nullopt;
        if (to == kDeadState || !seen.emplace(to, Visit{from, uint8_t(byte)}).second) continue;
        if (automaton.IsComplete(to)) {
          std::string text;
          for (StateId s = to; s != state; s = seen.at(s).parent) text += char(seen.at(s).byte);
          std::reverse(text.begin(), text.end());
          return text;
        }
        next.push_back(to);
      }
    }
    frontier.swap(next);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ShortestCompletion(GrammarAutomaton& automaton, StateId state,
                                              size_t max_states) {
  if (state == kDeadState) return std::nullopt;
  if (automaton.IsComplete(state)) return std::string();
  // Whitespace is optional in JSON and most grammars, and bounded runs of it multiply the
  // states a search must visit: first without it.
  if (auto text = Search(automaton, state, max_states, false)) return text;
  if (!automaton.status().ok()) return std::nullopt;
  return Search(automaton, state, max_states, true);
}

}  // namespace hearth
