#include "jinja/methods.h"

#include <algorithm>

#include "jinja/operators.h"
#include "jinja/unicode.h"
#include "jinja/value_format.h"

namespace hearth::jinja {
namespace {

using MethodFn = Result<Value> (*)(const Value& self, const Arguments& args, OpContext& ctx);

struct Method {
  std::string_view name;
  MethodFn fn;
};

Status TooLarge(size_t max) {
  return OutOfRange("result longer than the limit of " + std::to_string(max) + " bytes");
}

Result<std::vector<Value>> Bind(std::string_view method, const Arguments& args,
                                std::initializer_list<std::string_view> names,
                                size_t required = 0) {
  return BindArguments("str." + std::string(method) + "()", args, names, required);
}

// An optional string argument (None/undefined -> nullptr).
Result<const std::string*> OptionalString(const Value& v, std::string_view what) {
  if (v.is_none() || v.is_undefined()) return static_cast<const std::string*>(nullptr);
  if (!v.is_string()) return InvalidArgument(std::string(what) + " must be str or None, not " + v.TypeName());
  return &v.AsString();
}

Result<Value> StringList(std::vector<std::string> parts) {
  std::vector<Value> items;
  items.reserve(parts.size());
  for (std::string& p : parts) items.push_back(Value::String(std::move(p)));
  return Value::List(std::move(items));
}

template <bool kLeft, bool kRight>
Result<Value> Strip(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("strip", args, {"chars"}));
  HEARTH_ASSIGN_OR_RETURN(const std::string* chars, OptionalString(bound[0], "strip arg"));
  return Value::String(std::string(StripView(self.AsString(), kLeft, kRight, chars)));
}

// Python's whitespace split: runs of whitespace separate, ends are ignored.
std::vector<std::string> SplitWhitespace(std::string_view s, int64_t max_split, bool from_right) {
  std::vector<std::pair<size_t, size_t>> words;  // byte ranges
  size_t pos = 0;
  while (pos < s.size()) {
    CodePoint cp = DecodeCodePoint(s, pos);
    if (IsPythonSpace(cp.value)) {
      pos += cp.length;
      continue;
    }
    const size_t start = pos;
    while (pos < s.size() && !IsPythonSpace((cp = DecodeCodePoint(s, pos)).value)) pos += cp.length;
    words.emplace_back(start, pos);
  }
  std::vector<std::string> out;
  if (max_split < 0 || size_t(max_split) >= words.size()) {
    for (auto [a, b] : words) out.emplace_back(s.substr(a, b - a));
    return out;
  }
  // The remainder (from the first unsplit word to the end, or from the start to the last
  // unsplit word) is one part, whitespace and all.
  const size_t keep = size_t(max_split);
  if (!from_right) {
    for (size_t i = 0; i < keep; ++i) out.emplace_back(s.substr(words[i].first, words[i].second - words[i].first));
    out.emplace_back(s.substr(words[keep].first));
  } else {
    const size_t first_kept = words.size() - keep;
    out.emplace_back(s.substr(0, words[first_kept - 1].second));
    for (size_t i = first_kept; i < words.size(); ++i) {
      out.emplace_back(s.substr(words[i].first, words[i].second - words[i].first));
    }
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, std::string_view sep, int64_t max_split,
                                 bool from_right) {
  std::vector<std::string> out;
  if (!from_right) {
    size_t pos = 0;
    for (int64_t n = 0; max_split < 0 || n < max_split; ++n) {
      const size_t hit = s.find(sep, pos);
      if (hit == std::string_view::npos) break;
      out.emplace_back(s.substr(pos, hit - pos));
      pos = hit + sep.size();
    }
    out.emplace_back(s.substr(pos));
    return out;
  }
  size_t end = s.size();
  for (int64_t n = 0; max_split < 0 || n < max_split; ++n) {
    if (end < sep.size()) break;
    const size_t hit = s.rfind(sep, end - sep.size());
    if (hit == std::string_view::npos) break;
    out.emplace_back(s.substr(hit + sep.size(), end - hit - sep.size()));
    end = hit;
  }
  out.emplace_back(s.substr(0, end));
  std::reverse(out.begin(), out.end());
  return out;
}

template <bool kFromRight>
Result<Value> Split(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("split", args, {"sep", "maxsplit"}));
  HEARTH_ASSIGN_OR_RETURN(const std::string* sep, OptionalString(bound[0], "sep"));
  int64_t max_split = -1;
  if (!bound[1].is_undefined()) {
    if (!bound[1].is_integral()) return InvalidArgument("maxsplit must be an integer");
    max_split = bound[1].AsInt();
  }
  if (sep != nullptr && sep->empty()) return InvalidArgument("empty separator");
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(self.AsString().size() / 16)));
  return StringList(sep == nullptr ? SplitWhitespace(self.AsString(), max_split, kFromRight)
                                   : SplitOn(self.AsString(), *sep, max_split, kFromRight));
}

