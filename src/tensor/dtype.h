// Tensor element types. The numeric ids are the ones GGUF files store (ggml's type ids), so a
// DType can be read straight from a tensor info. Only the types listed in `kAllDTypes` are
// supported; other ids read from a file are reported by name where known, and refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace hearth {

enum class DType : uint32_t {
  kF32 = 0,
  kF16 = 1,
  kQ4_0 = 2,
  kQ4_1 = 3,
  kQ5_0 = 6,
  kQ5_1 = 7,
  kQ8_0 = 8,
  kQ8_1 = 9,  // activations only (dot products with Q4_1/Q5_1)
  kQ2_K = 10,
  kQ3_K = 11,
  kQ4_K = 12,
  kQ5_K = 13,
  kQ6_K = 14,
  kQ8_K = 15,  // activations only (dot products with K-quants and IQ4_XS)
  kIQ4_NL = 20,
  kIQ4_XS = 23,
  kI8 = 24,
  kI16 = 25,
  kI32 = 26,
  kBF16 = 30,
};

struct DTypeTraits {
  DType type;
  std::string_view name;  // as ggml and `hearth show` spell it: "Q4_K", "BF16"
  int64_t block_elems;    // elements per block (1 for plain types)
  size_t block_bytes;     // bytes per block
  bool is_quantized;
};

// Every type Hearth reads, in id order.
std::span<const DTypeTraits> AllDTypes();

// Traits of a supported type. CHECK-fails on an unsupported enum value (a bug: values from
// files go through DTypeFromId first).
const DTypeTraits& Traits(DType type);

// The type for a raw id from a file, or nullopt if Hearth does not support it.
std::optional<DType> DTypeFromId(uint32_t id);

// ggml's name for any type id, including ones Hearth does not support ("IQ2_XXS"), or "" if
// the id was never assigned. Used for error messages.
std::string_view GgmlTypeName(uint32_t id);

inline std::string_view DTypeName(DType type) { return Traits(type).name; }

// Bytes of a row of `n` elements; n must be a multiple of the block size.
size_t RowBytes(DType type, int64_t n);

}  // namespace hearth
