// SchemaConverter: dispatch over a subschema's keywords, references, combinations and scalar
// types. Objects and arrays are in json_schema_containers.cc.
#include "grammar/json_schema_converter.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "grammar/json_rules.h"
#include "grammar/json_schema_merge.h"
#include "grammar/json_schema_numbers.h"

namespace hearth::json_schema {
namespace {

// Validation keywords this converter cannot enforce: using one is an error, not a silently
// looser grammar.
constexpr std::string_view kUnsupported[] = {"pattern",
                                             "patternProperties",
                                             "propertyNames",
                                             "minProperties",
                                             "maxProperties",
                                             "uniqueItems",
                                             "contains",
                                             "minContains",
                                             "maxContains",
                                             "not",
                                             "if",
                                             "then",
                                             "else",
                                             "dependentRequired",
                                             "dependentSchemas",
                                             "dependencies",
                                             "multipleOf",
                                             "unevaluatedProperties",
                                             "unevaluatedItems",
                                             "$dynamicRef",
                                             "$recursiveRef"};

constexpr std::string_view kAnnotations[] = {
    "title",    "description", "default",    "examples", "$comment",    "$schema", "$id",
    "readOnly", "writeOnly",   "deprecated", "$defs",    "definitions", "format",  "nullable"};

bool IsAnnotation(std::string_view key) {
  return std::find(std::begin(kAnnotations), std::end(kAnnotations), key) != std::end(kAnnotations);
}

// `schema` without `key` and without annotations: what else constrains it.
Json ValidationSiblings(const Json& schema, std::string_view key) {
  Json siblings = Json::object();
  for (const auto& [k, v] : schema.items()) {
    if (k != key && !IsAnnotation(k)) siblings[k] = v;
  }
  return siblings;
}

// Walks the depth counter up for one Visit and down again.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

}  // namespace

Status SchemaError(StatusCode code, const std::string& path, const std::string& message) {
  return Status(code, "json schema: " + path + ": " + message);
}

std::string PointerChild(const std::string& path, std::string_view key) {
  std::string escaped;
  for (char c : key) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return path + "/" + escaped;
}

std::string RepeatGbnf(const std::string& expression, uint64_t min, std::optional<uint64_t> max) {
  if (max && *max > kMaxRepetition) max.reset();
  if (max && *max == 0) return "";
  if (max && min == *max)
    return min == 1 ? expression : expression + "{" + std::to_string(min) + "}";
  if (!max)
    return min == 0   ? expression + "*"
           : min == 1 ? expression + "+"
                      : expression + "{" + std::to_string(min) + ",}";
  if (min == 0 && *max == 1) return expression + "?";
  return expression + "{" + std::to_string(min) + "," + std::to_string(*max) + "}";
}

Result<std::optional<uint64_t>> CountKeyword(const Json& schema, const char* key,
                                             const std::string& path) {
  if (!schema.contains(key)) return std::optional<uint64_t>();
  const Json& value = schema[key];
  const bool whole =
      value.is_number_unsigned() ||
      (value.is_number_float() && value.get<double>() >= 0 &&
       std::floor(value.get<double>()) == value.get<double>() && value.get<double>() < 1e18);
  if (!whole) {
    return SchemaError(StatusCode::kInvalidArgument, path,
                       std::string("'") + key + "' must be a non-negative integer");
  }
  const auto count =
      value.is_number_unsigned() ? value.get<uint64_t>() : uint64_t(value.get<double>());
  if (std::string_view(key).substr(0, 3) == "min" && count > kMaxRepetition) {
    return SchemaError(StatusCode::kOutOfRange, path,
                       std::string("'") + key + "' above " + std::to_string(kMaxRepetition));
  }
  return std::optional<uint64_t>(count);
}

SchemaConverter::SchemaConverter(const Json& root) : root_(root), rules_(json_rules::Names()) {}

Status SchemaConverter::Fail(StatusCode code, const std::string& path,
                             const std::string& message) const {
  return SchemaError(code, path, message);
}

std::string SchemaConverter::AddRule(const std::string& name, std::string body) {
  const std::string fresh = rules_.NewName(name);
  rules_.Add(fresh, std::move(body));
  return fresh;
}

std::string SchemaConverter::Block(std::string_view block) {
  json_rules::Add(block, rules_);
  return std::string(block);
}

Result<std::string> SchemaConverter::Convert() {
  rules_.NewName("root");  // reserved first, so the document's rule is the one called root
  ref_rules_["#"] = "root";
  HEARTH_ASSIGN_OR_RETURN(std::string root, Visit(root_, "#", "root"));
  return "root ::= " + root + "\n" + rules_.ToGbnf();
}

Result<std::string> SchemaConverter::Visit(const Json& schema, const std::string& path,
                                           const std::string& name) {
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) {
    return Fail(StatusCode::kOutOfRange, path,
                "subschemas nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (schema.is_boolean()) {
    if (schema.get<bool>()) return Block("value");
    return Fail(StatusCode::kInvalidArgument, path, "schema false allows no value");
  }
  if (!schema.is_object()) {
    return Fail(StatusCode::kInvalidArgument, path, "a schema must be an object or a boolean");
  }
  for (const auto& [key, value] : schema.items()) {
    if (std::find(std::begin(kUnsupported), std::end(kUnsupported), key) !=
        std::end(kUnsupported)) {
      return Fail(StatusCode::kUnimplemented, path, "unsupported keyword '" + key + "'");
    }
  }
  HEARTH_ASSIGN_OR_RETURN(std::string expression, VisitKeywords(schema, path, name));
  const bool nullable = schema.contains("nullable") && schema["nullable"] == true;
  if (nullable && expression != "null")
    expression = "( " + expression + " | " + Block("null") + " )";
  return expression;
}

Result<std::string> SchemaConverter::VisitKeywords(const Json& schema, const std::string& path,
                                                   const std::string& name) {
  if (schema.contains("$ref")) {
    if (ValidationSiblings(schema, "$ref").empty()) return VisitRef(schema, path);
    // Keywords beside a reference apply too: treat them as allOf.
    Json combined = ValidationSiblings(schema, "$ref");
    combined["allOf"] = Json::array({Json{{"$ref", schema["$ref"]}}});
    return VisitAllOf(combined, path, name);
  }
  if (schema.contains("allOf")) return VisitAllOf(schema, path, name);
  if (schema.contains("anyOf")) return VisitAnyOf(schema, "anyOf", path, name);
  if (schema.contains("oneOf")) return VisitAnyOf(schema, "oneOf", path, name);
  if (schema.contains("const")) return VisitLiterals(Json::array({schema["const"]}), path);
  if (schema.contains("enum")) return VisitLiterals(schema["enum"], PointerChild(path, "enum"));
  return VisitTypes(schema, path, name);
}

Result<const Json*> SchemaConverter::Resolve(const std::string& ref,
                                             const std::string& path) const {
  if (ref.empty() || ref[0] != '#') {
    return Fail(StatusCode::kUnimplemented, path,
                "only local references (#/...) are supported, not '" + ref + "'");
  }
  const Json* target = &root_;
  size_t pos = 1;
  while (pos < ref.size()) {
    if (ref[pos] != '/') break;
    const size_t end = std::min(ref.find('/', pos + 1), ref.size());
    std::string token;
    for (size_t i = pos + 1; i < end; ++i) {
      if (ref[i] == '~' && i + 1 < end && (ref[i + 1] == '0' || ref[i + 1] == '1')) {
        token += ref[++i] == '0' ? '~' : '/';
      } else {
        token += ref[i];
      }
    }
    if (target->is_object() && target->contains(token)) {
      target = &(*target)[token];
    } else if (target->is_array() && !token.empty() &&
               token.find_first_not_of("0123456789") == std::string::npos && token.size() < 10 &&
               std::stoul(token) < target->size()) {
      target = &(*target)[std::stoul(token)];
    } else {
      break;
    }
    pos = end;
  }
  if (pos < ref.size()) {
    return Fail(StatusCode::kInvalidArgument, path, "$ref '" + ref + "' points to nothing");
  }
  return target;
}

Result<std::string> SchemaConverter::VisitRef(const Json& schema, const std::string& path) {
  if (!schema["$ref"].is_string()) {
    return Fail(StatusCode::kInvalidArgument, path, "$ref must be a string");
  }
  const std::string ref = schema["$ref"].get<std::string>();
  if (auto known = ref_rules_.find(ref); known != ref_rules_.end()) return known->second;
  HEARTH_ASSIGN_OR_RETURN(const Json* target, Resolve(ref, path));
  const size_t slash = ref.rfind('/');
  const std::string name = rules_.NewName(
      slash == std::string::npos || slash + 1 == ref.size() ? "ref" : ref.substr(slash + 1));
  ref_rules_[ref] = name;  // before visiting, so recursive references find it
  HEARTH_ASSIGN_OR_RETURN(std::string body, Visit(*target, ref, name));
  rules_.Add(name, std::move(body));
  return name;
}

Result<Json> SchemaConverter::Dereference(const Json& schema, const std::string& path) {
  Json current = schema;
  for (int hops = 0; current.is_object() && current.contains("$ref"); ++hops) {
    if (hops == kMaxDepth) return Fail(StatusCode::kInvalidArgument, path, "$ref loop");
    if (!current["$ref"].is_string()) {
      return Fail(StatusCode::kInvalidArgument, path, "$ref must be a string");
    }
    HEARTH_ASSIGN_OR_RETURN(const Json* target, Resolve(current["$ref"].get<std::string>(), path));
    Json merged = *target;
    const Json siblings = ValidationSiblings(current, "$ref");
    if (merged.is_object() && !siblings.empty()) {
      if (Status s = MergeSchemaInto(merged, siblings); !s.ok()) {
        return Fail(s.code(), path, s.message());
      }
    }
    current = std::move(merged);
  }
  return current;
}

Result<std::string> SchemaConverter::VisitAllOf(const Json& schema, const std::string& path,
                                                const std::string& name) {
  const Json& members = schema["allOf"];
  if (!members.is_array() || members.empty()) {
    return Fail(StatusCode::kInvalidArgument, path, "allOf must be a non-empty array");
  }
  Json merged = schema;
  merged.erase("allOf");
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string member_path = PointerChild(PointerChild(path, "allOf"), std::to_string(i));
    HEARTH_ASSIGN_OR_RETURN(Json member, Dereference(members[i], member_path));
    if (Status s = MergeSchemaInto(merged, member); !s.ok()) {
      return Fail(s.code(), member_path, s.message());
    }
  }
  return Visit(merged, path, name);
}