Result<Value> SplitLines(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("splitlines", args, {"keepends"}));
  const bool keep_ends = bound[0].IsTruthy();
  const std::string& s = self.AsString();
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    if (!IsLineBoundary(cp.value)) {
      pos += cp.length;
      continue;
    }
    size_t end = pos + cp.length;
    if (cp.value == '\r' && end < s.size() && s[end] == '\n') ++end;
    lines.push_back(s.substr(start, (keep_ends ? end : pos) - start));
    start = pos = end;
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return StringList(std::move(lines));
}

template <bool kEnd>
Result<Value> StartsOrEndsWith(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind(kEnd ? "endswith" : "startswith", args, {"prefix"}, 1));
  std::vector<Value> candidates;
  if (bound[0].is_list() && bound[0].AsList().is_tuple) {
    candidates = bound[0].Items();
  } else {
    candidates.push_back(bound[0]);
  }
  const std::string& s = self.AsString();
  for (const Value& c : candidates) {
    if (!c.is_string()) {
      return InvalidArgument(std::string(kEnd ? "endswith" : "startswith") +
                             " first arg must be str or a tuple of str, not " + c.TypeName());
    }
    const std::string& p = c.AsString();
    if (p.size() <= s.size() &&
        s.compare(kEnd ? s.size() - p.size() : 0, p.size(), p) == 0) {
      return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

template <std::string (*kMap)(std::string_view)>
Result<Value> MapString(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("upper", args, {}));
  return Value::String(kMap(self.AsString()));
}

Result<Value> Replace(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("replace", args, {"old", "new", "count"}, 2));
  if (!bound[0].is_string() || !bound[1].is_string()) {
    return InvalidArgument("replace() arguments must be str");
  }
  int64_t count = -1;
  if (!bound[2].is_undefined()) {
    if (!bound[2].is_integral()) return InvalidArgument("replace() count must be an integer");
    count = bound[2].AsInt();
  }
  const std::string& s = self.AsString();
  const std::string& old_text = bound[0].AsString();
  const std::string& new_text = bound[1].AsString();
  std::string out;
  size_t pos = 0;
  int64_t done = 0;
  if (old_text.empty()) {  // inserts `new` before every code point and at the end
    const std::vector<size_t> offsets = CodePointOffsets(s);
    for (size_t i = 0; i + 1 < offsets.size() && (count < 0 || done < count); ++i, ++done) {
      out += new_text;
      out.append(s, offsets[i], offsets[i + 1] - offsets[i]);
      pos = offsets[i + 1];
      if (out.size() > ctx.max_bytes) return TooLarge(ctx.max_bytes);
    }
    if (count < 0 || done < count) out += new_text;
  } else {
    for (size_t hit; (count < 0 || done < count) && (hit = s.find(old_text, pos)) != std::string::npos; ++done) {
      out.append(s, pos, hit - pos);
      out += new_text;
      pos = hit + old_text.size();
      if (out.size() > ctx.max_bytes) return TooLarge(ctx.max_bytes);
    }
  }
  out.append(s, pos);
  if (out.size() > ctx.max_bytes) return TooLarge(ctx.max_bytes);
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(out.size() / 16)));
  return Value::String(std::move(out));
}

template <bool kFromRight>
Result<Value> Find(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("find", args, {"sub"}, 1));
  if (!bound[0].is_string()) return InvalidArgument("find() argument must be str");
  const std::string& s = self.AsString();
  const size_t hit = kFromRight ? s.rfind(bound[0].AsString()) : s.find(bound[0].AsString());
  if (hit == std::string::npos) return Value::Int(-1);
  return Value::Int(int64_t(CountCodePoints(std::string_view(s).substr(0, hit))));
}

Result<Value> CountSubstring(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("count", args, {"sub"}, 1));
  if (!bound[0].is_string()) return InvalidArgument("count() argument must be str");
  const std::string& s = self.AsString();
  const std::string& sub = bound[0].AsString();
  if (sub.empty()) return Value::Int(int64_t(CountCodePoints(s)) + 1);
  int64_t n = 0;
  for (size_t pos = s.find(sub); pos != std::string::npos; pos = s.find(sub, pos + sub.size())) ++n;
  return Value::Int(n);
}

