// Python semantics for Jinja's operators and element access: arithmetic (int overflow is an
// error rather than a bignum), comparisons, `in`, attribute and item lookup, slicing.
// Errors carry Python's wording ("can only concatenate str (not \"dict\") to str") without a
// position; the evaluator adds where in the template it happened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "jinja/ast.h"
#include "jinja/op_context.h"
#include "jinja/value.h"

namespace hearth::jinja {

// + - * / // % ** and ~ (and/or are short-circuiting and live in the evaluator).
Result<Value> ApplyBinary(BinaryOp op, const Value& left, const Value& right, OpContext& ctx);
Result<Value> ApplyUnary(UnaryOp op, const Value& operand);

// Python's == (1 == 1.0 == True; lists and dicts element-wise). Charges the budget per element.
Result<bool> ValuesEqual(const Value& a, const Value& b, WorkBudget& budget);
// Python's <, <=, >, >= (numbers, strings, lists); other pairs are a TypeError-style error.
Result<bool> Compare(CompareOp op, const Value& left, const Value& right, WorkBudget& budget);
// `item in container`: substring, list element, dict key; undefined contains nothing.
Result<bool> Contains(const Value& container, const Value& item, WorkBudget& budget);
// Orders two values as sorted() would (numbers, strings, lists); errors for other pairs.
Result<int> ThreeWayCompare(const Value& a, const Value& b, WorkBudget& budget);

// `object.name` as Jinja2's sandbox resolves it: methods of str/dict, dict keys, namespace
// attributes; a missing one is undefined. Reading an attribute of undefined is an error.
Result<Value> GetAttribute(const Value& object, std::string_view name, OpContext& ctx);
// `object[key]`: list/tuple/str index (negative from the end), dict key; a missing one (or an
// unsupported key type) is undefined, and a string key falls back to GetAttribute.
Result<Value> GetItem(const Value& object, const Value& key, OpContext& ctx);
// `object[start:stop:step]` on strings, lists and tuples; parts may be undefined/None.
Result<Value> GetSlice(const Value& object, const Value& start, const Value& stop,
                       const Value& step);

// "'x' is undefined", or the hint the undefined value carries.
std::string UndefinedMessage(const Value& undefined);

}  // namespace hearth::jinja
