// NEON dot products of the 256-element super-block types (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K,
// IQ4_XS) with Q8_K activations. Templates on Ops (see neon_common.h); instantiated by
// quant_kernels_neon.cc (baseline) and quant_kernels_neon_dotprod.cc (SDOT).
//
// Each function has the VecDotFn contract (kernel_set.h): n is a multiple of 256. Constant
// offsets inside the weights (Q3_K's -4, Q6_K's -32) and the mins of Q2_K/Q4_K/Q5_K are applied
// once per sub-block through the activation block sums (BlockQ8_K::bsums) instead of per element.
//
// Each super-block adds SuperBlockTerm(d_a, d, dmin, isum, bias) (neon_common.h) to a scalar sum,
// with the same exact integers as the tiles (kquant_tile_neon.h), so a row's product is the same
// float alone or in a tile.
#pragma once

#include "kernels/arm/neon_common.h"
#include "tensor/blocks.h"

namespace hearth::internal::neon {

// The 8 scales and 8 mins (6 bits each) of Q4_K/Q5_K, packed in 12 bytes: scales 0..3 and
// mins 0..3 are the low 6 bits of bytes 0..3 and 4..7; scales/mins 4..7 take their low 4 bits
// from the nibbles of bytes 8..11 and their top 2 bits from the top of bytes 0..3 / 4..7.
template <class Ops>
inline void UnpackScalesMinsK4(const uint8_t* packed, uint8_t scales[8], uint8_t mins[8]) {
  uint32_t w[3];
  std::memcpy(w, packed, sizeof(w));
  constexpr uint32_t kLow6 = 0x3F3F3F3Fu, kLow4 = 0x0F0F0F0Fu, kLow2 = 0x03030303u;
  const uint32_t s[2] = {w[0] & kLow6, (w[2] & kLow4) | (((w[0] >> 6) & kLow2) << 4)};
  const uint32_t m[2] = {w[1] & kLow6, ((w[2] >> 4) & kLow4) | (((w[1] >> 6) & kLow2) << 4)};
  std::memcpy(scales, s, sizeof(s));
  std::memcpy(mins, m, sizeof(m));
}

// The 16 signed scales of Q3_K (6 bits, stored +32): low 4 bits in the nibbles of bytes 0..7
// (scales 0..7 low nibbles, 8..15 high nibbles), top 2 bits in bytes 8..11, two bits per group
// of four scales.
template <class Ops>
inline int8x16_t UnpackScalesQ3K(const uint8_t* packed) {
  uint32_t w[3];
  std::memcpy(w, packed, sizeof(w));
  constexpr uint32_t kLow4 = 0x0F0F0F0Fu, kLow2 = 0x03030303u;
  const uint32_t s[4] = {
      (w[0] & kLow4) | ((w[2] & kLow2) << 4),
      (w[1] & kLow4) | (((w[2] >> 2) & kLow2) << 4),
      ((w[0] >> 4) & kLow4) | (((w[2] >> 4) & kLow2) << 4),
      ((w[1] >> 4) & kLow4) | (((w[2] >> 6) & kLow2) << 4),
  };
  int8_t bytes[16];
  std::memcpy(bytes, s, sizeof(s));
  return vsubq_s8(vld1q_s8(bytes), vdupq_n_s8(32));
}

// sum_j mins[j] * (bsums[2j] + bsums[2j + 1]) for the 8 mins of a Q4_K/Q5_K block.
template <class Ops>
inline int32_t MinsTimesBsums(const uint8_t mins[8], const int16_t* bsums) {
  const int16x8_t pairs = vpaddq_s16(vld1q_s16(bsums), vld1q_s16(bsums + 8));
  const int16x8_t m = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(mins)));
  int32x4_t acc = vmull_s16(vget_low_s16(m), vget_low_s16(pairs));
  acc = vmlal_high_s16(acc, m, pairs);
  return vaddvq_s32(acc);
}

