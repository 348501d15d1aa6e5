#include "grammar/gbnf_rule_set.h"

#include <cstdio>

namespace hearth {

GbnfRuleSet::GbnfRuleSet(std::vector<std::string_view> reserved) {
  for (std::string_view name : reserved) reserved_.insert(std::string(name));
}

void GbnfRuleSet::Add(const std::string& name, std::string body) {
  names_.insert(name);
  rules_.emplace_back(name, std::move(body));
}

std::string GbnfRuleSet::NewName(std::string_view hint) {
  std::string base;
  for (char c : hint) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    base += word ? c : '-';
  }
  if (base.empty()) base = "rule";
  std::string name = base;
  for (int n = 2; names_.count(name) != 0 || reserved_.count(name) != 0; ++n) {
    name = base + "-" + std::to_string(n);
  }
  names_.insert(name);
  return name;
}

std::string GbnfRuleSet::ToGbnf() const {
  std::string out;
  for (const auto& [name, body] : rules_) out += name + " ::= " + body + "\n";
  return out;
}

std::string GbnfLiteral(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\x%02X", byte);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace hearth
