// Statement execution: output, if, for (with loop variables, else, break/continue), set,
// macros and call blocks, filter blocks, with.
#include "jinja/renderer.h"

#include "jinja/builtins.h"
#include "jinja/filters.h"
#include "jinja/value_format.h"

namespace hearth::jinja {

Renderer::Renderer(std::string_view template_name, const Context& context,
                   const RenderLimits& limits)
    : name_(template_name),
      limits_(limits),
      budget_(limits.max_work),
      ctx_{budget_, limits.max_output_bytes, limits.max_output_bytes / 32} {
  auto globals = std::make_shared<Frame>();
  for (auto& [name, value] : MakeBuiltins(ctx_)) globals->Set(name, std::move(value));
  for (const auto& [name, value] : context.variables()) globals->Set(name, value);
  frame_ = std::make_shared<Frame>();
  frame_->parent = std::move(globals);
}

Result<std::string> Renderer::Render(const Body& body) {
  std::string out;
  HEARTH_ASSIGN_OR_RETURN(Flow flow, ExecBody(body, out));
  (void)flow;  // the parser only allows break/continue inside loops
  return out;
}

Status Renderer::Locate(SourcePos pos, const Status& status) const {
  if (status.ok() || status.message().rfind(name_ + ":", 0) == 0) return status;
  return Status(status.code(), name_ + ":" + std::to_string(pos.line) + ":" +
                                   std::to_string(pos.column) + ": " + status.message());
}

Result<Renderer::Flow> Renderer::ExecBody(const Body& body, std::string& out) {
  for (const Stmt& stmt : body) {
    HEARTH_ASSIGN_OR_RETURN(Flow flow, Exec(stmt, out));
    if (flow != Flow::kNormal) return flow;
  }
  return Flow::kNormal;
}

Status Renderer::Append(std::string_view text, std::string& out) {
  if (out.size() + text.size() > limits_.max_output_bytes) {
    return OutOfRange("the output exceeds the limit of " +
                      std::to_string(limits_.max_output_bytes) + " bytes");
  }
  // Charged so that macros and blocks (each with its own buffer) cannot pile up output
  // without bound either.
  HEARTH_RETURN_IF_ERROR(budget_.Spend(int64_t(text.size() / 16)));
  out += text;
  return Status::Ok();
}

Status Renderer::EnterNode() {
  if (eval_depth_ > limits_.max_eval_depth) {
    return OutOfRange("the template nests more than " + std::to_string(limits_.max_eval_depth) +
                      " levels deep");
  }
  return budget_.Spend(1);
}

Result<Renderer::Flow> Renderer::Exec(const Stmt& stmt, std::string& out) {
  DepthGuard depth(*this);
  HEARTH_RETURN_IF_ERROR(Locate(stmt.pos, EnterNode()));
  const SourcePos pos = stmt.pos;
  return std::visit(
      [&](const auto& s) -> Result<Flow> {
        using T = std::decay_t<decltype(s)>;
        Status status;
        if constexpr (std::is_same_v<T, TextStmt>) {
          status = Locate(pos, Append(s.text, out));
        } else if constexpr (std::is_same_v<T, PrintStmt>) {
          status = ExecPrint(s, pos, out);
        } else if constexpr (std::is_same_v<T, IfStmt>) {
          return ExecIf(s, out);
        } else if constexpr (std::is_same_v<T, ForStmt>) {
          return ExecFor(s, pos, out);
        } else if constexpr (std::is_same_v<T, SetStmt>) {
          status = ExecSet(s, pos);
        } else if constexpr (std::is_same_v<T, SetBlockStmt>) {
          status = ExecSetBlock(s, pos);
        } else if constexpr (std::is_same_v<T, MacroStmt>) {
          status = ExecMacro(s);
        } else if constexpr (std::is_same_v<T, CallBlockStmt>) {
          status = ExecCallBlock(s, pos, out);
        } else if constexpr (std::is_same_v<T, FilterBlockStmt>) {
          status = ExecFilterBlock(s, out);
        } else if constexpr (std::is_same_v<T, WithStmt>) {
          return ExecWith(s, out);
        } else if constexpr (std::is_same_v<T, DoStmt>) {
          status = Eval(*s.expr).status();
        } else if constexpr (std::is_same_v<T, BreakStmt>) {
          return Flow::kBreak;
        } else if constexpr (std::is_same_v<T, ContinueStmt>) {
          return Flow::kContinue;
        }
        if (!status.ok()) return Locate(pos, status);  // no-op when already located
        return Flow::kNormal;
      },
      stmt.node);
}

Status Renderer::ExecSet(const SetStmt& s, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value value, Eval(*s.value));
  return Assign(s.target, value, pos);
}

