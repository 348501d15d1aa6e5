// Turning values into text the way Python does: str() (what `{{ x }}` prints), repr() (how
// lists and dicts print their elements) and json.dumps() as Hugging Face's `tojson` filter calls
// it (ensure_ascii=False, keys in insertion order).
//
// Every writer stops with an error once `out` would exceed `max_bytes`, so printing a hostile
// value (a list that shares one sublist many times over) stays bounded in time and memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "base/status.h"
#include "jinja/value.h"

namespace hearth::jinja {

// Python's repr(float): the shortest text that reads back the same ("1.0", "1e-05", "1e+16",
// "inf", "nan").
std::string FormatFloat(double value);

// Appends str(value): strings as they are, None as "None", True/False, undefined as nothing,
// lists and dicts as Python prints them (['a', 1]).
Status AppendStr(const Value& value, std::string& out, size_t max_bytes);
// Appends repr(value) ('a' with Python's quoting and escapes, lists and dicts as for str).
Status AppendRepr(const Value& value, std::string& out, size_t max_bytes);

struct JsonFormat {
  std::optional<std::string> indent;  // json.dumps(indent=...): None, or the indent string
  std::string item_separator = ", ";  // ',' when indenting
  std::string key_separator = ": ";
  bool sort_keys = false;
};
// Appends json.dumps(value) with ensure_ascii=False. Undefined, functions and namespaces are
// not serializable (an error naming the type, as Python's message does).
Status AppendJson(const Value& value, const JsonFormat& format, std::string& out,
                  size_t max_bytes);

// Python's str(value) as a new string; fails only past `max_bytes`.
Result<std::string> ToStr(const Value& value, size_t max_bytes);

}  // namespace hearth::jinja
