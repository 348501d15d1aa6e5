// Expression evaluation.
#include "jinja/filters.h"
#include "jinja/methods.h"
#include "jinja/operators.h"
#include "jinja/renderer.h"

namespace hearth::jinja {

const Value* Renderer::Lookup(std::string_view name) const {
  for (const Frame* f = frame_.get(); f != nullptr; f = f->parent.get()) {
    if (const Value* v = f->Find(name)) return v;
  }
  return nullptr;
}

Result<Value> Renderer::Eval(const Expr& expr) {
  DepthGuard depth(*this);
  HEARTH_RETURN_IF_ERROR(Locate(expr.pos, EnterNode()));
  return EvalNode(expr);
}

Result<Value> Renderer::EvalNode(const Expr& expr) {
  const SourcePos pos = expr.pos;
  return std::visit(
      [&](const auto& e) -> Result<Value> {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, LiteralExpr>) {
          return e.value;
        } else if constexpr (std::is_same_v<T, NameExpr>) {
          return EvalName(e);
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          return EvalList(e, pos);
        } else if constexpr (std::is_same_v<T, DictExpr>) {
          return EvalDict(e, pos);
        } else if constexpr (std::is_same_v<T, AttributeExpr>) {
          return EvalAttribute(e, pos);
        } else if constexpr (std::is_same_v<T, SubscriptExpr>) {
          return EvalSubscript(e, pos);
        } else if constexpr (std::is_same_v<T, SliceExpr>) {
          return EvalSlice(e, pos);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          return EvalCall(e, pos);
        } else if constexpr (std::is_same_v<T, FilterExpr>) {
          return EvalFilter(e, pos);
        } else if constexpr (std::is_same_v<T, TestExpr>) {
          return EvalTest(e, pos);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          return EvalUnary(e, pos);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          return EvalBinary(e, pos);
        } else if constexpr (std::is_same_v<T, CompareExpr>) {
          return EvalCompare(e, pos);
        } else {
          static_assert(std::is_same_v<T, ConditionalExpr>);
          return EvalConditional(e);
        }
      },
      expr.node);
}

Result<Value> Renderer::EvalConditional(const ConditionalExpr& e) {
  HEARTH_ASSIGN_OR_RETURN(Value condition, Eval(*e.condition));
  if (condition.IsTruthy()) return Eval(*e.then_value);
  if (e.else_value) return Eval(*e.else_value);
  return Value::Undefined("the inline if had no else branch");
}

Result<Value> Renderer::EvalName(const NameExpr& e) {
  if (const Value* v = Lookup(e.name)) return *v;
  return Value::Undefined("'" + e.name + "' is undefined");
}

Result<Value> Renderer::EvalList(const ListExpr& e, SourcePos pos) {
  std::vector<Value> items;
  items.reserve(e.items.size());
  for (const ExprPtr& item : e.items) {
    HEARTH_ASSIGN_OR_RETURN(Value v, Eval(*item));
    items.push_back(std::move(v));
  }
  return Locate(pos, Value::List(std::move(items), e.is_tuple));
}

Result<Value> Renderer::EvalDict(const DictExpr& e, SourcePos pos) {
  Dict dict;
  for (const auto& [key_expr, value_expr] : e.entries) {
    HEARTH_ASSIGN_OR_RETURN(Value key, Eval(*key_expr));
    if (!key.is_string()) {
      return Locate(key_expr->pos, Status(StatusCode::kUnimplemented,
                                          "dict keys must be strings here, not " + key.TypeName()));
    }
    HEARTH_ASSIGN_OR_RETURN(Value value, Eval(*value_expr));
    dict.Set(key.AsString(), std::move(value));
  }
  if (dict.depth() > kMaxValueDepth) {
    return Locate(pos, OutOfRange("value nested more than " + std::to_string(kMaxValueDepth) +
                                  " levels deep"));
  }
  return Value::FromDict(std::move(dict));
}

Result<Value> Renderer::EvalAttribute(const AttributeExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value object, Eval(*e.object));
  return Locate(pos, GetAttribute(object, e.name, ctx_));
}

Result<Value> Renderer::EvalSubscript(const SubscriptExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value object, Eval(*e.object));
  HEARTH_ASSIGN_OR_RETURN(Value key, Eval(*e.index));
  return Locate(pos, GetItem(object, key, ctx_));
}

