// Filters on sequences and mappings: length/count, first, last, join, list, items, map,
// select/reject, selectattr/rejectattr, unique, sort, dictsort, reverse, batch, min, max, sum.
// Where Jinja2 returns a generator (select, map, unique, ...) these return a list.
#include <algorithm>

#include "jinja/filter_support.h"
#include "jinja/filters.h"
#include "jinja/operators.h"
#include "jinja/unicode.h"
#include "jinja/value_format.h"

namespace hearth::jinja {
namespace {

Result<std::vector<Value>> Bind(std::string_view filter, const Arguments& args,
                                std::initializer_list<std::string_view> names,
                                size_t required = 0) {
  return BindArguments(FilterName(filter), args, names, required);
}

Result<Value> LengthFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("length", args, {}));
  switch (input.kind()) {
    case Value::Kind::kUndefined:
      return Value::Int(0);
    case Value::Kind::kString:
      return Value::Int(int64_t(CountCodePoints(input.AsString())));
    case Value::Kind::kList:
      return Value::Int(int64_t(input.Items().size()));
    case Value::Kind::kDict:
      return Value::Int(int64_t(input.AsDict().size()));
    default:
      return InvalidArgument("object of type '" + input.TypeName() + "' has no len()");
  }
}

template <bool kLast>
Result<Value> FirstOrLastFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind(kLast ? "last" : "first", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  if (items.empty()) {
    return Value::Undefined(kLast ? "No last item, sequence was empty."
                                  : "No first item, sequence was empty.");
  }
  return kLast ? items.back() : items.front();
}

// The values an attribute-aware filter works on: the items, or their `attribute`.
Result<std::vector<Value>> ProjectItems(const std::vector<Value>& items, const Value& attribute,
                                        OpContext& ctx) {
  if (attribute.is_undefined() || attribute.is_none()) return items;
  std::vector<Value> out;
  out.reserve(items.size());
  for (const Value& item : items) {
    HEARTH_ASSIGN_OR_RETURN(Value v, GetAttributePath(item, attribute, ctx));
    out.push_back(std::move(v));
  }
  return out;
}

Result<Value> JoinFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("join", args, {"d", "attribute"}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  HEARTH_ASSIGN_OR_RETURN(items, ProjectItems(items, bound[1], ctx));
  HEARTH_ASSIGN_OR_RETURN(std::string separator, Text(bound[0], ctx));
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    HEARTH_RETURN_IF_ERROR(AppendStr(items[i], out, ctx.max_bytes));
  }
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(out.size() / 16)));
  return Value::String(std::move(out));
}

Result<Value> ListFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("list", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  return Value::List(std::move(items));
}

Result<Value> ItemsFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("items", args, {}));
  if (input.is_undefined()) return Value::List({});
  if (!input.is_dict()) return InvalidArgument("Can only get item pairs from a mapping.");
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(input.AsDict().size())));
  std::vector<Value> pairs;
  for (const auto& [key, value] : input.AsDict().entries()) {
    HEARTH_ASSIGN_OR_RETURN(Value pair, Value::List({Value::String(key), value}, true));
    pairs.push_back(std::move(pair));
  }
  return Value::List(std::move(pairs));
}

Result<Value> MapFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  std::vector<Value> out;
  out.reserve(items.size());
  if (args.positional.empty()) {  // map(attribute='x', default=...)
    HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("map", args, {"attribute", "default"}, 1));
    for (const Value& item : items) {
      HEARTH_ASSIGN_OR_RETURN(Value v, GetAttributePath(item, bound[0], ctx));
      out.push_back(v.is_undefined() && !bound[1].is_undefined() ? bound[1] : v);
    }
    return Value::List(std::move(out));
  }
  if (!args.positional[0].is_string()) return InvalidArgument("filter 'map': expected a filter name");
  const std::string& name = args.positional[0].AsString();
  const FilterFn filter = FindFilter(name);
  if (filter == nullptr) return InvalidArgument("filter 'map': no filter named '" + name + "'");
  Arguments filter_args{{args.positional.begin() + 1, args.positional.end()}, args.keyword};
  for (const Value& item : items) {
    HEARTH_ASSIGN_OR_RETURN(Value v, filter(item, filter_args, ctx));
    out.push_back(std::move(v));
  }
  return Value::List(std::move(out));
}

