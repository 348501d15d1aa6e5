#include "grammar/token_mask_walk.h"

#include <vector>

namespace hearth {
namespace {

// Subtrees with fewer tokens are walked node by node: checking a whole subtree costs about
// as much as walking a few nodes.
constexpr uint32_t kMinTokensToAcceptSubtree = 4;
// Subtrees deeper than this are walked (a chain that long rarely holds).
constexpr uint32_t kMaxChainSteps = 64;

// Sets bits [first, last) of `bits`.
void SetRange(uint32_t first, uint32_t last, std::span<uint64_t> bits) {
  if (first >= last) return;
  const uint32_t first_word = first >> 6, last_word = (last - 1) >> 6;
  const uint64_t head = ~uint64_t{0} << (first & 63);
  const uint64_t tail = ~uint64_t{0} >> (63 - ((last - 1) & 63));
  if (first_word == last_word) {
    bits[first_word] |= head & tail;
    return;
  }
  bits[first_word] |= head;
  for (uint32_t w = first_word + 1; w < last_word; ++w) bits[w] = ~uint64_t{0};
  bits[last_word] |= tail;
}

// Every token below `node` (reached in `state` at a character boundary) only makes the
// automaton's common moves (StateChain), each leading to a live state: all of them are
// allowed. Follows the chain as deep as the subtree goes, or until it loops back.
bool SubtreeFollowsChain(GrammarAutomaton& automaton, StateId state, const TokenTrie& trie,
                         uint32_t node) {
  const std::array<uint64_t, 2>& below = trie.ascii_below(node);
  const bool needs_utf8 = trie.non_ascii_below(node);
  if (needs_utf8 && !trie.utf8_below(node)) return false;
  const uint32_t height = trie.height(node);
  if (height > kMaxChainSteps) return false;
  for (uint32_t step = 0; step < height; ++step) {
    const StateChain chain = automaton.Chain(state);
    if ((below[0] & ~chain.ascii[0]) != 0 || (below[1] & ~chain.ascii[1]) != 0) return false;
    if (needs_utf8 && !chain.non_ascii) return false;
    if (chain.next == state) return true;  // a loop: every deeper step is the same
    state = chain.next;
  }
  return true;
}

}  // namespace

void MarkAllowedTokens(GrammarAutomaton& automaton, StateId state, const Utf8Stream& utf8,
                       const TokenTrie& trie, std::span<uint64_t> allowed) {
  // The automaton state and partial character after each depth of the current path.
  std::vector<StateId> states(trie.max_depth() + 1);
  std::vector<Utf8Stream> partial(trie.max_depth() + 1);
  states[0] = state;
  partial[0] = utf8;
  const uint32_t node_count = trie.node_count();
  uint32_t node = 1;
  while (node < node_count) {
    const uint32_t depth = trie.depth(node);
    const uint32_t end = trie.subtree_end(node);
    Utf8Stream stream = partial[depth - 1];
    const StateId next = automaton.Step(states[depth - 1], stream, trie.byte(node));
    if (next == kDeadState) {
      node = end;
      continue;
    }
    const uint32_t first = trie.first_token(node);
    if (trie.first_token(end) - first >= kMinTokensToAcceptSubtree && !stream.pending() &&
        SubtreeFollowsChain(automaton, next, trie, node)) {
      SetRange(first, trie.first_token(end), allowed);
      node = end;
      continue;
    }
    SetRange(first, trie.first_token(node + 1), allowed);
    states[depth] = next;
    partial[depth] = stream;
    ++node;
  }
}

}  // namespace hearth
