// allOf for the JSON-schema converter: folds schemas into one that every document valid
// against all of them satisfies, keyword by keyword:
//   properties: union (a property in both: {"allOf": [both schemas]}); required: union;
//   type: intersection; additionalProperties: false wins, two schemas combine with allOf;
//   lower bounds (minimum, minLength, minItems, ...): the larger; upper bounds: the smaller;
//   enum: the values in both; annotations: the first seen. Any other keyword present in both
//   with different values is a conflict.
#pragma once

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hearth::json_schema {

// Merges schema `from` (an object, or true) into `into` (an object). Errors (a conflict, an
// empty type intersection, schema false) name the keyword; the caller adds the place.
Status MergeSchemaInto(nlohmann::ordered_json& into, const nlohmann::ordered_json& from);

}  // namespace hearth::json_schema