template <class Ops>
float VecDotQ4_K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    uint8_t scales[8], mins[8];
    UnpackScalesMinsK4<Ops>(x[i].scales, scales, mins);
    const int32_t min_sum = MinsTimesBsums<Ops>(mins, y[i].bsums);
    int32x4_t isum = vdupq_n_s32(0);
    const uint8_t* q = x[i].qs;
    const int8_t* q8 = y[i].qs;
    // 32 bytes hold two sub-blocks of 32: low nibbles first, then high nibbles.
    for (int j = 0; j < 2; ++j, q += 64, q8 += 128) {
      const uint8x16_t q0 = vld1q_u8(q), q1 = vld1q_u8(q + 16);
      const uint8x16_t q2 = vld1q_u8(q + 32), q3 = vld1q_u8(q + 48);
      const int32x4_t s =
          Sum4<Ops>(Dot32<Ops>(LowNibbles<Ops>(q0), LowNibbles<Ops>(q1), q8),
                    Dot32<Ops>(HighNibbles<Ops>(q0), HighNibbles<Ops>(q1), q8 + 32),
                    Dot32<Ops>(LowNibbles<Ops>(q2), LowNibbles<Ops>(q3), q8 + 64),
                    Dot32<Ops>(HighNibbles<Ops>(q2), HighNibbles<Ops>(q3), q8 + 96));
      isum = vmlaq_s32(isum, s, WidenU8x4<Ops>(scales + 4 * j));
    }
    sum += SuperBlockTerm<Ops>(y[i].d, Half<Ops>(x[i].d), Half<Ops>(x[i].dmin), vaddvq_s32(isum),
                               min_sum);
  }
  return sum;
}

// Q5_K: as Q4_K; sub-block k takes its fifth bit from bit k of qh[l] (l = index within it).
template <class Ops>
inline int8x16_t With5thBit(uint8x16_t nibbles, uint8x16_t qh, int k) {
  const uint8x16_t set = vtstq_u8(qh, vdupq_n_u8(uint8_t(1u << k)));
  return vreinterpretq_s8_u8(vorrq_u8(nibbles, vandq_u8(set, vdupq_n_u8(0x10))));
}

template <class Ops>
float VecDotQ5_K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const uint8x16_t m4 = vdupq_n_u8(0x0F);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    uint8_t scales[8], mins[8];
    UnpackScalesMinsK4<Ops>(x[i].scales, scales, mins);
    const int32_t min_sum = MinsTimesBsums<Ops>(mins, y[i].bsums);
    const uint8x16_t h0 = vld1q_u8(x[i].qh), h1 = vld1q_u8(x[i].qh + 16);
    int32x4_t isum = vdupq_n_s32(0);
    const uint8_t* q = x[i].qs;
    const int8_t* q8 = y[i].qs;
    for (int j = 0; j < 2; ++j, q += 64, q8 += 128) {
      const uint8x16_t q0 = vld1q_u8(q), q1 = vld1q_u8(q + 16);
      const uint8x16_t q2 = vld1q_u8(q + 32), q3 = vld1q_u8(q + 48);
      const int k = 4 * j;
      const int32x4_t s =
          Sum4<Ops>(Dot32<Ops>(With5thBit<Ops>(vandq_u8(q0, m4), h0, k),
                               With5thBit<Ops>(vandq_u8(q1, m4), h1, k), q8),
                    Dot32<Ops>(With5thBit<Ops>(vshrq_n_u8(q0, 4), h0, k + 1),
                               With5thBit<Ops>(vshrq_n_u8(q1, 4), h1, k + 1), q8 + 32),
                    Dot32<Ops>(With5thBit<Ops>(vandq_u8(q2, m4), h0, k + 2),
                               With5thBit<Ops>(vandq_u8(q3, m4), h1, k + 2), q8 + 64),
                    Dot32<Ops>(With5thBit<Ops>(vshrq_n_u8(q2, 4), h0, k + 3),
                               With5thBit<Ops>(vshrq_n_u8(q3, 4), h1, k + 3), q8 + 96));
      isum = vmlaq_s32(isum, s, WidenU8x4<Ops>(scales + 4 * j));
    }
    sum += SuperBlockTerm<Ops>(y[i].d, Half<Ops>(x[i].d), Half<Ops>(x[i].dmin), vaddvq_s32(isum),
                               min_sum);
  }
  return sum;
}

