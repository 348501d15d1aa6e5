// AVX-512 dot products of the K-quants and IQ4_XS with Q8_K activations. 64 elements per
// 512-bit step: unsigned weight bytes x activation bytes summed in int16 pairs (vpmaddubsw,
// exact for weights < 64), weighted by the sub-block scales and accumulated in int32 by
// vpdpwssd. The integer total of a super-block is converted once and scaled by d_w * d_a.
//
// The float arithmetic is that of the tiles (vec_dot_tile_kquants_avx512.cc), so a row's product
// is the same float alone or in a tile: per super-block, one accumulator takes
// acc = fnmadd(float(min lanes), d_min * d_a, acc) (types with mins), then
// acc = fma(float(int32 lanes), d_w * d_a, acc), with every int32 lane holding the same exact
// integer as the tile's; one _mm512_reduce_add_ps at the end.
#include <type_traits>

#include "kernels/x86/avx512_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;
using x86::Load256;
using x86::Load512;

inline __m512i Low4(__m512i v) { return _mm512_and_si512(v, _mm512_set1_epi8(0x0F)); }
inline __m512i High4(__m512i v) { return Low4(_mm512_srli_epi16(v, 4)); }
inline __m512i Bits2(__m512i v, int shift) {
  return _mm512_and_si512(_mm512_srli_epi16(v, shift), _mm512_set1_epi8(0x03));
}

// Word-lane indices: 8 lanes each of g0..g3 (one 16-element group per 8 int16 pair sums).
inline __m512i GroupIndex(int g0, int g1, int g2, int g3) {
  const __m128i a = _mm_set1_epi16(static_cast<int16_t>(g0));
  const __m128i b = _mm_set1_epi16(static_cast<int16_t>(g1));
  const __m128i c = _mm_set1_epi16(static_cast<int16_t>(g2));
  const __m128i d = _mm_set1_epi16(static_cast<int16_t>(g3));
  const __m256i lo = _mm256_set_m128i(b, a), hi = _mm256_set_m128i(d, c);
  return _mm512_inserti64x4(_mm512_zextsi256_si512(lo), hi, 1);
}

// sum += maddubs(q, a) weighted per 16-element group by int16 lanes of `scales` picked by idx.
inline __m512i ScaledDot(__m512i sum, __m512i q, __m512i a, __m512i scales, __m512i idx) {
  return _mm512_dpwssd_epi32(sum, _mm512_maddubs_epi16(q, a),
                             _mm512_permutexvar_epi16(idx, scales));
}

// Sum of int16 scales x bsums: the offset or min term of a super-block (8 int32 lanes).
inline __m256i ScaleBsums(__m256i scales16, const int16_t* bsums) {
  return _mm256_madd_epi16(scales16, Load256(bsums));
}

inline __m512 Accumulate(__m512 acc, float scale, __m512i sum) {
  return _mm512_fmadd_ps(_mm512_set1_ps(scale), _mm512_cvtepi32_ps(sum), acc);
}

// acc - float(min_sums) * scale in the low 8 lanes (the tiles' min step).
inline __m512 SubtractMins(__m512 acc, float scale, __m256i min_sums) {
  return _mm512_fnmadd_ps(_mm512_zextps256_ps512(_mm256_cvtepi32_ps(min_sums)),
                          _mm512_set1_ps(scale), acc);
}

float VecDotQ2K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m128i packed = x86::Load128(x[i].scales);
    const __m128i mins8 = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0x0F));
    const __m256i min_sums = ScaleBsums(_mm256_cvtepu8_epi16(mins8), y[i].bsums);
    const __m512i scales =
        _mm512_zextsi256_si512(_mm256_cvtepu8_epi16(_mm_and_si128(packed, _mm_set1_epi8(0x0F))));
    const __m512i q = Load512(x[i].qs);  // [half 0, half 1]: 2 bits per element, 4 shifts
    __m512i sum = _mm512_setzero_si512();
    for (int j = 0; j < 4; ++j) {
      const __m512i act = x86::Load2x256(y[i].qs + 32 * j, y[i].qs + 128 + 32 * j);
      sum = ScaledDot(sum, Bits2(q, 2 * j), act, scales,
                      GroupIndex(2 * j, 2 * j + 1, 8 + 2 * j, 9 + 2 * j));
    }
    const float dy = y[i].d;
    acc = SubtractMins(acc, HalfToFloat(x[i].dmin) * dy, min_sums);
    acc = Accumulate(acc, HalfToFloat(x[i].d) * dy, sum);
  }
  return _mm512_reduce_add_ps(acc);
}

