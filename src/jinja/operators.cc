#include "jinja/operators.h"

#include <cmath>
#include <limits>

#include "jinja/methods.h"
#include "jinja/unicode.h"
#include "jinja/value_format.h"

namespace hearth::jinja {
namespace {

const char* OpSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSubtract: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kFloorDivide: return "//";
    case BinaryOp::kModulo: return "%";
    case BinaryOp::kPower: return "** or pow()";
    case BinaryOp::kConcat: return "~";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
  }
  return "?";
}

const char* CompareSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kLess: return "<";
    case CompareOp::kLessEqual: return "<=";
    case CompareOp::kGreater: return ">";
    case CompareOp::kGreaterEqual: return ">=";
    default: return "==";
  }
}

Status Unsupported(BinaryOp op, const Value& a, const Value& b) {
  return InvalidArgument(std::string("unsupported operand type(s) for ") + OpSymbol(op) + ": '" +
                         a.TypeName() + "' and '" + b.TypeName() + "'");
}

Status IntegerOverflow() { return OutOfRange("integer result out of the 64-bit range"); }
Status DivisionByZero() { return InvalidArgument("division by zero"); }

Status TooLarge(size_t max) {
  return OutOfRange("result longer than the limit of " + std::to_string(max));
}

Result<Value> Add(const Value& a, const Value& b, OpContext& ctx) {
  if (a.is_integral() && b.is_integral()) {
    int64_t r;
    if (__builtin_add_overflow(a.AsInt(), b.AsInt(), &r)) return IntegerOverflow();
    return Value::Int(r);
  }
  if (a.is_number() && b.is_number()) return Value::Float(a.AsDouble() + b.AsDouble());
  if (a.is_string()) {
    if (!b.is_string()) {
      return InvalidArgument("can only concatenate str (not \"" + b.TypeName() + "\") to str");
    }
    const size_t size = a.AsString().size() + b.AsString().size();
    if (size > ctx.max_bytes) return TooLarge(ctx.max_bytes);
    HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(size / 16)));
    return Value::String(a.AsString() + b.AsString());
  }
  if (a.is_list()) {
    if (!b.is_list() || b.AsList().is_tuple != a.AsList().is_tuple) {
      return InvalidArgument("can only concatenate " + a.TypeName() + " (not \"" + b.TypeName() +
                             "\") to " + a.TypeName());
    }
    const size_t size = a.Items().size() + b.Items().size();
    if (size > ctx.max_items) return TooLarge(ctx.max_items);
    HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(size)));
    std::vector<Value> items = a.Items();
    items.insert(items.end(), b.Items().begin(), b.Items().end());
    return Value::List(std::move(items), a.AsList().is_tuple);
  }
  return Unsupported(BinaryOp::kAdd, a, b);
}

Result<Value> Repeat(const Value& sequence, int64_t times, OpContext& ctx) {
  if (times < 0) times = 0;
  if (sequence.is_string()) {
    const std::string& s = sequence.AsString();
    if (!s.empty() && uint64_t(times) > ctx.max_bytes / s.size()) return TooLarge(ctx.max_bytes);
    HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(s.size()) * times / 16));
    std::string out;
    out.reserve(s.size() * size_t(times));
    for (int64_t i = 0; i < times; ++i) out += s;
    return Value::String(std::move(out));
  }
  const std::vector<Value>& items = sequence.Items();
  if (!items.empty() && uint64_t(times) > ctx.max_items / items.size()) {
    return TooLarge(ctx.max_items);
  }
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(items.size()) * times));
  std::vector<Value> out;
  out.reserve(items.size() * size_t(times));
  for (int64_t i = 0; i < times; ++i) out.insert(out.end(), items.begin(), items.end());
  return Value::List(std::move(out), sequence.AsList().is_tuple);
}

