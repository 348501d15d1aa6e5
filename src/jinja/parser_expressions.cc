// Expression parsing: Jinja2's precedence climbing, one function per level.
#include <algorithm>

#include "jinja/filters.h"
#include "jinja/parser.h"

namespace hearth::jinja {
namespace {

// Where a bare tuple (`a, b`) ends.
bool EndsTuple(const Token& t) {
  return t.kind == TokenKind::kVariableEnd || t.kind == TokenKind::kBlockEnd ||
         t.kind == TokenKind::kEnd ||
         (t.kind == TokenKind::kOperator && (t.text == ")" || t.text == "]" || t.text == "}")) ||
         (t.kind == TokenKind::kName && (t.text == "in" || t.text == "recursive" || t.text == "if"));
}

std::optional<CompareOp> CompareOpFor(const Token& t) {
  if (t.kind != TokenKind::kOperator) return std::nullopt;
  if (t.text == "==") return CompareOp::kEqual;
  if (t.text == "!=") return CompareOp::kNotEqual;
  if (t.text == "<") return CompareOp::kLess;
  if (t.text == "<=") return CompareOp::kLessEqual;
  if (t.text == ">") return CompareOp::kGreater;
  if (t.text == ">=") return CompareOp::kGreaterEqual;
  return std::nullopt;
}

// Whether `t` starts the single unparenthesized argument of a test (`x is sameas none`).
bool StartsTestArgument(const Token& t) {
  switch (t.kind) {
    case TokenKind::kString:
    case TokenKind::kInteger:
    case TokenKind::kFloat:
      return true;
    case TokenKind::kOperator:
      return t.text == "[" || t.text == "{";
    case TokenKind::kName:
      return t.text != "else" && t.text != "or" && t.text != "and" && t.text != "if" &&
             t.text != "in" && t.text != "not";
    default:
      return false;
  }
}

// true/false/none (also True/False/None) as literals, or nullptr for other names.
ExprPtr NameLiteral(const std::string& name, SourcePos pos) {
  if (name == "true" || name == "True") return MakeExpr(pos, LiteralExpr{Value::Bool(true)});
  if (name == "false" || name == "False") return MakeExpr(pos, LiteralExpr{Value::Bool(false)});
  if (name == "none" || name == "None") return MakeExpr(pos, LiteralExpr{Value::None()});
  return nullptr;
}

ExprPtr MakeBinary(SourcePos pos, BinaryOp op, ExprPtr left, ExprPtr right) {
  return MakeExpr(pos, BinaryExpr{op, std::move(left), std::move(right)});
}

}  // namespace

Result<ExprPtr> Parser::ParseTuple(bool with_condition, bool explicit_parens) {
  const SourcePos pos = Peek().pos;
  std::vector<ExprPtr> items;
  bool is_tuple = false;
  while (true) {
    if (!items.empty() && EndsTuple(Peek())) break;
    if (items.empty() && explicit_parens && AtOperator(")")) break;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr item, with_condition ? ParseExpression() : ParseOr());
    items.push_back(std::move(item));
    if (!SkipOperator(",")) break;
    is_tuple = true;
  }
  if (!is_tuple && items.size() == 1) return std::move(items[0]);
  if (items.empty() && !explicit_parens) return Unexpected("an expression");
  return MakeExpr(pos, ListExpr{std::move(items), /*is_tuple=*/true});
}

Result<ExprPtr> Parser::ParseExpression(bool with_condition) {
  if (!with_condition) return ParseOr();
  HEARTH_RETURN_IF_ERROR(Enter());
  HEARTH_ASSIGN_OR_RETURN(ExprPtr expr, ParseOr());
  while (AtName("if")) {
    const SourcePos pos = Next().pos;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr condition, ParseOr());
    ExprPtr otherwise;
    if (SkipName("else")) {
      HEARTH_ASSIGN_OR_RETURN(otherwise, ParseExpression());
    }
    expr = MakeExpr(pos, ConditionalExpr{std::move(condition), std::move(expr), std::move(otherwise)});
  }
  Leave();
  return expr;
}

