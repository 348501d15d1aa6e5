// NEON vec_dot_tile for the super-block types (Q2_K..Q6_K, IQ4_XS) against Q8_K activations.
// Each weight super-block of a group of rows is decoded once into a DecodedK (256 int8 weights
// with one scale per 16 and a bsums correction) and then dotted with every activation row, so
// the decoding cost is shared by all columns of the tile. Templates on Ops (neon_common.h).
#pragma once

#include <algorithm>

#include "kernels/arm/kquant_dot_neon.h"

namespace hearth::internal::neon {

// One super-block ready for dot products with any BlockQ8_K `y`:
//   dot = y.d * (d * sum_k scales[k] * dot(q[16k..16k+15], y.qs[16k..]) -
//                dmin * sum_k bias[k] * y.bsums[k])
struct DecodedK {
  int8_t q[kQK_K];
  int16_t scales[kQK_K / 16];
  int16_t bias[kQK_K / 16];
  float d;
  float dmin;
};

// Stores n vectors of 16 int8 at q.
template <class Ops>
inline void StoreVectors(int8_t* q, const int8x16_t* v, int n) {
  for (int k = 0; k < n; ++k) vst1q_s8(q + 16 * k, v[k]);
}

// Per-16 scales and bsums weights from 8 per-32 scales and mins (Q4_K, Q5_K).
template <class Ops>
inline void SpreadScalesMins(const uint8_t scales[8], const uint8_t mins[8], DecodedK& out) {
  for (int k = 0; k < 16; ++k) {
    out.scales[k] = scales[k / 2];
    out.bias[k] = mins[k / 2];
  }
}

template <class Ops>
void DecodeQ4_K(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockQ4_K*>(block);
  uint8_t scales[8], mins[8];
  UnpackScalesMinsK4<Ops>(b.scales, scales, mins);
  SpreadScalesMins<Ops>(scales, mins, out);
  out.d = Half<Ops>(b.d);
  out.dmin = Half<Ops>(b.dmin);
  for (int j = 0; j < 4; ++j) {
    const uint8x16_t q0 = vld1q_u8(b.qs + 32 * j), q1 = vld1q_u8(b.qs + 32 * j + 16);
    const int8x16_t v[4] = {LowNibbles<Ops>(q0), LowNibbles<Ops>(q1), HighNibbles<Ops>(q0),
                            HighNibbles<Ops>(q1)};
    StoreVectors<Ops>(out.q + 64 * j, v, 4);
  }
}

template <class Ops>
void DecodeQ5_K(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockQ5_K*>(block);
  uint8_t scales[8], mins[8];
  UnpackScalesMinsK4<Ops>(b.scales, scales, mins);
  SpreadScalesMins<Ops>(scales, mins, out);
  out.d = Half<Ops>(b.d);
  out.dmin = Half<Ops>(b.dmin);
  const uint8x16_t h0 = vld1q_u8(b.qh), h1 = vld1q_u8(b.qh + 16);
  const uint8x16_t m4 = vdupq_n_u8(0x0F);
  for (int j = 0; j < 4; ++j) {
    const uint8x16_t q0 = vld1q_u8(b.qs + 32 * j), q1 = vld1q_u8(b.qs + 32 * j + 16);
    const int8x16_t v[4] = {With5thBit<Ops>(vandq_u8(q0, m4), h0, 2 * j),
                            With5thBit<Ops>(vandq_u8(q1, m4), h1, 2 * j),
                            With5thBit<Ops>(vshrq_n_u8(q0, 4), h0, 2 * j + 1),
                            With5thBit<Ops>(vshrq_n_u8(q1, 4), h1, 2 * j + 1)};
    StoreVectors<Ops>(out.q + 64 * j, v, 4);
  }
}

// Q6_K quants are stored +32: the correction is 32 * scale per 16.
template <class Ops>
void DecodeQ6_K(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockQ6_K*>(block);
  for (int h = 0; h < 2; ++h) {
    int8x16_t q[8];
    DecodeQ6KHalf<Ops>(b.ql + 64 * h, b.qh + 32 * h, q);
    StoreVectors<Ops>(out.q + 128 * h, q, 8);
  }
  for (int k = 0; k < 16; ++k) {
    out.scales[k] = b.scales[k];
    out.bias[k] = int16_t(32 * b.scales[k]);
  }
  out.d = out.dmin = Half<Ops>(b.d);
}

template <class Ops>
void DecodeQ2_K(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockQ2_K*>(block);
  const uint8x16_t zero = vdupq_n_u8(0);
  for (int h = 0; h < 2; ++h) {
    int8x16_t q[8];
    DecodeCrumbRows<Ops, false>(b.qs + 32 * h, zero, zero, 0, q);
    StoreVectors<Ops>(out.q + 128 * h, q, 8);
  }
  for (int k = 0; k < 16; ++k) {
    out.scales[k] = b.scales[k] & 0x0F;
    out.bias[k] = b.scales[k] >> 4;
  }
  out.d = Half<Ops>(b.d);
  out.dmin = Half<Ops>(b.dmin);
}

// Q3_K quants are stored +4: the correction is 4 * scale per 16.
template <class Ops>
void DecodeQ3_K(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockQ3_K*>(block);
  const uint8x16_t hm0 = vld1q_u8(b.hmask), hm1 = vld1q_u8(b.hmask + 16);
  for (int h = 0; h < 2; ++h) {
    int8x16_t q[8];
    DecodeCrumbRows<Ops, true>(b.qs + 32 * h, hm0, hm1, 4 * h, q);
    StoreVectors<Ops>(out.q + 128 * h, q, 8);
  }
  int8_t scales[16];
  vst1q_s8(scales, UnpackScalesQ3K<Ops>(b.scales));
  for (int k = 0; k < 16; ++k) {
    out.scales[k] = scales[k];
    out.bias[k] = int16_t(4 * scales[k]);
  }
  out.d = out.dmin = Half<Ops>(b.d);
}

template <class Ops>
void DecodeIQ4_XS(const void* block, DecodedK& out) {
  const auto& b = *static_cast<const BlockIQ4_XS*>(block);
  const int8x16_t levels = vld1q_s8(kIQ4NLValues);
  for (int ib = 0; ib < 8; ++ib) {
    const uint8x16_t q = vld1q_u8(b.qs + 16 * ib);
    const int8x16_t v[2] = {vqtbl1q_s8(levels, vandq_u8(q, vdupq_n_u8(0x0F))),
                            vqtbl1q_s8(levels, vshrq_n_u8(q, 4))};
    StoreVectors<Ops>(out.q + 32 * ib, v, 2);
    const int low = (b.scales_l[ib / 2] >> (4 * (ib % 2))) & 0x0F;
    const int high = (b.scales_h >> (2 * ib)) & 0x03;
    out.scales[2 * ib] = out.scales[2 * ib + 1] = int16_t((low | (high << 4)) - 32);
    out.bias[2 * ib] = out.bias[2 * ib + 1] = 0;
  }
  out.d = Half<Ops>(b.d);
  out.dmin = 0.0f;
}

// The DecodedK formula for one activation block.
template <class Ops>
inline float DotDecoded(const DecodedK& w, const BlockQ8_K& y) {
  int32x4_t isum = vdupq_n_s32(0);
  for (int g = 0; g < 4; ++g) {
    const int8_t* q = w.q + 64 * g;
    const int8_t* a = y.qs + 64 * g;
    const int32x4_t s =
        Sum4<Ops>(Dot16<Ops>(vld1q_s8(q), a), Dot16<Ops>(vld1q_s8(q + 16), a + 16),
                  Dot16<Ops>(vld1q_s8(q + 32), a + 32), Dot16<Ops>(vld1q_s8(q + 48), a + 48));
    isum = vmlaq_s32(isum, s, vmovl_s16(vld1_s16(w.scales + 4 * g)));
  }
  const int32_t bias = WeightedBsums<Ops>(vld1q_s16(w.bias), vld1q_s16(w.bias + 8), y.bsums);
  return SuperBlockTerm<Ops>(y.d, w.d, w.dmin, vaddvq_s32(isum), bias);
}

// VecDotTileFn (kernel_set.h). Rows in groups of kRows, columns in chunks of kCols: for each
// super-block the group's rows are decoded once per chunk, then dotted with every column.
template <class Ops, size_t kBlockBytes, void (*kDecode)(const void*, DecodedK&)>
void VecDotTileK(int64_t n, const void* w, size_t w_stride, int n_rows, const void* a,
                 size_t a_stride, int n_cols, float* out, size_t out_stride) {
  constexpr int kRows = 4, kCols = 16;
  const auto* wb = static_cast<const uint8_t*>(w);
  const auto* ab = static_cast<const uint8_t*>(a);
  DecodedK decoded[kRows];
  for (int r0 = 0; r0 < n_rows; r0 += kRows) {
    const int rows = std::min(kRows, n_rows - r0);
    for (int c0 = 0; c0 < n_cols; c0 += kCols) {
      const int cols = std::min(kCols, n_cols - c0);
      float acc[kRows][kCols] = {};
      for (int64_t i = 0; i < n / kQK_K; ++i) {
        for (int r = 0; r < rows; ++r) {
          kDecode(wb + size_t(r0 + r) * w_stride + size_t(i) * kBlockBytes, decoded[r]);
        }
        for (int c = 0; c < cols; ++c) {
          const auto* y = reinterpret_cast<const BlockQ8_K*>(ab + size_t(c0 + c) * a_stride);
          for (int r = 0; r < rows; ++r) acc[r][c] += DotDecoded<Ops>(decoded[r], y[i]);
        }
      }
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c)
          out[size_t(c0 + c) * out_stride + size_t(r0 + r)] = acc[r][c];
      }
    }
  }
}

}  // namespace hearth::internal::neon