Result<Value> Multiply(const Value& a, const Value& b, OpContext& ctx) {
  if (a.is_integral() && b.is_integral()) {
    int64_t r;
    if (__builtin_mul_overflow(a.AsInt(), b.AsInt(), &r)) return IntegerOverflow();
    return Value::Int(r);
  }
  if (a.is_number() && b.is_number()) return Value::Float(a.AsDouble() * b.AsDouble());
  if ((a.is_string() || a.is_list()) && b.is_integral()) return Repeat(a, b.AsInt(), ctx);
  if (a.is_integral() && (b.is_string() || b.is_list())) return Repeat(b, a.AsInt(), ctx);
  return Unsupported(BinaryOp::kMultiply, a, b);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Result<Value> Arithmetic(BinaryOp op, const Value& a, const Value& b) {
  if (!a.is_number() || !b.is_number()) return Unsupported(op, a, b);
  const bool ints = a.is_integral() && b.is_integral();
  switch (op) {
    case BinaryOp::kSubtract: {
      if (!ints) return Value::Float(a.AsDouble() - b.AsDouble());
      int64_t r;
      if (__builtin_sub_overflow(a.AsInt(), b.AsInt(), &r)) return IntegerOverflow();
      return Value::Int(r);
    }
    case BinaryOp::kDivide:
      if (b.AsDouble() == 0) return DivisionByZero();
      return Value::Float(a.AsDouble() / b.AsDouble());
    case BinaryOp::kFloorDivide:
      if (b.AsDouble() == 0) return DivisionByZero();
      if (!ints) return Value::Float(std::floor(a.AsDouble() / b.AsDouble()));
      if (a.AsInt() == std::numeric_limits<int64_t>::min() && b.AsInt() == -1) {
        return IntegerOverflow();
      }
      return Value::Int(FloorDiv(a.AsInt(), b.AsInt()));
    case BinaryOp::kModulo: {
      if (b.AsDouble() == 0) return DivisionByZero();
      if (!ints) {
        const double m = std::fmod(a.AsDouble(), b.AsDouble());
        return Value::Float(m != 0 && ((m < 0) != (b.AsDouble() < 0)) ? m + b.AsDouble() : m);
      }
      if (b.AsInt() == -1) return Value::Int(0);
      const int64_t m = a.AsInt() % b.AsInt();
      return Value::Int(m != 0 && ((m < 0) != (b.AsInt() < 0)) ? m + b.AsInt() : m);
    }
    case BinaryOp::kPower: {
      if (!ints || b.AsInt() < 0) return Value::Float(std::pow(a.AsDouble(), b.AsDouble()));
      int64_t result = 1;
      int64_t base = a.AsInt();
      for (int64_t e = b.AsInt(); e > 0; e >>= 1) {
        if ((e & 1) && __builtin_mul_overflow(result, base, &result)) return IntegerOverflow();
        if (e > 1 && __builtin_mul_overflow(base, base, &base)) return IntegerOverflow();
      }
      return Value::Int(result);
    }
    default:
      return Unsupported(op, a, b);
  }
}

// Python's `format % args` for the conversions templates use: %s %r %d %i %f %%.
Result<Value> PercentFormat(const std::string& format, const Value& args, OpContext& ctx) {
  std::vector<Value> values;
  if (args.is_list() && args.AsList().is_tuple) {
    values = args.Items();
  } else {
    values.push_back(args);
  }
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i >= format.size()) return InvalidArgument("incomplete format");
    int precision = -1;
    if (format[i] == '.') {
      precision = 0;
      while (++i < format.size() && format[i] >= '0' && format[i] <= '9') {
        precision = std::min(precision * 10 + (format[i] - '0'), 100);
      }
      if (i >= format.size()) return InvalidArgument("incomplete format");
    }
    const char conversion = format[i];
    if (conversion == '%') {
      out += '%';
      continue;
    }
    if (next >= values.size()) return InvalidArgument("not enough arguments for format string");
    const Value& v = values[next++];
    if (conversion == 's') {
      HEARTH_RETURN_IF_ERROR(AppendStr(v, out, ctx.max_bytes));
    } else if (conversion == 'r') {
      HEARTH_RETURN_IF_ERROR(AppendRepr(v, out, ctx.max_bytes));
    } else if (conversion == 'd' || conversion == 'i' || conversion == 'f') {
      if (!v.is_number()) {
        return InvalidArgument(std::string("%") + conversion + " format: a real number is required, not " + v.TypeName());
      }
      char buf[512];
      if (conversion == 'f') {
        std::snprintf(buf, sizeof(buf), "%.*f", precision < 0 ? 6 : precision, v.AsDouble());
      } else {
        std::snprintf(buf, sizeof(buf), "%lld",
                      static_cast<long long>(v.is_float() ? std::trunc(v.AsDouble()) : v.AsInt()));
      }
      out += buf;
    } else {
      return Status(StatusCode::kUnimplemented,
                    std::string("unsupported format character '") + conversion + "'");
    }
    if (out.size() > ctx.max_bytes) return TooLarge(ctx.max_bytes);
  }
  if (next < values.size()) {
    return InvalidArgument("not all arguments converted during string formatting");
  }
  return Value::String(std::move(out));
}

