// SchemaConverter: types, strings, integers and numbers.
#include <algorithm>
#include <cmath>
#include <vector>

#include "grammar/json_schema_converter.h"
#include "grammar/json_schema_numbers.h"

namespace hearth::json_schema {
namespace {

constexpr std::string_view kFormats[] = {"date", "time", "date-time", "uuid"};

// The type that a schema without "type" describes, judged from its keywords ("": any value).
std::string_view InferredType(const Json& schema) {
  auto has_any = [&](std::initializer_list<const char*> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](const char* k) { return schema.contains(k); });
  };
  if (has_any({"properties", "additionalProperties", "required"})) return "object";
  if (has_any({"items", "prefixItems", "additionalItems", "minItems", "maxItems"})) return "array";
  if (has_any({"minLength", "maxLength"})) return "string";
  if (has_any({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})) return "number";
  return "";
}

// One side of a numeric range: minimum / exclusiveMinimum, or maximum / exclusiveMaximum.
// Long double holds every 64-bit integer exactly (JSON integers are read as integers).
struct Bound {
  std::optional<long double> value;
  bool exclusive = false;
};

long double NumberValue(const Json& value) {
  if (value.is_number_unsigned()) return static_cast<long double>(value.get<uint64_t>());
  if (value.is_number_integer()) return static_cast<long double>(value.get<int64_t>());
  return value.get<double>();
}

// Reads `inclusive_key` and `exclusive_key` (a number, or in draft 4 a boolean that makes the
// inclusive bound exclusive); keeps the tighter bound. `lower`: larger values are tighter.
Result<Bound> ReadBound(const Json& schema, const char* inclusive_key, const char* exclusive_key,
                        bool lower, const std::string& path) {
  Bound bound;
  if (schema.contains(inclusive_key)) {
    if (!schema[inclusive_key].is_number()) {
      return SchemaError(StatusCode::kInvalidArgument, path,
                         std::string("'") + inclusive_key + "' must be a number");
    }
    bound.value = NumberValue(schema[inclusive_key]);
  }
  if (!schema.contains(exclusive_key)) return bound;
  const Json& exclusive = schema[exclusive_key];
  if (exclusive.is_boolean()) {
    bound.exclusive = exclusive.get<bool>() && bound.value.has_value();
  } else if (exclusive.is_number()) {
    const long double x = NumberValue(exclusive);
    if (!bound.value || (lower ? x >= *bound.value : x <= *bound.value)) bound = {x, true};
  } else {
    return SchemaError(StatusCode::kInvalidArgument, path,
                       std::string("'") + exclusive_key + "' must be a number");
  }
  return bound;
}

constexpr long double kInt64Max = 9223372036854775807.0L;

}  // namespace

Result<std::string> SchemaConverter::VisitTypes(const Json& schema, const std::string& path,
                                                const std::string& name) {
  std::vector<std::string> types;
  if (!schema.contains("type")) {
    const std::string_view inferred = InferredType(schema);
    if (inferred.empty()) return Block("value");
    types.emplace_back(inferred);
  } else if (schema["type"].is_string()) {
    types.push_back(schema["type"].get<std::string>());
  } else if (schema["type"].is_array() && !schema["type"].empty()) {
    for (const Json& t : schema["type"]) {
      if (!t.is_string()) break;
      if (std::count(types.begin(), types.end(), t.get<std::string>()) == 0) {
        types.push_back(t.get<std::string>());
      }
    }
  }
  if (types.empty() || (schema.contains("type") && schema["type"].is_array() &&
                        types.size() != schema["type"].size())) {
    return Fail(StatusCode::kInvalidArgument, path,
                "'type' must be a type name or an array of distinct type names");
  }
  if (std::count(types.begin(), types.end(), "number") != 0) std::erase(types, "integer");
  if (types.size() == 1) return VisitType(types[0], schema, path, name);
  std::string alternatives;
  for (const std::string& type : types) {
    HEARTH_ASSIGN_OR_RETURN(std::string expression,
                            VisitType(type, schema, path, name + "-" + type));
    alternatives += (alternatives.empty() ? "" : " | ") + expression;
  }
  return AddRule(name, alternatives);
}

