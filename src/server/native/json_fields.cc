#include "server/native/json_fields.h"

#include <cmath>

#include <fmt/format.h>

namespace hearth::server {

std::string JsonTypeName(const Json& value) {
  if (value.is_number()) return "number";
  return value.type_name();
}

Result<Json> ParseJsonBody(std::string_view body) {
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 11: ...".
    const std::string what = e.what();
    const size_t detail = what.find("] ");
    return InvalidArgument(fmt::format("invalid JSON at byte {}: {}", e.byte,
                                       detail == std::string::npos ? what : what.substr(detail + 2)));
  }
}

JsonFields::JsonFields(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

const Json* JsonFields::Find(std::string_view key) const {
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonFields::Fail(std::string_view key, const std::string& problem) {
  if (!status_.ok()) return;
  field_ = Name(key);
  status_ = InvalidArgument("field '" + field_ + "' " + problem);
}

void JsonFields::Merge(const JsonFields& nested) {
  if (!status_.ok() || nested.ok()) return;
  status_ = nested.status_;
  field_ = nested.field_;
}

void JsonFields::WrongType(std::string_view key, const Json& value, std::string_view expected) {
  Fail(key, fmt::format("must be {}, not {}", expected, JsonTypeName(value)));
}

void JsonFields::Bool(std::string_view key, bool& out) {
  const Json* v = Find(key);
  if (v == nullptr) return;
  if (!v->is_boolean()) return WrongType(key, *v, "a boolean");
  out = v->get<bool>();
}

void JsonFields::Int(std::string_view key, int32_t& out, int64_t min, int64_t max) {
  int64_t value = 0;
  const Json* v = Find(key);
  if (v == nullptr) return;
  const bool integral_float = v->is_number_float() && std::isfinite(v->get<double>()) &&
                              std::floor(v->get<double>()) == v->get<double>() &&
                              std::fabs(v->get<double>()) < 9.0e18;
  if (v->is_number_integer()) {
    value = v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)
                ? INT64_MAX
                : v->get<int64_t>();
  } else if (integral_float) {
    value = int64_t(v->get<double>());
  } else {
    return WrongType(key, *v, "an integer");
  }
  if (value < min || value > max) {
    return Fail(key, fmt::format("is {}, outside [{}, {}]", value, min, max));
  }
  out = int32_t(value);
}

void JsonFields::Int64(std::string_view key, int64_t& out) {
  const Json* v = Find(key);
  if (v == nullptr) return;
  if (v->is_number_unsigned()) {
    out = int64_t(v->get<uint64_t>());  // wraps like a C cast: seeds only need the bits
  } else if (v->is_number_integer()) {
    out = v->get<int64_t>();
  } else {
    WrongType(key, *v, "an integer");
  }
}

void JsonFields::Float(std::string_view key, float& out, double min, double max) {
  const Json* v = Find(key);
  if (v == nullptr) return;
  if (!v->is_number()) return WrongType(key, *v, "a number");
  const double value = v->get<double>();
  if (!(value >= min && value <= max)) {
    return Fail(key, fmt::format("is {}, outside [{}, {}]", value, min, max));
  }
  out = float(value);
}

void JsonFields::String(std::string_view key, std::string& out) {
  const Json* v = Find(key);
  if (v == nullptr) return;
  if (!v->is_string()) return WrongType(key, *v, "a string");
  out = v->get<std::string>();
}

void JsonFields::StringOrList(std::string_view key, std::vector<std::string>& out,
                              size_t max_items) {
  const Json* v = Find(key);
  if (v == nullptr) return;
  std::vector<std::string> items;
  if (v->is_string()) {
    items.push_back(v->get<std::string>());
  } else if (v->is_array()) {
    if (v->size() > max_items) {
      return Fail(key, fmt::format("has {} items; at most {} are allowed", v->size(), max_items));
    }
    for (const Json& item : *v) {
      if (!item.is_string()) return WrongType(key, item, "a string or a list of strings");
      items.push_back(item.get<std::string>());
    }
  } else {
    return WrongType(key, *v, "a string or a list of strings");
  }
  out.clear();
  for (std::string& s : items) {
    if (!s.empty()) out.push_back(std::move(s));
  }
}

const Json* JsonFields::Object(std::string_view key) {
  const Json* v = Find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    WrongType(key, *v, "an object");
    return nullptr;
  }
  return v;
}

const Json* JsonFields::Array(std::string_view key) {
  const Json* v = Find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    WrongType(key, *v, "an array");
    return nullptr;
  }
  return v;
}

}  // namespace hearth::server
