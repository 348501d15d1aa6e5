#include "grammar/grammar.h"

#include <cstdio>

#include "tokenizer/utf8.h"

namespace hearth {
namespace {

// `c` escaped for GBNF text. `in_class`: also escapes the characters that mean something
// inside [...] ('-', '^', '[', ']').
std::string EscapeChar(uint32_t c, bool in_class) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\\': return "\\\\";
    case '"': return "\\\"";
    case '[':
    case ']':
      if (in_class) return c == '[' ? "\\[" : "\\]";
      break;
    case '-':
    case '^':
      if (in_class) return c == '-' ? "\\x2D" : "\\x5E";
      break;
    default: break;
  }
  char buffer[16];
  if (c < 0x20 || c == 0x7F) {
    std::snprintf(buffer, sizeof(buffer), "\\x%02X", c);
    return buffer;
  }
  if (c >= 0xD800 && c <= 0xDFFF) {  // not encodable as UTF-8 text
    std::snprintf(buffer, sizeof(buffer), "\\u%04X", c);
    return buffer;
  }
  return utf8::EncodeUtf8(c);
}

std::string ClassText(const CharSet& set) {
  if (set.negated() && set.written_ranges().empty()) return ".";
  std::string out = set.negated() ? "[^" : "[";
  for (const CodePointRange& r : set.written_ranges()) {
    out += EscapeChar(r.first, true);
    if (r.last != r.first) out += "-" + EscapeChar(r.last, true);
  }
  return out + "]";
}

bool IsSingleChar(const CharSet& set) {
  return !set.negated() && set.written_ranges().size() == 1 &&
         set.written_ranges()[0].first == set.written_ranges()[0].last;
}

// One alternative starting at `position`, as GBNF: runs of single characters become literals.
std::string AlternativeText(const Grammar& grammar, uint32_t position) {
  std::string out;
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    out += (out.empty() ? "\"" : " \"") + literal + "\"";
    literal.clear();
  };
  for (;; ++position) {
    const GrammarElement& e = grammar.element(position);
    if (e.kind == ElementKind::kEnd) break;
    if (e.kind == ElementKind::kCharSet && IsSingleChar(grammar.char_set(e.index))) {
      literal += EscapeChar(grammar.char_set(e.index).written_ranges()[0].first, false);
      continue;
    }
    flush();
    const std::string item = e.kind == ElementKind::kRuleRef ? grammar.rule(e.index).name
                                                             : ClassText(grammar.char_set(e.index));
    out += (out.empty() ? "" : " ") + item;
  }
  flush();
  return out.empty() ? "\"\"" : out;
}

}  // namespace

std::string Grammar::ToGbnf() const {
  std::string out;
  for (const GrammarRule& rule : rules_) {
    out += rule.name + " ::=";
    for (size_t i = 0; i < rule.alternatives.size(); ++i) {
      out += (i == 0 ? " " : " | ") + AlternativeText(*this, rule.alternatives[i]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace hearth
