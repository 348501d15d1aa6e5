#include "tensor/dtype.h"

#include <array>

#include "base/check.h"
#include "tensor/blocks.h"

namespace hearth {
namespace {

constexpr std::array kTraits = {
    DTypeTraits{DType::kF32, "F32", 1, 4, false},
    DTypeTraits{DType::kF16, "F16", 1, 2, false},
    DTypeTraits{DType::kQ4_0, "Q4_0", kQK4_0, sizeof(BlockQ4_0), true},
    DTypeTraits{DType::kQ4_1, "Q4_1", kQK4_1, sizeof(BlockQ4_1), true},
    DTypeTraits{DType::kQ5_0, "Q5_0", kQK5_0, sizeof(BlockQ5_0), true},
    DTypeTraits{DType::kQ5_1, "Q5_1", kQK5_1, sizeof(BlockQ5_1), true},
    DTypeTraits{DType::kQ8_0, "Q8_0", kQK8_0, sizeof(BlockQ8_0), true},
    DTypeTraits{DType::kQ8_1, "Q8_1", kQK8_1, sizeof(BlockQ8_1), true},
    DTypeTraits{DType::kQ2_K, "Q2_K", kQK_K, sizeof(BlockQ2_K), true},
    DTypeTraits{DType::kQ3_K, "Q3_K", kQK_K, sizeof(BlockQ3_K), true},
    DTypeTraits{DType::kQ4_K, "Q4_K", kQK_K, sizeof(BlockQ4_K), true},
    DTypeTraits{DType::kQ5_K, "Q5_K", kQK_K, sizeof(BlockQ5_K), true},
    DTypeTraits{DType::kQ6_K, "Q6_K", kQK_K, sizeof(BlockQ6_K), true},
    DTypeTraits{DType::kQ8_K, "Q8_K", kQK_K, sizeof(BlockQ8_K), true},
    DTypeTraits{DType::kIQ4_NL, "IQ4_NL", kQK4_NL, sizeof(BlockIQ4_NL), true},
    DTypeTraits{DType::kIQ4_XS, "IQ4_XS", kQK_K, sizeof(BlockIQ4_XS), true},
    DTypeTraits{DType::kI8, "I8", 1, 1, false},
    DTypeTraits{DType::kI16, "I16", 1, 2, false},
    DTypeTraits{DType::kI32, "I32", 1, 4, false},
    DTypeTraits{DType::kBF16, "BF16", 1, 2, false},
};

// ggml's type names by id (ggml.c's type_traits); "" where the id is unassigned or retired.
constexpr std::array<std::string_view, 40> kGgmlNames = {
    "F32",     "F16",   "Q4_0",    "Q4_1",    "",        "",       "Q5_0",  "Q5_1",
    "Q8_0",    "Q8_1",  "Q2_K",    "Q3_K",    "Q4_K",    "Q5_K",   "Q6_K",  "Q8_K",
    "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S",  "IQ4_NL",  "IQ3_S",  "IQ2_S", "IQ4_XS",
    "I8",      "I16",   "I32",     "I64",     "F64",     "IQ1_M",  "BF16",  "",
    "",        "",      "TQ1_0",   "TQ2_0",   "",        "",       "",      "MXFP4",
};

}  // namespace

std::span<const DTypeTraits> AllDTypes() { return kTraits; }

const DTypeTraits& Traits(DType type) {
  for (const DTypeTraits& t : kTraits) {
    if (t.type == type) return t;
  }
  HEARTH_CHECK(false) << "unsupported DType " << uint32_t(type);
  return kTraits[0];
}

std::optional<DType> DTypeFromId(uint32_t id) {
  for (const DTypeTraits& t : kTraits) {
    if (uint32_t(t.type) == id) return t.type;
  }
  return std::nullopt;
}

std::string_view GgmlTypeName(uint32_t id) { return id < kGgmlNames.size() ? kGgmlNames[id] : ""; }

size_t RowBytes(DType type, int64_t n) {
  const DTypeTraits& t = Traits(type);
  HEARTH_CHECK(n % t.block_elems == 0) << DTypeName(type) << " row of " << n << " elements";
  return size_t(n / t.block_elems) * t.block_bytes;
}

}  // namespace hearth
