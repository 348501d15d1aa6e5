#include "grammar/grammar_builder.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "grammar/left_recursion.h"

namespace hearth {

GrammarBuilder::GrammarBuilder(std::string source_name) : source_name_(std::move(source_name)) {}

std::string GrammarBuilder::Where(SourcePosition at) const {
  if (at.line == 0) return source_name_ + ": ";
  return source_name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

uint32_t GrammarBuilder::RuleNamed(std::string_view name, SourcePosition used_at) {
  auto [it, inserted] = rule_by_name_.try_emplace(std::string(name), uint32_t(rules_.size()));
  if (inserted) {
    PendingRule rule;
    rule.name = std::string(name);
    rule.first_used_at = used_at;
    rules_.push_back(std::move(rule));
  }
  return it->second;
}

Status GrammarBuilder::Define(uint32_t rule, std::vector<GrammarSequence> alternatives,
                              SourcePosition at) {
  PendingRule& pending = rules_[rule];
  if (pending.defined) {
    return InvalidArgument(Where(at) + "rule '" + pending.name + "' is defined twice (first at " +
                           std::to_string(pending.defined_at.line) + ":" +
                           std::to_string(pending.defined_at.column) + ")");
  }
  pending.alternatives = std::move(alternatives);
  pending.defined = true;
  pending.defined_at = at;
  return Status::Ok();
}

uint32_t GrammarBuilder::AddGenerated(uint32_t origin, std::vector<GrammarSequence> alternatives,
                                      SourcePosition at) {
  PendingRule rule;
  rule.alternatives = std::move(alternatives);
  rule.defined = rule.generated = true;
  rule.origin = origin;
  rule.defined_at = rule.first_used_at = at;
  rules_.push_back(std::move(rule));
  return uint32_t(rules_.size() - 1);
}

uint32_t GrammarBuilder::AddCharSet(const CharSet& set) {
  // Grammars rarely hold more than a few hundred distinct sets; the scan only runs at parse time.
  for (uint32_t i = 0; i < char_sets_.size(); ++i) {
    if (char_sets_[i] == set) return i;
  }
  char_sets_.push_back(set);
  return uint32_t(char_sets_.size() - 1);
}

Status GrammarBuilder::Reserve(size_t elements, SourcePosition at) {
  if (elements > kMaxElements || element_total_ + elements > kMaxElements) {
    return OutOfRange(Where(at) + "grammar too large: more than " + std::to_string(kMaxElements) +
                      " elements after expanding repetitions");
  }
  element_total_ += elements;
  return Status::Ok();
}

Status GrammarBuilder::Repeat(uint32_t origin, GrammarSequence& sequence, size_t item_start,
                              uint32_t min, std::optional<uint32_t> max, SourcePosition at) {
  if (item_start == sequence.size()) return Status::Ok();  // "" repeated is still ""
  if (min > kMaxRepetition || (max && *max > kMaxRepetition)) {
    return OutOfRange(Where(at) + "repetition bound above " + std::to_string(kMaxRepetition));
  }
  if (max && *max < min) {
    return InvalidArgument(Where(at) + "repetition {" + std::to_string(min) + "," +
                           std::to_string(*max) + "}: the minimum exceeds the maximum");
  }
  const GrammarSequence item(sequence.begin() + ptrdiff_t(item_start), sequence.end());
  const uint32_t optional_count = max ? *max - min : 1;
  // Elements added: min - 1 more copies inline, and per optional rule the item and a reference.
  HEARTH_RETURN_IF_ERROR(Reserve(
      size_t(std::max(min, 1u) - 1) * item.size() + size_t(optional_count) * (item.size() + 1),
      at));
  sequence.resize(item_start);
  for (uint32_t i = 0; i < min; ++i) sequence.insert(sequence.end(), item.begin(), item.end());
  if (optional_count == 0) return Status::Ok();
  const auto placeholder = uint32_t(rules_.size());  // unbounded: the rule refers to itself
  uint32_t tail = 0;
  for (uint32_t k = 0; k < optional_count; ++k) {
    GrammarSequence more = item;
    if (!max) {
      more.push_back({ElementKind::kRuleRef, placeholder});
    } else if (k > 0) {
      more.push_back({ElementKind::kRuleRef, tail});
    }
    tail = AddGenerated(origin, {std::move(more), GrammarSequence{}}, at);
  }
  sequence.push_back({ElementKind::kRuleRef, tail});
  return Status::Ok();
}

void GrammarBuilder::NameGeneratedRules() {
  std::unordered_set<std::string> taken;
  for (const PendingRule& rule : rules_) {
    if (!rule.generated) taken.insert(rule.name);
  }
  std::vector<uint32_t> next_suffix(rules_.size(), 1);
  for (PendingRule& rule : rules_) {
    if (!rule.generated) continue;
    const std::string& base = rules_[rule.origin].name;
    std::string name;
    do {
      name = base + "-" + std::to_string(next_suffix[rule.origin]++);
    } while (taken.count(name) != 0);
    taken.insert(name);
    rule.name = std::move(name);
  }
}

Grammar GrammarBuilder::Flatten(uint32_t root) const {
  Grammar grammar;
  grammar.root_ = root;
  grammar.char_sets_ = char_sets_;
  grammar.rules_.reserve(rules_.size());
  for (const PendingRule& pending : rules_) {
    GrammarRule rule{pending.name, {}, pending.generated, pending.defined_at};
    for (const GrammarSequence& sequence : pending.alternatives) {
      rule.alternatives.push_back(uint32_t(grammar.elements_.size()));
      grammar.elements_.insert(grammar.elements_.end(), sequence.begin(), sequence.end());
      grammar.elements_.push_back({ElementKind::kEnd, 0});
    }
    grammar.rules_.push_back(std::move(rule));
  }
  return grammar;
}

Result<Grammar> GrammarBuilder::Finish(std::string_view root_name) {
  for (const PendingRule& rule : rules_) {
    if (!rule.defined) {
      return InvalidArgument(Where(rule.first_used_at) + "rule '" + rule.name +
                             "' is used but never defined");
    }
  }
  auto root = rule_by_name_.find(std::string(root_name));
  if (root == rule_by_name_.end()) {
    return InvalidArgument(Where({}) + "no rule named '" + std::string(root_name) +
                           "' (the grammar starts there)");
  }
  NameGeneratedRules();
  RuleTable table;
  for (const PendingRule& rule : rules_) table.push_back(&rule.alternatives);
  const std::vector<uint32_t> cycle = FindLeftRecursion(table);
  if (!cycle.empty()) {
    std::string path;
    for (uint32_t r : cycle) path += (path.empty() ? "" : " -> ") + rules_[r].name;
    const PendingRule& first = rules_[cycle.front()];
    const std::string& owner = first.generated ? rules_[first.origin].name : first.name;
    return InvalidArgument(Where(first.defined_at) + "rule '" + owner +
                           "' is left-recursive: " + path +
                           " can repeat without matching a character (a repeated item that can "
                           "be empty does this too)");
  }
  return Flatten(root->second);
}

}  // namespace hearth
