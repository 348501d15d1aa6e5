// Helpers for the GGUF tests: raw byte building (for headers the writer refuses to make) and
// patching of writer output at the fields of a named tensor.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

namespace hearth::testing {

// Little-endian byte builder for hand-made GGUF headers.
class RawGguf {
 public:
  template <typename T>
  RawGguf& Put(T v) {
    const size_t at = bytes.size();
    bytes.resize(at + sizeof(T));
    std::memcpy(bytes.data() + at, &v, sizeof(T));
    return *this;
  }
  RawGguf& U32(uint32_t v) { return Put(v); }
  RawGguf& U64(uint64_t v) { return Put(v); }
  RawGguf& Str(std::string_view s) {
    U64(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  // Magic, version and the two counts.
  RawGguf& Header(uint32_t version, uint64_t n_tensors, uint64_t n_kv) {
    U32(kGgufMagic).U32(version).U64(n_tensors).U64(n_kv);
    return *this;
  }
  std::vector<uint8_t> bytes;
};

// Where the fields of tensor `name`'s info record are in a serialized file.
struct TensorInfoFields {
  size_t record;  // start of the record (the name's length)
  size_t n_dims;
  size_t dims;  // first dimension
  size_t type;
  size_t offset;
};

inline size_t FindBytes(const std::vector<uint8_t>& bytes, std::string_view needle,
                        size_t from = 0) {
  auto it =
      std::search(bytes.begin() + std::ptrdiff_t(from), bytes.end(), needle.begin(), needle.end());
  return it == bytes.end() ? std::string::npos : size_t(it - bytes.begin());
}

// Locates the info record of `name` (the first occurrence preceded by its length).
inline TensorInfoFields FindTensorInfo(const std::vector<uint8_t>& bytes, std::string_view name) {
  for (size_t pos = FindBytes(bytes, name); pos != std::string::npos;
       pos = FindBytes(bytes, name, pos + 1)) {
    uint64_t len = 0;
    if (pos < 8) continue;
    std::memcpy(&len, bytes.data() + pos - 8, 8);
    if (len != name.size()) continue;
    uint32_t n_dims = 0;
    std::memcpy(&n_dims, bytes.data() + pos + name.size(), 4);
    if (n_dims < 1 || n_dims > 4) continue;
    TensorInfoFields f;
    f.record = pos - 8;
    f.n_dims = pos + name.size();
    f.dims = f.n_dims + 4;
    f.type = f.dims + 8 * n_dims;
    f.offset = f.type + 4;
    return f;
  }
  ADD_FAILURE() << "tensor info for " << name << " not found";
  return {};
}

template <typename T>
void Patch(std::vector<uint8_t>* bytes, size_t at, T value) {
  std::memcpy(bytes->data() + at, &value, sizeof(T));
}

// The writer's output, or a test failure.
inline std::vector<uint8_t> Serialize(const GgufWriter& w) {
  Result<std::vector<uint8_t>> bytes = w.WriteToBytes();
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

}  // namespace hearth::testing