Result<std::string> SchemaConverter::VisitType(std::string_view type, const Json& schema,
                                               const std::string& path, const std::string& name) {
  if (type == "object") return VisitObject(schema, path, name);
  if (type == "array") return VisitArray(schema, path, name);
  if (type == "string") return VisitString(schema, path);
  if (type == "integer") return VisitInteger(schema, path, name);
  if (type == "number") return VisitNumber(schema, path, name);
  if (type == "boolean") return Block("boolean");
  if (type == "null") return Block("null");
  return Fail(StatusCode::kInvalidArgument, path, "unknown type '" + std::string(type) + "'");
}

Result<std::string> SchemaConverter::VisitString(const Json& schema, const std::string& path) {
  constexpr const char* kQuote = "\"\\\"\"";
  if (schema.contains("format") && schema["format"].is_string()) {
    const std::string format = schema["format"].get<std::string>();
    if (std::find(std::begin(kFormats), std::end(kFormats), format) != std::end(kFormats)) {
      return std::string(kQuote) + " " + Block(format) + " " + kQuote;
    }
  }
  HEARTH_ASSIGN_OR_RETURN(std::optional<uint64_t> min, CountKeyword(schema, "minLength", path));
  HEARTH_ASSIGN_OR_RETURN(std::optional<uint64_t> max, CountKeyword(schema, "maxLength", path));
  if (!min && !max) return Block("string");
  if (min && max && *min > *max) {
    return Fail(StatusCode::kInvalidArgument, path, "minLength exceeds maxLength");
  }
  const std::string chars = RepeatGbnf(Block("char"), min.value_or(0), max);
  return std::string(kQuote) + (chars.empty() ? "" : " " + chars) + " " + kQuote;
}

Result<std::string> SchemaConverter::VisitInteger(const Json& schema, const std::string& path,
                                                  const std::string& name) {
  HEARTH_ASSIGN_OR_RETURN(Bound low, ReadBound(schema, "minimum", "exclusiveMinimum", true, path));
  HEARTH_ASSIGN_OR_RETURN(Bound high,
                          ReadBound(schema, "maximum", "exclusiveMaximum", false, path));
  if (!low.value && !high.value) return Block("integer");
  // The whole numbers inside the bounds; bounds past 64 bits are as good as none.
  std::optional<int64_t> min, max;
  if (low.value) {
    const long double m = low.exclusive ? std::floor(*low.value) + 1 : std::ceil(*low.value);
    if (m > kInt64Max) return Fail(StatusCode::kInvalidArgument, path, "no integer is that large");
    if (m >= -kInt64Max - 1) min = int64_t(m);
  }
  if (high.value) {
    const long double m = high.exclusive ? std::ceil(*high.value) - 1 : std::floor(*high.value);
    if (m < -kInt64Max - 1)
      return Fail(StatusCode::kInvalidArgument, path, "no integer is that small");
    if (m <= kInt64Max) max = int64_t(m);
  }
  if (min && max && *min > *max) {
    return Fail(StatusCode::kInvalidArgument, path, "no integer lies within the bounds");
  }
  return AddRule(name, IntegerRangeGbnf(min, max));
}

Result<std::string> SchemaConverter::VisitNumber(const Json& schema, const std::string& path,
                                                 const std::string& name) {
  HEARTH_ASSIGN_OR_RETURN(Bound low, ReadBound(schema, "minimum", "exclusiveMinimum", true, path));
  HEARTH_ASSIGN_OR_RETURN(Bound high,
                          ReadBound(schema, "maximum", "exclusiveMaximum", false, path));
  if (!low.value && !high.value) return Block("number");
  NumberBounds bounds;
  for (auto [bound, target, exclusive] : {std::tuple(&low, &bounds.min, &bounds.min_exclusive),
                                          std::tuple(&high, &bounds.max, &bounds.max_exclusive)}) {
    if (!bound->value) continue;
    const long double v = *bound->value;
    if (std::floor(v) != v || std::fabs(v) > kInt64Max) {
      return Fail(StatusCode::kUnimplemented, path,
                  "bounds on numbers must be whole numbers (got " + Json(double(v)).dump() + ")");
    }
    *target = int64_t(v);
    *exclusive = bound->exclusive;
  }
  std::string expression = NumberRangeGbnf(bounds);
  if (expression.empty()) {
    return Fail(StatusCode::kInvalidArgument, path, "no number lies within the bounds");
  }
  return AddRule(name, std::move(expression));
}

}  // namespace hearth::json_schema
