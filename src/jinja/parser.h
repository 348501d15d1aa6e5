// The Jinja parser: tokens -> statement tree, following Jinja2's grammar and operator precedence
// (lowest first: `x if c else y`, or, and, not, comparisons and `in`, + -, ~, * / // %, **,
// unary - +, then postfix . [] () and filters/tests).
//
// Errors read "NAME:LINE:COL: expected ..., got ..." and name the block left open where one is.
// Nesting (blocks, expressions, operator chains) is limited to kMaxParseDepth, so neither
// parsing, evaluating nor destroying a hostile template can exhaust the stack.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "jinja/ast.h"
#include "jinja/lexer.h"

namespace hearth::jinja {

// Nesting of blocks, parentheses and operator/postfix chains (a chain of n links nests n deep).
inline constexpr int kMaxParseDepth = 250;

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string name);
  Result<Body> ParseTemplate();

 private:
  // Statements (parser.cc).
  Result<Body> ParseBody(std::initializer_list<std::string_view> end_tags,
                         std::string_view block, SourcePos block_pos);
  Result<Stmt> ParseStatement();
  Result<Stmt> ParseIf(SourcePos pos);
  Result<Stmt> ParseFor(SourcePos pos);
  Result<Stmt> ParseSet(SourcePos pos);
  Result<Stmt> ParseMacro(SourcePos pos);
  Result<Stmt> ParseCallBlock(SourcePos pos);
  Result<Stmt> ParseFilterBlock(SourcePos pos);
  Result<Stmt> ParseWith(SourcePos pos);
  Result<Stmt> ParseScopeBlock(SourcePos pos, std::string_view tag);
  Result<AssignTarget> ParseAssignTarget(bool allow_attribute);
  Result<std::vector<MacroParam>> ParseMacroParams();
  Result<std::vector<FilterCall>> ParseFilterChain();
  Status ExpectBlockEnd();
  Status ExpectEndTag(std::string_view tag);

  // Expressions (parser_expressions.cc).
  Result<ExprPtr> ParseTuple(bool with_condition, bool explicit_parens = false);
  Result<ExprPtr> ParseExpression(bool with_condition = true);
  Result<ExprPtr> ParseOr();
  Result<ExprPtr> ParseAnd();
  Result<ExprPtr> ParseNot();
  Result<ExprPtr> ParseCompare();
  Result<ExprPtr> ParseAdditive();
  Result<ExprPtr> ParseConcat();
  Result<ExprPtr> ParseMultiplicative();
  Result<ExprPtr> ParsePower();
  Result<ExprPtr> ParseUnary(bool with_filter);
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseList(SourcePos pos);
  Result<ExprPtr> ParseDict(SourcePos pos);
  Result<ExprPtr> ParsePostfix(ExprPtr node);
  Result<ExprPtr> ParseSubscript(ExprPtr object, SourcePos pos);
  Result<ExprPtr> ParseFilterAndTests(ExprPtr node);
  Result<ExprPtr> ParseTest(ExprPtr operand);
  Result<std::vector<CallArgument>> ParseCallArgs();
  Result<std::string> ParseDottedName();

  // Token access.
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool AtOperator(std::string_view op) const;
  bool AtName(std::string_view name) const;
  bool SkipOperator(std::string_view op);
  bool SkipName(std::string_view name);
  Status ExpectOperator(std::string_view op);
  Result<std::string> ExpectName(std::string_view what);
  Status ErrorAt(SourcePos pos, const std::string& message) const;
  Status Unexpected(std::string_view expected) const;  // "expected X, got <current token>"
  // Depth guard for recursion; call Leave() after a successful Enter().
  Status Enter();
  void Leave() { --depth_; }
  // One more link of an operator or postfix chain (`a + b + c`, `x.a.b`): such chains nest the
  // tree as deeply as parentheses do, so they count toward the depth; the caller subtracts
  // `links` from depth_ when the chain ends.
  Status AddLink(int& links) {
    ++links;
    return Enter();
  }

  std::vector<Token> tokens_;
  size_t index_ = 0;
  std::string name_;
  int depth_ = 0;
  int loop_depth_ = 0;  // `for` bodies enclosing the current point (inside the current macro)
};

template <typename Node>
ExprPtr MakeExpr(SourcePos pos, Node node) {
  return std::make_unique<Expr>(Expr{pos, std::move(node)});
}

}  // namespace hearth::jinja
