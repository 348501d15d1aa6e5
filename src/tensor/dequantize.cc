// DequantizeRow, and the plain and 32-element ("legacy") formats. Each formula is written with
// the same float operations in the same order as ggml's dequantize_row_* (no fused
// multiply-adds: this file is compiled for the baseline ISA), so results are bit-identical.
#include "tensor/dequantize.h"

#include <cstring>

#include "base/check.h"
#include "tensor/blocks.h"
#include "tensor/quant_rows.h"

// Clang would otherwise fuse a * b + c into one rounding (GCC does not in ISO C++ mode), and the
// results must match ggml's unfused arithmetic bit for bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace hearth {
namespace rows {
namespace {

// The 5th bit of element j (0..31) of a Q5_0/Q5_1 block, as 0 or 16.
inline int FifthBit(uint32_t qh, int j) { return int((qh >> j) & 1u) << 4; }

}  // namespace

void DequantizeF32(const void* x, float* y, int64_t n) {
  std::memcpy(y, x, size_t(n) * sizeof(float));
}

void DequantizeF16(const void* x, float* y, int64_t n) {
  const f16* h = static_cast<const f16*>(x);
  for (int64_t i = 0; i < n; ++i) y[i] = F16ToF32(h[i]);
}

void DequantizeBF16(const void* x, float* y, int64_t n) {
  const bf16* b = static_cast<const bf16*>(x);
  for (int64_t i = 0; i < n; ++i) y[i] = Bf16ToF32(b[i]);
}

// x = d * (nibble - 8); element j in the low nibble of qs[j], j + 16 in the high one.
void DequantizeQ4_0(const void* x, float* y, int64_t n) {
  const BlockQ4_0* b = static_cast<const BlockQ4_0*>(x);
  for (int64_t i = 0; i < n / kQK4_0; ++i, y += kQK4_0) {
    const float d = F16ToF32(b[i].d);
    for (int j = 0; j < kQK4_0 / 2; ++j) {
      y[j] = float((b[i].qs[j] & 0xF) - 8) * d;
      y[j + kQK4_0 / 2] = float((b[i].qs[j] >> 4) - 8) * d;
    }
  }
}

// x = nibble * d + m.
void DequantizeQ4_1(const void* x, float* y, int64_t n) {
  const BlockQ4_1* b = static_cast<const BlockQ4_1*>(x);
  for (int64_t i = 0; i < n / kQK4_1; ++i, y += kQK4_1) {
    const float d = F16ToF32(b[i].d);
    const float m = F16ToF32(b[i].m);
    for (int j = 0; j < kQK4_1 / 2; ++j) {
      y[j] = float(b[i].qs[j] & 0xF) * d + m;
      y[j + kQK4_1 / 2] = float(b[i].qs[j] >> 4) * d + m;
    }
  }
}

// x = d * (q - 16), q = nibble | bit j of qh (little-endian uint32) << 4.
void DequantizeQ5_0(const void* x, float* y, int64_t n) {
  const BlockQ5_0* b = static_cast<const BlockQ5_0*>(x);
  for (int64_t i = 0; i < n / kQK5_0; ++i, y += kQK5_0) {
    const float d = F16ToF32(b[i].d);
    uint32_t qh;
    std::memcpy(&qh, b[i].qh, sizeof(qh));
    for (int j = 0; j < kQK5_0 / 2; ++j) {
      const int q0 = ((b[i].qs[j] & 0xF) | FifthBit(qh, j)) - 16;
      const int q1 = ((b[i].qs[j] >> 4) | FifthBit(qh, j + kQK5_0 / 2)) - 16;
      y[j] = float(q0) * d;
      y[j + kQK5_0 / 2] = float(q1) * d;
    }
  }
}

// x = q * d + m, q as Q5_0 (unsigned).
void DequantizeQ5_1(const void* x, float* y, int64_t n) {
  const BlockQ5_1* b = static_cast<const BlockQ5_1*>(x);
  for (int64_t i = 0; i < n / kQK5_1; ++i, y += kQK5_1) {
    const float d = F16ToF32(b[i].d);
    const float m = F16ToF32(b[i].m);
    uint32_t qh;
    std::memcpy(&qh, b[i].qh, sizeof(qh));
    for (int j = 0; j < kQK5_1 / 2; ++j) {
      const int q0 = (b[i].qs[j] & 0xF) | FifthBit(qh, j);
      const int q1 = (b[i].qs[j] >> 4) | FifthBit(qh, j + kQK5_1 / 2);
      y[j] = float(q0) * d + m;
      y[j + kQK5_1 / 2] = float(q1) * d + m;
    }
  }
}

void DequantizeQ8_0(const void* x, float* y, int64_t n) {
  const BlockQ8_0* b = static_cast<const BlockQ8_0*>(x);
  for (int64_t i = 0; i < n / kQK8_0; ++i, y += kQK8_0) {
    const float d = F16ToF32(b[i].d);
    for (int j = 0; j < kQK8_0; ++j) y[j] = float(b[i].qs[j]) * d;
  }
}

// The `s` field is redundant (d * sum q) and not needed to reconstruct the values.
void DequantizeQ8_1(const void* x, float* y, int64_t n) {
  const BlockQ8_1* b = static_cast<const BlockQ8_1*>(x);
  for (int64_t i = 0; i < n / kQK8_1; ++i, y += kQK8_1) {
    const float d = F16ToF32(b[i].d);
    for (int j = 0; j < kQK8_1; ++j) y[j] = float(b[i].qs[j]) * d;
  }
}

// x = d * kIQ4NLValues[nibble]; nibbles as Q4_0.
void DequantizeIQ4_NL(const void* x, float* y, int64_t n) {
  const BlockIQ4_NL* b = static_cast<const BlockIQ4_NL*>(x);
  for (int64_t i = 0; i < n / kQK4_NL; ++i, y += kQK4_NL) {
    const float d = F16ToF32(b[i].d);
    for (int j = 0; j < kQK4_NL / 2; ++j) {
      y[j] = d * float(kIQ4NLValues[b[i].qs[j] & 0xF]);
      y[j + kQK4_NL / 2] = d * float(kIQ4NLValues[b[i].qs[j] >> 4]);
    }
  }
}

}  // namespace rows

