#include "gguf/gguf_value.h"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <limits>

namespace hearth {
namespace {

constexpr std::array<std::string_view, kGgufTypeCount> kTypeNames = {
    "uint8", "int8",   "uint16", "int16",  "uint32", "int32",   "float32",
    "bool",  "string", "array",  "uint64", "int64",  "float64",
};

constexpr std::array<size_t, kGgufTypeCount> kTypeSizes = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};

template <typename T>
std::optional<int64_t> IntegerToInt64(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return std::nullopt;
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_same_v<T, uint64_t>) {
      if (v > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
    }
    return int64_t(v);
  } else {
    return std::nullopt;
  }
}

template <typename T>
std::optional<double> NumberToDouble(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return std::nullopt;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return double(v);
  } else {
    return std::nullopt;
  }
}

std::string QuoteString(const std::string& s, size_t max_chars) {
  std::string out = "\"";
  size_t n = 0;
  for (char c : s) {
    if (n++ == max_chars) {
      out += "...";
      break;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

template <typename T>
std::string ScalarToString(const T& v, size_t max_items, size_t max_chars) {
  char buf[64];
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return QuoteString(v, max_chars);
  } else if constexpr (std::is_same_v<T, GgufArray>) {
    return v.ToDisplayString(max_items, max_chars);
  } else if constexpr (std::is_floating_point_v<T>) {
    std::snprintf(buf, sizeof(buf), "%g", double(v));
    return buf;
  } else if constexpr (std::is_signed_v<T>) {
    std::snprintf(buf, sizeof(buf), "%" PRId64, int64_t(v));
    return buf;
  } else {
    std::snprintf(buf, sizeof(buf), "%" PRIu64, uint64_t(v));
    return buf;
  }
}

}  // namespace

std::string_view GgufTypeName(GgufType type) {
  const auto i = uint32_t(type);
  return i < kGgufTypeCount ? kTypeNames[i] : std::string_view("unknown");
}

std::optional<GgufType> GgufTypeFromId(uint32_t id) {
  if (id >= kGgufTypeCount) return std::nullopt;
  return GgufType(id);
}

size_t GgufTypeSize(GgufType type) {
  const auto i = uint32_t(type);
  return i < kGgufTypeCount ? kTypeSizes[i] : 0;
}

size_t GgufArray::size() const {
  return std::visit([](const auto& v) { return v.size(); }, data_);
}

std::optional<int64_t> GgufArray::IntAt(size_t i) const {
  return std::visit(
      [i](const auto& v) -> std::optional<int64_t> {
        if (i >= v.size()) return std::nullopt;
        return IntegerToInt64(typename std::decay_t<decltype(v)>::value_type(v[i]));
      },
      data_);
}

std::optional<double> GgufArray::FloatAt(size_t i) const {
  return std::visit(
      [i](const auto& v) -> std::optional<double> {
        if (i >= v.size()) return std::nullopt;
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_arithmetic_v<T>) {
          return NumberToDouble(T(v[i]));
        } else {
          return std::nullopt;
        }
      },
      data_);
}

bool GgufValue::is_integer() const {
  switch (type()) {
    case GgufType::kUint8:
    case GgufType::kInt8:
    case GgufType::kUint16:
    case GgufType::kInt16:
    case GgufType::kUint32:
    case GgufType::kInt32:
    case GgufType::kUint64:
    case GgufType::kInt64: return true;
    default: return false;
  }
}

std::optional<int64_t> GgufValue::ToInt() const {
  return std::visit([](const auto& v) { return IntegerToInt64(v); }, data_);
}

std::optional<double> GgufValue::ToFloat() const {
  return std::visit([](const auto& v) { return NumberToDouble(v); }, data_);
}

std::string GgufValue::ToDisplayString(size_t max_items, size_t max_chars) const {
  return std::visit([&](const auto& v) { return ScalarToString(v, max_items, max_chars); }, data_);
}

std::string GgufArray::ToDisplayString(size_t max_items, size_t max_chars) const {
  const size_t n = size();
  const size_t shown = n < max_items ? n : max_items;
  std::string out = "[";
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    out += std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          return ScalarToString(T(v[i]), max_items, max_chars);
        },
        data_);
  }
  if (shown < n) out += (shown > 0 ? ", ... (" : "... (") + std::to_string(n) + " items)";
  out += "]";
  return out;
}

std::string DescribeGgufType(const GgufValue& value) {
  const GgufArray* array = value.AsArray();
  if (array == nullptr) return std::string(GgufTypeName(value.type()));
  return "array of " + std::string(GgufTypeName(array->type()));
}

}  // namespace hearth
