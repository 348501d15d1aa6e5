// Renderer: one render of a parsed template. Statements are executed in renderer.cc,
// expressions evaluated in evaluator.cc. Internal to the library (Template::Render uses it).
//
// Scopes are a chain of frames: each `for` iteration, macro call and `with` block gets a frame
// whose parent is the enclosing one (for a macro: the frame it was defined in), above them the
// template's top level, and above that the context variables and builtins. `set` writes to the
// innermost frame. Macros refer to their defining frame weakly, so frames and values never
// form a cycle.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "jinja/ast.h"
#include "jinja/op_context.h"
#include "jinja/template.h"

namespace hearth::jinja {

class Renderer {
 public:
  Renderer(std::string_view template_name, const Context& context, const RenderLimits& limits);
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  Result<std::string> Render(const Body& body);

 private:
  enum class Flow { kNormal, kBreak, kContinue };

  // A scope's variables: few per frame, so a vector searched linearly beats a hash map.
  struct Frame {
    std::shared_ptr<Frame> parent;
    std::vector<std::pair<std::string, Value>> vars;

    const Value* Find(std::string_view name) const {
      for (const auto& [key, value] : vars) {
        if (key == name) return &value;
      }
      return nullptr;
    }
    void Set(std::string_view name, Value value) {
      for (auto& [key, existing] : vars) {
        if (key == name) {
          existing = std::move(value);
          return;
        }
      }
      vars.emplace_back(std::string(name), std::move(value));
    }
  };

  // Makes `frame` current for its lifetime.
  class FrameScope {
   public:
    FrameScope(Renderer& r, std::shared_ptr<Frame> frame) : r_(r), saved_(std::move(r.frame_)) {
      r_.frame_ = std::move(frame);
    }
    ~FrameScope() { r_.frame_ = std::move(saved_); }

   private:
    Renderer& r_;
    std::shared_ptr<Frame> saved_;
  };

  // Counts nesting for max_eval_depth.
  class DepthGuard {
   public:
    explicit DepthGuard(Renderer& r) : r_(r) { ++r_.eval_depth_; }
    ~DepthGuard() { --r_.eval_depth_; }

   private:
    Renderer& r_;
  };

  // Every statement and expression evaluated passes here: checks the nesting depth and
  // charges one unit of work.
  Status EnterNode();

  // Statements (renderer.cc). Handlers are kept out of line so that the dispatching
  // Exec/Eval frames stay small: every nesting level of a template costs their stack.
  Result<Flow> ExecBody(const Body& body, std::string& out);
  Result<Flow> Exec(const Stmt& stmt, std::string& out);
  Status Append(std::string_view text, std::string& out);
  [[gnu::noinline]] Status ExecPrint(const PrintStmt& s, SourcePos pos, std::string& out);
  [[gnu::noinline]] Result<Flow> ExecIf(const IfStmt& s, std::string& out);
  [[gnu::noinline]] Result<Flow> ExecFor(const ForStmt& s, SourcePos pos, std::string& out);
  Result<std::vector<Value>> LoopItems(const ForStmt& s, SourcePos pos);
  [[gnu::noinline]] Status ExecSet(const SetStmt& s, SourcePos pos);
  [[gnu::noinline]] Status ExecSetBlock(const SetBlockStmt& s, SourcePos pos);
  [[gnu::noinline]] Status ExecMacro(const MacroStmt& s);
  [[gnu::noinline]] Status ExecCallBlock(const CallBlockStmt& s, SourcePos pos, std::string& out);
  [[gnu::noinline]] Status ExecFilterBlock(const FilterBlockStmt& s, std::string& out);
  [[gnu::noinline]] Result<Flow> ExecWith(const WithStmt& s, std::string& out);
  Result<std::string> RenderToString(const Body& body);
  Status Assign(const AssignTarget& target, const Value& value, SourcePos pos);
  // What every iteration's `loop` object of one loop shares.
  struct LoopShared {
    std::shared_ptr<int64_t> index;  // the current iteration, for loop.cycle
    Value cycle;
    Value no_previous;
    Value no_next;
  };
  LoopShared MakeLoopShared();
  Value MakeLoopObject(const std::vector<Value>& items, size_t index, const LoopShared& shared);
  Value MakeMacro(const MacroStmt& macro);
  Result<Value> CallMacro(const std::string& name, const std::vector<MacroParam>& params,
                          const Body& body, const std::weak_ptr<Frame>& scope,
                          const Arguments& args);

  // Expressions (evaluator.cc).
  Result<Value> Eval(const Expr& expr);
  Result<Value> EvalNode(const Expr& expr);
  [[gnu::noinline]] Result<Value> EvalName(const NameExpr& e);
  [[gnu::noinline]] Result<Value> EvalList(const ListExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalDict(const DictExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalAttribute(const AttributeExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalSubscript(const SubscriptExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalSlice(const SliceExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalCall(const CallExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalFilter(const FilterExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalTest(const TestExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalUnary(const UnaryExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalBinary(const BinaryExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalCompare(const CompareExpr& e, SourcePos pos);
  [[gnu::noinline]] Result<Value> EvalConditional(const ConditionalExpr& e);
  Result<Arguments> EvalArgs(const std::vector<CallArgument>& args);
  Result<Value> CallValue(const Value& callee, const Arguments& args, SourcePos pos);
  Result<Value> ApplyFilter(const std::string& name, const Value& input,
                            const std::vector<CallArgument>& args, SourcePos pos);
  const Value* Lookup(std::string_view name) const;

  // "NAME:LINE:COL: message" (unchanged if the message already carries a position).
  Status Locate(SourcePos pos, const Status& status) const;
  template <typename T>
  Result<T> Locate(SourcePos pos, Result<T> result) const {
    if (result.ok()) return result;
    return Locate(pos, result.status());
  }

  std::string name_;
  const RenderLimits& limits_;
  WorkBudget budget_;
  OpContext ctx_;
  std::shared_ptr<Frame> frame_;  // the current scope
  int call_depth_ = 0;
  int eval_depth_ = 0;
};

}  // namespace hearth::jinja