// Q6_K, per half (128 elements): ql[0..63] low/high nibbles and qh[0..31] bit pairs give the
// 128 six-bit quants (0..63, stored +32) as 8 vectors of 16 in element order; vector k has
// scale k of the half.
template <class Ops>
inline void DecodeQ6KHalf(const uint8_t* ql, const uint8_t* qh, int8x16_t q[8]) {
  const uint8x16_t m4 = vdupq_n_u8(0x0F), m3 = vdupq_n_u8(0x03), hi2 = vdupq_n_u8(0x30);
  const uint8x16_t l0 = vld1q_u8(ql), l1 = vld1q_u8(ql + 16);
  const uint8x16_t l2 = vld1q_u8(ql + 32), l3 = vld1q_u8(ql + 48);
  const uint8x16_t h0 = vld1q_u8(qh), h1 = vld1q_u8(qh + 16);
  auto s8 = [](uint8x16_t v) { return vreinterpretq_s8_u8(v); };
  q[0] = s8(vorrq_u8(vandq_u8(l0, m4), vshlq_n_u8(vandq_u8(h0, m3), 4)));
  q[1] = s8(vorrq_u8(vandq_u8(l1, m4), vshlq_n_u8(vandq_u8(h1, m3), 4)));
  q[2] = s8(vorrq_u8(vandq_u8(l2, m4), vandq_u8(vshlq_n_u8(h0, 2), hi2)));
  q[3] = s8(vorrq_u8(vandq_u8(l3, m4), vandq_u8(vshlq_n_u8(h1, 2), hi2)));
  q[4] = s8(vorrq_u8(vshrq_n_u8(l0, 4), vandq_u8(h0, hi2)));
  q[5] = s8(vorrq_u8(vshrq_n_u8(l1, 4), vandq_u8(h1, hi2)));
  q[6] = s8(vorrq_u8(vshrq_n_u8(l2, 4), vandq_u8(vshrq_n_u8(h0, 2), hi2)));
  q[7] = s8(vorrq_u8(vshrq_n_u8(l3, 4), vandq_u8(vshrq_n_u8(h1, 2), hi2)));
}

// sum_k sc[k] * dot(q[k], a[16k..16k+15]) over 8 vectors, as lanes.
template <class Ops>
inline int32x4_t ScaledDots8(const int8x16_t q[8], const int8_t* sc, const int8_t* a) {
  const int32x4_t s0 = Sum4<Ops>(Dot16<Ops>(q[0], a), Dot16<Ops>(q[1], a + 16),
                                 Dot16<Ops>(q[2], a + 32), Dot16<Ops>(q[3], a + 48));
  const int32x4_t s1 = Sum4<Ops>(Dot16<Ops>(q[4], a + 64), Dot16<Ops>(q[5], a + 80),
                                 Dot16<Ops>(q[6], a + 96), Dot16<Ops>(q[7], a + 112));
  return vmlaq_s32(vmulq_s32(s0, WidenS8x4<Ops>(sc)), s1, WidenS8x4<Ops>(sc + 4));
}

template <class Ops>
float VecDotQ6_K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ6_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const int8_t* sc = x[i].scales;
    const int32_t offset_sum =
        WeightedBsums<Ops>(vmovl_s8(vld1_s8(sc)), vmovl_s8(vld1_s8(sc + 8)), y[i].bsums);
    int8x16_t q[8];
    DecodeQ6KHalf<Ops>(x[i].ql, x[i].qh, q);
    int32x4_t isum = ScaledDots8<Ops>(q, sc, y[i].qs);
    DecodeQ6KHalf<Ops>(x[i].ql + 64, x[i].qh + 32, q);
    isum = vaddq_s32(isum, ScaledDots8<Ops>(q, sc + 8, y[i].qs + 128));
    const float d = Half<Ops>(x[i].d);
    sum += SuperBlockTerm<Ops>(y[i].d, d, d, vaddvq_s32(isum), 32 * offset_sum);
  }
  return sum;
}

// Q2_K and Q3_K, per half (128 elements): bytes q[0..31] hold four rows of 32 two-bit quants
// (row r in bits 2r..2r+1; bytes 0..15 feed the first 16 elements of a row, bytes 16..31 the
// other 16). For Q3_K, bit hbit + r of hm0/hm1 (the hmask bytes) adds 4 to row r. Output: 8
// vectors of 16 in element order.
template <class Ops, bool kQ3>
inline void DecodeCrumbRows(const uint8_t* q, uint8x16_t hm0, uint8x16_t hm1, int hbit,
                            int8x16_t out[8]) {
  const uint8x16_t q0 = vld1q_u8(q), q1 = vld1q_u8(q + 16);
  const uint8x16_t m3 = vdupq_n_u8(0x03);
  for (int r = 0; r < 4; ++r) {
    const int8x16_t shift = vdupq_n_s8(int8_t(-2 * r));
    uint8x16_t a = vandq_u8(vshlq_u8(q0, shift), m3);
    uint8x16_t b = vandq_u8(vshlq_u8(q1, shift), m3);
    if constexpr (kQ3) {
      const uint8x16_t bit = vdupq_n_u8(uint8_t(1u << (hbit + r)));
      a = vorrq_u8(a, vandq_u8(vtstq_u8(hm0, bit), vdupq_n_u8(4)));
      b = vorrq_u8(b, vandq_u8(vtstq_u8(hm1, bit), vdupq_n_u8(4)));
    }
    out[2 * r] = vreinterpretq_s8_u8(a);
    out[2 * r + 1] = vreinterpretq_s8_u8(b);
  }
}