float VecDotQ3K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m256i scales16 = _mm256_cvtepi8_epi16(x86::UnpackScalesQ3K(x[i].scales));
    const __m512i scales = _mm512_zextsi256_si512(scales16);
    // Elements are q + 4 * hbit - 4: sum the unsigned part, remove 4 * sum(a) per group.
    const __m256i offset = _mm256_slli_epi32(ScaleBsums(scales16, y[i].bsums), 2);
    __m512i sum = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_zextsi256_si512(offset));
    const __m512i q = Load512(x[i].qs);
    const __m512i hmask = x86::Broadcast256(x[i].hmask);
    for (int j = 0; j < 4; ++j) {
      const __m512i select = _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(1 << j)),
                                                _mm256_set1_epi8(static_cast<char>(16 << j)), 1);
      const __mmask64 high = _mm512_test_epi8_mask(hmask, select);
      __m512i v = Bits2(q, 2 * j);
      v = _mm512_mask_add_epi8(v, high, v, _mm512_set1_epi8(4));
      const __m512i act = x86::Load2x256(y[i].qs + 32 * j, y[i].qs + 128 + 32 * j);
      sum = ScaledDot(sum, v, act, scales, GroupIndex(2 * j, 2 * j + 1, 8 + 2 * j, 9 + 2 * j));
    }
    acc = Accumulate(acc, y[i].d * HalfToFloat(x[i].d), sum);
  }
  return _mm512_reduce_add_ps(acc);
}

// Q4_K / Q5_K: 8 sub-blocks of 32; 64 bytes of quants hold sub-blocks 4p..4p+3 as
// [lo(4p), lo(4p+2)] and [hi(4p+1), hi(4p+3)] (32 bytes each).
template <class Block>
float DotQ45K(int64_t n, const Block* x, const BlockQ8_K* y) {
  constexpr bool kHasHighBits = std::is_same_v<Block, BlockQ5_K>;
  const __m128i dup_mins =
      _mm_setr_epi8(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m128i scales_mins = x86::UnpackScalesMinsK4(x[i].scales);
    const __m256i mins = _mm256_cvtepu8_epi16(_mm_shuffle_epi8(scales_mins, dup_mins));
    const __m256i min_sums = ScaleBsums(mins, y[i].bsums);
    const __m512i scales = _mm512_zextsi256_si512(_mm256_cvtepu8_epi16(scales_mins));
    __m512i high = _mm512_setzero_si512();
    if constexpr (kHasHighBits) high = x86::Broadcast256(x[i].qh);
    // Two chains of vpdpwssd (sub-blocks 4p, 4p + 1 and 4p + 2, 4p + 3) halve the latency.
    __m512i sum = _mm512_setzero_si512(), sum23 = _mm512_setzero_si512();
    for (int p = 0; p < 2; ++p) {
      const __m512i bits = Load512(x[i].qs + 64 * p);
      const __m512i lo = Low4(bits), hi = High4(bits);
      __m512i q01 = _mm512_shuffle_i64x2(lo, hi, 0x44);  // [sub-block 4p, 4p + 1]
      __m512i q23 = _mm512_shuffle_i64x2(lo, hi, 0xEE);  // [4p + 2, 4p + 3]
      if constexpr (kHasHighBits) {
        const auto select = [](int sb) {
          return _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(1 << sb)),
                                    _mm256_set1_epi8(static_cast<char>(2 << sb)), 1);
        };
        const __m512i sixteen = _mm512_set1_epi8(16);
        q01 = _mm512_mask_add_epi8(q01, _mm512_test_epi8_mask(high, select(4 * p)), q01, sixteen);
        q23 =
            _mm512_mask_add_epi8(q23, _mm512_test_epi8_mask(high, select(4 * p + 2)), q23, sixteen);
      }
      const int s = 4 * p;
      // Each 32-element sub-block spans 2 groups of 16: scale index repeated.
      sum = ScaledDot(sum, q01, Load512(y[i].qs + 128 * p), scales, GroupIndex(s, s, s + 1, s + 1));
      sum23 = ScaledDot(sum23, q23, Load512(y[i].qs + 128 * p + 64), scales,
                        GroupIndex(s + 2, s + 2, s + 3, s + 3));
    }
    sum = _mm512_add_epi32(sum, sum23);
    const float dy = y[i].d;
    acc = SubtractMins(acc, HalfToFloat(x[i].dmin) * dy, min_sums);
    acc = Accumulate(acc, HalfToFloat(x[i].d) * dy, sum);
  }
  return _mm512_reduce_add_ps(acc);
}

float VecDotQ4K(int64_t n, const void* w, const void* a) {
  return DotQ45K(n, static_cast<const BlockQ4_K*>(w), static_cast<const BlockQ8_K*>(a));
}

float VecDotQ5K(int64_t n, const void* w, const void* a) {
  return DotQ45K(n, static_cast<const BlockQ5_K*>(w), static_cast<const BlockQ8_K*>(a));
}