Result<bool> ListsEqual(const std::vector<Value>& a, const std::vector<Value>& b,
                        WorkBudget& budget) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(a[i], b[i], budget));
    if (!same) return false;
  }
  return true;
}

Result<bool> DictsEqual(const Dict& a, const Dict& b, WorkBudget& budget) {
  if (a.size() != b.size()) return false;
  for (const auto& [key, value] : a.entries()) {
    const Value* other = b.Find(key);
    if (other == nullptr) return false;
    HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(value, *other, budget));
    if (!same) return false;
  }
  return true;
}

// Python's slice.indices(): resolves start/stop/step against `length`.
struct SliceBounds {
  int64_t start, stop, step;
};

Result<SliceBounds> ResolveSlice(const Value& start, const Value& stop, const Value& step,
                                 int64_t length) {
  auto given = [](const Value& v) { return !v.is_none() && !v.is_undefined(); };
  for (const Value* v : {&start, &stop, &step}) {
    if (given(*v) && !v->is_integral()) {
      return InvalidArgument("slice indices must be integers or None, not " + v->TypeName());
    }
  }
  SliceBounds b{0, 0, given(step) ? step.AsInt() : 1};
  if (b.step == 0) return InvalidArgument("slice step cannot be zero");
  const int64_t lower = b.step > 0 ? 0 : -1;
  const int64_t upper = b.step > 0 ? length : length - 1;
  auto clamp = [&](const Value& v, int64_t fallback) {
    if (!given(v)) return fallback;
    int64_t i = v.AsInt();
    if (i < 0) i = std::max(i + length, lower);
    return std::min(std::max(i, lower), upper);
  };
  b.start = clamp(start, b.step > 0 ? lower : upper);
  b.stop = clamp(stop, b.step > 0 ? upper : lower);
  return b;
}

Value UndefinedAttribute(const Value& object, std::string_view name) {
  const std::string owner = object.is_none() ? "None" : object.TypeName() + " object";
  return Value::Undefined("'" + owner + "' has no attribute '" + std::string(name) + "'");
}

}  // namespace

std::string UndefinedMessage(const Value& undefined) {
  const std::string& hint = undefined.undefined_hint();
  return hint.empty() ? "a value is undefined" : hint;
}

Result<Value> ApplyBinary(BinaryOp op, const Value& left, const Value& right, OpContext& ctx) {
  if (op == BinaryOp::kConcat) {
    std::string out;
    HEARTH_RETURN_IF_ERROR(AppendStr(left, out, ctx.max_bytes));
    HEARTH_RETURN_IF_ERROR(AppendStr(right, out, ctx.max_bytes));
    HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(out.size() / 16)));
    return Value::String(std::move(out));
  }
  if (left.is_undefined()) return InvalidArgument(UndefinedMessage(left));
  if (right.is_undefined()) return InvalidArgument(UndefinedMessage(right));
  switch (op) {
    case BinaryOp::kAdd:
      return Add(left, right, ctx);
    case BinaryOp::kMultiply:
      return Multiply(left, right, ctx);
    case BinaryOp::kModulo:
      if (left.is_string()) return PercentFormat(left.AsString(), right, ctx);
      return Arithmetic(op, left, right);
    default:
      return Arithmetic(op, left, right);
  }
}