Result<Value> Join(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("join", args, {"iterable"}, 1));
  const Value& iterable = bound[0];
  std::vector<Value> items;
  if (iterable.is_list()) {
    items = iterable.Items();
  } else if (iterable.is_dict()) {
    for (const auto& entry : iterable.AsDict().entries()) items.push_back(Value::String(entry.first));
  } else if (iterable.is_string()) {
    for (size_t pos = 0; pos < iterable.AsString().size();) {
      const CodePoint cp = DecodeCodePoint(iterable.AsString(), pos);
      items.push_back(Value::String(iterable.AsString().substr(pos, cp.length)));
      pos += cp.length;
    }
  } else if (!iterable.is_undefined()) {
    return InvalidArgument("can only join an iterable");
  }
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) {
      return InvalidArgument("sequence item " + std::to_string(i) + ": expected str instance, " +
                             items[i].TypeName() + " found");
    }
    if (i > 0) out += self.AsString();
    out += items[i].AsString();
    if (out.size() > ctx.max_bytes) return TooLarge(ctx.max_bytes);
  }
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(items.size() + out.size() / 16)));
  return Value::String(std::move(out));
}

template <bool (*kTest)(char32_t)>
Result<Value> AllCodePoints(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("isalpha", args, {}));
  const std::string& s = self.AsString();
  if (s.empty()) return Value::Bool(false);
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    if (!kTest(cp.value)) return Value::Bool(false);
    pos += cp.length;
  }
  return Value::Bool(true);
}

bool IsAlnum(char32_t c) { return IsAlphabetic(c) || IsDecimalDigit(c); }

// str.islower()/isupper(): some cased character, and none of the other case.
template <bool kUpper>
Result<Value> IsCase(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind(kUpper ? "isupper" : "islower", args, {}));
  bool any_cased = false;
  const std::string& s = self.AsString();
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    pos += cp.length;
    if (kUpper ? IsLowercase(cp.value) : IsUppercase(cp.value)) return Value::Bool(false);
    any_cased = any_cased || IsCased(cp.value);
  }
  return Value::Bool(any_cased);
}

// str.format() with {} / {0} / {name} fields (no format specs or conversions).
Result<Value> Format(const Value& self, const Arguments& args, OpContext& ctx) {
  const std::string& f = self.AsString();
  std::string out;
  size_t auto_index = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if ((f[i] == '{' || f[i] == '}') && i + 1 < f.size() && f[i + 1] == f[i]) {
      out += f[i++];
      continue;
    }
    if (f[i] == '}') return InvalidArgument("single '}' encountered in format string");
    if (f[i] != '{') {
      out += f[i];
      continue;
    }
    const size_t close = f.find('}', i);
    if (close == std::string::npos) return InvalidArgument("single '{' encountered in format string");
    const std::string field = f.substr(i + 1, close - i - 1);
    i = close;
    if (field.find_first_of(":!.[") != std::string::npos) {
      return Status(StatusCode::kUnimplemented, "str.format() field '{" + field + "}' is not supported");
    }
    const Value* value = nullptr;
    if (field.empty() || std::all_of(field.begin(), field.end(), ::isdigit)) {
      const size_t index = field.empty() ? auto_index++ : std::stoul(field.substr(0, 9));
      if (index >= args.positional.size()) return InvalidArgument("Replacement index " + std::to_string(index) + " out of range");
      value = &args.positional[index];
    } else {
      for (const auto& [key, v] : args.keyword) {
        if (key == field) value = &v;
      }
      if (value == nullptr) return InvalidArgument("KeyError: '" + field + "'");
    }
    HEARTH_RETURN_IF_ERROR(AppendStr(*value, out, ctx.max_bytes));
  }
  return Value::String(std::move(out));
}

Result<Value> DictItems(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("dict.items()", args, {}));
  std::vector<Value> items;
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(self.AsDict().size())));
  for (const auto& [key, value] : self.AsDict().entries()) {
    HEARTH_ASSIGN_OR_RETURN(Value pair, Value::List({Value::String(key), value}, /*is_tuple=*/true));
    items.push_back(std::move(pair));
  }
  return Value::List(std::move(items));
}

Result<Value> DictKeys(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("dict.keys()", args, {}));
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(self.AsDict().size())));
  std::vector<Value> keys;
  for (const auto& entry : self.AsDict().entries()) keys.push_back(Value::String(entry.first));
  return Value::List(std::move(keys));
}

Result<Value> DictValues(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("dict.values()", args, {}));
  HEARTH_RETURN_IF_ERROR(ctx.budget.Spend(int64_t(self.AsDict().size())));
  std::vector<Value> values;
  for (const auto& entry : self.AsDict().entries()) values.push_back(entry.second);
  return Value::List(std::move(values));
}

