// The GBNF rules of JSON's building blocks, shared by JsonObjectGrammar() and the JSON-schema
// converter: whitespace, strings, numbers, literals, any value, and string formats.
//
// Bounds that keep a model from looping forever (JSON itself has none):
//   - whitespace between tokens: nothing, one space, or a newline and at most 20 spaces or tabs
//     (enough for pretty-printed output);
//   - numbers: at most 19 integer digits, 20 fraction digits and 2 exponent digits (so every
//     number fits a double: parsers such as nlohmann::json refuse 1e400).
// Formats: date (RFC 3339 full-date; February has at most 28 days, as the year is not
// checked), time (RFC 3339 full-time: seconds, an optional fraction, Z or an offset),
// date-time, uuid.
#pragma once

#include <string_view>
#include <vector>

#include "grammar/gbnf_rule_set.h"

namespace hearth::json_rules {

// The names of the building blocks: "ws", "char", "string", "integer", "number", "boolean",
// "null", "value", "object", "member", "array", "date", "time", "date-time", "uuid".
std::vector<std::string_view> Names();

// Adds building block `name` to `rules` if absent, with every block it uses. Requires a name
// from Names().
void Add(std::string_view name, GbnfRuleSet& rules);

}  // namespace hearth::json_rules
