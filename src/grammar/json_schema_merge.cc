#include "grammar/json_schema_merge.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::json_schema {
namespace {

using Json = nlohmann::ordered_json;

bool IsOneOf(std::string_view key, std::initializer_list<std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool IsLowerBound(std::string_view key) {
  return IsOneOf(key, {"minimum", "exclusiveMinimum", "minLength", "minItems"});
}
bool IsUpperBound(std::string_view key) {
  return IsOneOf(key, {"maximum", "exclusiveMaximum", "maxLength", "maxItems"});
}
bool IsAnnotation(std::string_view key) {
  return IsOneOf(key, {"title", "description", "default", "examples", "$comment", "$schema", "$id",
                       "readOnly", "writeOnly", "deprecated", "$defs", "definitions"});
}

std::vector<std::string> TypeList(const Json& type) {
  if (type.is_string()) return {type.get<std::string>()};
  std::vector<std::string> types;
  if (type.is_array()) {
    for (const Json& t : type) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  return types;
}

Status MergeType(Json& into, const Json& from) {
  if (!into.contains("type")) {
    into["type"] = from;
    return Status::Ok();
  }
  std::vector<std::string> both;
  for (const std::string& mine : TypeList(into["type"])) {
    for (const std::string& theirs : TypeList(from)) {
      // An integer is also a number.
      const bool integer =
          (mine == "integer" && theirs == "number") || (mine == "number" && theirs == "integer");
      const std::string shared = integer ? "integer" : mine == theirs ? mine : "";
      if (!shared.empty() && std::count(both.begin(), both.end(), shared) == 0) {
        both.push_back(shared);
      }
    }
  }
  if (both.empty())
    return InvalidArgument("allOf: the types " + into["type"].dump() + " and " + from.dump() +
                           " have nothing in common");
  into["type"] = both.size() == 1 ? Json(both[0]) : Json(both);
  return Status::Ok();
}

Status MergeProperties(Json& into, const Json& from) {
  if (into.contains("properties") && !into["properties"].is_object()) {
    return InvalidArgument("allOf: 'properties' must be an object");
  }
  Json& properties = into["properties"];
  for (const auto& [name, schema] : from.items()) {
    if (properties.contains(name)) {
      properties[name] = Json{{"allOf", Json::array({properties[name], schema})}};
    } else {
      properties[name] = schema;
    }
  }
  return Status::Ok();
}

Status MergeRequired(Json& into, const Json& from) {
  if (into.contains("required") && !into["required"].is_array()) {
    return InvalidArgument("allOf: 'required' must be an array");
  }
  Json& required = into["required"];
  for (const Json& name : from) {
    if (std::find(required.begin(), required.end(), name) == required.end())
      required.push_back(name);
  }
  return Status::Ok();
}

void MergeAdditional(Json& into, const Json& from) {
  if (!into.contains("additionalProperties") || from == false) {
    into["additionalProperties"] = from;
  } else if (into["additionalProperties"] != false && from != true) {
    Json& mine = into["additionalProperties"];
    mine = mine == true ? from : Json{{"allOf", Json::array({mine, from})}};
  }
}

Status MergeEnum(Json& into, const Json& from) {
  if (!into.contains("enum")) {
    into["enum"] = from;
    return Status::Ok();
  }
  Json both = Json::array();
  for (const Json& value : into["enum"]) {
    if (std::find(from.begin(), from.end(), value) != from.end()) both.push_back(value);
  }
  if (both.empty()) return InvalidArgument("allOf: the enums have no value in common");
  into["enum"] = both;
  return Status::Ok();
}

Status MergeKeyword(Json& into, const std::string& key, const Json& value) {
  if (key == "type") return MergeType(into, value);
  if (key == "enum" && value.is_array()) return MergeEnum(into, value);
  if (key == "properties" && value.is_object()) return MergeProperties(into, value);
  if (key == "required" && value.is_array()) return MergeRequired(into, value);
  if (key == "additionalProperties") {
    MergeAdditional(into, value);
  } else if (!into.contains(key)) {
    into[key] = value;
  } else if (IsLowerBound(key) && value.is_number() && into[key].is_number()) {
    if (value.get<double>() > into[key].get<double>()) into[key] = value;  // the larger
  } else if (IsUpperBound(key) && value.is_number() && into[key].is_number()) {
    if (value.get<double>() < into[key].get<double>()) into[key] = value;  // the smaller
  } else if (!IsAnnotation(key) && into[key] != value) {
    return Unimplemented("allOf: conflicting values for '" + key + "'");
  }
  return Status::Ok();
}

}  // namespace

Status MergeSchemaInto(Json& into, const Json& from) {
  if (from == true) return Status::Ok();
  if (from == false) return InvalidArgument("allOf: schema false allows no value");
  if (!from.is_object()) return InvalidArgument("allOf: a schema must be an object or a boolean");
  for (const auto& [key, value] : from.items()) {
    HEARTH_RETURN_IF_ERROR(MergeKeyword(into, key, value));
  }
  return Status::Ok();
}

}  // namespace hearth::json_schema
