// Left-recursion analysis of a grammar under construction: which rules can match the empty
// string, and whether some rule can reach itself without consuming a character (which would
// make expanding it loop forever, so the parser rejects such grammars).
#pragma once

#include <cstdint>
#include <vector>

#include "grammar/grammar.h"

namespace hearth {

// rules[i]: the alternatives of rule i; references must be < rules.size().
using RuleTable = std::vector<const std::vector<GrammarSequence>*>;

// nullable[i]: rule i can match the empty string. Linear in the grammar's size.
std::vector<bool> NullableRules(const RuleTable& rules);

// A cycle of rules r0 -> r1 -> ... -> r0 where each rule may begin with the next one (after
// elements that can be empty), listed with r0 repeated at the end; empty if there is none.
std::vector<uint32_t> FindLeftRecursion(const RuleTable& rules);

}  // namespace hearth
