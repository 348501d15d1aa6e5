// QuantizeRow, the plain formats, the activation formats (Q8_0, Q8_1, Q8_K: rounding exactly as
// ggml's reference quantizers, since dot products must see the integers the reference engine
// sees) and the 32-element weight formats. K-quants and IQ4_XS are in quantize_kquants.cc.
#include "tensor/quantize.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "base/check.h"
#include "tensor/blocks.h"
#include "tensor/quant_common.h"
#include "tensor/quant_rows.h"

// Clang would otherwise fuse a * b + c into one rounding (GCC does not in ISO C++ mode), and the
// results must match ggml's unfused arithmetic bit for bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace hearth {
namespace rows {
namespace {

float AbsMax(const float* x, int n) {
  float amax = 0.0f;
  for (int j = 0; j < n; ++j) amax = std::max(amax, std::fabs(x[j]));
  return amax;
}

// The element of largest magnitude, with its sign (the first one on ties).
float SignedAbsMax(const float* x, int n) {
  float amax = 0.0f, max = 0.0f;
  for (int j = 0; j < n; ++j) {
    if (std::fabs(x[j]) > amax) {
      amax = std::fabs(x[j]);
      max = x[j];
    }
  }
  return max;
}

void MinMax(const float* x, int n, float* min, float* max) {
  *min = FLT_MAX;
  *max = -FLT_MAX;
  for (int j = 0; j < n; ++j) {
    *min = std::min(*min, x[j]);
    *max = std::max(*max, x[j]);
  }
}

// Packs 32 values q (5 bits each) into nibbles (j | j+16 << 4) and a little-endian bit mask.
void PackFiveBits(const uint8_t q[32], uint8_t qs[16], uint8_t qh_bytes[4]) {
  uint32_t qh = 0;
  for (int j = 0; j < 16; ++j) {
    qs[j] = uint8_t((q[j] & 0xF) | ((q[j + 16] & 0xF) << 4));
    qh |= uint32_t(q[j] >> 4) << j;
    qh |= uint32_t(q[j + 16] >> 4) << (j + 16);
  }
  std::memcpy(qh_bytes, &qh, 4);
}

}  // namespace

void QuantizeF32(const float* x, void* y, int64_t n) { std::memcpy(y, x, size_t(n) * 4); }

void QuantizeF16(const float* x, void* y, int64_t n) {
  f16* h = static_cast<f16*>(y);
  for (int64_t i = 0; i < n; ++i) h[i] = F32ToF16(x[i]);
}

void QuantizeBF16(const float* x, void* y, int64_t n) {
  bf16* b = static_cast<bf16*>(y);
  for (int64_t i = 0; i < n; ++i) b[i] = F32ToBf16(x[i]);
}

// d = amax / 127; q = round-half-away(x / d) (ggml multiplies by id = 1 / d).
void QuantizeQ8_0(const float* x, void* y, int64_t n) {
  BlockQ8_0* b = static_cast<BlockQ8_0*>(y);
  for (int64_t i = 0; i < n / kQK8_0; ++i, x += kQK8_0) {
    const float d = AbsMax(x, kQK8_0) / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    for (int j = 0; j < kQK8_0; ++j) b[i].qs[j] = int8_t(std::round(x[j] * id));
  }
}

// As Q8_0, plus s = f16(sum(q) * d) with d before its rounding to f16.
void QuantizeQ8_1(const float* x, void* y, int64_t n) {
  BlockQ8_1* b = static_cast<BlockQ8_1*>(y);
  for (int64_t i = 0; i < n / kQK8_1; ++i, x += kQK8_1) {
    const float d = AbsMax(x, kQK8_1) / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    int sum = 0;
    for (int j = 0; j < kQK8_1; ++j) {
      b[i].qs[j] = int8_t(std::round(x[j] * id));
      sum += b[i].qs[j];
    }
    b[i].s = F32ToF16(float(sum) * d);
  }
}

// iscale = -127 / max (max: the signed element of largest magnitude); q = nearest-even(x *
// iscale) capped at 127; d = 1 / iscale (f32, negative when max > 0); bsums per 16.
void QuantizeQ8_K(const float* x, void* y, int64_t n) {
  BlockQ8_K* b = static_cast<BlockQ8_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    const float max = SignedAbsMax(x, kQK_K);
    if (max == 0.0f) {
      std::memset(&b[i], 0, sizeof(BlockQ8_K));
      continue;
    }
    const float iscale = -127.0f / max;
    for (int j = 0; j < kQK_K; ++j) b[i].qs[j] = int8_t(std::min(127, NearestInt(iscale * x[j])));
    for (int s = 0; s < kQK_K / 16; ++s) {
      int sum = 0;
      for (int j = 0; j < 16; ++j) sum += b[i].qs[16 * s + j];
      b[i].bsums[s] = int16_t(sum);
    }
    b[i].d = 1.0f / iscale;
  }
}

// ggml's reference: d = max / -8 (max: signed largest magnitude), q = min(15, trunc(x/d + 8.5)).
void QuantizeQ4_0(const float* x, void* y, int64_t n) {
  BlockQ4_0* b = static_cast<BlockQ4_0*>(y);
  for (int64_t i = 0; i < n / kQK4_0; ++i, x += kQK4_0) {
    const float d = SignedAbsMax(x, kQK4_0) / -8.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    for (int j = 0; j < kQK4_0 / 2; ++j) {
      const int q0 = std::min(15, int(x[j] * id + 8.5f));
      const int q1 = std::min(15, int(x[j + kQK4_0 / 2] * id + 8.5f));
      b[i].qs[j] = uint8_t(q0 | (q1 << 4));
    }
  }
}

