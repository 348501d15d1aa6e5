// Grammar: a context-free grammar over Unicode code points, in the shape the matcher walks.
//
// Text grammars use llama.cpp's GBNF syntax (see gbnf_parser.h): `name ::= ...` rules with
// alternatives, sequences, string literals, character classes, groups and repetition. The
// parser rewrites groups and repetitions into extra rules, so a Grammar holds only:
//   - rules, each a list of alternatives;
//   - an alternative: a run of elements in one flat array, ended by a kEnd element;
//   - an element: a character set to match (a terminal) or a reference to another rule.
// A "position" is an index into that flat element array; the matcher's parse stacks are
// lists of positions.
//
// Guarantees after Parse() (the matcher relies on them): every referenced rule is defined,
// the root rule exists, and no rule can reach itself without consuming a character (no left
// recursion), so expanding rule references always terminates.
//
// Immutable once built: share it between threads and requests freely (e.g. through a
// std::shared_ptr<const Grammar>). Move-only, as it may be large.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "grammar/char_set.h"

namespace hearth {

enum class ElementKind : uint8_t {
  kCharSet,  // matches one code point of char_set(index)
  kRuleRef,  // expands to rule(index)
  kEnd,      // ends an alternative
};

struct GrammarElement {
  ElementKind kind = ElementKind::kEnd;
  uint32_t index = 0;  // char set index (kCharSet), rule index (kRuleRef), unused (kEnd)
  bool operator==(const GrammarElement&) const = default;
};

using GrammarSequence = std::vector<GrammarElement>;  // one alternative, without its kEnd

// A place in the grammar text, 1-based; line 0 means "not from the text".
struct SourcePosition {
  uint32_t line = 0;
  uint32_t column = 0;  // in bytes
};

struct GrammarRule {
  std::string name;  // as written; generated rules get "<rule>-<n>", unused by written ones
  std::vector<uint32_t> alternatives;  // the position of each alternative's first element
  bool generated = false;              // made by the parser for a group or a repetition
  SourcePosition defined_at;           // the rule's name, or the group / repetition
};

class Grammar {
 public:
  // Parses GBNF text (syntax and limits: gbnf_parser.h). Errors read "grammar:LINE:COL: message"
  // and name the rule where one is involved.
  static Result<Grammar> Parse(std::string_view gbnf);

  Grammar(Grammar&&) noexcept = default;
  Grammar& operator=(Grammar&&) noexcept = default;
  Grammar(const Grammar&) = delete;
  Grammar& operator=(const Grammar&) = delete;

  uint32_t root_rule() const { return root_; }
  uint32_t rule_count() const { return uint32_t(rules_.size()); }
  const GrammarRule& rule(uint32_t index) const { return rules_[index]; }
  uint32_t element_count() const { return uint32_t(elements_.size()); }
  const GrammarElement& element(uint32_t position) const { return elements_[position]; }
  const CharSet& char_set(uint32_t index) const { return char_sets_[index]; }

  // The grammar as GBNF text, one rule per line (generated rules included). Parsing it again
  // gives an equivalent grammar.
  std::string ToGbnf() const;

 private:
  friend class GrammarBuilder;
  Grammar() = default;

  std::vector<GrammarRule> rules_;
  std::vector<GrammarElement> elements_;
  std::vector<CharSet> char_sets_;
  uint32_t root_ = 0;
};

}  // namespace hearth
