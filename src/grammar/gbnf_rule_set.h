// GbnfRuleSet: GBNF text assembled rule by rule, for grammars generated from other
// descriptions (JSON, JSON schemas). Hands out unique rule names and prints the rules.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hearth {

class GbnfRuleSet {
 public:
  // `reserved`: names that NewName() never hands out (fixed rules added later by name).
  explicit GbnfRuleSet(std::vector<std::string_view> reserved = {});

  bool Has(std::string_view name) const { return names_.count(std::string(name)) != 0; }
  // Adds `name ::= body`. Requires a name not added before (a NewName() result is fine).
  void Add(const std::string& name, std::string body);
  // A name not yet used nor reserved, made from `hint`: characters outside [a-zA-Z0-9-]
  // become '-', and "-2", "-3", ... is appended when needed. The name is taken from then on.
  std::string NewName(std::string_view hint);

  // The rules as GBNF text, one per line, in the order added.
  std::string ToGbnf() const;

 private:
  std::vector<std::pair<std::string, std::string>> rules_;  // (name, body) in order
  std::unordered_set<std::string> names_;                   // added or handed out
  std::unordered_set<std::string> reserved_;
};

// `text` as a GBNF string literal (quotes included): ", \ and control characters escaped,
// other characters as UTF-8.
std::string GbnfLiteral(std::string_view text);

}  // namespace hearth
