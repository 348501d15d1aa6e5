// JSON schema -> grammar, for OpenAI's response_format {"type": "json_schema"} and tool
// arguments: every text the grammar allows is a JSON document that validates against the
// schema.
//
// Supported:
//   type (string, number, integer, boolean, null, object, array, and lists of them), enum,
//   const, nullable (OpenAPI);
//   objects: properties (written in the schema's order; required ones always, the others
//     optionally), required, additionalProperties (false, true or a schema; when absent:
//     false if `properties` is given, as in OpenAI's strict mode, else any members);
//   arrays: items, prefixItems (and the older array form of items with additionalItems),
//     minItems, maxItems;
//   strings: minLength, maxLength, format date / time / date-time / uuid (other formats:
//     any string);
//   integers: minimum, maximum, exclusiveMinimum, exclusiveMaximum (exact, 64-bit);
//   numbers: the same bounds when they are whole numbers (bounded numbers have no exponent);
//   anyOf, oneOf (as anyOf: exclusivity is not enforced), allOf (merged: properties,
//     required, bounds, types), $ref to any local JSON pointer (#/$defs/..., #/definitions/...,
//     #), recursive references included; true / false schemas.
// Keywords without a type infer one (properties -> object, items -> array, ...); annotations
// (title, description, default, examples, ...) and unknown keywords are ignored. Validation
// keywords that are not supported (pattern, uniqueItems, not, if/then/else, multipleOf,
// patternProperties, minProperties, ...) are errors naming the keyword and the JSON pointer
// where it appears, as are remote references and unsatisfiable schemas.
//
// Output shape: whitespace as json_rules.h bounds it; object members in schema order, extra
// members (when allowed) after the declared ones; numbers without exponents when bounded.
// Lengths count characters as written (an escape such as \u00e9 is one).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"
#include "grammar/grammar.h"

namespace hearth {

// The GBNF text of the grammar. Errors: InvalidArgument (a malformed schema or reference,
// an unsatisfiable schema), Unimplemented (a keyword or form this converter does not handle),
// OutOfRange (bounds or nesting past the converter's limits). Messages start with
// "json schema: #/pointer/to/the/place: ".
Result<std::string> JsonSchemaToGbnf(const nlohmann::ordered_json& schema);
Result<Grammar> GrammarFromJsonSchema(const nlohmann::ordered_json& schema);
// A schema read into nlohmann::json has lost its key order: properties come alphabetically.
Result<Grammar> GrammarFromJsonSchema(const nlohmann::json& schema);

}  // namespace hearth