void DequantizeRow(DType type, const void* x, float* y, int64_t n) {
  HEARTH_CHECK(n % Traits(type).block_elems == 0)
      << DTypeName(type) << " row of " << n << " elements";
  switch (type) {
    case DType::kF32: return rows::DequantizeF32(x, y, n);
    case DType::kF16: return rows::DequantizeF16(x, y, n);
    case DType::kBF16: return rows::DequantizeBF16(x, y, n);
    case DType::kQ4_0: return rows::DequantizeQ4_0(x, y, n);
    case DType::kQ4_1: return rows::DequantizeQ4_1(x, y, n);
    case DType::kQ5_0: return rows::DequantizeQ5_0(x, y, n);
    case DType::kQ5_1: return rows::DequantizeQ5_1(x, y, n);
    case DType::kQ8_0: return rows::DequantizeQ8_0(x, y, n);
    case DType::kQ8_1: return rows::DequantizeQ8_1(x, y, n);
    case DType::kQ2_K: return rows::DequantizeQ2_K(x, y, n);
    case DType::kQ3_K: return rows::DequantizeQ3_K(x, y, n);
    case DType::kQ4_K: return rows::DequantizeQ4_K(x, y, n);
    case DType::kQ5_K: return rows::DequantizeQ5_K(x, y, n);
    case DType::kQ6_K: return rows::DequantizeQ6_K(x, y, n);
    case DType::kQ8_K: return rows::DequantizeQ8_K(x, y, n);
    case DType::kIQ4_NL: return rows::DequantizeIQ4_NL(x, y, n);
    case DType::kIQ4_XS: return rows::DequantizeIQ4_XS(x, y, n);
    default: HEARTH_CHECK(false) << "no dequantization for " << DTypeName(type);
  }
}

}  // namespace hearth