Status Renderer::ExecPrint(const PrintStmt& s, SourcePos pos, std::string& out) {
  HEARTH_ASSIGN_OR_RETURN(Value value, Eval(*s.expr));
  if (value.is_string()) return Locate(pos, Append(value.AsString(), out));
  std::string text;
  HEARTH_RETURN_IF_ERROR(Locate(pos, AppendStr(value, text, limits_.max_output_bytes)));
  return Locate(pos, Append(text, out));
}

Result<Renderer::Flow> Renderer::ExecIf(const IfStmt& s, std::string& out) {
  for (const auto& [condition, body] : s.branches) {
    HEARTH_ASSIGN_OR_RETURN(Value test, Eval(*condition));
    if (test.IsTruthy()) return ExecBody(body, out);
  }
  return ExecBody(s.else_body, out);
}

// The items a loop visits: the iterable's items that pass the loop's `if` filter (evaluated
// with the loop target bound, as Jinja2 does).
Result<std::vector<Value>> Renderer::LoopItems(const ForStmt& s, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(Value iterable, Eval(*s.iterable));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, Locate(pos, IterateValue(iterable, ctx_)));
  if (!s.filter) return items;
  std::vector<Value> kept;
  for (const Value& item : items) {
    FrameScope scope(*this, std::make_shared<Frame>(Frame{frame_, {}}));
    HEARTH_RETURN_IF_ERROR(Assign(s.target, item, pos));
    HEARTH_ASSIGN_OR_RETURN(Value keep, Eval(*s.filter));
    if (keep.IsTruthy()) kept.push_back(item);
  }
  return kept;
}

Result<Renderer::Flow> Renderer::ExecFor(const ForStmt& s, SourcePos pos, std::string& out) {
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, LoopItems(s, pos));
  if (items.empty()) return ExecBody(s.else_body, out);
  const LoopShared shared = MakeLoopShared();
  for (size_t i = 0; i < items.size(); ++i) {
    HEARTH_RETURN_IF_ERROR(Locate(pos, budget_.Spend(4)));  // a new scope and loop object
    auto frame = std::make_shared<Frame>(Frame{frame_, {}});
    frame->vars.reserve(s.target.names.size() + 1);
    FrameScope scope(*this, std::move(frame));
    HEARTH_RETURN_IF_ERROR(Assign(s.target, items[i], pos));
    *shared.index = int64_t(i);
    frame_->Set("loop", MakeLoopObject(items, i, shared));
    HEARTH_ASSIGN_OR_RETURN(Flow flow, ExecBody(s.body, out));
    if (flow == Flow::kBreak) break;
  }
  return Flow::kNormal;
}

Renderer::LoopShared Renderer::MakeLoopShared() {
  LoopShared shared;
  shared.index = std::make_shared<int64_t>(0);
  shared.cycle = Value::FromFunction(
      Function{"loop.cycle", [index = shared.index](const Arguments& args) -> Result<Value> {
                 if (args.positional.empty()) return InvalidArgument("no items for cycling given");
                 return args.positional[size_t(*index) % args.positional.size()];
               }});
  shared.no_previous = Value::Undefined("there is no previous item");
  shared.no_next = Value::Undefined("there is no next item");
  return shared;
}

