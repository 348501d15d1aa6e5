// Helpers shared by the filter files (not part of the library's interface).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "jinja/op_context.h"
#include "jinja/value.h"

namespace hearth::jinja {

// str(value), bounded by ctx.max_bytes.
Result<std::string> Text(const Value& value, OpContext& ctx);

// Jinja's attribute getter for map/selectattr/sort/...: "a.b.0" looks up a, then b, then
// index 0 (each step as `x[part]`). Errors like the subscript it performs.
Result<Value> GetAttributePath(const Value& object, const Value& attribute, OpContext& ctx);

// `value is name(args)`, erroring for an unknown test name.
Result<bool> ApplyNamedTest(std::string_view name, const Value& value, const Arguments& args,
                            OpContext& ctx);

// "filter 'indent'" etc., for argument errors.
inline std::string FilterName(std::string_view name) {
  return "filter '" + std::string(name) + "'";
}

}  // namespace hearth::jinja
