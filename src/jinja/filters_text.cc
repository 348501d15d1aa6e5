// Filters on text: trim, upper, lower, title, capitalize, replace, indent, string, safe,
// escape, center, format, wordcount.
#include <algorithm>

#include "jinja/filter_support.h"
#include "jinja/filters.h"
#include "jinja/methods.h"
#include "jinja/operators.h"
#include "jinja/unicode.h"

namespace hearth::jinja {
namespace {

Result<std::vector<Value>> Bind(std::string_view filter, const Arguments& args,
                                std::initializer_list<std::string_view> names,
                                size_t required = 0) {
  return BindArguments(FilterName(filter), args, names, required);
}

Result<Value> TrimFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("trim", args, {"chars"}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  const std::string* chars = bound[0].is_string() ? &bound[0].AsString() : nullptr;
  return Value::String(std::string(StripView(text, true, true, chars)));
}

template <std::string (*kMap)(std::string_view)>
Result<Value> CaseFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("upper", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  return Value::String(kMap(text));
}

// Jinja's title: the first character after -, whitespace, (, {, [ or < (or at the start) is
// upper-cased, every other one lower-cased.
std::string JinjaTitle(std::string_view s) {
  std::string out;
  bool word_start = true;
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    const std::string_view one = s.substr(pos, cp.length);
    out += word_start ? ToUpper(one) : ToLower(one);
    word_start = IsPythonSpace(cp.value) || cp.value == '-' || cp.value == '(' ||
                 cp.value == '{' || cp.value == '[' || cp.value == '<';
    pos += cp.length;
  }
  return out;
}

Result<Value> ReplaceFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("replace", args, {"old", "new", "count"}, 2));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  HEARTH_ASSIGN_OR_RETURN(std::string old_text, Text(bound[0], ctx));
  HEARTH_ASSIGN_OR_RETURN(std::string new_text, Text(bound[1], ctx));
  Arguments call;
  call.positional = {Value::String(std::move(old_text)), Value::String(std::move(new_text))};
  if (!bound[2].is_undefined() && !bound[2].is_none()) call.positional.push_back(bound[2]);
  return *CallMethod(Value::String(std::move(text)), "replace", call, ctx);
}

// Jinja2's indent: every line but the first (unless `first`) gets the indent; blank lines
// only when `blank`. A trailing newline is kept as it was.
Result<Value> IndentFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("indent", args, {"width", "first", "blank"}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  std::string indent = "    ";
  if (bound[0].is_string()) {
    indent = bound[0].AsString();
  } else if (bound[0].is_integral()) {
    indent = std::string(size_t(std::clamp<int64_t>(bound[0].AsInt(), 0, 1 << 16)), ' ');
  } else if (!bound[0].is_undefined()) {
    return InvalidArgument("filter 'indent': width must be an integer or a string");
  }
  const bool first = bound[1].IsTruthy();
  const bool blank = bound[2].IsTruthy();
  text += '\n';  // as Jinja2 does, so that splitlines() keeps a final empty line
  Arguments none;
  HEARTH_ASSIGN_OR_RETURN(Value lines_value,
                          *CallMethod(Value::String(std::move(text)), "splitlines", none, ctx));
  const std::vector<Value>& lines = lines_value.Items();
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i].AsString();
    if (i > 0) {
      out += '\n';
      if (blank || !line.empty()) out += indent;
    }
    out += line;
    if (out.size() > ctx.max_bytes) return OutOfRange("filter 'indent': result too long");
  }
  if (first) out = indent + out;
  return Value::String(std::move(out));
}

Result<Value> StringFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("string", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  return Value::String(std::move(text));
}

Result<Value> SafeFilter(const Value& input, const Arguments& args, OpContext&) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("safe", args, {}));
  return input;  // no autoescaping, so "safe" changes nothing
}

Result<Value> EscapeFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("escape", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return Value::String(std::move(out));
}

Result<Value> CenterFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("center", args, {"width"}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  const int64_t width = bound[0].is_integral() ? std::min<int64_t>(bound[0].AsInt(), 1 << 16) : 80;
  const int64_t length = int64_t(CountCodePoints(text));
  if (width <= length) return Value::String(std::move(text));
  // Python's str.center puts the odd space on the left when the width is odd.
  const int64_t margin = width - length;
  const int64_t left = margin / 2 + (margin & width & 1);
  return Value::String(std::string(size_t(left), ' ') + text +
                       std::string(size_t(margin - left), ' '));
}

Result<Value> FormatFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  if (!args.keyword.empty()) {
    return Status(StatusCode::kUnimplemented, "filter 'format' with keyword arguments is not supported");
  }
  HEARTH_ASSIGN_OR_RETURN(Value tuple, Value::List(args.positional, /*is_tuple=*/true));
  return ApplyBinary(BinaryOp::kModulo, Value::String(std::move(text)), tuple, ctx);
}

Result<Value> WordCountFilter(const Value& input, const Arguments& args, OpContext& ctx) {
  HEARTH_ASSIGN_OR_RETURN(auto bound, Bind("wordcount", args, {}));
  HEARTH_ASSIGN_OR_RETURN(std::string text, Text(input, ctx));
  int64_t words = 0;
  bool in_word = false;
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint cp = DecodeCodePoint(text, pos);
    const bool word_char = IsAlphabetic(cp.value) || IsDecimalDigit(cp.value) || cp.value == '_';
    if (word_char && !in_word) ++words;
    in_word = word_char;
    pos += cp.length;
  }
  return Value::Int(words);
}

}  // namespace

std::vector<NamedFilter> TextFilters() {
  return {
      {"trim", TrimFilter},
      {"upper", CaseFilter<ToUpper>},
      {"lower", CaseFilter<ToLower>},
      {"title", CaseFilter<JinjaTitle>},
      {"capitalize", CaseFilter<Capitalize>},
      {"replace", ReplaceFilter},
      {"indent", IndentFilter},
      {"string", StringFilter},
      {"safe", SafeFilter},
      {"escape", EscapeFilter},
      {"e", EscapeFilter},
      {"forceescape", EscapeFilter},
      {"center", CenterFilter},
      {"format", FormatFilter},
      {"wordcount", WordCountFilter},
  };
}

}  // namespace hearth::jinja
