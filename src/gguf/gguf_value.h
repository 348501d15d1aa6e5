// GGUF metadata values: the 13 value types a GGUF file can store, arrays of any of them
// (including arrays of strings and arrays of arrays), and typed access.
//
// A GgufValue owns its data (strings and arrays are copied out of the file), so values outlive
// the file they came from and the writer can build them from scratch. Values are plain
// copyable data; they are not synchronised (share them read-only between threads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace hearth {

// Value type ids as GGUF stores them.
enum class GgufType : uint32_t {
  kUint8 = 0,
  kInt8 = 1,
  kUint16 = 2,
  kInt16 = 3,
  kUint32 = 4,
  kInt32 = 5,
  kFloat32 = 6,
  kBool = 7,
  kString = 8,
  kArray = 9,
  kUint64 = 10,
  kInt64 = 11,
  kFloat64 = 12,
};
inline constexpr uint32_t kGgufTypeCount = 13;

// "uint8", "string", "array", ... (the names GGUF's spec uses, lower case).
std::string_view GgufTypeName(GgufType type);
// The type for a raw id from a file, or nullopt for an id GGUF does not define.
std::optional<GgufType> GgufTypeFromId(uint32_t id);
// Bytes of one element in a file for fixed-size types; 0 for string and array.
size_t GgufTypeSize(GgufType type);

class GgufArray;

namespace gguf_internal {
// Index i of both variants below holds GgufType i, so `variant.index()` is the type id.
template <template <typename> class Wrap>
using TypeList =
    std::variant<Wrap<uint8_t>, Wrap<int8_t>, Wrap<uint16_t>, Wrap<int16_t>, Wrap<uint32_t>,
                 Wrap<int32_t>, Wrap<float>, Wrap<bool>, Wrap<std::string>, Wrap<GgufArray>,
                 Wrap<uint64_t>, Wrap<int64_t>, Wrap<double>>;
template <typename T>
using Same = T;
template <typename T>
using VectorOf = std::vector<T>;
}  // namespace gguf_internal

// True for the C++ types that represent one GGUF value type (uint8_t ... double, bool,
// std::string, GgufArray). `char`, `long long` etc. are deliberately not accepted: the type
// written to a file must be explicit.
template <typename T>
concept GgufElement = std::is_same_v<T, uint8_t> || std::is_same_v<T, int8_t> ||
    std::is_same_v<T, uint16_t> || std::is_same_v<T, int16_t> || std::is_same_v<T, uint32_t> ||
    std::is_same_v<T, int32_t> || std::is_same_v<T, float> || std::is_same_v<T, bool> ||
    std::is_same_v<T, std::string> || std::is_same_v<T, GgufArray> || std::is_same_v<T, uint64_t> ||
    std::is_same_v<T, int64_t> || std::is_same_v<T, double>;

// A homogeneous array. Arrays of arrays hold GgufArray elements, each with its own type.
class GgufArray {
 public:
  GgufArray() = default;  // an empty array of uint8
  template <GgufElement T>
  explicit GgufArray(std::vector<T> values) : data_(std::move(values)) {}

  GgufType type() const { return GgufType(data_.index()); }  // the element type
  size_t size() const;
  bool empty() const { return size() == 0; }

  // The elements if they have type T, else nullptr. Strings: As<std::string>().
  template <GgufElement T>
  const std::vector<T>* As() const {
    return std::get_if<std::vector<T>>(&data_);
  }
  const std::vector<std::string>* strings() const { return As<std::string>(); }

  // Element i of an integer array (bool excluded) as int64, or nullopt if the element type is
  // not an integer, i is out of range, or a uint64 element exceeds INT64_MAX.
  std::optional<int64_t> IntAt(size_t i) const;
  // Element i of a numeric (integer or floating) array as double, or nullopt.
  std::optional<double> FloatAt(size_t i) const;

  // "[a, b, c, ... (N items)]" with at most `max_items` items; see GgufValue::ToDisplayString.
  std::string ToDisplayString(size_t max_items = 8, size_t max_chars = 60) const;

  friend bool operator==(const GgufArray&, const GgufArray&) = default;

 private:
  gguf_internal::TypeList<gguf_internal::VectorOf> data_;
};

// One metadata value of any GGUF type.
class GgufValue {
 public:
  GgufValue() = default;  // uint8 0
  template <GgufElement T>
  explicit GgufValue(T value) : data_(std::move(value)) {}
  explicit GgufValue(std::string_view s) : data_(std::string(s)) {}
  explicit GgufValue(const char* s) : data_(std::string(s)) {}

  GgufType type() const { return GgufType(data_.index()); }

  // The value if it has exactly type T, else nullptr.
  template <GgufElement T>
  const T* As() const {
    return std::get_if<T>(&data_);
  }
  const std::string* AsString() const { return As<std::string>(); }
  const GgufArray* AsArray() const { return As<GgufArray>(); }

  bool is_integer() const;  // uint8 ... int64 (bool is not an integer)
  bool is_float() const { return type() == GgufType::kFloat32 || type() == GgufType::kFloat64; }
  // Any integer type as int64; nullopt for other types or a uint64 above INT64_MAX.
  std::optional<int64_t> ToInt() const;
  // Any integer or floating type as double; nullopt otherwise.
  std::optional<double> ToFloat() const;

  // A short human-readable rendering: numbers as written, strings quoted and cut after
  // `max_chars`, arrays as "[a, b, c, ... (N items)]" with at most `max_items` items shown.
  std::string ToDisplayString(size_t max_items = 8, size_t max_chars = 60) const;

  friend bool operator==(const GgufValue&, const GgufValue&) = default;

 private:
  gguf_internal::TypeList<gguf_internal::Same> data_;
};

// "array of string", "array of array", "uint32": how error messages name a value's type.
std::string DescribeGgufType(const GgufValue& value);

}  // namespace hearth
