// Grammar-constrained output (src/grammar) for the native handler: the ConstraintFactory of
// response formats, and constraints from a JSON schema for other callers (forced tool calls).
//   json_object -> any JSON object (JsonObjectGrammar; the object is the whole output);
//   json_schema -> a JSON document valid against the schema (GrammarFromJsonSchema).
#pragma once

#include <memory>

#include "base/status.h"
#include "sampling/token_constraint.h"
#include "server/models/loaded_model.h"
#include "server/native/generation_hooks.h"
#include "server/native/json_fields.h"

namespace hearth::server {

// The factory behind ResponseFormat. A schema the converter cannot handle is InvalidArgument,
// its message naming the place in the schema ("response_format: json schema: #/...: ...").
ConstraintFactory GrammarConstraintFactory();

// A constraint whose outputs are the JSON documents valid against `schema`. Errors as above,
// prefixed with `what`.
Result<std::unique_ptr<TokenConstraint>> JsonSchemaConstraint(const LoadedModel& model,
                                                              const Json& schema,
                                                              const std::string& what);

}  // namespace hearth::server
