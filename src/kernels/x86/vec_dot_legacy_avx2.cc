// AVX2 dot products of the 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL) with
// their Q8_0 / Q8_1 activations. Each block gives exact int32 partial sums, converted and scaled
// by d_w * d_a in f32, as the reference does per block. The types with a tile (Q8_0, Q4_0,
// Q5_0, IQ4_NL) sum their blocks exactly as the tiles do (SumBlocksAsTile); Q4_1 and Q5_1 have
// none and keep SumBlocks, whose
// tail is per block.
#include <type_traits>

#include "kernels/x86/avx2_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;

inline short Bits(f16 h) { return static_cast<short>(h.bits); }

// The f16 fields d (or, with kMin, m and s) of blocks i..i+3 of x and y: 4 products as floats.
template <bool kMin, class W, class A>
inline __m128 ScaleProducts(const W* x, const A* y, int64_t i) {
  __m128i h;
  if constexpr (kMin) {
    h = _mm_setr_epi16(Bits(x[i].m), Bits(x[i + 1].m), Bits(x[i + 2].m), Bits(x[i + 3].m),
                       Bits(y[i].s), Bits(y[i + 1].s), Bits(y[i + 2].s), Bits(y[i + 3].s));
  } else {
    h = _mm_setr_epi16(Bits(x[i].d), Bits(x[i + 1].d), Bits(x[i + 2].d), Bits(x[i + 3].d),
                       Bits(y[i].d), Bits(y[i + 1].d), Bits(y[i + 2].d), Bits(y[i + 3].d));
  }
  const __m256 f = _mm256_cvtph_ps(h);
  return _mm_mul_ps(_mm256_castps256_ps128(f), _mm256_extractf128_ps(f, 1));
}

// Sum over nb blocks of d_w(i) * d_a(i) * (sum of the int32 lanes `dot(i)`), plus m(i) * s(i)
// for Q8_1 activations. Four blocks per step: a vphaddd tree leaves lanes
// [b0, b1, b2, b3, b0, b1, b2, b3] (each a sum of 4 lanes), so one conversion and one FMA with
// the 4 scales serve four blocks.
template <class W, class A, class BlockDot>
inline float SumBlocks(int64_t nb, const W* x, const A* y, BlockDot dot) {
  constexpr bool kMin = std::is_same_v<A, BlockQ8_1>;
  __m256 acc = _mm256_setzero_ps();
  __m128 acc_min = _mm_setzero_ps();
  int64_t i = 0;
  for (; i + 4 <= nb; i += 4) {
    const __m256i d01 = _mm256_hadd_epi32(dot(i), dot(i + 1));
    const __m256i d23 = _mm256_hadd_epi32(dot(i + 2), dot(i + 3));
    const __m128 s = ScaleProducts<false>(x, y, i);
    acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_hadd_epi32(d01, d23)), _mm256_set_m128(s, s),
                          acc);
    if constexpr (kMin) acc_min = _mm_add_ps(acc_min, ScaleProducts<true>(x, y, i));
  }
  float sum = x86::Hsum(acc) + x86::Hsum(acc_min);
  for (; i < nb; ++i) {
    sum += HalfToFloat(x[i].d) * HalfToFloat(y[i].d) * float(x86::HsumI32(dot(i)));
    if constexpr (kMin) sum += HalfToFloat(x[i].m) * HalfToFloat(y[i].s);
  }
  return sum;
}

// Sum over nb blocks of d_w(i) * d_a(i) * (the int32 lanes `dot(i)`) as the AVX2 tiles take it
// (vec_dot_tile_avx2.cc), so a row's product is the same float alone or in a tile: one
// accumulator, an AddBlockQuad step per group of 4 blocks (a last partial group padded with
// zeros), one Hsum at the end. For the types with a tile (Q8_0 activations).
template <class W, class BlockDot>
inline float SumBlocksAsTile(int64_t nb, const W* x, const BlockQ8_0* y, BlockDot dot) {
  __m256 acc = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 4 <= nb; i += 4) {
    const __m128 s = ScaleProducts<false>(x, y, i);
    acc = x86::AddBlockQuad(acc, dot(i), dot(i + 1), dot(i + 2), dot(i + 3), _mm256_set_m128(s, s));
  }
  if (i < nb) {
    __m256i d[4];
    float s[4];
    for (int64_t j = 0; j < 4; ++j) {
      const bool here = i + j < nb;
      d[j] = here ? dot(i + j) : _mm256_setzero_si256();
      s[j] = here ? HalfToFloat(x[i + j].d) * HalfToFloat(y[i + j].d) : 0.0f;
    }
    const __m256 scales = _mm256_setr_ps(s[0], s[1], s[2], s[3], s[0], s[1], s[2], s[3]);
    acc = x86::AddBlockQuad(acc, d[0], d[1], d[2], d[3], scales);
  }
  return x86::Hsum(acc);
}

