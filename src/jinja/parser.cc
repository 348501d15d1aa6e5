// Statement parsing and token access; expressions are in parser_expressions.cc.
#include "jinja/parser.h"

#include <algorithm>

#include "jinja/filters.h"

namespace hearth::jinja {
namespace {

std::string FormatPos(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

std::string JoinQuoted(std::initializer_list<std::string_view> words) {
  std::string out;
  size_t i = 0;
  for (std::string_view w : words) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + std::string(w) + "'";
    ++i;
  }
  return out;
}

bool IsReservedName(std::string_view name) {
  static constexpr std::string_view kReserved[] = {"true", "false", "none", "True", "False",
                                                   "None", "and",   "or",   "not",  "in",
                                                   "is",   "if",    "else"};
  return std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved);
}

// Tags that close or continue a block; seeing one where no block expects it is an error.
bool IsBlockContinuation(std::string_view tag) {
  return tag == "else" || tag == "elif" || tag.substr(0, 3) == "end";
}

}  // namespace

Parser::Parser(std::vector<Token> tokens, std::string name)
    : tokens_(std::move(tokens)), name_(std::move(name)) {
  HEARTH_CHECK(!tokens_.empty() && tokens_.back().kind == TokenKind::kEnd);
}

Result<Body> Parser::ParseTemplate() { return ParseBody({}, "", SourcePos{}); }

Result<Body> Parser::ParseBody(std::initializer_list<std::string_view> end_tags,
                               std::string_view block, SourcePos block_pos) {
  HEARTH_RETURN_IF_ERROR(Enter());
  Body body;
  const std::string open_block =
      block.empty() ? "" : "the '" + std::string(block) + "' block opened at " + FormatPos(block_pos);
  while (true) {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kData:
        body.push_back(Stmt{token.pos, TextStmt{token.text}});
        Next();
        break;
      case TokenKind::kVariableBegin: {
        const SourcePos pos = Next().pos;
        HEARTH_ASSIGN_OR_RETURN(ExprPtr expr, ParseTuple(/*with_condition=*/true));
        if (Peek().kind != TokenKind::kVariableEnd) return Unexpected("'}}'");
        Next();
        body.push_back(Stmt{pos, PrintStmt{std::move(expr)}});
        break;
      }
      case TokenKind::kBlockBegin: {
        const Token& tag = Peek(1);
        if (tag.kind == TokenKind::kName &&
            std::find(end_tags.begin(), end_tags.end(), tag.text) != end_tags.end()) {
          Next();  // the cursor stays on the tag name for the caller
          Leave();
          return body;
        }
        if (tag.kind == TokenKind::kName && IsBlockContinuation(tag.text)) {
          std::string message = "unexpected '" + tag.text + "'";
          if (!block.empty()) message += "; expected " + JoinQuoted(end_tags) + " for " + open_block;
          return ErrorAt(tag.pos, message);
        }
        Next();
        HEARTH_ASSIGN_OR_RETURN(Stmt stmt, ParseStatement());
        body.push_back(std::move(stmt));
        break;
      }
      case TokenKind::kEnd:
        if (end_tags.size() == 0) {
          Leave();
          return body;
        }
        return ErrorAt(token.pos, "unexpected end of template; expected " + JoinQuoted(end_tags) +
                                      " to close " + open_block);
      default:
        return Unexpected("template text or a tag");
    }
  }
}

