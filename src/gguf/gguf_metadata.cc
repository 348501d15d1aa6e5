#include "gguf/gguf_metadata.h"

#include <limits>

namespace hearth {

void GgufMetadata::Set(std::string key, GgufValue value) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    entries_[it->second].value = std::move(value);
    return;
  }
  index_.emplace(key, entries_.size());
  entries_.push_back({std::move(key), std::move(value)});
}

bool GgufMetadata::Insert(std::string key, GgufValue value) {
  if (index_.find(key) != index_.end()) return false;
  index_.emplace(key, entries_.size());
  entries_.push_back({std::move(key), std::move(value)});
  return true;
}

bool GgufMetadata::Erase(std::string_view key) {
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  entries_.erase(entries_.begin() + std::ptrdiff_t(it->second));
  index_.clear();
  for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].key, i);
  return true;
}

const GgufValue* GgufMetadata::Find(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &entries_[it->second].value;
}

Status GgufMetadata::Missing(std::string_view key) const {
  std::string prefix = source_.empty() ? "" : source_ + ": ";
  return NotFound(prefix + "metadata key '" + std::string(key) + "' not found");
}

Status GgufMetadata::WrongType(std::string_view key, const GgufValue& value,
                               std::string_view expected) const {
  std::string prefix = source_.empty() ? "" : source_ + ": ";
  return InvalidArgument(prefix + "metadata key '" + std::string(key) + "' has type " +
                         DescribeGgufType(value) + ", expected " + std::string(expected));
}

Result<std::string_view> GgufMetadata::GetString(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  const std::string* s = v->AsString();
  if (s == nullptr) return WrongType(key, *v, "string");
  return std::string_view(*s);
}

Result<int64_t> GgufMetadata::GetInt(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  std::optional<int64_t> i = v->ToInt();
  if (!i.has_value()) {
    if (v->type() == GgufType::kUint64) {
      return OutOfRange((source_.empty() ? "" : source_ + ": ") + "metadata key '" +
                        std::string(key) + "' value " + v->ToDisplayString() + " is too large");
    }
    return WrongType(key, *v, "an integer");
  }
  return *i;
}

Result<uint32_t> GgufMetadata::GetUint32(std::string_view key) const {
  HEARTH_ASSIGN_OR_RETURN(int64_t i, GetInt(key));
  if (i < 0 || i > int64_t(std::numeric_limits<uint32_t>::max())) {
    return OutOfRange((source_.empty() ? "" : source_ + ": ") + "metadata key '" +
                      std::string(key) + "' value " + std::to_string(i) +
                      " is outside [0, 4294967295]");
  }
  return uint32_t(i);
}

Result<double> GgufMetadata::GetFloat(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  std::optional<double> f = v->ToFloat();
  if (!f.has_value()) return WrongType(key, *v, "a number");
  return *f;
}

Result<bool> GgufMetadata::GetBool(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  const bool* b = v->As<bool>();
  if (b == nullptr) return WrongType(key, *v, "bool");
  return *b;
}

Result<const GgufArray*> GgufMetadata::GetArray(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  const GgufArray* a = v->AsArray();
  if (a == nullptr) return WrongType(key, *v, "an array");
  return a;
}

Result<const std::vector<std::string>*> GgufMetadata::GetStringArray(std::string_view key) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return Missing(key);
  const GgufArray* a = v->AsArray();
  if (a == nullptr || a->strings() == nullptr) return WrongType(key, *v, "array of string");
  return a->strings();
}

Result<std::string_view> GgufMetadata::GetStringOr(std::string_view key,
                                                   std::string_view fallback) const {
  if (!Contains(key)) return fallback;
  return GetString(key);
}

Result<int64_t> GgufMetadata::GetIntOr(std::string_view key, int64_t fallback) const {
  if (!Contains(key)) return fallback;
  return GetInt(key);
}

Result<double> GgufMetadata::GetFloatOr(std::string_view key, double fallback) const {
  if (!Contains(key)) return fallback;
  return GetFloat(key);
}

Result<bool> GgufMetadata::GetBoolOr(std::string_view key, bool fallback) const {
  if (!Contains(key)) return fallback;
  return GetBool(key);
}

}  // namespace hearth