// Unsigned quants u with bias c (true values u - c) against signed activations: the bias term
// comes from a second vpmaddubsw, both exact in int16 for u < 32.
inline __m256i DotBiased(__m256i u, __m256i bias, __m256i a) {
  const __m256i p = _mm256_sub_epi16(_mm256_maddubs_epi16(u, a), _mm256_maddubs_epi16(bias, a));
  return _mm256_madd_epi16(p, _mm256_set1_epi16(1));
}

float VecDotQ8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ8_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  return SumBlocksAsTile(n / kQK8_0, x, y, [&](int64_t i) {
    return x86::DotI8(x86::Load256(x[i].qs), x86::Load256(y[i].qs));
  });
}

float VecDotQ4_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i eight = _mm256_set1_epi8(8);
  return SumBlocksAsTile(n / kQK4_0, x, y, [&](int64_t i) {
    return DotBiased(x86::UnpackNibbles16(x[i].qs), eight, x86::Load256(y[i].qs));
  });
}

// Q4_1 / Q5_1 against Q8_1 (s = d_a * sum(q_a)): d * d_a * sum(q * q_a) + m * s.
float VecDotQ4_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ4_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  return SumBlocks(n / kQK4_1, x, y, [&](int64_t i) {
    return x86::DotU8I8(x86::UnpackNibbles16(x[i].qs), x86::Load256(y[i].qs));
  });
}

// The 5-bit element values of Q5_0/Q5_1 blocks: nibble | (bit j of qh) << 4.
inline __m256i Unpack5Bits(const uint8_t* qs, const uint8_t* qh) {
  uint32_t bits;
  std::memcpy(&bits, qh, 4);
  const __m256i high = _mm256_and_si256(x86::BitsToBytes(bits), _mm256_set1_epi8(0x10));
  return _mm256_or_si256(x86::UnpackNibbles16(qs), high);
}

float VecDotQ5_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i sixteen = _mm256_set1_epi8(16);
  return SumBlocksAsTile(n / kQK5_0, x, y, [&](int64_t i) {
    return DotBiased(Unpack5Bits(x[i].qs, x[i].qh), sixteen, x86::Load256(y[i].qs));
  });
}

float VecDotQ5_1(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ5_1*>(w);
  const auto* y = static_cast<const BlockQ8_1*>(a);
  return SumBlocks(n / kQK5_1, x, y, [&](int64_t i) {
    return x86::DotU8I8(Unpack5Bits(x[i].qs, x[i].qh), x86::Load256(y[i].qs));
  });
}

float VecDotIq4Nl(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockIQ4_NL*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const __m256i table = _mm256_broadcastsi128_si256(x86::Iq4NlTable());
  return SumBlocksAsTile(n / kQK4_NL, x, y, [&](int64_t i) {
    const __m256i q = _mm256_shuffle_epi8(table, x86::UnpackNibbles16(x[i].qs));
    return x86::DotI8(q, x86::Load256(y[i].qs));
  });
}

}  // namespace

void FillAvx2LegacyDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kQ4_0)] = VecDotQ4_0;
  k.vec_dot[Slot(DType::kQ4_1)] = VecDotQ4_1;
  k.vec_dot[Slot(DType::kQ5_0)] = VecDotQ5_0;
  k.vec_dot[Slot(DType::kQ5_1)] = VecDotQ5_1;
  k.vec_dot[Slot(DType::kQ8_0)] = VecDotQ8_0;
  k.vec_dot[Slot(DType::kIQ4_NL)] = VecDotIq4Nl;
}

}  // namespace hearth::internal
