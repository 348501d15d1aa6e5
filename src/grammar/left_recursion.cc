#include "grammar/left_recursion.h"

#include <algorithm>
#include <utility>

namespace hearth {

std::vector<bool> NullableRules(const RuleTable& rules) {
  // Each alternative waits for its referenced rules to become nullable; one with a character
  // set never can. A rule is nullable as soon as one alternative waits for nothing.
  std::vector<bool> nullable(rules.size(), false);
  std::vector<uint32_t> alternative_rule;  // alternative -> its rule
  std::vector<uint32_t> waiting;           // alternative -> references not yet nullable
  std::vector<std::vector<uint32_t>> used_by(rules.size());  // rule -> alternatives using it
  std::vector<uint32_t> ready;                               // rules found nullable, to propagate
  for (uint32_t r = 0; r < rules.size(); ++r) {
    for (const GrammarSequence& sequence : *rules[r]) {
      const auto alternative = uint32_t(alternative_rule.size());
      alternative_rule.push_back(r);
      const bool has_char =
          std::any_of(sequence.begin(), sequence.end(),
                      [](const GrammarElement& e) { return e.kind == ElementKind::kCharSet; });
      waiting.push_back(has_char ? UINT32_MAX : uint32_t(sequence.size()));
      if (has_char) continue;
      for (const GrammarElement& e : sequence) used_by[e.index].push_back(alternative);
      if (sequence.empty() && !nullable[r]) {
        nullable[r] = true;
        ready.push_back(r);
      }
    }
  }
  while (!ready.empty()) {
    const uint32_t r = ready.back();
    ready.pop_back();
    for (uint32_t alternative : used_by[r]) {
      if (--waiting[alternative] != 0) continue;
      const uint32_t owner = alternative_rule[alternative];
      if (!nullable[owner]) {
        nullable[owner] = true;
        ready.push_back(owner);
      }
    }
  }
  return nullable;
}

namespace {

// edges[r]: the rules r may begin with.
std::vector<std::vector<uint32_t>> LeftCornerEdges(const RuleTable& rules,
                                                   const std::vector<bool>& nullable) {
  std::vector<std::vector<uint32_t>> edges(rules.size());
  for (uint32_t r = 0; r < rules.size(); ++r) {
    for (const GrammarSequence& sequence : *rules[r]) {
      for (const GrammarElement& e : sequence) {
        if (e.kind != ElementKind::kRuleRef) break;
        edges[r].push_back(e.index);
        if (!nullable[e.index]) break;
      }
    }
    std::sort(edges[r].begin(), edges[r].end());
    edges[r].erase(std::unique(edges[r].begin(), edges[r].end()), edges[r].end());
  }
  return edges;
}

}  // namespace

std::vector<uint32_t> FindLeftRecursion(const RuleTable& rules) {
  const std::vector<std::vector<uint32_t>> edges = LeftCornerEdges(rules, NullableRules(rules));
  enum : uint8_t { kUnvisited, kOnPath, kDone };
  std::vector<uint8_t> mark(rules.size(), kUnvisited);
  // Iterative depth-first search; `path` holds (rule, next edge to try).
  std::vector<std::pair<uint32_t, size_t>> path;
  for (uint32_t start = 0; start < rules.size(); ++start) {
    if (mark[start] != kUnvisited) continue;
    path.push_back({start, 0});
    mark[start] = kOnPath;
    while (!path.empty()) {
      auto& [rule, next] = path.back();
      if (next == edges[rule].size()) {
        mark[rule] = kDone;
        path.pop_back();
        continue;
      }
      const uint32_t target = edges[rule][next++];
      if (mark[target] == kOnPath) {
        std::vector<uint32_t> cycle;
        auto it = std::find_if(path.begin(), path.end(),
                               [&](const auto& frame) { return frame.first == target; });
        for (; it != path.end(); ++it) cycle.push_back(it->first);
        cycle.push_back(target);
        return cycle;
      }
      if (mark[target] == kUnvisited) {
        mark[target] = kOnPath;
        path.push_back({target, 0});
      }
    }
  }
  return {};
}

}  // namespace hearth