Result<Stmt> Parser::ParseStatement() {
  const Token& tag = Peek();
  if (tag.kind != TokenKind::kName) return Unexpected("a tag name");
  const SourcePos pos = tag.pos;
  const std::string name = Next().text;
  if (name == "if") return ParseIf(pos);
  if (name == "for") return ParseFor(pos);
  if (name == "set") return ParseSet(pos);
  if (name == "macro") return ParseMacro(pos);
  if (name == "call") return ParseCallBlock(pos);
  if (name == "filter") return ParseFilterBlock(pos);
  if (name == "with") return ParseWith(pos);
  if (name == "generation") return ParseScopeBlock(pos, "generation");
  if (name == "do") {
    HEARTH_ASSIGN_OR_RETURN(ExprPtr expr, ParseTuple(/*with_condition=*/true));
    HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
    return Stmt{pos, DoStmt{std::move(expr)}};
  }
  if (name == "break" || name == "continue") {
    if (loop_depth_ == 0) return ErrorAt(pos, "'" + name + "' outside of a loop");
    HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
    if (name == "break") return Stmt{pos, BreakStmt{}};
    return Stmt{pos, ContinueStmt{}};
  }
  if (name == "include" || name == "import" || name == "from" || name == "extends" ||
      name == "block") {
    return Status(StatusCode::kUnimplemented,
                  name_ + ":" + FormatPos(pos) + ": the '" + name +
                      "' tag is not supported (a chat template must be self-contained)");
  }
  return ErrorAt(pos, "unknown tag '" + name + "'");
}

Result<Stmt> Parser::ParseIf(SourcePos pos) {
  IfStmt stmt;
  HEARTH_ASSIGN_OR_RETURN(ExprPtr condition, ParseTuple(/*with_condition=*/false));
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  while (true) {
    HEARTH_ASSIGN_OR_RETURN(Body body, ParseBody({"elif", "else", "endif"}, "if", pos));
    stmt.branches.emplace_back(std::move(condition), std::move(body));
    const std::string tag = Next().text;
    if (tag == "elif") {
      HEARTH_ASSIGN_OR_RETURN(condition, ParseTuple(/*with_condition=*/false));
      HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
      continue;
    }
    HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
    if (tag == "else") {
      HEARTH_ASSIGN_OR_RETURN(stmt.else_body, ParseBody({"endif"}, "if", pos));
      HEARTH_RETURN_IF_ERROR(ExpectEndTag("endif"));
    }
    return Stmt{pos, std::move(stmt)};
  }
}