Result<ExprPtr> Parser::ParseOr() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
  int links = 0;  // each link makes the tree one level deeper
  while (AtName("or")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Next().pos;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
    left = MakeBinary(pos, BinaryOp::kOr, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParseAnd() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
  int links = 0;  // each link makes the tree one level deeper
  while (AtName("and")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Next().pos;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
    left = MakeBinary(pos, BinaryOp::kAnd, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParseNot() {
  if (!AtName("not")) return ParseCompare();
  const SourcePos pos = Next().pos;
  HEARTH_RETURN_IF_ERROR(Enter());
  HEARTH_ASSIGN_OR_RETURN(ExprPtr operand, ParseNot());
  Leave();
  return MakeExpr(pos, UnaryExpr{UnaryOp::kNot, std::move(operand)});
}

Result<ExprPtr> Parser::ParseCompare() {
  const SourcePos pos = Peek().pos;
  HEARTH_ASSIGN_OR_RETURN(ExprPtr first, ParseAdditive());
  CompareExpr compare;
  while (true) {
    CompareOp op;
    if (auto simple = CompareOpFor(Peek())) {
      op = *simple;
      Next();
    } else if (AtName("in")) {
      op = CompareOp::kIn;
      Next();
    } else if (AtName("not") && Peek(1).kind == TokenKind::kName && Peek(1).text == "in") {
      op = CompareOp::kNotIn;
      Next();
      Next();
    } else {
      break;
    }
    HEARTH_ASSIGN_OR_RETURN(ExprPtr operand, ParseAdditive());
    compare.rest.emplace_back(op, std::move(operand));
  }
  if (compare.rest.empty()) return first;
  compare.first = std::move(first);
  return MakeExpr(pos, std::move(compare));
}

Result<ExprPtr> Parser::ParseAdditive() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParseConcat());
  int links = 0;  // each link makes the tree one level deeper
  while (AtOperator("+") || AtOperator("-")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const Token& op = Next();
    const BinaryOp kind = op.text == "+" ? BinaryOp::kAdd : BinaryOp::kSubtract;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParseConcat());
    left = MakeBinary(op.pos, kind, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParseConcat() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParseMultiplicative());
  int links = 0;  // each link makes the tree one level deeper
  while (AtOperator("~")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Next().pos;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParseMultiplicative());
    left = MakeBinary(pos, BinaryOp::kConcat, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParseMultiplicative() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParsePower());
  int links = 0;  // each link makes the tree one level deeper
  while (AtOperator("*") || AtOperator("/") || AtOperator("//") || AtOperator("%")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const Token& op = Next();
    const BinaryOp kind = op.text == "*"    ? BinaryOp::kMultiply
                          : op.text == "/"  ? BinaryOp::kDivide
                          : op.text == "//" ? BinaryOp::kFloorDivide
                                            : BinaryOp::kModulo;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParsePower());
    left = MakeBinary(op.pos, kind, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParsePower() {
  HEARTH_ASSIGN_OR_RETURN(ExprPtr left, ParseUnary(/*with_filter=*/true));
  int links = 0;  // each link makes the tree one level deeper
  while (AtOperator("**")) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Next().pos;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr right, ParseUnary(/*with_filter=*/true));
    left = MakeBinary(pos, BinaryOp::kPower, std::move(left), std::move(right));
  }
  depth_ -= links;
  return left;
}

Result<ExprPtr> Parser::ParseUnary(bool with_filter) {
  HEARTH_RETURN_IF_ERROR(Enter());
  ExprPtr node;
  if (AtOperator("-") || AtOperator("+")) {
    const Token& op = Next();
    const UnaryOp kind = op.text == "-" ? UnaryOp::kNegate : UnaryOp::kPlus;
    HEARTH_ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary(/*with_filter=*/false));
    node = MakeExpr(op.pos, UnaryExpr{kind, std::move(operand)});
  } else {
    HEARTH_ASSIGN_OR_RETURN(node, ParsePrimary());
  }
  HEARTH_ASSIGN_OR_RETURN(node, ParsePostfix(std::move(node)));
  if (with_filter) {
    HEARTH_ASSIGN_OR_RETURN(node, ParseFilterAndTests(std::move(node)));
  }
  Leave();
  return node;
}

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  const SourcePos pos = token.pos;
  switch (token.kind) {
    case TokenKind::kName: {
      const std::string& name = Next().text;
      if (ExprPtr literal = NameLiteral(name, pos)) return literal;
      return MakeExpr(pos, NameExpr{name});
    }
    case TokenKind::kString: {
      std::string text;
      while (Peek().kind == TokenKind::kString) text += Next().text;  // 'a' 'b' == 'ab'
      return MakeExpr(pos, LiteralExpr{Value::String(std::move(text))});
    }
    case TokenKind::kInteger:
      return MakeExpr(pos, LiteralExpr{Value::Int(Next().int_value)});
    case TokenKind::kFloat:
      return MakeExpr(pos, LiteralExpr{Value::Float(Next().float_value)});
    case TokenKind::kOperator:
      if (token.text == "(") {
        Next();
        HEARTH_ASSIGN_OR_RETURN(ExprPtr inner, ParseTuple(/*with_condition=*/true, /*explicit_parens=*/true));
        HEARTH_RETURN_IF_ERROR(ExpectOperator(")"));
        return inner;
      }
      if (token.text == "[") return ParseList(Next().pos);
      if (token.text == "{") return ParseDict(Next().pos);
      break;
    default:
      break;
  }
  return Unexpected("an expression");
}