Result<Value> Renderer::EvalSlice(const SliceExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value object, Eval(*e.object));
  Value parts[3];
  const ExprPtr* exprs[3] = {&e.start, &e.stop, &e.step};
  for (int i = 0; i < 3; ++i) {
    if (*exprs[i]) {
      HEARTH_ASSIGN_OR_RETURN(parts[i], Eval(**exprs[i]));
    }
  }
  return Locate(pos, GetSlice(object, parts[0], parts[1], parts[2]));
}

Result<Arguments> Renderer::EvalArgs(const std::vector<CallArgument>& args) {
  Arguments out;
  for (const CallArgument& arg : args) {
    HEARTH_ASSIGN_OR_RETURN(Value v, Eval(*arg.value));
    if (arg.keyword.empty()) {
      out.positional.push_back(std::move(v));
    } else {
      out.keyword.emplace_back(arg.keyword, std::move(v));
    }
  }
  return out;
}

Result<Value> Renderer::CallValue(const Value& callee, const Arguments& args, SourcePos pos) {
  if (callee.is_function()) return Locate(pos, callee.AsFunction().call(args));
  if (callee.is_undefined()) return Locate(pos, InvalidArgument(UndefinedMessage(callee)));
  return Locate(pos, InvalidArgument(callee.QuotedTypeName() + " object is not callable"));
}

Result<Value> Renderer::EvalCall(const CallExpr& e, SourcePos pos) {
  if (const auto* method = std::get_if<AttributeExpr>(&e.callee->node)) {
    // obj.method(args): call string/dict/list methods without making a bound method first.
    HEARTH_ASSIGN_OR_RETURN(Value object, Eval(*method->object));
    HEARTH_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args));
    if (auto result = CallMethod(object, method->name, args, ctx_)) return Locate(pos, *result);
    HEARTH_ASSIGN_OR_RETURN(Value callee, Locate(e.callee->pos, GetAttribute(object, method->name, ctx_)));
    return CallValue(callee, args, pos);
  }
  HEARTH_ASSIGN_OR_RETURN(Value callee, Eval(*e.callee));
  HEARTH_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args));
  return CallValue(callee, args, pos);
}

Result<Value> Renderer::ApplyFilter(const std::string& name, const Value& input,
                                    const std::vector<CallArgument>& args, SourcePos pos) {
  const FilterFn filter = FindFilter(name);
  if (filter == nullptr) return Locate(pos, InvalidArgument("no filter named '" + name + "'"));
  HEARTH_ASSIGN_OR_RETURN(Arguments evaluated, EvalArgs(args));
  return Locate(pos, filter(input, evaluated, ctx_));
}

Result<Value> Renderer::EvalFilter(const FilterExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value input, Eval(*e.operand));
  return ApplyFilter(e.name, input, e.args, pos);
}

Result<Value> Renderer::EvalTest(const TestExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value input, Eval(*e.operand));
  const TestFn test = FindTest(e.name);
  if (test == nullptr) return Locate(pos, InvalidArgument("no test named '" + e.name + "'"));
  HEARTH_ASSIGN_OR_RETURN(Arguments args, EvalArgs(e.args));
  HEARTH_ASSIGN_OR_RETURN(bool passed, Locate(pos, test(input, args, ctx_)));
  return Value::Bool(passed != e.negated);
}

Result<Value> Renderer::EvalUnary(const UnaryExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value operand, Eval(*e.operand));
  return Locate(pos, ApplyUnary(e.op, operand));
}

Result<Value> Renderer::EvalBinary(const BinaryExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value left, Eval(*e.left));
  // `and` / `or` return one of their operands, as in Python.
  if (e.op == BinaryOp::kAnd) return left.IsTruthy() ? Eval(*e.right) : left;
  if (e.op == BinaryOp::kOr) return left.IsTruthy() ? left : Eval(*e.right);
  HEARTH_ASSIGN_OR_RETURN(Value right, Eval(*e.right));
  return Locate(pos, ApplyBinary(e.op, left, right, ctx_));
}

Result<Value> Renderer::EvalCompare(const CompareExpr& e, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value left, Eval(*e.first));
  for (const auto& [op, operand] : e.rest) {
    HEARTH_ASSIGN_OR_RETURN(Value right, Eval(*operand));
    HEARTH_ASSIGN_OR_RETURN(bool holds, Locate(pos, Compare(op, left, right, budget_)));
    if (!holds) return Value::Bool(false);
    left = std::move(right);
  }
  return Value::Bool(true);
}

}  // namespace hearth::jinja
