// Jinja's filters (`x | name(args)`) and tests (`x is name(args)`), as Jinja2 defines them,
// with `tojson` as Hugging Face overrides it (json.dumps with ensure_ascii=False, keys in
// insertion order). Lookup by name; the tables are immutable.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "jinja/op_context.h"
#include "jinja/value.h"

namespace hearth::jinja {

using FilterFn = Result<Value> (*)(const Value& input, const Arguments& args, OpContext& ctx);
using TestFn = Result<bool> (*)(const Value& input, const Arguments& args, OpContext& ctx);

// nullptr when there is no filter / test of that name.
FilterFn FindFilter(std::string_view name);
TestFn FindTest(std::string_view name);

// What `for x in value` iterates: list items, dict keys, string characters; undefined is
// empty. Anything else is an error ("'int' object is not iterable").
Result<std::vector<Value>> IterateValue(const Value& value, OpContext& ctx);

// Filter groups, each defined in its own file; FindFilter searches them in this order.
struct NamedFilter {
  std::string_view name;
  FilterFn fn;
};
struct NamedTest {
  std::string_view name;
  TestFn fn;
};
std::vector<NamedFilter> TextFilters();      // filters_text.cc
std::vector<NamedFilter> SequenceFilters();  // filters_sequence.cc
std::vector<NamedFilter> ValueFilters();     // filters_value.cc
std::vector<NamedTest> AllTests();           // tests.cc

}  // namespace hearth::jinja
