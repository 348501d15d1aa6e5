#include "grammar/json_schema_grammar.h"

#include "grammar/json_schema_converter.h"

namespace hearth {

Result<std::string> JsonSchemaToGbnf(const nlohmann::ordered_json& schema) {
  return json_schema::SchemaConverter(schema).Convert();
}

Result<Grammar> GrammarFromJsonSchema(const nlohmann::ordered_json& schema) {
  HEARTH_ASSIGN_OR_RETURN(std::string gbnf, JsonSchemaToGbnf(schema));
  Result<Grammar> grammar = Grammar::Parse(gbnf);
  if (!grammar.ok()) {
    // The converter writes valid GBNF, so what remains is a schema whose references loop
    // without producing output ({"$ref": "#"}) or bounds past the parser's limits.
    return Status(grammar.status().code(), "json schema: " + grammar.status().message());
  }
  return grammar;
}

Result<Grammar> GrammarFromJsonSchema(const nlohmann::json& schema) {
  return GrammarFromJsonSchema(nlohmann::ordered_json::parse(
      schema.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

}  // namespace hearth
