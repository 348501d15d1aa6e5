#include "jinja/value.h"

#include <algorithm>
#include <limits>

namespace hearth::jinja {
namespace {

Status TooDeep() {
  return OutOfRange("value nested more than " + std::to_string(kMaxValueDepth) +
                    " levels deep");
}

Result<Value> FromJsonAt(const nlohmann::ordered_json& json, int depth) {
  using Type = nlohmann::ordered_json::value_t;
  if (depth > kMaxValueDepth) return TooDeep();
  switch (json.type()) {
    case Type::null:
    case Type::discarded:
      return Value::None();
    case Type::boolean:
      return Value::Bool(json.get<bool>());
    case Type::number_integer:
      return Value::Int(json.get<int64_t>());
    case Type::number_unsigned: {
      const auto u = json.get<uint64_t>();
      if (u > uint64_t(std::numeric_limits<int64_t>::max())) return Value::Float(double(u));
      return Value::Int(int64_t(u));
    }
    case Type::number_float:
      return Value::Float(json.get<double>());
    case Type::string:
      return Value::String(json.get<std::string>());
    case Type::binary:
      return InvalidArgument("binary JSON values are not supported");
    case Type::array: {
      std::vector<Value> items;
      items.reserve(json.size());
      for (const auto& item : json) {
        HEARTH_ASSIGN_OR_RETURN(Value v, FromJsonAt(item, depth + 1));
        items.push_back(std::move(v));
      }
      return Value::List(std::move(items));
    }
    case Type::object: {
      Dict dict;
      for (const auto& [key, item] : json.items()) {
        HEARTH_ASSIGN_OR_RETURN(Value v, FromJsonAt(item, depth + 1));
        dict.Set(key, std::move(v));
      }
      return Value::FromDict(std::move(dict));
    }
  }
  return Value::None();
}

}  // namespace

size_t Dict::IndexOf(std::string_view key) const {
  if (entries_.size() < kIndexFrom) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].first == key) return i;
    }
    return kNotFound;
  }
  auto it = index_.find(key);
  return it == index_.end() ? kNotFound : it->second;
}

const Value* Dict::Find(std::string_view key) const {
  const size_t i = IndexOf(key);
  return i == kNotFound ? nullptr : &entries_[i].second;
}

void Dict::Set(std::string key, Value value) {
  depth_ = std::max(depth_, value.depth() + 1);
  holds_namespace_ = holds_namespace_ || value.HoldsNamespace();
  if (const size_t i = IndexOf(key); i != kNotFound) {
    entries_[i].second = std::move(value);
    return;
  }
  entries_.emplace_back(std::move(key), std::move(value));
  if (entries_.size() == kIndexFrom) {
    for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
  } else if (entries_.size() > kIndexFrom) {
    index_.emplace(entries_.back().first, entries_.size() - 1);
  }
}

Value Value::Undefined(std::string hint) {
  Value v;
  if (!hint.empty()) v.ptr_ = std::make_shared<const std::string>(std::move(hint));
  return v;
}

Value Value::None() {
  Value v;
  v.kind_ = Kind::kNone;
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.scalar_.bool_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.scalar_.int_ = i;
  return v;
}

