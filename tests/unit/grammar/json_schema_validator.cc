#include "json_schema_validator.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <vector>

#include "tokenizer/utf8.h"

namespace hearth::testing {
namespace {

using Json = nlohmann::ordered_json;

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  std::string Check(const Json& doc, const Json& schema, const std::string& at) const {
    if (schema.is_boolean()) return schema.get<bool>() ? "" : at + ": schema false";
    if (schema.contains("$ref")) {
      const std::string error = Check(doc, Resolve(schema["$ref"].get<std::string>()), at);
      if (!error.empty()) return error;
    }
    if (schema.value("nullable", false) && doc.is_null()) return "";
    for (const char* key : {"allOf", "anyOf", "oneOf"}) {
      if (!schema.contains(key)) continue;
      int matches = 0;
      std::string last_error;
      for (const Json& sub : schema[key]) {
        const std::string error = Check(doc, sub, at);
        matches += error.empty();
        if (!error.empty()) last_error = error;
      }
      const bool ok = std::string(key) == "allOf"   ? matches == int(schema[key].size())
                      : std::string(key) == "anyOf" ? matches > 0
                                                    : matches == 1;
      if (!ok) return at + ": " + key + " fails (" + last_error + ")";
    }
    if (schema.contains("const") && doc != schema["const"]) return at + ": not the const";
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), doc) == schema["enum"].end()) {
      return at + ": not in the enum";
    }
    if (schema.contains("type") && !HasType(doc, schema["type"])) {
      return at + ": wrong type " + doc.dump();
    }
    if (doc.is_object()) return CheckObject(doc, schema, at);
    if (doc.is_array()) return CheckArray(doc, schema, at);
    if (doc.is_string()) return CheckString(doc.get<std::string>(), schema, at);
    if (doc.is_number()) return CheckNumber(doc.get<double>(), schema, at);
    return "";
  }

 private:
  const Json& Resolve(const std::string& ref) const {
    return ref == "#" ? root_ : root_.at(Json::json_pointer(ref.substr(1)));
  }

  static bool IsType(const Json& doc, const std::string& type) {
    if (type == "integer")
      return doc.is_number_integer() ||
             (doc.is_number_float() && std::floor(doc.get<double>()) == doc.get<double>());
    if (type == "number") return doc.is_number();
    if (type == "string") return doc.is_string();
    if (type == "boolean") return doc.is_boolean();
    if (type == "null") return doc.is_null();
    if (type == "object") return doc.is_object();
    return type == "array" && doc.is_array();
  }
  static bool HasType(const Json& doc, const Json& type) {
    if (type.is_string()) return IsType(doc, type.get<std::string>());
    return std::any_of(type.begin(), type.end(), [&](const Json& t) { return IsType(doc, t); });
  }

  std::string CheckObject(const Json& doc, const Json& schema, const std::string& at) const {
    const Json properties = schema.value("properties", Json::object());
    for (const Json& name : schema.value("required", Json::array())) {
      if (!doc.contains(name.get<std::string>())) return at + ": missing " + name.dump();
    }
    for (const auto& [key, value] : doc.items()) {
      const std::string here = at + "/" + key;
      if (properties.contains(key)) {
        if (auto error = Check(value, properties[key], here); !error.empty()) return error;
      } else if (schema.contains("additionalProperties")) {
        if (auto error = Check(value, schema["additionalProperties"], here); !error.empty()) {
          return error;
        }
      }
    }
    return "";
  }

  std::string CheckArray(const Json& doc, const Json& schema, const std::string& at) const {
    if (doc.size() < schema.value("minItems", 0u)) return at + ": too few items";
    if (schema.contains("maxItems") && doc.size() > schema["maxItems"].get<size_t>()) {
      return at + ": too many items";
    }
    // Draft 4 writes a tuple as "items": [...] with "additionalItems" for the rest.
    const bool old_tuple = schema.contains("items") && schema["items"].is_array();
    const Json prefix = old_tuple ? schema["items"] : schema.value("prefixItems", Json::array());
    const char* rest_key = old_tuple ? "additionalItems" : "items";
    for (size_t i = 0; i < doc.size(); ++i) {
      const std::string here = at + "/" + std::to_string(i);
      const Json* item_schema = i < prefix.size()           ? &prefix[i]
                                : schema.contains(rest_key) ? &schema[rest_key]
                                                            : nullptr;
      if (!item_schema) continue;
      if (auto error = Check(doc[i], *item_schema, here); !error.empty()) return error;
    }
    return "";
  }

  static std::string CheckString(const std::string& text, const Json& schema,
                                 const std::string& at) {
    const size_t length = utf8::DecodeUtf8Lenient(text).size();
    if (length < schema.value("minLength", 0u)) return at + ": too short";
    if (schema.contains("maxLength") && length > schema["maxLength"].get<size_t>()) {
      return at + ": too long";
    }
    const std::string format = schema.value("format", "");
    static const std::regex kDate(
        R"(\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8])))");
    static const std::regex kTime(
        R"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))");
    static const std::regex kUuid(
        R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
    bool ok = true;
    if (format == "date") ok = std::regex_match(text, kDate);
    if (format == "time") ok = std::regex_match(text, kTime);
    if (format == "uuid") ok = std::regex_match(text, kUuid);
    if (format == "date-time") {
      const size_t t = text.find('T');
      ok = t != std::string::npos && std::regex_match(text.substr(0, t), kDate) &&
           std::regex_match(text.substr(t + 1), kTime);
    }
    return ok ? "" : at + ": not a " + format + ": " + text;
  }

  static std::string CheckNumber(double value, const Json& schema, const std::string& at) {
    if (schema.contains("minimum") && value < schema["minimum"].get<double>())
      return at + ": below minimum";
    if (schema.contains("maximum") && value > schema["maximum"].get<double>())
      return at + ": above maximum";
    if (schema.contains("exclusiveMinimum") && value <= schema["exclusiveMinimum"].get<double>()) {
      return at + ": not above exclusiveMinimum";
    }
    if (schema.contains("exclusiveMaximum") && value >= schema["exclusiveMaximum"].get<double>()) {
      return at + ": not below exclusiveMaximum";
    }
    return "";
  }

  const Json& root_;
};

}  // namespace

std::string ValidateAgainstSchema(const Json& document, const Json& schema) {
  return Validator(schema).Check(document, schema, "#");
}

}  // namespace hearth::testing
