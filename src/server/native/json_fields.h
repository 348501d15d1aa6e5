// JsonFields: reads the optional fields of a request's JSON object into typed values, checking
// type and range. The first problem is kept as an InvalidArgument Status whose message names the
// field ("field 'top_p' is 1.5, outside [0, 1]") and field() says which one, for the API's
// `param`. Absent fields and explicit nulls leave the output untouched.
//
//   JsonFields fields(body);
//   fields.Float("temperature", params.temperature, 0, 100);
//   fields.Int("max_tokens", max_tokens, 1, INT32_MAX);
//   if (!fields.ok()) return fields.status();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hearth::server {

using Json = nlohmann::ordered_json;

// "string", "number", "object", ... as error messages name JSON types.
std::string JsonTypeName(const Json& value);

// Parses a request body. Error (InvalidArgument): "invalid JSON at byte 17: ...".
Result<Json> ParseJsonBody(std::string_view body);

class JsonFields {
 public:
  // `object` must outlive this reader. `prefix` is put before field names in messages
  // ("options." gives "field 'options.temperature' ...").
  explicit JsonFields(const Json& object, std::string prefix = "");

  // The field's value when present and not null, else nullptr.
  const Json* Find(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }

  void Bool(std::string_view key, bool& out);
  void Int(std::string_view key, int32_t& out, int64_t min, int64_t max);
  void Int64(std::string_view key, int64_t& out);
  void Float(std::string_view key, float& out, double min, double max);
  void String(std::string_view key, std::string& out);
  // A string or an array of strings (at most `max_items`); empty strings are dropped.
  void StringOrList(std::string_view key, std::vector<std::string>& out, size_t max_items);
  // The field if it is an object (nullptr when absent; an error when of another type).
  const Json* Object(std::string_view key);
  // The field if it is an array (nullptr when absent; an error when of another type).
  const Json* Array(std::string_view key);

  // Records a problem with `key` (if none was recorded yet).
  void Fail(std::string_view key, const std::string& problem);
  // Takes over the problem of a reader of a nested object (if none was recorded yet).
  void Merge(const JsonFields& nested);
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const std::string& field() const { return field_; }  // the field of the first problem

 private:
  std::string Name(std::string_view key) const { return prefix_ + std::string(key); }
  void WrongType(std::string_view key, const Json& value, std::string_view expected);

  const Json& object_;
  std::string prefix_;
  Status status_;
  std::string field_;
};

}  // namespace hearth::server