Value Value::Float(double d) {
  Value v;
  v.kind_ = Kind::kFloat;
  v.scalar_.float_ = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.ptr_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Result<Value> Value::List(std::vector<Value> items, bool is_tuple) {
  auto data = std::make_shared<ListData>();
  for (const Value& item : items) {
    data->depth = std::max(data->depth, item.depth() + 1);
    data->holds_namespace = data->holds_namespace || item.HoldsNamespace();
  }
  if (data->depth > kMaxValueDepth) return TooDeep();
  data->items = std::move(items);
  data->is_tuple = is_tuple;
  Value v;
  v.kind_ = Kind::kList;
  v.ptr_ = std::move(data);
  return v;
}

Value Value::FromDict(Dict dict) {
  Value v;
  v.kind_ = Kind::kDict;
  v.ptr_ = std::make_shared<const Dict>(std::move(dict));
  return v;
}

Value Value::FromFunction(Function function) {
  Value v;
  v.kind_ = Kind::kFunction;
  v.ptr_ = std::make_shared<const Function>(std::move(function));
  return v;
}

Value Value::NewNamespace(Dict attributes) {
  Value v;
  v.kind_ = Kind::kNamespace;
  v.ptr_ = std::make_shared<Namespace>(Namespace{std::move(attributes)});
  return v;
}

Result<Value> Value::FromJson(const nlohmann::ordered_json& json) { return FromJsonAt(json, 0); }

bool Value::AsBool() const {
  HEARTH_CHECK(is_bool());
  return scalar_.bool_;
}

int64_t Value::AsInt() const {
  HEARTH_CHECK(is_integral());
  return is_bool() ? int64_t(scalar_.bool_) : scalar_.int_;
}

double Value::AsDouble() const {
  HEARTH_CHECK(is_number());
  return is_float() ? scalar_.float_ : double(AsInt());
}

const std::string& Value::AsString() const {
  HEARTH_CHECK(is_string());
  return *static_cast<const std::string*>(ptr_.get());
}

const ListData& Value::AsList() const {
  HEARTH_CHECK(is_list());
  return *static_cast<const ListData*>(ptr_.get());
}

const Dict& Value::AsDict() const {
  HEARTH_CHECK(is_dict());
  return *static_cast<const Dict*>(ptr_.get());
}

const Function& Value::AsFunction() const {
  HEARTH_CHECK(is_function());
  return *static_cast<const Function*>(ptr_.get());
}

Namespace& Value::AsNamespace() const {
  HEARTH_CHECK(is_namespace());
  // Namespaces are the one mutable kind; they were created non-const in NewNamespace.
  return *const_cast<Namespace*>(static_cast<const Namespace*>(ptr_.get()));
}

const std::string& Value::undefined_hint() const {
  static const std::string kEmpty;
  HEARTH_CHECK(is_undefined());
  return ptr_ ? *static_cast<const std::string*>(ptr_.get()) : kEmpty;
}

bool Value::IsTruthy() const {
  switch (kind_) {
    case Kind::kUndefined:
    case Kind::kNone:
      return false;
    case Kind::kBool:
      return scalar_.bool_;
    case Kind::kInt:
      return scalar_.int_ != 0;
    case Kind::kFloat:
      return scalar_.float_ != 0.0;
    case Kind::kString:
      return !AsString().empty();
    case Kind::kList:
      return !Items().empty();
    case Kind::kDict:
      return !AsDict().empty();
    case Kind::kFunction:
    case Kind::kNamespace:
      return true;
  }
  return false;
}

int Value::depth() const {
  switch (kind_) {
    case Kind::kList:
      return AsList().depth;
    case Kind::kDict:
      return AsDict().depth();
    case Kind::kNamespace:
      return 1;
    default:
      return 0;
  }
}

bool Value::HoldsNamespace() const {
  switch (kind_) {
    case Kind::kNamespace:
      return true;
    case Kind::kList:
      return AsList().holds_namespace;
    case Kind::kDict:
      return AsDict().holds_namespace();
    default:
      return false;
  }
}

std::string Value::TypeName() const {
  switch (kind_) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "NoneType";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "str";
    case Kind::kList:
      return AsList().is_tuple ? "tuple" : "list";
    case Kind::kDict:
      return "dict";
    case Kind::kFunction:
      return AsFunction().type_name;
    case Kind::kNamespace:
      return "Namespace";
  }
  return "object";
}

std::string Value::QuotedTypeName() const {
  std::string quoted = "'";
  quoted += TypeName();
  quoted += '\'';
  return quoted;
}

Result<std::vector<Value>> BindArguments(std::string_view callee, const Arguments& args,
                                         std::initializer_list<std::string_view> names,
                                         size_t required) {
  const std::vector<std::string_view> params(names);
  if (args.positional.size() > params.size()) {
    return InvalidArgument(std::string(callee) + " takes at most " +
                           std::to_string(params.size()) + " argument(s) (" +
                           std::to_string(args.positional.size()) + " given)");
  }
  std::vector<Value> bound(params.size());
  std::vector<bool> is_bound(params.size(), false);
  for (size_t i = 0; i < args.positional.size(); ++i) {
    bound[i] = args.positional[i];
    is_bound[i] = true;
  }
  for (const auto& [key, value] : args.keyword) {
    auto it = std::find(params.begin(), params.end(), key);
    if (it == params.end()) {
      return InvalidArgument(std::string(callee) + " got an unexpected keyword argument '" + key +
                             "'");
    }
    const size_t index = size_t(it - params.begin());
    if (is_bound[index]) {
      return InvalidArgument(std::string(callee) + " got multiple values for argument '" + key +
                             "'");
    }
    bound[index] = value;
    is_bound[index] = true;
  }
  for (size_t i = 0; i < required; ++i) {
    if (!is_bound[i]) {
      return InvalidArgument(std::string(callee) + " is missing the required argument '" +
                             std::string(params[i]) + "'");
    }
  }
  return bound;
}

}  // namespace hearth::jinja
