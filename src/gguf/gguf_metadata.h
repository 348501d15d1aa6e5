// The key/value metadata of a GGUF file: an ordered list (file order) with lookup by key and
// typed getters whose errors name the file, the key, and the expected and actual types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_value.h"

namespace hearth {

struct GgufKeyValue {
  std::string key;
  GgufValue value;
};

class GgufMetadata {
 public:
  // `source` (usually the file path) prefixes error messages; may be empty.
  explicit GgufMetadata(std::string source = "") : source_(std::move(source)) {}

  // Adds `key` at the end, or replaces its value in place (keeping its position).
  void Set(std::string key, GgufValue value);
  // Adds `key` at the end; returns false (and changes nothing) if it is already present.
  bool Insert(std::string key, GgufValue value);
  // Removes `key`; returns whether it was present.
  bool Erase(std::string_view key);

  const GgufValue* Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  const std::vector<GgufKeyValue>& entries() const { return entries_; }  // in file order
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::string& source() const { return source_; }

  // Typed getters. NotFound if the key is absent; InvalidArgument if it has another type
  // ("model.gguf: metadata key 'llama.block_count' has type string, expected an integer").
  Result<std::string_view> GetString(std::string_view key) const;
  Result<int64_t> GetInt(std::string_view key) const;      // any integer type that fits int64
  Result<uint32_t> GetUint32(std::string_view key) const;  // any integer type in [0, 2^32)
  Result<double> GetFloat(std::string_view key) const;     // float32/float64 or any integer
  Result<bool> GetBool(std::string_view key) const;
  Result<const GgufArray*> GetArray(std::string_view key) const;
  // An array whose elements are strings (tokenizer vocabularies, merges).
  Result<const std::vector<std::string>*> GetStringArray(std::string_view key) const;

  // As above, but an absent key yields `fallback`; a key of the wrong type is still an error.
  Result<std::string_view> GetStringOr(std::string_view key, std::string_view fallback) const;
  Result<int64_t> GetIntOr(std::string_view key, int64_t fallback) const;
  Result<double> GetFloatOr(std::string_view key, double fallback) const;
  Result<bool> GetBoolOr(std::string_view key, bool fallback) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Status Missing(std::string_view key) const;
  Status WrongType(std::string_view key, const GgufValue& value, std::string_view expected) const;

  std::string source_;
  std::vector<GgufKeyValue> entries_;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> index_;
};

}  // namespace hearth
