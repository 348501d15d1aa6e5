// Building blocks shared by the NEON quantized dot products (quant_dot_neon.h,
// kquant_dot_neon.h). Internal to src/kernels/arm/.
//
// Every function here is a template on an `Ops` policy that supplies the one instruction that
// differs between the baseline and the dotprod kernels:
//   static int32x4_t Ops::Dot(int32x4_t acc, int8x16_t w, int8x16_t a);
// which adds the 16 products w[i] * a[i] into the four lanes of acc (how the products are spread
// over the lanes is up to Ops; callers only ever use the sum of the lanes). `a` must lie in
// [-127, 127], which every activation quantizer guarantees.
//
// Each .cc file defines its Ops in an unnamed namespace, so every instantiation has internal
// linkage: the same source is compiled once for armv8-a and once for armv8.2-a+dotprod, and the
// linker must never pick the dotprod copy for a CPU without SDOT. That is also why even the
// helpers that do not use Ops::Dot are templates on Ops.
#pragma once

#include <arm_neon.h>

#include <cstdint>
#include <cstring>

#include "base/fp16.h"

namespace hearth::internal::neon {

// f16 -> f32 with the FCVT instruction (part of baseline ARMv8 floating point).
template <class Ops>
inline float Half(f16 h) {
  __fp16 v;
  std::memcpy(&v, &h, sizeof(v));
  return float(v);
}

// [sum of a's lanes, sum of b's, sum of c's, sum of d's].
template <class Ops>
inline int32x4_t Sum4(int32x4_t a, int32x4_t b, int32x4_t c, int32x4_t d) {
  return vpaddq_s32(vpaddq_s32(a, b), vpaddq_s32(c, d));
}

// Lane sums of the dot products of 16 and 32 weights with activations at `a`.
template <class Ops>
inline int32x4_t Dot16(int8x16_t w, const int8_t* a) {
  return Ops::Dot(vdupq_n_s32(0), w, vld1q_s8(a));
}
template <class Ops>
inline int32x4_t Dot32(int8x16_t w0, int8x16_t w1, const int8_t* a) {
  return Ops::Dot(Ops::Dot(vdupq_n_s32(0), w0, vld1q_s8(a)), w1, vld1q_s8(a + 16));
}

template <class Ops>
inline int8x16_t LowNibbles(uint8x16_t v) {
  return vreinterpretq_s8_u8(vandq_u8(v, vdupq_n_u8(0x0F)));
}
template <class Ops>
inline int8x16_t HighNibbles(uint8x16_t v) {
  return vreinterpretq_s8_u8(vshrq_n_u8(v, 4));
}

// 0xFF in byte i where bit i of the low 16 bits of `bits` is set, else 0.
template <class Ops>
inline uint8x16_t BitsToByteMask(uint32_t bits) {
  static constexpr uint8_t kBit[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  const uint8x16_t bytes = vcombine_u8(vdup_n_u8(uint8_t(bits)), vdup_n_u8(uint8_t(bits >> 8)));
  return vtstq_u8(bytes, vld1q_u8(kBit));
}

// The four int32 lanes of four consecutive bytes (unsigned or signed).
template <class Ops>
inline int32x4_t WidenU8x4(const uint8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  const uint16x8_t w16 = vmovl_u8(vcreate_u8(word));
  return vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(w16)));
}
template <class Ops>
inline int32x4_t WidenS8x4(const int8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  const int16x8_t w16 = vmovl_s8(vcreate_s8(word));
  return vmovl_s16(vget_low_s16(w16));
}

// sum_k weights[k] * bsums[k] for 16 int16 weights and the 16 bsums of a BlockQ8_K.
template <class Ops>
inline int32_t WeightedBsums(int16x8_t w_lo, int16x8_t w_hi, const int16_t* bsums) {
  const int16x8_t b_lo = vld1q_s16(bsums), b_hi = vld1q_s16(bsums + 8);
  int32x4_t acc = vmull_s16(vget_low_s16(w_lo), vget_low_s16(b_lo));
  acc = vmlal_high_s16(acc, w_lo, b_lo);
  acc = vmlal_s16(acc, vget_low_s16(w_hi), vget_low_s16(b_hi));
  acc = vmlal_high_s16(acc, w_hi, b_hi);
  return vaddvq_s32(acc);
}

// The float step of the 32-element block types, shared by the vec_dots and the tiles
// (quant_dot_neon.h) so that a row's product is the same float alone or in a tile: the int32
// lanes of blocks b and b + 1 (zero for a lone last block) are paired,
// [b0 + b1, b2 + b3, c0 + c1, c2 + c3], converted and scaled by PairScales(s_b, s_b+1)
// (products d_w * d_a), then added to acc.
template <class Ops>
inline float32x4_t AddBlockPair(float32x4_t acc, int32x4_t dot_b, int32x4_t dot_c,
                                float32x4_t scales) {
  return vaddq_f32(acc, vmulq_f32(vcvtq_f32_s32(vpaddq_s32(dot_b, dot_c)), scales));
}

// [s0, s0, s1, s1]: one scale per lane of AddBlockPair.
template <class Ops>
inline float32x4_t PairScales(float s0, float s1) {
  return vcombine_f32(vdup_n_f32(s0), vdup_n_f32(s1));
}

// A super-block's term for the 256-element types, from its exact integers: isum = sum of scaled
// quant x activation products, bias = the bsums correction (mins or the stored offset).
// Shared by the K-quant vec_dots (kquant_dot_neon.h) and tiles (kquant_tile_neon.h).
template <class Ops>
inline float SuperBlockTerm(float d_a, float d, float dmin, int32_t isum, int32_t bias) {
  return d_a * (d * float(isum) - dmin * float(bias));
}

}  // namespace hearth::internal::neon
