// AVX2 dot products of the K-quants (Q2_K..Q6_K) and IQ4_XS with Q8_K activations. Per
// super-block the sub-block scales weight exact int16/int32 sums (madd), the block's integer
// total is converted once and scaled by d_w * d_a; min / offset terms come from the
// activations' bsums, as the reference does.
//
// The float arithmetic is that of the AVX2 tiles (vec_dot_tile_avx2.cc), so a row's product is
// the same float alone or in a tile: per super-block, one accumulator takes
// acc = fnmadd(float(min lanes), d_min * d_a, acc) (types with mins), then
// acc = fma(float(int32 lanes), d_w * d_a, acc), every int32 lane holding the tile's exact
// integer; one Hsum at the end. (IQ4_XS has no tile.)
#include <type_traits>

#include "kernels/x86/avx2_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;
using x86::Load128;
using x86::Load256;

inline __m256i Nibbles(__m256i q) { return _mm256_and_si256(q, _mm256_set1_epi8(0x0F)); }
inline __m256i HighNibbles(__m256i q) {
  return _mm256_and_si256(_mm256_srli_epi16(q, 4), _mm256_set1_epi8(0x0F));
}

// Bits [shift, shift + width) of every byte, moved to bit 0.
inline __m256i ByteBits(__m256i v, int shift, int mask) {
  return _mm256_and_si256(_mm256_srli_epi16(v, shift), _mm256_set1_epi8(static_cast<char>(mask)));
}

// 16 int16 lanes: scale of each 16-element group (16 bytes at p, signed) for bsums products.
inline __m256i ScalesI16(const int8_t* p) { return _mm256_cvtepi8_epi16(Load128(p)); }

// Both 128-bit halves hold the 8 int16 scales at p (signed bytes).
inline __m256i HalfScales(const int8_t* p) {
  return _mm256_broadcastsi128_si256(
      _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

// acc - float(min_sums) * dmin, then + float(sum) * d: a super-block's step, as the tiles take it.
inline __m256 AddSuperBlock(__m256 acc, __m256i sum, float d, __m256i min_sums, float dmin) {
  acc = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(min_sums), _mm256_set1_ps(dmin), acc);
  return _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(d), acc);
}

// sum over the four 32-element chunks of a 128-element half: q (unsigned, < 64) x a, the lower
// 16 bytes of chunk j weighted by int16 lane 2j of `scales`, the upper by lane 2j + 1.
inline __m256i HalfDot(const __m256i q[4], const int8_t* a, __m256i scales) {
  __m256i sum = _mm256_setzero_si256();
  for (int j = 0; j < 4; ++j) {
    const __m256i p = _mm256_maddubs_epi16(q[j], Load256(a + 32 * j));
    const __m256i s = _mm256_shuffle_epi8(scales, x86::BroadcastI16PairMask(2 * j));
    sum = _mm256_add_epi32(sum, _mm256_madd_epi16(p, s));
  }
  return sum;
}

float VecDotQ2K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ2_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m128i packed = Load128(x[i].scales);
    const __m128i scales8 = _mm_and_si128(packed, _mm_set1_epi8(0x0F));
    const __m128i mins8 = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0x0F));
    const __m256i min_sums = _mm256_madd_epi16(_mm256_cvtepu8_epi16(mins8), Load256(y[i].bsums));
    int8_t scales[16];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(scales), scales8);
    __m256i sum = _mm256_setzero_si256();
    for (int h = 0; h < 2; ++h) {
      const __m256i bits = Load256(x[i].qs + 32 * h);
      const __m256i q[4] = {ByteBits(bits, 0, 3), ByteBits(bits, 2, 3), ByteBits(bits, 4, 3),
                            ByteBits(bits, 6, 3)};
      sum = _mm256_add_epi32(sum, HalfDot(q, y[i].qs + 128 * h, HalfScales(scales + 8 * h)));
    }
    const float dy = y[i].d;
    acc = AddSuperBlock(acc, sum, HalfToFloat(x[i].d) * dy, min_sums, HalfToFloat(x[i].dmin) * dy);
  }
  return x86::Hsum(acc);
}

float VecDotQ3K(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ3_K*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  __m256 acc = _mm256_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int8_t scales[16];  // scale - 32
    _mm_storeu_si128(reinterpret_cast<__m128i*>(scales), x86::UnpackScalesQ3K(x[i].scales));
    // Elements are q - 4 + 4 * hbit: sum the unsigned q + 4 * hbit, then remove 4 * sum(a).
    const __m256i offset = _mm256_madd_epi16(ScalesI16(scales), Load256(y[i].bsums));
    __m256i sum = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(offset, 2));
    const __m256i hmask = Load256(x[i].hmask);
    for (int h = 0; h < 2; ++h) {
      const __m256i bits = Load256(x[i].qs + 32 * h);
      __m256i q[4];
      for (int j = 0; j < 4; ++j) {
        const __m256i high = _mm256_slli_epi16(ByteBits(hmask, 4 * h + j, 1), 2);
        q[j] = _mm256_or_si256(ByteBits(bits, 2 * j, 3), high);
      }
      sum = _mm256_add_epi32(sum, HalfDot(q, y[i].qs + 128 * h, HalfScales(scales + 8 * h)));
    }
    acc =
        _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * HalfToFloat(x[i].d)), _mm256_cvtepi32_ps(sum), acc);
  }
  return x86::Hsum(acc);
}

