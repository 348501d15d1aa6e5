// Inline AVX-512 (F/BW/VL/DQ/VNNI/VBMI) helpers shared by the *_avx512.cc kernel files; include
// only from those. Products use vpdpbusd (unsigned x signed bytes): weights are made unsigned
// by a per-type bias c (q + c >= 0), and c * sum(a) is removed with a second vpdpbusd.
#pragma once

// GCC 12 warns inside its own AVX-512 intrinsics (their _mm512_undefined_* pass-through
// operands, GCC bug 105593) once they are inlined; the warning is meaningless there. Kept for
// the rest of each including file, where the inlining happens.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <immintrin.h>

#include <cstdint>

#include "kernels/x86/avx2_common.h"

namespace hearth::internal::x86 {

static inline __m512i Load512(const void* p) {
  return _mm512_loadu_si512(static_cast<const __m512i*>(p));
}

// Two 32-byte rows (e.g. the quants of two consecutive blocks) in one register.
static inline __m512i Load2x256(const void* lo, const void* hi) {
  return _mm512_inserti64x4(_mm512_zextsi256_si512(Load256(lo)), Load256(hi), 1);
}

// The same 32 bytes in both halves.
static inline __m512i Broadcast256(const void* p) { return _mm512_broadcast_i64x4(Load256(p)); }

// The nibbles of two 16-byte groups: [lo(a), hi(a), lo(b), hi(b)] (32 elements each, in the
// element order of the 32-element block types).
static inline __m512i UnpackNibbles2x16(const uint8_t* a, const uint8_t* b) {
  const __m256i v =
      _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(b), reinterpret_cast<const __m128i*>(a));
  const __m512i both = _mm512_inserti64x4(_mm512_zextsi256_si512(v), _mm256_srli_epi16(v, 4), 1);
  // 128-bit lanes [a, b, a>>4, b>>4] -> [a, a>>4, b, b>>4].
  const __m512i ordered = _mm512_shuffle_i64x2(both, both, _MM_SHUFFLE(3, 1, 2, 0));
  return _mm512_and_si512(ordered, _mm512_set1_epi8(0x0F));
}

// u (unsigned bytes) x s (signed bytes) summed in groups of 4 into 16 int32 lanes.
static inline __m512i VnniDot(__m512i u, __m512i s) {
  return _mm512_dpbusd_epi32(_mm512_setzero_si512(), u, s);
}

// (u - c) x s for a bias c in every byte of `bias`: the weights' true values are u - c.
static inline __m512i VnniDotBiased(__m512i u, __m512i bias, __m512i s) {
  return _mm512_sub_epi32(VnniDot(u, s), VnniDot(bias, s));
}

// 256-bit forms for a lone tail block.
static inline __m256i VnniDot(__m256i u, __m256i s) {
  return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}
static inline __m256i VnniDotBiased(__m256i u, __m256i bias, __m256i s) {
  return _mm256_sub_epi32(VnniDot(u, s), VnniDot(bias, s));
}

// 8 halves (f16 bits) -> 4 products lo[k] * hi[k]: the scales d_w * d_a of 4 blocks.
static inline __m128 HalfProducts(__m128i halves) {
  const __m256 f = _mm256_cvtph_ps(halves);
  return _mm_mul_ps(_mm256_castps256_ps128(f), _mm256_extractf128_ps(f, 1));
}

// Spread s[first] over lanes 0..7 and s[first + 1] over lanes 8..15.
static inline __m512 SpreadPair(__m128 s, int first) {
  const __m512i idx = _mm512_setr_epi32(first, first, first, first, first, first, first, first,
                                        first + 1, first + 1, first + 1, first + 1, first + 1,
                                        first + 1, first + 1, first + 1);
  return _mm512_permutexvar_ps(idx, _mm512_zextps128_ps512(s));
}

}  // namespace hearth::internal::x86