// ggml's reference: d = (max - min) / 15, m = min, q = min(15, trunc((x - min) / d + 0.5)).
void QuantizeQ4_1(const float* x, void* y, int64_t n) {
  BlockQ4_1* b = static_cast<BlockQ4_1*>(y);
  for (int64_t i = 0; i < n / kQK4_1; ++i, x += kQK4_1) {
    float min, max;
    MinMax(x, kQK4_1, &min, &max);
    const float d = (max - min) / 15.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    b[i].m = F32ToF16(min);
    for (int j = 0; j < kQK4_1 / 2; ++j) {
      const int q0 = std::min(15, int((x[j] - min) * id + 0.5f));
      const int q1 = std::min(15, int((x[j + kQK4_1 / 2] - min) * id + 0.5f));
      b[i].qs[j] = uint8_t(q0 | (q1 << 4));
    }
  }
}

// ggml's reference: d = max / -16, q = min(31, trunc(x/d + 16.5)).
void QuantizeQ5_0(const float* x, void* y, int64_t n) {
  BlockQ5_0* b = static_cast<BlockQ5_0*>(y);
  for (int64_t i = 0; i < n / kQK5_0; ++i, x += kQK5_0) {
    const float d = SignedAbsMax(x, kQK5_0) / -16.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    uint8_t q[kQK5_0];
    for (int j = 0; j < kQK5_0; ++j) q[j] = uint8_t(std::min(31, int(x[j] * id + 16.5f)));
    PackFiveBits(q, b[i].qs, b[i].qh);
  }
}

// ggml's reference: d = (max - min) / 31, m = min, q = trunc((x - min) / d + 0.5).
void QuantizeQ5_1(const float* x, void* y, int64_t n) {
  BlockQ5_1* b = static_cast<BlockQ5_1*>(y);
  for (int64_t i = 0; i < n / kQK5_1; ++i, x += kQK5_1) {
    float min, max;
    MinMax(x, kQK5_1, &min, &max);
    const float d = (max - min) / 31.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    b[i].d = F32ToF16(d);
    b[i].m = F32ToF16(min);
    uint8_t q[kQK5_1];
    for (int j = 0; j < kQK5_1; ++j) q[j] = uint8_t(std::min(31, int((x[j] - min) * id + 0.5f)));
    PackFiveBits(q, b[i].qs, b[i].qh);
  }
}

// Per block: the best least-squares scale over a few candidates (FitNonLinear).
void QuantizeIQ4_NL(const float* x, void* y, int64_t n) {
  BlockIQ4_NL* b = static_cast<BlockIQ4_NL*>(y);
  for (int64_t i = 0; i < n / kQK4_NL; ++i, x += kQK4_NL) {
    uint8_t idx[kQK4_NL];
    const float d = FitNonLinear(x, kQK4_NL, idx);
    b[i].d = F32ToF16(d);
    const float dh = F16ToF32(b[i].d);
    // Re-pick the levels for the f16-rounded scale.
    const float id = dh != 0.0f ? 1.0f / dh : 0.0f;
    for (int j = 0; j < kQK4_NL; ++j) idx[j] = uint8_t(NearestIQ4Level(x[j] * id));
    for (int j = 0; j < kQK4_NL / 2; ++j) {
      b[i].qs[j] = uint8_t(idx[j] | (idx[j + kQK4_NL / 2] << 4));
    }
  }
}

}  // namespace rows

void QuantizeRow(DType type, const float* x, void* y, int64_t n) {
  HEARTH_CHECK(n % Traits(type).block_elems == 0)
      << DTypeName(type) << " row of " << n << " elements";
  switch (type) {
    case DType::kF32: return rows::QuantizeF32(x, y, n);
    case DType::kF16: return rows::QuantizeF16(x, y, n);
    case DType::kBF16: return rows::QuantizeBF16(x, y, n);
    case DType::kQ4_0: return rows::QuantizeQ4_0(x, y, n);
    case DType::kQ4_1: return rows::QuantizeQ4_1(x, y, n);
    case DType::kQ5_0: return rows::QuantizeQ5_0(x, y, n);
    case DType::kQ5_1: return rows::QuantizeQ5_1(x, y, n);
    case DType::kQ8_0: return rows::QuantizeQ8_0(x, y, n);
    case DType::kQ8_1: return rows::QuantizeQ8_1(x, y, n);
    case DType::kQ2_K: return rows::QuantizeQ2_K(x, y, n);
    case DType::kQ3_K: return rows::QuantizeQ3_K(x, y, n);
    case DType::kQ4_K: return rows::QuantizeQ4_K(x, y, n);
    case DType::kQ5_K: return rows::QuantizeQ5_K(x, y, n);
    case DType::kQ6_K: return rows::QuantizeQ6_K(x, y, n);
    case DType::kQ8_K: return rows::QuantizeQ8_K(x, y, n);
    case DType::kIQ4_NL: return rows::QuantizeIQ4_NL(x, y, n);
    case DType::kIQ4_XS: return rows::QuantizeIQ4_XS(x, y, n);
    default: HEARTH_CHECK(false) << "no quantization to " << DTypeName(type);
  }
}

}  // namespace hearth
