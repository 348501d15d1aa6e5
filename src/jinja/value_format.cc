#include "jinja/value_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "jinja/unicode.h"

namespace hearth::jinja {
namespace {

Status TooLong(size_t max_bytes) {
  return OutOfRange("text longer than the limit of " + std::to_string(max_bytes) + " bytes");
}

void AppendHexEscape(char32_t c, std::string& out) {
  char buf[16];
  if (c < 0x100) {
    std::snprintf(buf, sizeof(buf), "\\x%02x", unsigned(c));
  } else if (c < 0x10000) {
    std::snprintf(buf, sizeof(buf), "\\u%04x", unsigned(c));
  } else {
    std::snprintf(buf, sizeof(buf), "\\U%08x", unsigned(c));
  }
  out += buf;
}

void AppendStringRepr(const std::string& s, std::string& out) {
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out += quote;
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    const char32_t c = cp.value;
    if (c == char32_t(quote) || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x80 ? (c < 0x20 || c == 0x7F) : !IsPrintable(c)) {
      AppendHexEscape(c, out);
    } else {
      out.append(s, pos, cp.length);
    }
    pos += cp.length;
  }
  out += quote;
}

void AppendJsonString(const std::string& s, std::string& out) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", unsigned(c));
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// Python's str() and repr() share everything but how a top-level string prints.
class PyWriter {
 public:
  PyWriter(std::string& out, size_t max_bytes) : out_(out), max_bytes_(max_bytes) {}

  Status Write(const Value& v, bool repr) {
    switch (v.kind()) {
      case Value::Kind::kUndefined:
        if (repr) out_ += "Undefined";
        break;
      case Value::Kind::kNone:
        out_ += "None";
        break;
      case Value::Kind::kBool:
        out_ += v.AsBool() ? "True" : "False";
        break;
      case Value::Kind::kInt:
        out_ += std::to_string(v.AsInt());
        break;
      case Value::Kind::kFloat:
        out_ += FormatFloat(v.AsDouble());
        break;
      case Value::Kind::kString:
        if (repr) {
          AppendStringRepr(v.AsString(), out_);
        } else {
          out_ += v.AsString();
        }
        break;
      case Value::Kind::kList:
        return WriteList(v.AsList());
      case Value::Kind::kDict:
        return WriteDict(v.AsDict());
      case Value::Kind::kFunction:
        out_ += "<" + v.AsFunction().type_name + " " + v.AsFunction().name + ">";
        break;
      case Value::Kind::kNamespace:
        out_ += "<Namespace ";
        HEARTH_RETURN_IF_ERROR(WriteDict(v.AsNamespace().attributes));
        out_ += ">";
        break;
    }
    return Check();
  }

 private:
  Status Check() const { return out_.size() > max_bytes_ ? TooLong(max_bytes_) : Status::Ok(); }

  Status WriteList(const ListData& list) {
    out_ += list.is_tuple ? '(' : '[';
    for (size_t i = 0; i < list.items.size(); ++i) {
      if (i > 0) out_ += ", ";
      HEARTH_RETURN_IF_ERROR(Write(list.items[i], /*repr=*/true));
    }
    if (list.is_tuple && list.items.size() == 1) out_ += ',';
    out_ += list.is_tuple ? ')' : ']';
    return Check();
  }

  Status WriteDict(const Dict& dict) {
    out_ += '{';
    bool first = true;
    for (const auto& [key, item] : dict.entries()) {
      if (!first) out_ += ", ";
      first = false;
      AppendStringRepr(key, out_);
      out_ += ": ";
      HEARTH_RETURN_IF_ERROR(Write(item, /*repr=*/true));
    }
    out_ += '}';
    return Check();
  }

  std::string& out_;
  size_t max_bytes_;
};

class JsonWriter {
 public:
  JsonWriter(const JsonFormat& format, std::string& out, size_t max_bytes)
      : format_(format), out_(out), max_bytes_(max_bytes) {}