Result<Value> ApplyUnary(UnaryOp op, const Value& operand) {
  if (op == UnaryOp::kNot) return Value::Bool(!operand.IsTruthy());
  if (operand.is_undefined()) return InvalidArgument(UndefinedMessage(operand));
  const char* symbol = op == UnaryOp::kNegate ? "-" : "+";
  if (!operand.is_number()) {
    return InvalidArgument(std::string("bad operand type for unary ") + symbol + ": '" +
                           operand.TypeName() + "'");
  }
  if (op == UnaryOp::kPlus) return operand.is_bool() ? Value::Int(operand.AsInt()) : operand;
  if (operand.is_float()) return Value::Float(-operand.AsDouble());
  if (operand.AsInt() == std::numeric_limits<int64_t>::min()) return IntegerOverflow();
  return Value::Int(-operand.AsInt());
}

Result<bool> ValuesEqual(const Value& a, const Value& b, WorkBudget& budget) {
  HEARTH_RETURN_IF_ERROR(budget.Spend(1));
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) return a.AsInt() == b.AsInt();
    return a.AsDouble() == b.AsDouble();
  }
  if (a.kind() != b.kind()) return false;
  if (a.SharesStorageWith(b)) return true;
  switch (a.kind()) {
    case Value::Kind::kUndefined:
    case Value::Kind::kNone:
      return true;
    case Value::Kind::kString:
      return a.AsString() == b.AsString();
    case Value::Kind::kList:
      if (a.AsList().is_tuple != b.AsList().is_tuple) return false;
      return ListsEqual(a.Items(), b.Items(), budget);
    case Value::Kind::kDict:
      return DictsEqual(a.AsDict(), b.AsDict(), budget);
    default:
      return false;  // functions and namespaces: equal only to themselves (checked above)
  }
}

Result<int> ThreeWayCompare(const Value& a, const Value& b, WorkBudget& budget) {
  HEARTH_RETURN_IF_ERROR(budget.Spend(1));
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) return a.AsInt() < b.AsInt() ? -1 : a.AsInt() > b.AsInt();
    const double x = a.AsDouble(), y = b.AsDouble();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.AsString().compare(b.AsString());
    return c < 0 ? -1 : c > 0;
  }
  if (a.is_list() && b.is_list() && a.AsList().is_tuple == b.AsList().is_tuple) {
    const auto& x = a.Items();
    const auto& y = b.Items();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(x[i], y[i], budget));
      if (!same) return ThreeWayCompare(x[i], y[i], budget);
    }
    return x.size() < y.size() ? -1 : x.size() > y.size();
  }
  if (a.is_undefined()) return InvalidArgument(UndefinedMessage(a));
  if (b.is_undefined()) return InvalidArgument(UndefinedMessage(b));
  return InvalidArgument("'<' not supported between instances of '" + a.TypeName() + "' and '" +
                         b.TypeName() + "'");
}

Result<bool> Compare(CompareOp op, const Value& left, const Value& right, WorkBudget& budget) {
  switch (op) {
    case CompareOp::kEqual:
      return ValuesEqual(left, right, budget);
    case CompareOp::kNotEqual: {
      HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(left, right, budget));
      return !same;
    }
    case CompareOp::kIn:
      return Contains(right, left, budget);
    case CompareOp::kNotIn: {
      HEARTH_ASSIGN_OR_RETURN(bool found, Contains(right, left, budget));
      return !found;
    }
    default:
      break;
  }
  Result<int> order = ThreeWayCompare(left, right, budget);
  if (!order.ok()) {
    const std::string& message = order.status().message();
    if (message.rfind("'<' not supported", 0) != 0) return order.status();
    return InvalidArgument(std::string("'") + CompareSymbol(op) + message.substr(2));
  }
  switch (op) {
    case CompareOp::kLess: return *order < 0;
    case CompareOp::kLessEqual: return *order <= 0;
    case CompareOp::kGreater: return *order > 0;
    default: return *order >= 0;
  }
}

