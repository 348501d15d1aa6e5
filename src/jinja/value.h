// Value: what Jinja expressions evaluate to, modelled on the Python objects Jinja2 works with:
// undefined, None, bool, int, float, str, list/tuple, dict (insertion-ordered, string keys),
// functions (builtins, macros, bound methods) and namespace() objects.
//
// Values are cheap to copy: strings, lists, dicts and functions are shared immutable objects
// (templates cannot mutate them, as in Hugging Face's immutable sandbox). The one mutable kind
// is Namespace, whose attributes `{% set ns.x = ... %}` changes; a namespace never holds another
// namespace (directly or inside a list/dict), so values form no cycles.
//
// Thread-safety: a Value and everything it shares may be read from several threads; namespaces
// are created during one render and stay inside it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hearth::jinja {

class Value;
struct Arguments;

// Lists and dicts deeper than this are refused (bounds recursion in printing and comparing).
inline constexpr int kMaxValueDepth = 128;

struct ListData;
class Dict;
struct Function;
struct Namespace;

class Value {
 public:
  enum class Kind : uint8_t {
    kUndefined,
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,  // list or tuple
    kDict,
    kFunction,
    kNamespace,
  };

  Value() = default;  // undefined
  // `hint` says why it is undefined, for errors ("'dict object' has no attribute 'x'").
  static Value Undefined(std::string hint = {});
  static Value None();
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Float(double d);
  static Value String(std::string s);
  // Fails when the list would nest deeper than kMaxValueDepth.
  static Result<Value> List(std::vector<Value> items, bool is_tuple = false);
  static Value FromDict(Dict dict);
  static Value FromFunction(Function function);
  static Value NewNamespace(Dict attributes);
  // JSON objects become dicts (key order kept), arrays lists; fails past kMaxValueDepth.
  static Result<Value> FromJson(const nlohmann::ordered_json& json);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_none() const { return kind_ == Kind::kNone; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_dict() const { return kind_ == Kind::kDict; }
  bool is_function() const { return kind_ == Kind::kFunction; }
  bool is_namespace() const { return kind_ == Kind::kNamespace; }
  // bool, int or float: Python's numbers (bool is an int there).
  bool is_number() const { return is_bool() || is_int() || is_float(); }
  bool is_integral() const { return is_bool() || is_int(); }

  // Accessors; the kind must match (checked).
  bool AsBool() const;
  int64_t AsInt() const;     // int or bool
  double AsDouble() const;   // any number
  const std::string& AsString() const;
  const ListData& AsList() const;
  const std::vector<Value>& Items() const;  // AsList().items
  const Dict& AsDict() const;
  const Function& AsFunction() const;
  Namespace& AsNamespace() const;
  const std::string& undefined_hint() const;

  // Python truthiness: undefined, None, False, 0, 0.0, "", [], {} are false.
  bool IsTruthy() const;
  // Nesting depth: 0 for scalars, 1 + deepest element for lists and dicts.
  int depth() const;
  // True for a namespace or a list/dict holding one.
  bool HoldsNamespace() const;
  // Python's type name: "str", "int", "dict", "NoneType", "Undefined", ...
  std::string TypeName() const;
  std::string QuotedTypeName() const;  // "'str'"
  // The same list/dict/string object (Python's `is`), used to skip comparing a value to itself.
  bool SharesStorageWith(const Value& other) const { return ptr_ != nullptr && ptr_ == other.ptr_; }

 private:
  Kind kind_ = Kind::kUndefined;
  union {
    bool bool_;
    int64_t int_;
    double float_;
  } scalar_ = {};
  // String (also the undefined hint), ListData, Dict, Function or Namespace.
  std::shared_ptr<const void> ptr_;
};

// A Python list or tuple.
struct ListData {
  std::vector<Value> items;
  bool is_tuple = false;
  int depth = 1;                 // 1 + the deepest element's depth
  bool holds_namespace = false;  // some element is or holds a namespace
};

// An insertion-ordered dict with string keys (JSON objects; dict literals).
class Dict {
 public:
  const Value* Find(std::string_view key) const;
  // Inserts `key` at the end, or replaces its value in place.
  void Set(std::string key, Value value);
  void Reserve(size_t n) { entries_.reserve(n); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<std::string, Value>>& entries() const { return entries_; }
  int depth() const { return depth_; }
  bool holds_namespace() const { return holds_namespace_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr size_t kIndexFrom = 16;  // smaller dicts are searched linearly
  static constexpr size_t kNotFound = SIZE_MAX;
  size_t IndexOf(std::string_view key) const;

  std::vector<std::pair<std::string, Value>> entries_;
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;  // once >= kIndexFrom
  int depth_ = 1;
  bool holds_namespace_ = false;
};

// A callable: a builtin, a macro, a bound method. Errors it returns become render errors, with
// the position of the call added by the caller.
using NativeFunction = std::function<Result<Value>(const Arguments& args)>;
struct Function {
  std::string name;
  NativeFunction call;
  std::string type_name = "builtin_function_or_method";  // as Python's type() names it
};

// namespace(): the one mutable object (attribute assignment from `set`).
struct Namespace {
  Dict attributes;
};

inline const std::vector<Value>& Value::Items() const { return AsList().items; }

// Call arguments, Python-style.
struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;
};

// Binds `args` to the parameters `names` (in order; positional first, then by keyword) for
// the callable described by `callee` ("filter 'indent'"). Unbound parameters are undefined.
// Fails on too many positional arguments, unknown keywords, or a parameter given twice; the
// first `required` parameters must be bound.
Result<std::vector<Value>> BindArguments(std::string_view callee, const Arguments& args,
                                         std::initializer_list<std::string_view> names,
                                         size_t required = 0);

}  // namespace hearth::jinja