  Status Write(const Value& v, int level) {
    switch (v.kind()) {
      case Value::Kind::kNone:
        out_ += "null";
        break;
      case Value::Kind::kBool:
        out_ += v.AsBool() ? "true" : "false";
        break;
      case Value::Kind::kInt:
        out_ += std::to_string(v.AsInt());
        break;
      case Value::Kind::kFloat:
        WriteFloat(v.AsDouble());
        break;
      case Value::Kind::kString:
        AppendJsonString(v.AsString(), out_);
        break;
      case Value::Kind::kList:
        return WriteList(v.Items(), level);
      case Value::Kind::kDict:
        return WriteDict(v.AsDict(), level);
      default:
        return InvalidArgument("Object of type " + v.TypeName() + " is not JSON serializable");
    }
    return Check();
  }

 private:
  Status Check() const { return out_.size() > max_bytes_ ? TooLong(max_bytes_) : Status::Ok(); }

  void WriteFloat(double d) {
    if (std::isnan(d)) {
      out_ += "NaN";
    } else if (std::isinf(d)) {
      out_ += d > 0 ? "Infinity" : "-Infinity";
    } else {
      out_ += FormatFloat(d);
    }
  }

  void NewLine(int level) {
    if (!format_.indent.has_value()) return;
    out_ += '\n';
    for (int i = 0; i < level; ++i) out_ += *format_.indent;
  }

  Status WriteList(const std::vector<Value>& items, int level) {
    if (items.empty()) {
      out_ += "[]";
      return Check();
    }
    out_ += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ += format_.item_separator;
      NewLine(level + 1);
      HEARTH_RETURN_IF_ERROR(Write(items[i], level + 1));
    }
    NewLine(level);
    out_ += ']';
    return Check();
  }

  Status WriteDict(const Dict& dict, int level) {
    if (dict.empty()) {
      out_ += "{}";
      return Check();
    }
    std::vector<const std::pair<std::string, Value>*> entries;
    for (const auto& entry : dict.entries()) entries.push_back(&entry);
    if (format_.sort_keys) {
      std::stable_sort(entries.begin(), entries.end(),
                       [](const auto* a, const auto* b) { return a->first < b->first; });
    }
    out_ += '{';
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out_ += format_.item_separator;
      NewLine(level + 1);
      AppendJsonString(entries[i]->first, out_);
      out_ += format_.key_separator;
      HEARTH_RETURN_IF_ERROR(Write(entries[i]->second, level + 1));
    }
    NewLine(level);
    out_ += '}';
    return Check();
  }

  const JsonFormat& format_;
  std::string& out_;
  size_t max_bytes_;
};

}  // namespace

std::string FormatFloat(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits, then laid out as Python's repr lays them out.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  HEARTH_CHECK(ec == std::errc());
  const std::string sci(buf, end);
  const size_t e_pos = sci.find('e');
  std::string mantissa = sci.substr(0, e_pos);
  const int exponent = std::stoi(sci.substr(e_pos + 1));
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exponent < 0 ? '-' : '+',
                  exponent < 0 ? -exponent : exponent);
    return out + exp_buf;
  }
  if (exponent < 0) {
    return out + "0." + std::string(size_t(-exponent - 1), '0') + digits;
  }
  const size_t int_digits = size_t(exponent) + 1;
  if (digits.size() <= int_digits) {
    return out + digits + std::string(int_digits - digits.size(), '0') + ".0";
  }
  return out + digits.substr(0, int_digits) + "." + digits.substr(int_digits);
}

Status AppendStr(const Value& value, std::string& out, size_t max_bytes) {
  return PyWriter(out, max_bytes).Write(value, /*repr=*/false);
}

Status AppendRepr(const Value& value, std::string& out, size_t max_bytes) {
  return PyWriter(out, max_bytes).Write(value, /*repr=*/true);
}

Status AppendJson(const Value& value, const JsonFormat& format, std::string& out,
                  size_t max_bytes) {
  return JsonWriter(format, out, max_bytes).Write(value, 0);
}

Result<std::string> ToStr(const Value& value, size_t max_bytes) {
  if (value.is_string()) return value.AsString();
  std::string out;
  HEARTH_RETURN_IF_ERROR(AppendStr(value, out, max_bytes));
  return out;
}

}  // namespace hearth::jinja
