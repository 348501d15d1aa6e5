#include "jinja/filters.h"

#include <unordered_map>

#include "jinja/filter_support.h"
#include "jinja/operators.h"
#include "jinja/unicode.h"
#include "jinja/value_format.h"

namespace hearth::jinja {
namespace {

template <typename Fn, typename Entry>
std::unordered_map<std::string_view, Fn> MakeTable(std::initializer_list<std::vector<Entry>> groups) {
  std::unordered_map<std::string_view, Fn> table;
  for (const auto& group : groups) {
    for (const Entry& entry : group) table.emplace(entry.name, entry.fn);
  }
  return table;
}

}  // namespace

FilterFn FindFilter(std::string_view name) {
  static const auto table =
      MakeTable<FilterFn, NamedFilter>({TextFilters(), SequenceFilters(), ValueFilters()});
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

TestFn FindTest(std::string_view name) {
  static const auto table = MakeTable<TestFn, NamedTest>({AllTests()});
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

Result<std::vector<Value>> IterateValue(const Value& value, OpContext& ctx) {
  std::vector<Value> items;
  switch (value.kind()) {
    case Value::Kind::kUndefined:
      break;
    case Value::Kind::kList:
      items = value.Items();
      break;
    case Value::Kind::kDict:
      items.reserve(value.AsDict().size());
      for (const auto& entry : value.AsDict().entries()) items.push_back(Value::String(entry.first));
      break;
    case Value::Kind::kString: {
      const std::string& s = value.AsString();
      for (size_t pos = 0; pos < s.size();) {
        const CodePoint cp = DecodeCodePoint(s, pos);
        items.push_back(Value::String(s.substr(pos, cp.length)));
        pos += cp.length;
      }
      break;
    }
    default:
      return InvalidArgument(value.QuotedTypeName() + " object is not iterable");
  }
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(items.size())));
  return items;
}

Result<std::string> Text(const Value& value, OpContext& ctx) {
  return ToStr(value, ctx.max_bytes);
}

Result<Value> GetAttributePath(const Value& object, const Value& attribute, OpContext& ctx) {
  if (!attribute.is_string()) return GetItem(object, attribute, ctx);
  Value current = object;
  std::string_view path = attribute.AsString();
  while (true) {
    const size_t dot = path.find('.');
    const std::string_view part = path.substr(0, dot);
    const bool is_index =
        !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos &&
        part.size() < 18;
    const Value key = is_index ? Value::Int(std::stoll(std::string(part)))
                               : Value::String(std::string(part));
    HEARTH_ASSIGN_OR_RETURN(current, GetItem(current, key, ctx));
    if (dot == std::string_view::npos) return current;
    path = path.substr(dot + 1);
  }
}

Result<bool> ApplyNamedTest(std::string_view name, const Value& value, const Arguments& args,
                            OpContext& ctx) {
  const TestFn test = FindTest(name);
  if (test == nullptr) return InvalidArgument("no test named '" + std::string(name) + "'");
  return test(value, args, ctx);
}

}  // namespace hearth::jinja
