#include "jinja/builtins.h"

#include <memory>

namespace hearth::jinja {
namespace {

Result<Value> Range(const Arguments& args, OpContext& ctx) {
  if (!args.keyword.empty()) return InvalidArgument("range() takes no keyword arguments");
  const auto& p = args.positional;
  if (p.empty() || p.size() > 3) {
    return InvalidArgument("range expected 1 to 3 arguments, got " + std::to_string(p.size()));
  }
  for (const Value& v : p) {
    if (!v.is_integral()) {
      return InvalidArgument(v.QuotedTypeName() + " object cannot be interpreted as an integer");
    }
  }
  const int64_t start = p.size() == 1 ? 0 : p[0].AsInt();
  const int64_t stop = p.size() == 1 ? p[0].AsInt() : p[1].AsInt();
  const int64_t step = p.size() == 3 ? p[2].AsInt() : 1;
  if (step == 0) return InvalidArgument("range() arg 3 must not be zero");
  // Element count without overflow: ceil((stop - start) / step) when positive.
  const long double span = (long double)stop - (long double)start;
  const long double count = span / (long double)step;
  if (count > (long double)kMaxRangeLength) {
    return OutOfRange("Range too big. The sandbox blocks ranges larger than " +
                      std::to_string(kMaxRangeLength) + ".");
  }
  std::vector<Value> items;
  for (int64_t i = start; step > 0 ? i < stop : i > stop;) {
    items.push_back(Value::Int(i));
    if (__builtin_add_overflow(i, step, &i)) break;
  }
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(items.size())));
  return Value::List(std::move(items));
}

// dict(mapping_or_pairs, **kwargs), which namespace() also takes.
Result<Dict> DictFromArguments(std::string_view callee, const Arguments& args) {
  Dict dict;
  if (args.positional.size() > 1) {
    return InvalidArgument(std::string(callee) + " expected at most 1 positional argument");
  }
  if (args.positional.size() == 1) {
    const Value& source = args.positional[0];
    if (source.is_dict()) {
      dict = source.AsDict();
    } else if (source.is_list()) {
      for (const Value& pair : source.Items()) {
        if (!pair.is_list() || pair.Items().size() != 2 || !pair.Items()[0].is_string()) {
          return InvalidArgument(std::string(callee) + ": expected (key, value) pairs with string keys");
        }
        dict.Set(pair.Items()[0].AsString(), pair.Items()[1]);
      }
    } else {
      return InvalidArgument(std::string(callee) + ": '" + source.TypeName() + "' object is not a mapping");
    }
  }
  for (const auto& [key, value] : args.keyword) dict.Set(key, value);
  return dict;
}

Result<Value> MakeNamespace(const Arguments& args) {
  HEARTH_ASSIGN_OR_RETURN(Dict attributes, DictFromArguments("namespace()", args));
  if (attributes.holds_namespace()) {
    return InvalidArgument("a namespace cannot hold another namespace");
  }
  return Value::NewNamespace(std::move(attributes));
}

Result<Value> MakeDict(const Arguments& args) {
  HEARTH_ASSIGN_OR_RETURN(Dict dict, DictFromArguments("dict()", args));
  return Value::FromDict(std::move(dict));
}

// joiner(sep): a function returning "" on its first call and `sep` afterwards.
Result<Value> MakeJoiner(const Arguments& args) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("joiner()", args, {"sep"}));
  const std::string separator = bound[0].is_string() ? bound[0].AsString() : ", ";
  auto used = std::make_shared<bool>(false);
  return Value::FromFunction(Function{"joiner", [separator, used](const Arguments&) -> Result<Value> {
    if (!*used) {
      *used = true;
      return Value::String("");
    }
    return Value::String(separator);
  }});
}

}  // namespace

std::vector<std::pair<std::string, Value>> MakeBuiltins(OpContext& ctx) {
  OpContext* context = &ctx;
  std::vector<std::pair<std::string, Value>> builtins;
  builtins.emplace_back("range", Value::FromFunction(Function{"range", [context](const Arguments& a) {
                          return Range(a, *context);
                        }}));
  builtins.emplace_back("namespace", Value::FromFunction(Function{"namespace", MakeNamespace, "type"}));
  builtins.emplace_back("dict", Value::FromFunction(Function{"dict", MakeDict, "type"}));
  builtins.emplace_back("joiner", Value::FromFunction(Function{"joiner", MakeJoiner, "type"}));
  return builtins;
}

}  // namespace hearth::jinja