Result<bool> Contains(const Value& container, const Value& item, WorkBudget& budget) {
  switch (container.kind()) {
    case Value::Kind::kUndefined:
      return false;
    case Value::Kind::kString:
      if (!item.is_string()) {
        return InvalidArgument("'in <string>' requires string as left operand, not " +
                               item.TypeName());
      }
      HEARTH_RETURN_IF_ERROR(budget.Spend(int64_t(container.AsString().size() / 16)));
      return container.AsString().find(item.AsString()) != std::string::npos;
    case Value::Kind::kList:
      for (const Value& element : container.Items()) {
        HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(element, item, budget));
        if (same) return true;
      }
      return false;
    case Value::Kind::kDict:
      if (item.is_list() && !item.AsList().is_tuple) {
        return InvalidArgument("unhashable type: 'list'");
      }
      return item.is_string() && container.AsDict().Find(item.AsString()) != nullptr;
    default:
      return InvalidArgument("argument of type '" + container.TypeName() + "' is not iterable");
  }
}

Result<Value> GetAttribute(const Value& object, std::string_view name, OpContext& ctx) {
  switch (object.kind()) {
    case Value::Kind::kUndefined:
      return InvalidArgument(UndefinedMessage(object));
    case Value::Kind::kNamespace: {
      const Value* v = object.AsNamespace().attributes.Find(name);
      return v ? *v : UndefinedAttribute(object, name);
    }
    case Value::Kind::kDict:
      if (auto method = BindMethod(object, name, ctx)) return *method;
      if (const Value* v = object.AsDict().Find(name)) return *v;
      return UndefinedAttribute(object, name);
    default:
      if (auto method = BindMethod(object, name, ctx)) return *method;
      return UndefinedAttribute(object, name);
  }
}

Result<Value> GetItem(const Value& object, const Value& key, OpContext& ctx) {
  if (object.is_undefined()) return InvalidArgument(UndefinedMessage(object));
  if ((object.is_list() || object.is_string()) && key.is_integral()) {
    const int64_t i = key.AsInt();
    if (object.is_list()) {
      const auto& items = object.Items();
      const int64_t n = int64_t(items.size());
      const int64_t at = i < 0 ? i + n : i;
      if (at >= 0 && at < n) return items[size_t(at)];
    } else {
      const std::vector<size_t> offsets = CodePointOffsets(object.AsString());
      const int64_t n = int64_t(offsets.size()) - 1;
      const int64_t at = i < 0 ? i + n : i;
      if (at >= 0 && at < n) {
        return Value::String(object.AsString().substr(offsets[size_t(at)],
                                                      offsets[size_t(at) + 1] - offsets[size_t(at)]));
      }
    }
    return Value::Undefined("'" + object.TypeName() + " object' has no element " +
                            std::to_string(i));
  }
  if (object.is_dict() && key.is_string()) {
    if (const Value* v = object.AsDict().Find(key.AsString())) return *v;
  }
  if (key.is_string()) return GetAttribute(object, key.AsString(), ctx);
  return Value::Undefined("'" + object.TypeName() + " object' has no element of that key");
}

Result<Value> GetSlice(const Value& object, const Value& start, const Value& stop,
                       const Value& step) {
  if (object.is_undefined()) return InvalidArgument(UndefinedMessage(object));
  if (object.is_list()) {
    const auto& items = object.Items();
    HEARTH_ASSIGN_OR_RETURN(SliceBounds b, ResolveSlice(start, stop, step, int64_t(items.size())));
    std::vector<Value> out;
    for (int64_t i = b.start; b.step > 0 ? i < b.stop : i > b.stop;) {
      out.push_back(items[size_t(i)]);
      if (__builtin_add_overflow(i, b.step, &i)) break;
    }
    return Value::List(std::move(out), object.AsList().is_tuple);
  }
  if (object.is_string()) {
    const std::string& s = object.AsString();
    const std::vector<size_t> offsets = CodePointOffsets(s);
    HEARTH_ASSIGN_OR_RETURN(SliceBounds b,
                            ResolveSlice(start, stop, step, int64_t(offsets.size()) - 1));
    std::string out;
    for (int64_t i = b.start; b.step > 0 ? i < b.stop : i > b.stop;) {
      out.append(s, offsets[size_t(i)], offsets[size_t(i) + 1] - offsets[size_t(i)]);
      if (__builtin_add_overflow(i, b.step, &i)) break;
    }
    return Value::String(std::move(out));
  }
  return Value::Undefined("'" + object.TypeName() + " object' cannot be sliced");
}

}  // namespace hearth::jinja