Value Renderer::MakeLoopObject(const std::vector<Value>& items, size_t index,
                               const LoopShared& shared) {
  const auto n = int64_t(items.size());
  const auto i = int64_t(index);
  Dict loop;
  loop.Reserve(12);
  loop.Set("index", Value::Int(i + 1));
  loop.Set("index0", Value::Int(i));
  loop.Set("revindex", Value::Int(n - i));
  loop.Set("revindex0", Value::Int(n - i - 1));
  loop.Set("first", Value::Bool(i == 0));
  loop.Set("last", Value::Bool(i == n - 1));
  loop.Set("length", Value::Int(n));
  loop.Set("depth", Value::Int(1));
  loop.Set("depth0", Value::Int(0));
  loop.Set("previtem", i > 0 ? items[index - 1] : shared.no_previous);
  loop.Set("nextitem", i + 1 < n ? items[index + 1] : shared.no_next);
  loop.Set("cycle", shared.cycle);
  return Value::FromDict(std::move(loop));
}

Status Renderer::Assign(const AssignTarget& target, const Value& value, SourcePos pos) {
  if (!target.attribute.empty()) {
    const Value* object = Lookup(target.names[0]);
    if (object == nullptr || !object->is_namespace()) {
      return Locate(pos, InvalidArgument("cannot assign attribute on non-namespace object '" +
                                         target.names[0] + "'"));
    }
    if (value.HoldsNamespace()) {
      return Locate(pos, InvalidArgument("a namespace cannot hold another namespace"));
    }
    object->AsNamespace().attributes.Set(target.attribute, value);
    return Status::Ok();
  }
  if (target.names.size() == 1) {
    frame_->Set(target.names[0], value);
    return Status::Ok();
  }
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> parts, Locate(pos, IterateValue(value, ctx_)));
  if (parts.size() != target.names.size()) {
    const std::string expected = std::to_string(target.names.size());
    return Locate(pos, InvalidArgument(parts.size() < target.names.size()
                                           ? "not enough values to unpack (expected " + expected +
                                                 ", got " + std::to_string(parts.size()) + ")"
                                           : "too many values to unpack (expected " + expected + ")"));
  }
  for (size_t i = 0; i < parts.size(); ++i) frame_->Set(target.names[i], parts[i]);
  return Status::Ok();
}

Result<std::string> Renderer::RenderToString(const Body& body) {
  std::string text;
  HEARTH_ASSIGN_OR_RETURN(Flow flow, ExecBody(body, text));
  (void)flow;
  return text;
}

Status Renderer::ExecSetBlock(const SetBlockStmt& s, SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(std::string text, RenderToString(s.body));
  Value value = Value::String(std::move(text));
  for (const FilterCall& f : s.filters) {
    HEARTH_ASSIGN_OR_RETURN(value, ApplyFilter(f.name, value, f.args, f.pos));
  }
  return Assign(s.target, value, pos);
}

Status Renderer::ExecFilterBlock(const FilterBlockStmt& s, std::string& out) {
  HEARTH_ASSIGN_OR_RETURN(std::string text, RenderToString(s.body));
  Value value = Value::String(std::move(text));
  for (const FilterCall& f : s.filters) {
    HEARTH_ASSIGN_OR_RETURN(value, ApplyFilter(f.name, value, f.args, f.pos));
  }
  HEARTH_ASSIGN_OR_RETURN(std::string printed, ToStr(value, limits_.max_output_bytes));
  return Append(printed, out);
}

Result<Renderer::Flow> Renderer::ExecWith(const WithStmt& s, std::string& out) {
  // Values are computed in the outer scope, then bound in the new one.
  std::vector<Value> values;
  for (const auto& [target, expr] : s.assignments) {
    HEARTH_ASSIGN_OR_RETURN(Value v, Eval(*expr));
    values.push_back(std::move(v));
  }
  FrameScope scope(*this, std::make_shared<Frame>(Frame{frame_, {}}));
  for (size_t i = 0; i < values.size(); ++i) {
    HEARTH_RETURN_IF_ERROR(Assign(s.assignments[i].first, values[i], s.assignments[i].second->pos));
  }
  return ExecBody(s.body, out);
}