Result<ExprPtr> Parser::ParseList(SourcePos pos) {
  ListExpr list;
  while (!SkipOperator("]")) {
    if (!list.items.empty()) {
      HEARTH_RETURN_IF_ERROR(ExpectOperator(","));
      if (SkipOperator("]")) break;
    }
    HEARTH_ASSIGN_OR_RETURN(ExprPtr item, ParseExpression());
    list.items.push_back(std::move(item));
  }
  return MakeExpr(pos, std::move(list));
}

Result<ExprPtr> Parser::ParseDict(SourcePos pos) {
  DictExpr dict;
  while (!SkipOperator("}")) {
    if (!dict.entries.empty()) {
      HEARTH_RETURN_IF_ERROR(ExpectOperator(","));
      if (SkipOperator("}")) break;
    }
    HEARTH_ASSIGN_OR_RETURN(ExprPtr key, ParseExpression());
    HEARTH_RETURN_IF_ERROR(ExpectOperator(":"));
    HEARTH_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression());
    dict.entries.emplace_back(std::move(key), std::move(value));
  }
  return MakeExpr(pos, std::move(dict));
}

Result<ExprPtr> Parser::ParsePostfix(ExprPtr node) {
  int links = 0;  // each link makes the tree one level deeper
  while (true) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Peek().pos;
    if (SkipOperator(".")) {
      const Token& attr = Peek();
      if (attr.kind == TokenKind::kName) {
        node = MakeExpr(pos, AttributeExpr{std::move(node), Next().text});
      } else if (attr.kind == TokenKind::kInteger) {  // x.0 is x[0]
        ExprPtr index = MakeExpr(attr.pos, LiteralExpr{Value::Int(Next().int_value)});
        node = MakeExpr(pos, SubscriptExpr{std::move(node), std::move(index)});
      } else {
        return Unexpected("an attribute name");
      }
    } else if (SkipOperator("[")) {
      HEARTH_ASSIGN_OR_RETURN(node, ParseSubscript(std::move(node), pos));
    } else if (AtOperator("(")) {
      HEARTH_ASSIGN_OR_RETURN(std::vector<CallArgument> args, ParseCallArgs());
      node = MakeExpr(pos, CallExpr{std::move(node), std::move(args)});
    } else {
      depth_ -= links;
      return node;
    }
  }
}

Result<ExprPtr> Parser::ParseSubscript(ExprPtr object, SourcePos pos) {
  ExprPtr parts[3];
  int part = 0;
  bool is_slice = false;
  while (true) {
    if (!AtOperator(":") && !AtOperator("]")) {
      HEARTH_ASSIGN_OR_RETURN(parts[part], ParseExpression());
    }
    if (SkipOperator("]")) break;
    HEARTH_RETURN_IF_ERROR(ExpectOperator(":"));
    is_slice = true;
    if (++part > 2) return Unexpected("']'");
  }
  if (!is_slice) {
    if (!parts[0]) return ErrorAt(pos, "expected an index inside '[]'");
    return MakeExpr(pos, SubscriptExpr{std::move(object), std::move(parts[0])});
  }
  return MakeExpr(pos, SliceExpr{std::move(object), std::move(parts[0]), std::move(parts[1]),
                                 std::move(parts[2])});
}

