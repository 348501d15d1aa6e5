#include "server/native/grammar_constraints.h"

#include "grammar/grammar_constraint.h"
#include "grammar/json_grammar.h"
#include "grammar/json_schema_grammar.h"

namespace hearth::server {

Result<std::unique_ptr<TokenConstraint>> JsonSchemaConstraint(const LoadedModel& model,
                                                              const Json& schema,
                                                              const std::string& what) {
  Result<Grammar> grammar = GrammarFromJsonSchema(schema);
  if (!grammar.ok()) return InvalidArgument(what + ": " + grammar.status().message());
  return std::unique_ptr<TokenConstraint>(std::make_unique<GrammarConstraint>(
      std::make_shared<const Grammar>(std::move(grammar).value()), model.grammar_vocabulary()));
}

ConstraintFactory GrammarConstraintFactory() {
  // One json_object grammar for every request (immutable, shared).
  auto json_object = std::make_shared<const Grammar>(JsonObjectGrammar());
  return [json_object](const LoadedModel& model,
                       const ResponseFormat& format) -> Result<std::unique_ptr<TokenConstraint>> {
    switch (format.kind) {
      case ResponseFormat::Kind::kText:
        return std::unique_ptr<TokenConstraint>();
      case ResponseFormat::Kind::kJsonObject:
        return std::unique_ptr<TokenConstraint>(
            std::make_unique<GrammarConstraint>(json_object, model.grammar_vocabulary()));
      case ResponseFormat::Kind::kJsonSchema:
        return JsonSchemaConstraint(model, format.schema, "response_format");
    }
    return Internal("unknown response format");
  };
}

}  // namespace hearth::server