Result<Value> DictGet(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("dict.get()", args, {"key", "default"}, 1));
  if (bound[0].is_string()) {
    if (const Value* v = self.AsDict().Find(bound[0].AsString())) return *v;
  }
  return bound[1].is_undefined() ? Value::None() : bound[1];
}

Result<Value> Copy(const Value& self, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("copy()", args, {}));
  return self;  // values are immutable, so a copy may share
}

Result<Value> ListIndex(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("list.index()", args, {"value"}, 1));
  const auto& items = self.Items();
  for (size_t i = 0; i < items.size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(items[i], bound[0], ctx.budget));
    if (same) return Value::Int(int64_t(i));
  }
  return InvalidArgument("value is not in list");
}

Result<Value> ListCount(const Value& self, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, BindArguments("list.count()", args, {"value"}, 1));
  int64_t n = 0;
  for (const Value& item : self.Items()) {
    HEARTH_ASSIGN_OR_RETURN(bool same, ValuesEqual(item, bound[0], ctx.budget));
    n += same;
  }
  return Value::Int(n);
}

constexpr Method kStringMethods[] = {
    {"strip", Strip<true, true>},
    {"lstrip", Strip<true, false>},
    {"rstrip", Strip<false, true>},
    {"split", Split<false>},
    {"rsplit", Split<true>},
    {"splitlines", SplitLines},
    {"startswith", StartsOrEndsWith<false>},
    {"endswith", StartsOrEndsWith<true>},
    {"upper", MapString<ToUpper>},
    {"lower", MapString<ToLower>},
    {"title", MapString<ToTitleWords>},
    {"capitalize", MapString<Capitalize>},
    {"replace", Replace},
    {"find", Find<false>},
    {"rfind", Find<true>},
    {"count", CountSubstring},
    {"join", Join},
    {"format", Format},
    {"isdigit", AllCodePoints<IsDecimalDigit>},
    {"isalpha", AllCodePoints<IsAlphabetic>},
    {"isalnum", AllCodePoints<IsAlnum>},
    {"isspace", AllCodePoints<IsPythonSpace>},
    {"islower", IsCase<false>},
    {"isupper", IsCase<true>},
};
constexpr Method kDictMethods[] = {
    {"items", DictItems}, {"keys", DictKeys}, {"values", DictValues},
    {"get", DictGet},     {"copy", Copy},
};
constexpr Method kListMethods[] = {{"index", ListIndex}, {"count", ListCount}, {"copy", Copy}};

constexpr std::string_view kUnsafeDictMethods[] = {"pop", "popitem", "setdefault", "update", "clear"};
constexpr std::string_view kUnsafeListMethods[] = {"append", "extend", "insert", "pop",
                                                   "remove", "reverse", "sort",   "clear"};

template <size_t N>
MethodFn Lookup(const Method (&table)[N], std::string_view name) {
  for (const Method& m : table) {
    if (m.name == name) return m.fn;
  }
  return nullptr;
}

MethodFn FindMethod(const Value& object, std::string_view name) {
  if (object.is_string()) return Lookup(kStringMethods, name);
  if (object.is_dict()) return Lookup(kDictMethods, name);
  if (object.is_list()) return Lookup(kListMethods, name);
  return nullptr;
}

bool IsUnsafe(const Value& object, std::string_view name) {
  if (object.is_dict()) {
    return std::find(std::begin(kUnsafeDictMethods), std::end(kUnsafeDictMethods), name) !=
           std::end(kUnsafeDictMethods);
  }
  if (object.is_list()) {
    return std::find(std::begin(kUnsafeListMethods), std::end(kUnsafeListMethods), name) !=
           std::end(kUnsafeListMethods);
  }
  return false;
}

}  // namespace

std::optional<Value> BindMethod(const Value& object, std::string_view name, OpContext& ctx) {
  if (IsUnsafe(object, name)) {
    return Value::Undefined("access to attribute '" + std::string(name) + "' of '" +
                            object.TypeName() + "' object is unsafe (templates cannot modify values)");
  }
  const MethodFn fn = FindMethod(object, name);
  if (fn == nullptr) return std::nullopt;
  OpContext* context = &ctx;
  return Value::FromFunction(Function{
      object.TypeName() + "." + std::string(name),
      [object, fn, context](const Arguments& args) { return fn(object, args, *context); },
      "builtin_function_or_method"});
}

std::optional<Result<Value>> CallMethod(const Value& object, std::string_view name,
                                        const Arguments& args, OpContext& ctx) {
  const MethodFn fn = FindMethod(object, name);
  if (fn == nullptr) return std::nullopt;
  return fn(object, args, ctx);
}

}  // namespace hearth::jinja
