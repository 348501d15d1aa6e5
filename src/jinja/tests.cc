// Jinja's tests (`x is defined`, `x is divisibleby 3`, `x is equalto y`, ...), with Jinja2's
// definitions: e.g. undefined is iterable and a sequence, strings are iterable, bools are
// numbers but not integers.
#include <cmath>

#include "jinja/filter_support.h"
#include "jinja/filters.h"
#include "jinja/methods.h"
#include "jinja/operators.h"
#include "jinja/unicode.h"

namespace hearth::jinja {
namespace {

Status NoArguments(std::string_view test, const Arguments& args) {
  if (args.positional.empty() && args.keyword.empty()) return Status::Ok();
  return InvalidArgument("test '" + std::string(test) + "' takes no arguments");
}

// A test of the value alone.
template <bool (*kPredicate)(const Value&)>
Result<bool> Simple(const Value& v, const Arguments& args, OpContext&) {
  HEARTH_RETURN_IF_ERROR(NoArguments("is", args));
  return kPredicate(v);
}

bool IsDefined(const Value& v) { return !v.is_undefined(); }
bool IsUndefined(const Value& v) { return v.is_undefined(); }
bool IsNone(const Value& v) { return v.is_none(); }
bool IsString(const Value& v) { return v.is_string(); }
bool IsMapping(const Value& v) { return v.is_dict(); }
bool IsIterable(const Value& v) {
  return v.is_undefined() || v.is_string() || v.is_list() || v.is_dict();
}
bool IsSequence(const Value& v) {
  return v.is_undefined() || v.is_string() || v.is_list() || v.is_dict();
}
bool IsNumber(const Value& v) { return v.is_number(); }
bool IsInteger(const Value& v) { return v.is_int(); }
bool IsFloat(const Value& v) { return v.is_float(); }
bool IsBoolean(const Value& v) { return v.is_bool(); }
bool IsTrue(const Value& v) { return v.is_bool() && v.AsBool(); }
bool IsFalse(const Value& v) { return v.is_bool() && !v.AsBool(); }
bool IsCallable(const Value& v) { return v.is_function(); }
bool IsEscaped(const Value&) { return false; }  // no Markup values without autoescaping

template <bool kOdd>
Result<bool> Parity(const Value& v, const Arguments& args, OpContext&) {
  HEARTH_RETURN_IF_ERROR(NoArguments(kOdd ? "odd" : "even", args));
  if (!v.is_integral()) return InvalidArgument("test '" + std::string(kOdd ? "odd" : "even") + "' needs an integer, not " + v.TypeName());
  return (v.AsInt() % 2 != 0) == kOdd;
}

Result<bool> DivisibleBy(const Value& v, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("test 'divisibleby'", args, {"num"}, 1));
  if (!v.is_number() || !bound[0].is_number()) return InvalidArgument("test 'divisibleby' needs numbers");
  if (bound[0].AsDouble() == 0) return InvalidArgument("integer division or modulo by zero");
  if (v.is_integral() && bound[0].is_integral()) {
    if (bound[0].AsInt() == -1) return true;
    return v.AsInt() % bound[0].AsInt() == 0;
  }
  return std::fmod(v.AsDouble(), bound[0].AsDouble()) == 0;
}

template <CompareOp kOp>
Result<bool> CompareTest(const Value& v, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("comparison test", args, {"other"}, 1));
  return Compare(kOp, v, bound[0], ctx.budget);
}

Result<bool> SameAs(const Value& v, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("test 'sameas'", args, {"other"}, 1));
  const Value& other = bound[0];
  if (v.is_none() || v.is_bool() || v.is_undefined()) {  // singletons
    if (v.kind() != other.kind()) return false;
    return v.is_bool() ? v.AsBool() == other.AsBool() : true;
  }
  if (v.is_int() && other.is_int()) return v.AsInt() == other.AsInt();  // small ints are shared
  return v.SharesStorageWith(other);
}

// str(value).isupper() / .islower().
template <bool kUpper>
Result<bool> CaseTest(const Value& v, const Arguments& args, OpContext& ctx) {
  HEARTH_RETURN_IF_ERROR(NoArguments(kUpper ? "upper" : "lower", args));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(v, ctx));
  HEARTH_ASSIGN_OR_RETURN(Value result, *CallMethod(Value::String(std::move(text)),
                                                    kUpper ? "isupper" : "islower", {}, ctx));
  return result.AsBool();
}

Result<bool> FilterExists(const Value& v, const Arguments& args, OpContext&) {
  HEARTH_RETURN_IF_ERROR(NoArguments("filter", args));
  return v.is_string() && FindFilter(v.AsString()) != nullptr;
}

Result<bool> TestExists(const Value& v, const Arguments& args, OpContext&) {
  HEARTH_RETURN_IF_ERROR(NoArguments("test", args));
  return v.is_string() && FindTest(v.AsString()) != nullptr;
}

}  // namespace

std::vector<NamedTest> AllTests() {
  return {
      {"defined", Simple<IsDefined>},
      {"undefined", Simple<IsUndefined>},
      {"none", Simple<IsNone>},
      {"string", Simple<IsString>},
      {"mapping", Simple<IsMapping>},
      {"iterable", Simple<IsIterable>},
      {"sequence", Simple<IsSequence>},
      {"number", Simple<IsNumber>},
      {"integer", Simple<IsInteger>},
      {"float", Simple<IsFloat>},
      {"boolean", Simple<IsBoolean>},
      {"true", Simple<IsTrue>},
      {"false", Simple<IsFalse>},
      {"callable", Simple<IsCallable>},
      {"escaped", Simple<IsEscaped>},
      {"odd", Parity<true>},
      {"even", Parity<false>},
      {"divisibleby", DivisibleBy},
      {"eq", CompareTest<CompareOp::kEqual>},
      {"equalto", CompareTest<CompareOp::kEqual>},
      {"==", CompareTest<CompareOp::kEqual>},
      {"ne", CompareTest<CompareOp::kNotEqual>},
      {"!=", CompareTest<CompareOp::kNotEqual>},
      {"lt", CompareTest<CompareOp::kLess>},
      {"lessthan", CompareTest<CompareOp::kLess>},
      {"<", CompareTest<CompareOp::kLess>},
      {"le", CompareTest<CompareOp::kLessEqual>},
      {"<=", CompareTest<CompareOp::kLessEqual>},
      {"gt", CompareTest<CompareOp::kGreater>},
      {"greaterthan", CompareTest<CompareOp::kGreater>},
      {">", CompareTest<CompareOp::kGreater>},
      {"ge", CompareTest<CompareOp::kGreaterEqual>},
      {">=", CompareTest<CompareOp::kGreaterEqual>},
      {"in", CompareTest<CompareOp::kIn>},
      {"sameas", SameAs},
      {"lower", CaseTest<false>},
      {"upper", CaseTest<true>},
      {"filter", FilterExists},
      {"test", TestExists},
  };
}

}  // namespace hearth::jinja