// select / reject / selectattr / rejectattr.
template <bool kSelect, bool kByAttribute>
Result<Value> SelectFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  const char* name = kByAttribute ? (kSelect ? "selectattr" : "rejectattr")
                                  : (kSelect ? "select" : "reject");
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  size_t next = 0;
  Value attribute;
  if (kByAttribute) {
    if (args.positional.empty()) return InvalidArgument(FilterName(name) + " needs an attribute name");
    attribute = args.positional[next++];
  }
  std::string test_name;
  if (next < args.positional.size()) {
    if (!args.positional[next].is_string()) return InvalidArgument(FilterName(name) + ": expected a test name");
    test_name = args.positional[next++].AsString();
    if (FindTest(test_name) == nullptr) return InvalidArgument("no test named '" + test_name + "'");
  }
  Arguments test_args{{args.positional.begin() + long(next), args.positional.end()}, args.keyword};
  std::vector<Value> out;
  for (const Value& item : items) {
    Value subject = item;
    if (kByAttribute) {
      HEARTH_ASSIGN_OR_RETURN(subject, GetAttributePath(item, attribute, ctx));
    }
    bool passes = subject.IsTruthy();
    if (!test_name.empty()) {
      HEARTH_ASSIGN_OR_RETURN(passes, ApplyNamedTest(test_name, subject, test_args, ctx));
    }
    if (passes == kSelect) out.push_back(item);
  }
  return Value::List(std::move(out));
}

// The key sort/unique/min/max compare by: the attribute if given, lower-cased strings unless
// case-sensitive.
Result<Value> SortKey(const Value& item, const Value& attribute, bool case_sensitive,
                      OpContext& ctx) {
  Value key = item;
  if (!attribute.is_undefined() && !attribute.is_none()) {
    HEARTH_ASSIGN_OR_RETURN(key, GetAttributePath(item, attribute, ctx));
  }
  if (!case_sensitive && key.is_string()) return Value::String(ToLower(key.AsString()));
  return key;
}

// Stable sort of `items` by `keys` (same length).
Status SortByKeys(std::vector<Value>& items, const std::vector<Value>& keys, bool reverse,
                  OpContext& ctx) {
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Status error;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (!error.ok()) return false;
    Result<int> c = reverse ? ThreeWayCompare(keys[b], keys[a], ctx.budget)
                            : ThreeWayCompare(keys[a], keys[b], ctx.budget);
    if (!c.ok()) {
      error = c.status();
      return false;
    }
    return *c < 0;
  });
  HEARTH_RETURN_IF_ERROR(error);
  std::vector<Value> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
  return Status::Ok();
}

Result<std::vector<Value>> SortKeys(const std::vector<Value>& items, const Value& attribute,
                                    bool case_sensitive, OpContext& ctx) {
  std::vector<Value> keys;
  keys.reserve(items.size());
  for (const Value& item : items) {
    HEARTH_ASSIGN_OR_RETURN(Value key, SortKey(item, attribute, case_sensitive, ctx));
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<Value> SortFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("sort", args, {"reverse", "case_sensitive", "attribute"}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  HEARTH_ASSIGN_OR_RETURN(auto keys, SortKeys(items, bound[2], bound[1].IsTruthy(), ctx));
  HEARTH_RETURN_IF_ERROR(SortByKeys(items, keys, bound[0].IsTruthy(), ctx));
  return Value::List(std::move(items));
}

Result<Value> DictSortFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("dictsort", args, {"case_sensitive", "by", "reverse"}));
  if (!input.is_dict()) return InvalidArgument("filter 'dictsort' needs a mapping, not " + input.TypeName());
  const bool by_value = bound[1].is_string() && bound[1].AsString() == "value";
  if (bound[1].is_string() && !by_value && bound[1].AsString() != "key") {
    return InvalidArgument("filter 'dictsort': You can only sort by either \"key\" or \"value\"");
  }
  std::vector<Value> pairs;
  std::vector<Value> keys;
  for (const auto& [key, value] : input.AsDict().entries()) {
    HEARTH_ASSIGN_OR_RETURN(Value pair, Value::List({Value::String(key), value}, true));
    pairs.push_back(std::move(pair));
    HEARTH_ASSIGN_OR_RETURN(Value sort_key, SortKey(by_value ? value : Value::String(key), Value(),
                                                    bound[0].IsTruthy(), ctx));
    keys.push_back(std::move(sort_key));
  }
  HEARTH_RETURN_IF_ERROR(SortByKeys(pairs, keys, bound[2].IsTruthy(), ctx));
  return Value::List(std::move(pairs));
}

