// Filters on single values: default/d, int, float, abs, round, tojson, attr, pprint.
#include <cmath>
#include <cstdlib>

#include "jinja/filter_support.h"
#include "jinja/filters.h"
#include "jinja/methods.h"
#include "jinja/operators.h"
#include "jinja/unicode.h"
#include "jinja/value_format.h"

namespace hearth::jinja {
namespace {

Result<std::vector<Value>> Bind(std::string_view filter, const Arguments& args,
                                std::initializer_list<std::string_view> names,
                                size_t required = 0) {
  return BindArguments(FilterName(filter), args, names, required);
}

Result<Value> DefaultFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("default", args, {"default_value", "boolean"}));
  const bool use_default = bound[1].IsTruthy() ? !input.IsTruthy() : input.is_undefined();
  if (!use_default) return input;
  return bound[0].is_undefined() ? Value::String("") : bound[0];
}

// Python's int()/float() parse of a string: surrounding whitespace allowed, '_' between digits.
std::string CleanNumber(std::string_view text) {
  std::string out;
  for (char c : StripView(text, true, true, nullptr)) {
    if (c != '_') out += c;
  }
  return out;
}

std::optional<int64_t> ParseInt(std::string_view text, int base) {
  const std::string s = CleanNumber(text);
  if (s.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, base);
  if (errno != 0 || end != s.c_str() + s.size()) return std::nullopt;
  return int64_t(v);
}

std::optional<double> ParseFloat(std::string_view text) {
  const std::string s = CleanNumber(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> DoubleToInt(double d) {
  if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return std::nullopt;
  return int64_t(std::trunc(d));
}

Result<Value> IntFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("int", args, {"default", "base"}));
  const Value fallback = bound[0].is_undefined() ? Value::Int(0) : bound[0];
  const int base = bound[1].is_integral() ? int(bound[1].AsInt()) : 10;
  if (base < 2 || base > 36) return InvalidArgument("filter 'int': base must be within 2..36");
  if (input.is_integral()) return Value::Int(input.AsInt());
  if (input.is_float()) {
    if (auto i = DoubleToInt(input.AsDouble())) return Value::Int(*i);
    return fallback;
  }
  if (input.is_string()) {
    if (auto i = ParseInt(input.AsString(), base)) return Value::Int(*i);
    if (auto d = ParseFloat(input.AsString())) {
      if (auto i = DoubleToInt(*d)) return Value::Int(*i);
    }
  }
  return fallback;
}

Result<Value> FloatFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("float", args, {"default"}));
  if (input.is_number()) return Value::Float(input.AsDouble());
  if (input.is_string()) {
    if (auto d = ParseFloat(input.AsString())) return Value::Float(*d);
  }
  return bound[0].is_undefined() ? Value::Float(0.0) : bound[0];
}

Result<Value> AbsFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("abs", args, {}));
  if (input.is_float()) return Value::Float(std::fabs(input.AsDouble()));
  if (input.is_integral()) {
    if (input.AsInt() == INT64_MIN) return OutOfRange("integer result out of the 64-bit range");
    return Value::Int(std::llabs(input.AsInt()));
  }
  return InvalidArgument("bad operand type for abs(): '" + input.TypeName() + "'");
}

// Jinja2's round: 'common' is Python's round() (ties to even), 'ceil' and 'floor' as named.
Result<Value> RoundFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("round", args, {"precision", "method"}));
  const int64_t precision = bound[0].is_integral() ? std::clamp<int64_t>(bound[0].AsInt(), -300, 300) : 0;
  const std::string method = bound[1].is_string() ? bound[1].AsString() : "common";
  if (method != "common" && method != "ceil" && method != "floor") {
    return InvalidArgument("filter 'round': method must be common, ceil or floor");
  }
  if (!input.is_number()) return InvalidArgument("filter 'round' needs a number, not " + input.TypeName());
  if (method == "common" && input.is_integral() && precision >= 0) return Value::Int(input.AsInt());
  const double scale = std::pow(10.0, double(precision));
  const double x = input.AsDouble() * scale;
  const double rounded = method == "ceil" ? std::ceil(x) : method == "floor" ? std::floor(x) : std::nearbyint(x);
  return Value::Float(rounded / scale);
}

Result<Value> ToJsonFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("tojson", args, {"indent", "separators", "sort_keys", "ensure_ascii"}));
  JsonFormat format;
  if (bound[0].is_integral()) {
    format.indent = std::string(size_t(std::clamp<int64_t>(bound[0].AsInt(), 0, 1 << 10)), ' ');
  } else if (bound[0].is_string()) {
    format.indent = bound[0].AsString();
  } else if (!bound[0].is_none() && !bound[0].is_undefined()) {
    return InvalidArgument("filter 'tojson': indent must be an integer or a string");
  }
  if (format.indent.has_value()) format.item_separator.assign(1, ',');
  if (bound[1].is_list()) {
    const auto& seps = bound[1].Items();
    if (seps.size() != 2 || !seps[0].is_string() || !seps[1].is_string()) {
      return InvalidArgument("filter 'tojson': separators must be a pair of strings");
    }
    format.item_separator = seps[0].AsString();
    format.key_separator = seps[1].AsString();
  }
  format.sort_keys = bound[2].IsTruthy();
  if (bound[3].IsTruthy()) {
    return Status(StatusCode::kUnimplemented, "filter 'tojson': ensure_ascii=True is not supported");
  }
  std::string out;
  HEARTH_RETURN_IF_ERROR(AppendJson(input, format, out, ctx.max_bytes));
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(out.size() / 16)));
  return Value::String(std::move(out));
}

Result<Value> AttrFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("attr", args, {"name"}, 1));
  if (!bound[0].is_string()) return InvalidArgument("filter 'attr': the name must be a string");
  if (input.is_dict()) {  // attributes only: unlike `.name`, no fallback to the dict's keys
    if (auto method = BindMethod(input, bound[0].AsString(), ctx)) return *method;
    return Value::Undefined("'dict object' has no attribute '" + bound[0].AsString() + "'");
  }
  return GetAttribute(input, bound[0].AsString(), ctx);
}

Result<Value> PprintFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("pprint", args, {}));
  std::string out;
  HEARTH_RETURN_IF_ERROR(AppendRepr(input, out, ctx.max_bytes));
  return Value::String(std::move(out));
}

}  // namespace

std::vector<NamedFilter> ValueFilters() {
  return {
      {"default", DefaultFilter}, {"d", DefaultFilter},   {"int", IntFilter},
      {"float", FloatFilter},     {"abs", AbsFilter},     {"round", RoundFilter},
      {"tojson", ToJsonFilter},   {"attr", AttrFilter},   {"pprint", PprintFilter},
  };
}

}  // namespace hearth::jinja
