// A small JSON-schema validator for the tests: the keywords GrammarFromJsonSchema supports,
// with JSON Schema's own meaning (absent additionalProperties allows any member; oneOf needs
// exactly one match), so it checks the grammars independently of how they were built.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace hearth::testing {

// "" when `document` is valid against `schema`; otherwise where and why it is not. Local
// references resolve against `schema` itself.
std::string ValidateAgainstSchema(const nlohmann::ordered_json& document,
                                  const nlohmann::ordered_json& schema);

}  // namespace hearth::testing