Value Renderer::MakeMacro(const MacroStmt& macro) {
  std::weak_ptr<Frame> scope = frame_;
  return Value::FromFunction(Function{
      macro.name,
      [this, &macro, scope](const Arguments& args) {
        return CallMacro(macro.name, macro.params, macro.body, scope, args);
      },
      "Macro"});
}

Status Renderer::ExecMacro(const MacroStmt& s) {
  frame_->Set(s.name, MakeMacro(s));
  return Status::Ok();
}

Result<Value> Renderer::CallMacro(const std::string& name, const std::vector<MacroParam>& params,
                                  const Body& body, const std::weak_ptr<Frame>& scope,
                                  const Arguments& args) {
  std::shared_ptr<Frame> parent = scope.lock();
  if (!parent) return InvalidArgument("macro '" + name + "' called after its scope ended");
  if (args.positional.size() > params.size()) {
    return InvalidArgument("macro '" + name + "' takes not more than " +
                           std::to_string(params.size()) + " argument(s)");
  }
  if (call_depth_ >= limits_.max_call_depth) {
    return OutOfRange("macro calls nested more than " + std::to_string(limits_.max_call_depth) +
                      " deep (runaway recursion?)");
  }
  HEARTH_RETURN_IF_ERROR(budget_.Spend(4));  // a call costs more than one node
  auto frame = std::make_shared<Frame>(Frame{std::move(parent), {}});
  std::vector<bool> bound(params.size(), false);
  for (size_t i = 0; i < args.positional.size(); ++i) {
    frame->Set(params[i].name, args.positional[i]);
    bound[i] = true;
  }
  for (const auto& [key, value] : args.keyword) {
    size_t i = 0;
    while (i < params.size() && params[i].name != key) ++i;
    if (i == params.size() && key != "caller") {
      return InvalidArgument("macro '" + name + "' takes no keyword argument '" + key + "'");
    }
    if (i < params.size() && bound[i]) {
      return InvalidArgument("macro '" + name + "' got multiple values for argument '" + key + "'");
    }
    if (i < params.size()) bound[i] = true;
    frame->Set(key, value);
  }
  FrameScope frame_scope(*this, std::move(frame));
  ++call_depth_;
  Status status;
  for (size_t i = 0; i < params.size() && status.ok(); ++i) {
    if (bound[i]) continue;
    if (!params[i].default_value) {
      frame_->Set(params[i].name, Value::Undefined("parameter '" + params[i].name + "' was not provided"));
      continue;
    }
    Result<Value> v = Eval(*params[i].default_value);  // sees the earlier parameters
    if (v.ok()) frame_->Set(params[i].name, std::move(*v));
    status = v.status();
  }
  Result<std::string> text = status.ok() ? RenderToString(body) : Result<std::string>(status);
  --call_depth_;
  if (!text.ok()) return text.status();
  return Value::String(std::move(*text));
}

Status Renderer::ExecCallBlock(const CallBlockStmt& s, SourcePos pos, std::string& out) {
  const auto& call = std::get<CallExpr>(s.call->node);
  HEARTH_ASSIGN_OR_RETURN(Value callee, Eval(*call.callee));
  HEARTH_ASSIGN_OR_RETURN(Arguments args, EvalArgs(call.args));
  std::weak_ptr<Frame> scope = frame_;
  args.keyword.emplace_back(
      "caller", Value::FromFunction(Function{
                    "caller",
                    [this, &s, scope](const Arguments& caller_args) {
                      return CallMacro("caller", s.caller_params, s.body, scope, caller_args);
                    },
                    "Macro"}));
  HEARTH_ASSIGN_OR_RETURN(Value result, CallValue(callee, args, s.call->pos));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Locate(pos, ToStr(result, limits_.max_output_bytes)));
  return Locate(pos, Append(text, out));
}

}  // namespace hearth::jinja
