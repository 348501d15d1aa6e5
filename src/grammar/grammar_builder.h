// GrammarBuilder: assembles a Grammar rule by rule (the GBNF parser drives it), rewrites
// repetitions into plain rules, and checks the result in Finish().
//
// Repetition rewrite (X is the repeated item, a run of elements):
//   X{m,n}  ->  X X ... X (m times) R(n-m),   R(k) ::= X R(k-1) | "",   R(1) ::= X | ""
//   X{m,}   ->  X X ... X (m times) R,         R ::= X R | ""
// `*`, `+` and `?` are {0,}, {1,} and {0,1}. Each optional repetition continues in its own
// rule, so matching X{0,n} keeps one parse stack per place it may stop, not 2^n.
//
// Limits keep hostile grammars cheap: repetition bounds at most kMaxRepetition, at most
// kMaxElements elements in all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "grammar/grammar.h"

namespace hearth {

class GrammarBuilder {
 public:
  static constexpr uint32_t kMaxRepetition = 10000;
  static constexpr uint32_t kMaxElements = 1u << 20;

  // `source_name` starts error messages ("grammar:3:7: ...").
  explicit GrammarBuilder(std::string source_name = "grammar");

  // The index of the rule called `name`; a rule first mentioned here is created undefined and
  // remembers `used_at` for the "not defined" error.
  uint32_t RuleNamed(std::string_view name, SourcePosition used_at);
  // Gives `rule` its alternatives. Error: the rule was defined before.
  Status Define(uint32_t rule, std::vector<GrammarSequence> alternatives, SourcePosition at);
  // A new rule for a group or repetition written inside rule `origin`.
  uint32_t AddGenerated(uint32_t origin, std::vector<GrammarSequence> alternatives,
                        SourcePosition at);
  // The index of `set` (identical sets share one index).
  uint32_t AddCharSet(const CharSet& set);

  // Replaces the item `sequence[item_start..]` with item{min,max} (no max: unbounded), as the
  // header describes. Errors: bounds above kMaxRepetition, min > max, too many elements.
  Status Repeat(uint32_t origin, GrammarSequence& sequence, size_t item_start, uint32_t min,
                std::optional<uint32_t> max, SourcePosition at);

  // Counts `elements` placed in sequences against kMaxElements (the parser calls it for every
  // element it writes; Repeat counts its copies itself). Error: the grammar is too large.
  Status Reserve(size_t elements, SourcePosition at);

  // Checks that every rule used is defined, that `root_name` exists and that no rule is left
  // recursive; names the generated rules; builds the Grammar.
  Result<Grammar> Finish(std::string_view root_name = "root");

  // "grammar:3:7: " (or "grammar: " for a position outside the text).
  std::string Where(SourcePosition at) const;

 private:
  struct PendingRule {
    std::string name;  // empty for generated rules until Finish()
    std::vector<GrammarSequence> alternatives;
    bool defined = false;
    bool generated = false;
    uint32_t origin = 0;  // generated: the written rule it came from
    SourcePosition defined_at;
    SourcePosition first_used_at;
  };

  void NameGeneratedRules();
  Grammar Flatten(uint32_t root) const;

  std::string source_name_;
  std::vector<PendingRule> rules_;
  std::unordered_map<std::string, uint32_t> rule_by_name_;
  std::vector<CharSet> char_sets_;
  size_t element_total_ = 0;
};

}  // namespace hearth