template <class Ops>
float VecDotQ2_K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const uint8x16_t zero = vdupq_n_u8(0);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const uint8x16_t packed = vld1q_u8(x[i].scales);
    const uint8x16_t mins = vshrq_n_u8(packed, 4);
    const int32_t min_sum =
        WeightedBsums<Ops>(vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(mins))),
                           vreinterpretq_s16_u16(vmovl_high_u8(mins)), y[i].bsums);
    int8_t scales[16];
    vst1q_s8(scales, vreinterpretq_s8_u8(vandq_u8(packed, vdupq_n_u8(0x0F))));
    int32x4_t isum = vdupq_n_s32(0);
    for (int h = 0; h < 2; ++h) {
      int8x16_t q[8];
      DecodeCrumbRows<Ops, false>(x[i].qs + 32 * h, zero, zero, 0, q);
      isum = vaddq_s32(isum, ScaledDots8<Ops>(q, scales + 8 * h, y[i].qs + 128 * h));
    }
    sum += SuperBlockTerm<Ops>(y[i].d, Half<Ops>(x[i].d), Half<Ops>(x[i].dmin), vaddvq_s32(isum),
                               min_sum);
  }
  return sum;
}

template <class Ops>
float VecDotQ3_K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const int8x16_t sc = UnpackScalesQ3K<Ops>(x[i].scales);
    int8_t scales[16];
    vst1q_s8(scales, sc);
    // Quants are stored +4 (a clear hmask bit means -4): subtract 4 * sum of activations.
    const int32_t offset_sum =
        WeightedBsums<Ops>(vmovl_s8(vget_low_s8(sc)), vmovl_high_s8(sc), y[i].bsums);
    const uint8x16_t hm0 = vld1q_u8(x[i].hmask), hm1 = vld1q_u8(x[i].hmask + 16);
    int32x4_t isum = vdupq_n_s32(0);
    for (int h = 0; h < 2; ++h) {
      int8x16_t q[8];
      DecodeCrumbRows<Ops, true>(x[i].qs + 32 * h, hm0, hm1, 4 * h, q);
      isum = vaddq_s32(isum, ScaledDots8<Ops>(q, scales + 8 * h, y[i].qs + 128 * h));
    }
    const float d = Half<Ops>(x[i].d);
    sum += SuperBlockTerm<Ops>(y[i].d, d, d, vaddvq_s32(isum), 4 * offset_sum);
  }
  return sum;
}

// IQ4_XS: 8 sub-blocks of 32 with 6-bit scales (stored +32); nibbles index the IQ4_NL levels.
template <class Ops>
float VecDotIQ4_XS(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_XS*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const int8x16_t levels = vld1q_s8(kIQ4NLValues);
  const uint8x16_t m4 = vdupq_n_u8(0x0F);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int32_t scales[8];
    for (int ib = 0; ib < 8; ++ib) {
      const int low = (x[i].scales_l[ib / 2] >> (4 * (ib % 2))) & 0x0F;
      const int high = (x[i].scales_h >> (2 * ib)) & 0x03;
      scales[ib] = (low | (high << 4)) - 32;
    }
    int32x4_t isum = vdupq_n_s32(0);
    for (int g = 0; g < 2; ++g) {
      int32x4_t dots[4];
      for (int k = 0; k < 4; ++k) {
        const int ib = 4 * g + k;
        const uint8x16_t q = vld1q_u8(x[i].qs + 16 * ib);
        dots[k] = Dot32<Ops>(vqtbl1q_s8(levels, vandq_u8(q, m4)),
                             vqtbl1q_s8(levels, vshrq_n_u8(q, 4)), y[i].qs + 32 * ib);
      }
      isum =
          vmlaq_s32(isum, Sum4<Ops>(dots[0], dots[1], dots[2], dots[3]), vld1q_s32(scales + 4 * g));
    }
    sum += SuperBlockTerm<Ops>(y[i].d, Half<Ops>(x[i].d), 0.0f, vaddvq_s32(isum), 0);
  }
  return sum;
}

}  // namespace hearth::internal::neon
