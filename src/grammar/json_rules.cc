#include "grammar/json_rules.h"

#include <string>

#include "base/check.h"

namespace hearth::json_rules {
namespace {

struct Block {
  std::string_view name;
  std::string_view body;
  std::vector<std::string_view> uses;
};

const std::vector<Block>& Blocks() {
  static const std::vector<Block> blocks = {
      {"ws", R"(( " " | "\n" [ \t]{0,20} )?)", {}},
      {"char", R"([^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} ))", {}},
      {"string", R"("\"" char* "\"")", {"char"}},
      {"integer", R"("-"? ( "0" | [1-9] [0-9]{0,18} ))", {}},
      {"number", R"(integer ( "." [0-9]{1,20} )? ( [eE] [-+]? [0-9]{1,2} )?)", {"integer"}},
      {"boolean", R"("true" | "false")", {}},
      {"null", R"("null")", {}},
      {"value",
       R"(object | array | string | number | boolean | null)",
       {"object", "array", "string", "number", "boolean", "null"}},
      {"object", R"("{" ws ( member ( "," ws member )* )? "}")", {"ws", "member"}},
      {"member", R"(string ws ":" ws value ws)", {"string", "ws", "value"}},
      {"array", R"("[" ws ( value ws ( "," ws value ws )* )? "]")", {"ws", "value"}},
      {"date",
       R"([0-9]{4} "-" ( ( "0" [13578] | "1" [02] ) "-" ( "0" [1-9] | [12] [0-9] | "3" [01] ) | ( "0" [469] | "11" ) "-" ( "0" [1-9] | [12] [0-9] | "30" ) | "02-" ( "0" [1-9] | "1" [0-9] | "2" [0-8] ) ))",
       {}},
      {"time",
       R"(( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{1,6} )? ( "Z" | [+-] ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] ))",
       {}},
      {"date-time", R"(date "T" time)", {"date", "time"}},
      {"uuid",
       R"([0-9a-fA-F]{8} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{12})",
       {}},
  };
  return blocks;
}

}  // namespace

std::vector<std::string_view> Names() {
  std::vector<std::string_view> names;
  for (const Block& block : Blocks()) names.push_back(block.name);
  return names;
}

void Add(std::string_view name, GbnfRuleSet& rules) {
  if (rules.Has(name)) return;
  for (const Block& block : Blocks()) {
    if (block.name != name) continue;
    rules.Add(std::string(name), std::string(block.body));  // first, so cycles end here
    for (std::string_view used : block.uses) Add(used, rules);
    return;
  }
  HEARTH_CHECK(false) << "unknown JSON building block '" << name << "'";
}

}  // namespace hearth::json_rules
