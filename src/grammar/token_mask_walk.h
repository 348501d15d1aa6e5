// The token mask of a grammar state: which tokens of a vocabulary may come next.
//
// A depth-first walk over the vocabulary's TokenTrie that carries the automaton state down
// the trie, one byte per node:
//   - a node whose byte kills every parse stack prunes its whole subtree;
//   - a node whose tokens only make the state's most common moves (every byte below is an
//     ordinary character inside a JSON string, bounded or not) accepts its whole subtree at
//     once;
//   - otherwise the node's own tokens are allowed and the walk descends.
// The automaton caches transitions, so steady states cost a table lookup per visited node.
#pragma once

#include <cstdint>
#include <span>

#include "grammar/grammar_automaton.h"
#include "grammar/token_trie.h"
#include "grammar/utf8_stream.h"

namespace hearth {

// Marks the tokens of `trie` whose bytes the automaton accepts from `state` with the partial
// character `utf8`: bit i (word i / 64, bit i % 64) of `allowed` stands for trie.tokens()[i],
// so whole subtrees are ranges of bits. Bits are only set, never cleared; `allowed` must
// cover trie.tokens(). If the automaton fails meanwhile (automaton.status()), the marks are
// incomplete.
void MarkAllowedTokens(GrammarAutomaton& automaton, StateId state, const Utf8Stream& utf8,
                       const TokenTrie& trie, std::span<uint64_t> allowed);

}  // namespace hearth