float VecDotQ6K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ6_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  // Per-qword shifts moving the 2 high bits of each quarter into bits 4..5.
  const __m512i shl = _mm512_setr_epi64(4, 4, 4, 4, 2, 2, 2, 2);
  const __m512i shr = _mm512_setr_epi64(0, 0, 0, 0, 2, 2, 2, 2);
  const __m512i m30 = _mm512_set1_epi8(0x30), m0f = _mm512_set1_epi8(0x0F);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m256i scales16 = _mm256_cvtepi8_epi16(x86::Load128(x[i].scales));
    const __m512i scales = _mm512_zextsi256_si512(scales16);
    // Elements are q - 32: sum the unsigned q, remove 32 * sum(a) per group.
    const __m256i offset = _mm256_slli_epi32(ScaleBsums(scales16, y[i].bsums), 5);
    __m512i sum = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_zextsi256_si512(offset));
    for (int h = 0; h < 2; ++h) {
      const __m512i low = Load512(x[i].ql + 64 * h);  // low 4 bits: elements 0..63 | 64..127
      const __m512i high = x86::Broadcast256(x[i].qh + 32 * h);
      const __m512i h0 = _mm512_and_si512(_mm512_sllv_epi64(high, shl), m30);
      const __m512i h1 = _mm512_and_si512(_mm512_srlv_epi64(high, shr), m30);
      // (low & 0x0F) | h in one ternary-logic op.
      const __m512i q0 = _mm512_ternarylogic_epi32(low, m0f, h0, 0xEA);
      const __m512i q1 = _mm512_ternarylogic_epi32(_mm512_srli_epi16(low, 4), m0f, h1, 0xEA);
      const int g = 8 * h;
      sum = ScaledDot(sum, q0, Load512(y[i].qs + 128 * h), scales,
                      GroupIndex(g, g + 1, g + 2, g + 3));
      sum = ScaledDot(sum, q1, Load512(y[i].qs + 128 * h + 64), scales,
                      GroupIndex(g + 4, g + 5, g + 6, g + 7));
    }
    acc = Accumulate(acc, y[i].d * HalfToFloat(x[i].d), sum);
  }
  return _mm512_reduce_add_ps(acc);
}

// IQ4_XS sub-block scales (6 bits: low 4 in scales_l nibbles, high 2 in scales_h) as 8 bytes,
// minus 32. pdep spreads the packed fields into one byte per sub-block.
inline __m128i Iq4XsScales(const BlockIQ4_XS& x) {
  uint32_t low;
  std::memcpy(&low, x.scales_l, 4);
  const uint64_t bytes =
      _pdep_u64(low, 0x0F0F0F0F0F0F0F0Full) | _pdep_u64(x.scales_h, 0x3030303030303030ull);
  return _mm_sub_epi8(_mm_cvtsi64_si128(static_cast<int64_t>(bytes)), _mm_set1_epi8(32));
}

float VecDotIq4Xs(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_XS*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  // Levels + 128 as unsigned bytes; 128 * sum(a) is removed with the bsums.
  const __m512i table = _mm512_broadcast_i32x4(
      _mm_add_epi8(x86::Iq4NlTable(), _mm_set1_epi8(static_cast<char>(0x80))));
  const __m128i dup = _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m128i scales8 = Iq4XsScales(x[i]);
    const __m512i scales = _mm512_cvtepi8_epi32(scales8);  // int32 per sub-block
    // 128 * sum over the 16 bsums of scale(group / 2) * bsum.
    const __m256i offset =
        ScaleBsums(_mm256_cvtepi8_epi16(_mm_shuffle_epi8(scales8, dup)), y[i].bsums);
    __m512i sum = _mm512_sub_epi32(_mm512_setzero_si512(),
                                   _mm512_zextsi256_si512(_mm256_slli_epi32(offset, 7)));
    for (int p = 0; p < 4; ++p) {  // sub-blocks 2p, 2p + 1
      const __m512i u = _mm512_shuffle_epi8(
          table, x86::UnpackNibbles2x16(x[i].qs + 32 * p, x[i].qs + 32 * p + 16));
      const __m512i dot = x86::VnniDot(u, Load512(y[i].qs + 64 * p));
      const __m512i idx =
          _mm512_inserti64x4(_mm512_set1_epi32(2 * p), _mm256_set1_epi32(2 * p + 1), 1);
      sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(dot, _mm512_permutexvar_epi32(idx, scales)));
    }
    acc = Accumulate(acc, y[i].d * HalfToFloat(x[i].d), sum);
  }
  return _mm512_reduce_add_ps(acc);
}

}  // namespace

void FillAvx512KQuantDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kQ2_K)] = VecDotQ2K;
  k.vec_dot[Slot(DType::kQ3_K)] = VecDotQ3K;
  k.vec_dot[Slot(DType::kQ4_K)] = VecDotQ4K;
  k.vec_dot[Slot(DType::kQ5_K)] = VecDotQ5K;
  k.vec_dot[Slot(DType::kQ6_K)] = VecDotQ6K;
  k.vec_dot[Slot(DType::kIQ4_XS)] = VecDotIq4Xs;
}

}  // namespace hearth::internal
