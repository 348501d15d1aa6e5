// libFuzzer target for the JSON-schema converter: the input is a JSON document used as a
// schema. If it converts, the GBNF must parse (the only acceptable failures are the ones a
// schema can cause: references that loop without output, a grammar past the size limits),
// and a short walk through the grammar must not break. Findings: a crash, a sanitizer report,
// a hang, an error without the "json schema:" prefix, or generated GBNF with a syntax error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "grammar/grammar_matcher.h"
#include "grammar/json_schema_grammar.h"

namespace hearth {
namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Follows the first allowed character of a fixed alphabet for a few steps.
void Walk(const std::shared_ptr<const Grammar>& grammar) {
  static constexpr std::string_view kAlphabet = "{}[]\",: 0123456789-.abcdefghijklmnopqrstuvwxyz";
  GrammarMatcher matcher(grammar);
  for (int step = 0; step < 64 && matcher.CanContinue(); ++step) {
    bool moved = false;
    for (size_t i = 0; i < kAlphabet.size() && !moved; ++i) {
      moved = matcher.AcceptBytes(kAlphabet.substr((i + size_t(step)) % kAlphabet.size(), 1));
    }
    if (!moved) break;
  }
}

}  // namespace
}  // namespace hearth

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hearth;
  const nlohmann::ordered_json schema = nlohmann::ordered_json::parse(
      std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
  if (schema.is_discarded()) return 0;
  Result<std::string> gbnf = JsonSchemaToGbnf(schema);
  if (!gbnf.ok()) {
    Require(gbnf.status().message().rfind("json schema: ", 0) == 0);
    return 0;
  }
  Result<Grammar> grammar = Grammar::Parse(*gbnf);
  if (!grammar.ok()) {
    const std::string& message = grammar.status().message();
    Require(Contains(message, "left-recursive") || Contains(message, "too large"));
    return 0;
  }
  Walk(std::make_shared<const Grammar>(std::move(grammar).value()));
  return 0;
}
