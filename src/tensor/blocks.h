// Quantization blocks, byte for byte as GGUF files store them (ggml's layouts). Each struct is a
// plain view of file bytes; static_asserts pin the sizes. Comments give the dequantization
// formula; the exact bit layouts are documented in tensor/dequantize.cc (32-element types) and
// tensor/dequantize_kquants.cc (K-quants, IQ4_XS).
#pragma once

#include <cstdint>

#include "base/fp16.h"

namespace hearth {

constexpr int kQK4_0 = 32;
constexpr int kQK4_1 = 32;
constexpr int kQK5_0 = 32;
constexpr int kQK5_1 = 32;
constexpr int kQK8_0 = 32;
constexpr int kQK8_1 = 32;
constexpr int kQK4_NL = 32;
constexpr int kQK_K = 256;         // super-block size of the K-quants
constexpr int kKScaleSize = 12;    // packed 6-bit scales+mins of Q4_K/Q5_K

// x = d * (q - 8); q: 4 bits. qs[j] holds element j (low nibble) and j+16 (high nibble).
struct BlockQ4_0 {
  f16 d;
  uint8_t qs[kQK4_0 / 2];
};
static_assert(sizeof(BlockQ4_0) == 18);

// x = d * q + m; q: 4 bits, nibbles as Q4_0.
struct BlockQ4_1 {
  f16 d;
  f16 m;
  uint8_t qs[kQK4_1 / 2];
};
static_assert(sizeof(BlockQ4_1) == 20);

// x = d * (q - 16); q: 5 bits = nibble | (bit j of qh) << 4.
struct BlockQ5_0 {
  f16 d;
  uint8_t qh[4];
  uint8_t qs[kQK5_0 / 2];
};
static_assert(sizeof(BlockQ5_0) == 22);

// x = d * q + m; q: 5 bits as Q5_0.
struct BlockQ5_1 {
  f16 d;
  f16 m;
  uint8_t qh[4];
  uint8_t qs[kQK5_1 / 2];
};
static_assert(sizeof(BlockQ5_1) == 24);

// x = d * q; q: int8.
struct BlockQ8_0 {
  f16 d;
  int8_t qs[kQK8_0];
};
static_assert(sizeof(BlockQ8_0) == 34);

// Activations for Q4_1/Q5_1 dot products: x = d * q, s = d * sum(q).
struct BlockQ8_1 {
  f16 d;
  f16 s;
  int8_t qs[kQK8_1];
};
static_assert(sizeof(BlockQ8_1) == 36);

// 16 sub-blocks of 16: x = d * (scale & 0xF) * q - dmin * (scale >> 4); q: 2 bits.
struct BlockQ2_K {
  uint8_t scales[kQK_K / 16];
  uint8_t qs[kQK_K / 4];
  f16 d;
  f16 dmin;
};
static_assert(sizeof(BlockQ2_K) == 84);

// 16 sub-blocks of 16: x = d * (scale - 32) * (q - (hmask bit ? 0 : 4)); q: 2 low bits + 1 high
// bit; 6-bit scales packed in 12 bytes.
struct BlockQ3_K {
  uint8_t hmask[kQK_K / 8];
  uint8_t qs[kQK_K / 4];
  uint8_t scales[12];
  f16 d;
};
static_assert(sizeof(BlockQ3_K) == 110);

// 8 sub-blocks of 32: x = d * scale * q - dmin * min; 6-bit scales and mins; q: 4 bits.
struct BlockQ4_K {
  f16 d;
  f16 dmin;
  uint8_t scales[kKScaleSize];
  uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(BlockQ4_K) == 144);

// As Q4_K with a fifth bit per element in qh.
struct BlockQ5_K {
  f16 d;
  f16 dmin;
  uint8_t scales[kKScaleSize];
  uint8_t qh[kQK_K / 8];
  uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(BlockQ5_K) == 176);

// 16 sub-blocks of 16: x = d * scale * (q - 32); q: 4 low bits (ql) + 2 high bits (qh).
struct BlockQ6_K {
  uint8_t ql[kQK_K / 2];
  uint8_t qh[kQK_K / 4];
  int8_t scales[kQK_K / 16];
  f16 d;
};
static_assert(sizeof(BlockQ6_K) == 210);

// Activations for K-quant dot products: x = d * q; bsums[i] = sum of q over elements 16i..16i+15.
struct BlockQ8_K {
  float d;
  int8_t qs[kQK_K];
  int16_t bsums[kQK_K / 16];
};
static_assert(sizeof(BlockQ8_K) == 292);

// Non-linear 4-bit: x = d * kIQ4NLValues[q]; nibbles as Q4_0.
struct BlockIQ4_NL {
  f16 d;
  uint8_t qs[kQK4_NL / 2];
};
static_assert(sizeof(BlockIQ4_NL) == 18);

// 8 sub-blocks of 32 with 6-bit scales (4 low bits in scales_l, 2 high in scales_h):
// x = d * (scale - 32) * kIQ4NLValues[q].
struct BlockIQ4_XS {
  f16 d;
  uint16_t scales_h;
  uint8_t scales_l[kQK_K / 64];
  uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(BlockIQ4_XS) == 136);

// The 16 levels of IQ4_NL and IQ4_XS.
inline constexpr int8_t kIQ4NLValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                            1,    13,   25,  38,  53,  69,  89,  113};

}  // namespace hearth