// Q4_K / Q5_K share the scale layout: 8 sub-blocks of 32, 6-bit scales and mins.
// Q5_K adds a fifth bit per element from qh.
template <class Block>
float DotQ45K(int64_t n, const Block* x, const BlockQ8_K* y) {
  constexpr bool kHasHighBits = std::is_same_v<Block, BlockQ5_K>;
  __m256 acc = _mm256_setzero_ps();
  // Duplicates each min for the two bsums (16 elements each) of its sub-block.
  const __m128i dup_mins =
      _mm_setr_epi8(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const __m128i scales_mins = x86::UnpackScalesMinsK4(x[i].scales);
    const __m256i mins = _mm256_cvtepu8_epi16(_mm_shuffle_epi8(scales_mins, dup_mins));
    const __m256i min_sums = _mm256_madd_epi16(mins, Load256(y[i].bsums));
    const __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(scales_mins));
    __m256i high = _mm256_setzero_si256();
    if constexpr (kHasHighBits) high = Load256(x[i].qh);
    __m256i sum = _mm256_setzero_si256();
    for (int j = 0; j < 4; ++j) {  // 64 elements: sub-block 2j (low nibbles), 2j + 1 (high)
      const __m256i bits = Load256(x[i].qs + 32 * j);
      __m256i q0 = Nibbles(bits), q1 = HighNibbles(bits);
      if (kHasHighBits) {
        q0 = _mm256_or_si256(q0, _mm256_slli_epi16(ByteBits(high, 2 * j, 1), 4));
        q1 = _mm256_or_si256(q1, _mm256_slli_epi16(ByteBits(high, 2 * j + 1, 1), 4));
      }
      const __m256i p0 = _mm256_maddubs_epi16(q0, Load256(y[i].qs + 64 * j));
      const __m256i p1 = _mm256_maddubs_epi16(q1, Load256(y[i].qs + 64 * j + 32));
      sum = _mm256_add_epi32(
          sum, _mm256_madd_epi16(p0, _mm256_shuffle_epi8(scales, x86::BroadcastI16Mask(2 * j))));
      sum = _mm256_add_epi32(
          sum,
          _mm256_madd_epi16(p1, _mm256_shuffle_epi8(scales, x86::BroadcastI16Mask(2 * j + 1))));
    }
    const float dy = y[i].d;
    acc = AddSuperBlock(acc, sum, HalfToFloat(x[i].d) * dy, min_sums, HalfToFloat(x[i].dmin) * dy);
  }
  return x86::Hsum(acc);
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
  __m256 acc = _mm256_setzero_ps();
  const __m256i m2 = _mm256_set1_epi8(0x03), m4 = _mm256_set1_epi8(0x0C);
  const __m256i m6 = _mm256_set1_epi8(0x30), m8 = _mm256_set1_epi8(static_cast<char>(0xC0));
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    // Elements are q - 32 (q: 6 bits): sum the unsigned q, then remove 32 * sum(a).
    const __m256i offset = _mm256_madd_epi16(ScalesI16(x[i].scales), Load256(y[i].bsums));
    __m256i sum = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(offset, 5));
    for (int h = 0; h < 2; ++h) {
      const __m256i l0 = Load256(x[i].ql + 64 * h), l1 = Load256(x[i].ql + 64 * h + 32);
      const __m256i hb = Load256(x[i].qh + 32 * h);
      const __m256i q[4] = {
          _mm256_or_si256(Nibbles(l0), _mm256_slli_epi16(_mm256_and_si256(hb, m2), 4)),
          _mm256_or_si256(Nibbles(l1), _mm256_slli_epi16(_mm256_and_si256(hb, m4), 2)),
          _mm256_or_si256(HighNibbles(l0), _mm256_and_si256(hb, m6)),
          _mm256_or_si256(HighNibbles(l1), _mm256_srli_epi16(_mm256_and_si256(hb, m8), 2))};
      sum = _mm256_add_epi32(sum, HalfDot(q, y[i].qs + 128 * h, HalfScales(x[i].scales + 8 * h)));
    }
    acc =
        _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * HalfToFloat(x[i].d)), _mm256_cvtepi32_ps(sum), acc);
  }
  return x86::Hsum(acc);
}

float VecDotIq4Xs(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_XS*>(w);
  const auto* y = static_cast<const BlockQ8_K*>(a);
  const __m256i table = _mm256_broadcastsi128_si256(x86::Iq4NlTable());
  __m256 acc = _mm256_setzero_ps();
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    __m256i sum = _mm256_setzero_si256();
    for (int ib = 0; ib < 8; ++ib) {
      const int low = (x[i].scales_l[ib / 2] >> (4 * (ib % 2))) & 0xF;
      const int scale = (low | (((x[i].scales_h >> (2 * ib)) & 3) << 4)) - 32;
      const __m256i q = _mm256_shuffle_epi8(table, x86::UnpackNibbles16(x[i].qs + 16 * ib));
      const __m256i s = _mm256_set1_epi16(static_cast<int16_t>(scale));
      sum = _mm256_add_epi32(sum, x86::DotI8Scaled(q, Load256(y[i].qs + 32 * ib), s));
    }
    acc =
        _mm256_fmadd_ps(_mm256_set1_ps(y[i].d * HalfToFloat(x[i].d)), _mm256_cvtepi32_ps(sum), acc);
  }
  return x86::Hsum(acc);
}

}  // namespace

void FillAvx2KQuantDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kQ2_K)] = VecDotQ2K;
  k.vec_dot[Slot(DType::kQ3_K)] = VecDotQ3K;
  k.vec_dot[Slot(DType::kQ4_K)] = VecDotQ4K;
  k.vec_dot[Slot(DType::kQ5_K)] = VecDotQ5K;
  k.vec_dot[Slot(DType::kQ6_K)] = VecDotQ6K;
  k.vec_dot[Slot(DType::kIQ4_XS)] = VecDotIq4Xs;
}

}  // namespace hearth::internal