Result<std::string> SchemaConverter::VisitAnyOf(const Json& schema, const std::string& key,
                                                const std::string& path, const std::string& name) {
  const Json& members = schema[key];
  if (!members.is_array() || members.empty()) {
    return Fail(StatusCode::kInvalidArgument, path, key + " must be a non-empty array");
  }
  const Json siblings = ValidationSiblings(schema, key);
  std::string alternatives;
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string member_path = PointerChild(PointerChild(path, key), std::to_string(i));
    Json member = members[i];
    if (!siblings.empty()) {  // keywords beside anyOf hold for every alternative
      HEARTH_ASSIGN_OR_RETURN(member, Dereference(member, member_path));
      Json combined = siblings;
      if (Status s = MergeSchemaInto(combined, member); !s.ok()) {
        return Fail(s.code(), member_path, s.message());
      }
      member = std::move(combined);
    }
    HEARTH_ASSIGN_OR_RETURN(std::string expression,
                            Visit(member, member_path, name + "-" + std::to_string(i)));
    alternatives += (i == 0 ? "" : " | ") + expression;
  }
  return members.size() == 1 ? alternatives : AddRule(name, alternatives);
}

Result<std::string> SchemaConverter::VisitLiterals(const Json& values, const std::string& path) {
  if (!values.is_array() || values.empty()) {
    return Fail(StatusCode::kInvalidArgument, path, "enum must be a non-empty array");
  }
  std::string alternatives;
  for (const Json& value : values) {
    const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    alternatives += (alternatives.empty() ? "" : " | ") + GbnfLiteral(text);
  }
  return values.size() == 1 ? alternatives : "( " + alternatives + " )";
}

}  // namespace hearth::json_schema