Result<Value> UniqueFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("unique", args, {"case_sensitive", "attribute"}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  std::vector<Value> out;
  std::vector<Value> seen;
  for (const Value& item : items) {
    HEARTH_ASSIGN_OR_RETURN(Value key, SortKey(item, bound[1], bound[0].IsTruthy(), ctx));
    bool duplicate = false;
    for (const Value& s : seen) {
      HEARTH_ASSIGN_OR_RETURN(duplicate, ValuesEqual(s, key, ctx.budget));
      if (duplicate) break;
    }
    if (duplicate) continue;
    seen.push_back(std::move(key));
    out.push_back(item);
  }
  return Value::List(std::move(out));
}

Result<Value> ReverseFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("reverse", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  std::reverse(items.begin(), items.end());
  if (!input.is_string()) return Value::List(std::move(items));
  std::string out;
  for (const Value& c : items) out += c.AsString();
  return Value::String(std::move(out));
}

Result<Value> BatchFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("batch", args, {"linecount", "fill_with"}, 1));
  if (!bound[0].is_integral() || bound[0].AsInt() < 1) {
    return InvalidArgument("filter 'batch': linecount must be a positive integer");
  }
  const size_t size = size_t(bound[0].AsInt());
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  std::vector<Value> batches;
  for (size_t start = 0; start < items.size(); start += size) {
    std::vector<Value> batch(items.begin() + long(start),
                             items.begin() + long(std::min(items.size(), start + size)));
    if (batch.size() < size && !bound[1].is_undefined() && !bound[1].is_none()) {
      batch.resize(size, bound[1]);
    }
    HEARTH_ASSIGN_OR_RETURN(Value v, Value::List(std::move(batch)));
    batches.push_back(std::move(v));
  }
  return Value::List(std::move(batches));
}

template <bool kMax>
Result<Value> MinMaxFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind(kMax ? "max" : "min", args, {"case_sensitive", "attribute"}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  if (items.empty()) return Value::Undefined("No aggregated item, sequence was empty.");
  HEARTH_ASSIGN_OR_RETURN(auto keys, SortKeys(items, bound[1], bound[0].IsTruthy(), ctx));
  size_t best = 0;
  for (size_t i = 1; i < items.size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(int c, ThreeWayCompare(keys[i], keys[best], ctx.budget));
    if (kMax ? c > 0 : c < 0) best = i;
  }
  return items[best];
}

Result<Value> SumFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("sum", args, {"attribute", "start"}));
  HEARTH_ASSIGN_OR_RETURN(std::vector<Value> items, IterateValue(input, ctx));
  HEARTH_ASSIGN_OR_RETURN(items, ProjectItems(items, bound[0], ctx));
  Value total = bound[1].is_undefined() ? Value::Int(0) : bound[1];
  for (const Value& item : items) {
    HEARTH_ASSIGN_OR_RETURN(total, ApplyBinary(BinaryOp::kAdd, total, item, ctx));
  }
  return total;
}

}  // namespace

std::vector<NamedFilter> SequenceFilters() {
  return {
      {"length", LengthFilter},
      {"count", LengthFilter},
      {"first", FirstOrLastFilter<false>},
      {"last", FirstOrLastFilter<true>},
      {"join", JoinFilter},
      {"list", ListFilter},
      {"items", ItemsFilter},
      {"map", MapFilter},
      {"select", SelectFilter<true, false>},
      {"reject", SelectFilter<false, false>},
      {"selectattr", SelectFilter<true, true>},
      {"rejectattr", SelectFilter<false, true>},
      {"sort", SortFilter},
      {"dictsort", DictSortFilter},
      {"unique", UniqueFilter},
      {"reverse", ReverseFilter},
      {"batch", BatchFilter},
      {"min", MinMaxFilter<false>},
      {"max", MinMaxFilter<true>},
      {"sum", SumFilter},
  };
}

}  // namespace hearth::jinja
