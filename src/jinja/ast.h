// The parsed template: expression and statement trees. Nodes own their children; a parsed
// template is immutable and shared by every render.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "jinja/lexer.h"
#include "jinja/value.h"

namespace hearth::jinja {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// An argument in a call, filter or test: positional when `keyword` is empty.
struct CallArgument {
  std::string keyword;
  ExprPtr value;
};

struct LiteralExpr {
  Value value;
};
struct NameExpr {
  std::string name;
};
struct ListExpr {
  std::vector<ExprPtr> items;
  bool is_tuple = false;
};
struct DictExpr {
  std::vector<std::pair<ExprPtr, ExprPtr>> entries;  // key, value
};
struct AttributeExpr {  // object.name
  ExprPtr object;
  std::string name;
};
struct SubscriptExpr {  // object[index]
  ExprPtr object;
  ExprPtr index;
};
struct SliceExpr {  // object[start:stop:step]; absent parts are null
  ExprPtr object;
  ExprPtr start;
  ExprPtr stop;
  ExprPtr step;
};
struct CallExpr {
  ExprPtr callee;
  std::vector<CallArgument> args;
};
struct FilterExpr {  // operand | name(args)
  ExprPtr operand;
  std::string name;
  std::vector<CallArgument> args;
};
struct TestExpr {  // operand is [not] name(args)
  ExprPtr operand;
  std::string name;
  std::vector<CallArgument> args;
  bool negated = false;
};
enum class UnaryOp { kNot, kNegate, kPlus };
struct UnaryExpr {
  UnaryOp op;
  ExprPtr operand;
};
enum class BinaryOp { kAdd, kSubtract, kMultiply, kDivide, kFloorDivide, kModulo, kPower, kConcat, kAnd, kOr };
struct BinaryExpr {
  BinaryOp op;
  ExprPtr left;
  ExprPtr right;
};
enum class CompareOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kIn, kNotIn };
struct CompareExpr {  // first op1 second op2 third ... (Python's chained comparison)
  ExprPtr first;
  std::vector<std::pair<CompareOp, ExprPtr>> rest;
};
struct ConditionalExpr {  // then_value if condition else else_value (else may be null)
  ExprPtr condition;
  ExprPtr then_value;
  ExprPtr else_value;
};

struct Expr {
  SourcePos pos;
  std::variant<LiteralExpr, NameExpr, ListExpr, DictExpr, AttributeExpr, SubscriptExpr, SliceExpr,
               CallExpr, FilterExpr, TestExpr, UnaryExpr, BinaryExpr, CompareExpr, ConditionalExpr>
      node;
};

struct Stmt;
using Body = std::vector<Stmt>;

// Where `set` and `for` store values: one or several names (unpacking), or `ns.attr`.
struct AssignTarget {
  std::vector<std::string> names;
  std::string attribute;  // non-empty: names[0].attribute (namespace assignment)
};

// A filter application without its operand (filter blocks, block sets).
struct FilterCall {
  SourcePos pos;
  std::string name;
  std::vector<CallArgument> args;
};

struct MacroParam {
  std::string name;
  ExprPtr default_value;  // null: no default
};

struct TextStmt {
  std::string text;
};
struct PrintStmt {
  ExprPtr expr;
};
struct IfStmt {
  std::vector<std::pair<ExprPtr, Body>> branches;  // if, elif, ...
  Body else_body;
};
struct ForStmt {
  AssignTarget target;
  ExprPtr iterable;
  ExprPtr filter;  // `for x in xs if cond`; may be null
  Body body;
  Body else_body;  // runs when there was no iteration
};
struct SetStmt {
  AssignTarget target;
  ExprPtr value;
};
struct SetBlockStmt {  // {% set name | filters %}body{% endset %}
  AssignTarget target;
  std::vector<FilterCall> filters;
  Body body;
};
struct MacroStmt {
  std::string name;
  std::vector<MacroParam> params;
  Body body;
};
struct CallBlockStmt {  // {% call(params) macro(args) %}body{% endcall %}
  std::vector<MacroParam> caller_params;
  ExprPtr call;
  Body body;
};
struct FilterBlockStmt {
  std::vector<FilterCall> filters;
  Body body;
};
struct WithStmt {  // also {% generation %}: a body with its own scope
  std::vector<std::pair<AssignTarget, ExprPtr>> assignments;
  Body body;
};
struct DoStmt {
  ExprPtr expr;
};
struct BreakStmt {};
struct ContinueStmt {};

struct Stmt {
  SourcePos pos;
  std::variant<TextStmt, PrintStmt, IfStmt, ForStmt, SetStmt, SetBlockStmt, MacroStmt,
               CallBlockStmt, FilterBlockStmt, WithStmt, DoStmt, BreakStmt, ContinueStmt>
      node;
};

}  // namespace hearth::jinja