Result<Stmt> Parser::ParseFor(SourcePos pos) {
  ForStmt stmt;
  HEARTH_ASSIGN_OR_RETURN(stmt.target, ParseAssignTarget(/*allow_attribute=*/false));
  if (!SkipName("in")) return Unexpected("'in'");
  HEARTH_ASSIGN_OR_RETURN(stmt.iterable, ParseTuple(/*with_condition=*/false));
  if (SkipName("if")) {
    HEARTH_ASSIGN_OR_RETURN(stmt.filter, ParseExpression());
  }
  if (AtName("recursive")) {
    return Status(StatusCode::kUnimplemented,
                  name_ + ":" + FormatPos(Peek().pos) + ": recursive loops are not supported");
  }
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  ++loop_depth_;
  Result<Body> body = ParseBody({"endfor", "else"}, "for", pos);
  --loop_depth_;
  if (!body.ok()) return body.status();
  stmt.body = std::move(*body);
  if (Next().text == "else") {
    HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
    HEARTH_ASSIGN_OR_RETURN(stmt.else_body, ParseBody({"endfor"}, "for", pos));
    Next();
  }
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseSet(SourcePos pos) {
  HEARTH_ASSIGN_OR_RETURN(AssignTarget target, ParseAssignTarget(/*allow_attribute=*/true));
  if (SkipOperator("=")) {
    HEARTH_ASSIGN_OR_RETURN(ExprPtr value, ParseTuple(/*with_condition=*/true));
    HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
    return Stmt{pos, SetStmt{std::move(target), std::move(value)}};
  }
  if (target.names.size() != 1) return Unexpected("'='");
  SetBlockStmt stmt;
  stmt.target = std::move(target);
  if (AtOperator("|")) {
    HEARTH_ASSIGN_OR_RETURN(stmt.filters, ParseFilterChain());
  }
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  HEARTH_ASSIGN_OR_RETURN(stmt.body, ParseBody({"endset"}, "set", pos));
  HEARTH_RETURN_IF_ERROR(ExpectEndTag("endset"));
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseMacro(SourcePos pos) {
  MacroStmt stmt;
  HEARTH_ASSIGN_OR_RETURN(stmt.name, ExpectName("a macro name"));
  HEARTH_RETURN_IF_ERROR(ExpectOperator("("));
  HEARTH_ASSIGN_OR_RETURN(stmt.params, ParseMacroParams());
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  const int saved_loop_depth = loop_depth_;  // a macro body is not inside the caller's loop
  loop_depth_ = 0;
  Result<Body> body = ParseBody({"endmacro"}, "macro", pos);
  loop_depth_ = saved_loop_depth;
  if (!body.ok()) return body.status();
  stmt.body = std::move(*body);
  HEARTH_RETURN_IF_ERROR(ExpectEndTag("endmacro"));
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseCallBlock(SourcePos pos) {
  CallBlockStmt stmt;
  if (SkipOperator("(")) {
    HEARTH_ASSIGN_OR_RETURN(stmt.caller_params, ParseMacroParams());
  }
  const SourcePos call_pos = Peek().pos;
  HEARTH_ASSIGN_OR_RETURN(stmt.call, ParseExpression());
  if (!std::holds_alternative<CallExpr>(stmt.call->node)) {
    return ErrorAt(call_pos, "expected a macro call after 'call'");
  }
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  const int saved_loop_depth = loop_depth_;
  loop_depth_ = 0;
  Result<Body> body = ParseBody({"endcall"}, "call", pos);
  loop_depth_ = saved_loop_depth;
  if (!body.ok()) return body.status();
  stmt.body = std::move(*body);
  HEARTH_RETURN_IF_ERROR(ExpectEndTag("endcall"));
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseFilterBlock(SourcePos pos) {
  FilterBlockStmt stmt;
  FilterCall first;
  first.pos = Peek().pos;
  HEARTH_ASSIGN_OR_RETURN(first.name, ParseDottedName());
  if (FindFilter(first.name) == nullptr) return ErrorAt(first.pos, "no filter named '" + first.name + "'");
  if (AtOperator("(")) {
    HEARTH_ASSIGN_OR_RETURN(first.args, ParseCallArgs());
  }
  stmt.filters.push_back(std::move(first));
  HEARTH_ASSIGN_OR_RETURN(std::vector<FilterCall> more, ParseFilterChain());
  for (FilterCall& f : more) stmt.filters.push_back(std::move(f));
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  HEARTH_ASSIGN_OR_RETURN(stmt.body, ParseBody({"endfilter"}, "filter", pos));
  HEARTH_RETURN_IF_ERROR(ExpectEndTag("endfilter"));
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseWith(SourcePos pos) {
  WithStmt stmt;
  while (Peek().kind != TokenKind::kBlockEnd) {
    if (!stmt.assignments.empty()) HEARTH_RETURN_IF_ERROR(ExpectOperator(","));
    HEARTH_ASSIGN_OR_RETURN(AssignTarget target, ParseAssignTarget(/*allow_attribute=*/false));
    HEARTH_RETURN_IF_ERROR(ExpectOperator("="));
    HEARTH_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression());
    stmt.assignments.emplace_back(std::move(target), std::move(value));
  }
  Next();
  HEARTH_ASSIGN_OR_RETURN(stmt.body, ParseBody({"endwith"}, "with", pos));
  HEARTH_RETURN_IF_ERROR(ExpectEndTag("endwith"));
  return Stmt{pos, std::move(stmt)};
}

Result<Stmt> Parser::ParseScopeBlock(SourcePos pos, std::string_view tag) {
  HEARTH_RETURN_IF_ERROR(ExpectBlockEnd());
  const std::string end_tag = "end" + std::string(tag);
  WithStmt stmt;
  HEARTH_ASSIGN_OR_RETURN(stmt.body, ParseBody({end_tag}, tag, pos));
  HEARTH_RETURN_IF_ERROR(ExpectEndTag(end_tag));
  return Stmt{pos, std::move(stmt)};
}

Result<AssignTarget> Parser::ParseAssignTarget(bool allow_attribute) {
  AssignTarget target;
  const bool parenthesized = SkipOperator("(");
  while (true) {
    const SourcePos pos = Peek().pos;
    HEARTH_ASSIGN_OR_RETURN(std::string name, ExpectName("a variable name"));
    if (IsReservedName(name)) return ErrorAt(pos, "cannot assign to '" + name + "'");
    target.names.push_back(std::move(name));
    if (allow_attribute && target.names.size() == 1 && !parenthesized && SkipOperator(".")) {
      HEARTH_ASSIGN_OR_RETURN(target.attribute, ExpectName("an attribute name"));
      return target;
    }
    if (!SkipOperator(",")) break;
    if (Peek().kind != TokenKind::kName || AtName("in")) break;  // trailing comma
  }
  if (parenthesized) HEARTH_RETURN_IF_ERROR(ExpectOperator(")"));
  return target;
}

Result<std::vector<MacroParam>> Parser::ParseMacroParams() {
  std::vector<MacroParam> params;
  while (!SkipOperator(")")) {
    if (!params.empty()) HEARTH_RETURN_IF_ERROR(ExpectOperator(","));
    if (SkipOperator(")")) break;
    MacroParam param;
    const SourcePos pos = Peek().pos;
    HEARTH_ASSIGN_OR_RETURN(param.name, ExpectName("a parameter name"));
    if (SkipOperator("=")) {
      HEARTH_ASSIGN_OR_RETURN(param.default_value, ParseExpression());
    } else if (!params.empty() && params.back().default_value) {
      return ErrorAt(pos, "parameter '" + param.name + "' without a default follows one with a default");
    }
    params.push_back(std::move(param));
  }
  return params;
}

Result<std::vector<FilterCall>> Parser::ParseFilterChain() {
  std::vector<FilterCall> filters;
  while (SkipOperator("|")) {
    FilterCall filter;
    filter.pos = Peek().pos;
    HEARTH_ASSIGN_OR_RETURN(filter.name, ParseDottedName());
    if (FindFilter(filter.name) == nullptr) return ErrorAt(filter.pos, "no filter named '" + filter.name + "'");
    if (AtOperator("(")) {
      HEARTH_ASSIGN_OR_RETURN(filter.args, ParseCallArgs());
    }
    filters.push_back(std::move(filter));
  }
  return filters;
}

Status Parser::ExpectBlockEnd() {
  if (Peek().kind != TokenKind::kBlockEnd) return Unexpected("'%}'");
  Next();
  return Status::Ok();
}

Status Parser::ExpectEndTag(std::string_view tag) {
  if (!AtName(tag)) return Unexpected("'" + std::string(tag) + "'");
  Next();
  return ExpectBlockEnd();
}

const Token& Parser::Peek(size_t ahead) const {
  return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
}

const Token& Parser::Next() {
  const Token& token = tokens_[index_];
  if (index_ + 1 < tokens_.size()) ++index_;
  return token;
}

bool Parser::AtOperator(std::string_view op) const {
  return Peek().kind == TokenKind::kOperator && Peek().text == op;
}

bool Parser::AtName(std::string_view name) const {
  return Peek().kind == TokenKind::kName && Peek().text == name;
}

bool Parser::SkipOperator(std::string_view op) {
  if (!AtOperator(op)) return false;
  Next();
  return true;
}

bool Parser::SkipName(std::string_view name) {
  if (!AtName(name)) return false;
  Next();
  return true;
}

Status Parser::ExpectOperator(std::string_view op) {
  if (!AtOperator(op)) return Unexpected("'" + std::string(op) + "'");
  Next();
  return Status::Ok();
}

Result<std::string> Parser::ExpectName(std::string_view what) {
  if (Peek().kind != TokenKind::kName) return Unexpected(what);
  return Next().text;
}

Status Parser::ErrorAt(SourcePos pos, const std::string& message) const {
  return InvalidArgument(name_ + ":" + FormatPos(pos) + ": " + message);
}

Status Parser::Unexpected(std::string_view expected) const {
  return ErrorAt(Peek().pos, "expected " + std::string(expected) + ", got " + DescribeToken(Peek()));
}

Status Parser::Enter() {
  if (++depth_ > kMaxParseDepth) {
    --depth_;
    return ErrorAt(Peek().pos, "template nested more than " + std::to_string(kMaxParseDepth) +
                                   " levels deep");
  }
  return Status::Ok();
}

}  // namespace hearth::jinja