Result<ExprPtr> Parser::ParseFilterAndTests(ExprPtr node) {
  int links = 0;  // each link makes the tree one level deeper
  while (true) {
    HEARTH_RETURN_IF_ERROR(AddLink(links));
    const SourcePos pos = Peek().pos;
    if (SkipOperator("|")) {
      FilterExpr filter;
      filter.operand = std::move(node);
      const SourcePos name_pos = Peek().pos;
      HEARTH_ASSIGN_OR_RETURN(filter.name, ParseDottedName());
      if (FindFilter(filter.name) == nullptr) return ErrorAt(name_pos, "no filter named '" + filter.name + "'");
      if (AtOperator("(")) {
        HEARTH_ASSIGN_OR_RETURN(filter.args, ParseCallArgs());
      }
      node = MakeExpr(pos, std::move(filter));
    } else if (AtName("is")) {
      HEARTH_ASSIGN_OR_RETURN(node, ParseTest(std::move(node)));
    } else if (AtOperator("(")) {
      HEARTH_ASSIGN_OR_RETURN(std::vector<CallArgument> args, ParseCallArgs());
      node = MakeExpr(pos, CallExpr{std::move(node), std::move(args)});
    } else {
      depth_ -= links;
      return node;
    }
  }
}

Result<ExprPtr> Parser::ParseTest(ExprPtr operand) {
  const SourcePos pos = Next().pos;  // 'is'
  TestExpr test;
  test.operand = std::move(operand);
  test.negated = SkipName("not");
  const SourcePos name_pos = Peek().pos;
  HEARTH_ASSIGN_OR_RETURN(test.name, ParseDottedName());
  if (FindTest(test.name) == nullptr) return ErrorAt(name_pos, "no test named '" + test.name + "'");
  if (AtOperator("(")) {
    HEARTH_ASSIGN_OR_RETURN(test.args, ParseCallArgs());
  } else if (StartsTestArgument(Peek())) {  // `x is divisibleby 3`: one argument, no parentheses
    if (AtName("is")) return Unexpected("a test argument (tests cannot be chained)");
    HEARTH_ASSIGN_OR_RETURN(ExprPtr arg, ParsePrimary());
    HEARTH_ASSIGN_OR_RETURN(arg, ParsePostfix(std::move(arg)));
    test.args.push_back(CallArgument{"", std::move(arg)});
  }
  return MakeExpr(pos, std::move(test));
}

Result<std::vector<CallArgument>> Parser::ParseCallArgs() {
  HEARTH_RETURN_IF_ERROR(ExpectOperator("("));
  std::vector<CallArgument> args;
  bool saw_keyword = false;
  while (!SkipOperator(")")) {
    if (!args.empty()) {
      HEARTH_RETURN_IF_ERROR(ExpectOperator(","));
      if (SkipOperator(")")) break;
    }
    if (AtOperator("*") || AtOperator("**")) {
      return ErrorAt(Peek().pos, "'*args' and '**kwargs' in calls are not supported");
    }
    CallArgument arg;
    if (Peek().kind == TokenKind::kName && Peek(1).kind == TokenKind::kOperator &&
        Peek(1).text == "=") {
      arg.keyword = Next().text;
      Next();
      saw_keyword = true;
    } else if (saw_keyword) {
      return ErrorAt(Peek().pos, "positional argument follows keyword argument");
    }
    HEARTH_ASSIGN_OR_RETURN(arg.value, ParseExpression());
    args.push_back(std::move(arg));
  }
  return args;
}

Result<std::string> Parser::ParseDottedName() {
  HEARTH_ASSIGN_OR_RETURN(std::string name, ExpectName("a filter or test name"));
  while (AtOperator(".") && Peek(1).kind == TokenKind::kName) {
    Next();
    name += "." + Next().text;
  }
  return name;
}

}  // namespace hearth::jinja
