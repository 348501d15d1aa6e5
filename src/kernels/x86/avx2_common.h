// Inline AVX2 helpers shared by the x86 kernel files. Include only from files compiled with the
// AVX2 flags (*_avx2.cc, *_avx512.cc): the helpers are `static inline` so that no out-of-line
// copy built with these flags can be picked by the linker for baseline code.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "base/fp16.h"
#include "tensor/blocks.h"

namespace hearth::internal::x86 {

// f16 -> f32 with F16C (exact, as F16ToF32).
static inline float HalfToFloat(f16 h) { return _cvtsh_ss(h.bits); }

static inline float Hsum(__m128 v) {
  v = _mm_add_ps(v, _mm_movehl_ps(v, v));
  v = _mm_add_ss(v, _mm_movehdup_ps(v));
  return _mm_cvtss_f32(v);
}

static inline float Hsum(__m256 v) {
  return Hsum(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}

static inline int32_t HsumI32(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
  return _mm_cvtsi128_si32(s);
}

// Asks for the cache lines of bytes [p, p + kBytes) ahead of their use. A tile reads the rows
// of the next row group (R rows further, contiguous in memory) while it computes its own, so a
// decode pass, whose weights all come from memory, stops waiting on every new row.
template <size_t kBytes>
static inline void PrefetchBytes(const void* p) {
  const char* c = static_cast<const char*>(p);
  for (size_t o = 0; o < kBytes; o += 64) _mm_prefetch(c + o, _MM_HINT_T0);
  _mm_prefetch(c + kBytes - 1, _MM_HINT_T0);  // the last line, when p is not line-aligned
}

// The same for a length known only at run time (rows of the KV cache ahead of an attention
// loop: short contexts of many sequences, each a new walk from memory).
static inline void PrefetchRange(const void* p, size_t bytes) {
  const char* c = static_cast<const char*>(p);
  for (size_t o = 0; o < bytes; o += 64) _mm_prefetch(c + o, _MM_HINT_T0);
}

static inline __m256i Load256(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
static inline __m128i Load128(const void* p) {
  return _mm_loadu_si128(static_cast<const __m128i*>(p));
}

// The 16 IQ4_NL / IQ4_XS levels, for byte shuffles.
static inline __m128i Iq4NlTable() { return Load128(kIQ4NLValues); }

// 16 bytes of packed nibbles (byte j = element j low, element j + 16 high) -> 32 bytes 0..15
// in element order.
static inline __m256i UnpackNibbles16(const uint8_t* p) {
  const __m128i t = Load128(p);
  const __m256i v = _mm256_set_m128i(_mm_srli_epi16(t, 4), t);
  return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
}

// 32 bits -> 32 bytes: byte j is 0xFF where bit j is set, else 0.
static inline __m256i BitsToBytes(uint32_t bits) {
  const __m256i select = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,  //
                                          2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
  const __m256i bit = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ull));
  const __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(bits)), select);
  return _mm256_cmpeq_epi8(_mm256_and_si256(v, bit), bit);
}

// Unsigned u times signed s, adjacent products summed to int16 (vpmaddubsw saturates: callers
// keep |u0 s0 + u1 s1| < 32768) and then to 8 int32 lanes.
static inline __m256i DotU8I8(__m256i u, __m256i s) {
  return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

// Signed x signed int8 as |x| * (sign(x) * y), keeping maddubs' operand order (unsigned first).
// x may be -128 (|x| reads as unsigned 128); y must not be (no activation quantizer makes it).
static inline __m256i DotI8(__m256i x, __m256i y) {
  return DotU8I8(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
}

// As DotI8 but each int16 pair sum is weighted by the int16 lanes of `scales`.
static inline __m256i DotI8Scaled(__m256i x, __m256i y, __m256i scales) {
  return _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x)),
                           scales);
}

// The float step of the 32-element block types (Q8_0 activations), shared by the AVX2 vec_dots
// (vec_dot_legacy_avx2.cc) and tiles (vec_dot_tile_avx2.cc) so that a row's product is the same
// float alone or in a tile: the int32 lanes of a group of 4 blocks (8 each, 4 products per lane;
// zeros for the missing blocks of a last, partial group) are summed by a vphaddd tree into
// [b0, b1, b2, b3 | b0, b1, b2, b3] (16 products each) and acc = fma(float(lanes), scales, acc)
// with scales [s0, s1, s2, s3 | s0, s1, s2, s3], s_i = d_w * d_a of block i (0 if missing).
static inline __m256 AddBlockQuad(__m256 acc, __m256i d0, __m256i d1, __m256i d2, __m256i d3,
                                  __m256 scales) {
  const __m256i sums = _mm256_hadd_epi32(_mm256_hadd_epi32(d0, d1), _mm256_hadd_epi32(d2, d3));
  return _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums), scales, acc);
}

// Round half away from zero (C roundf), which the reference activation quantizers use.
static inline __m256 RoundHalfAway(__m256 v) {
  const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256 sign = _mm256_and_ps(v, _mm256_set1_ps(-0.0f));
  const __m256 frac = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), _mm256_sub_ps(v, t));  // exact
  const __m256 up = _mm256_cmp_ps(frac, _mm256_set1_ps(0.5f), _CMP_GE_OQ);
  return _mm256_add_ps(t, _mm256_and_ps(up, _mm256_or_ps(sign, _mm256_set1_ps(1.0f))));
}

// 4 x 8 int32 (each in [-128, 127]) -> 32 int8 in order.
static inline __m256i PackI32ToI8(__m256i a, __m256i b, __m256i c, __m256i d) {
  const __m256i ab = _mm256_packs_epi32(a, b);  // a0-3 b0-3 | a4-7 b4-7
  const __m256i cd = _mm256_packs_epi32(c, d);
  const __m256i v = _mm256_packs_epi16(ab, cd);  // a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7
  return _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// Q4_K/Q5_K packed 6-bit scales and mins -> 8 scales (bytes 0..7) then 8 mins (bytes 8..15).
// Reads 16 bytes at `packed`: the 12 packed ones and 4 that follow them in the block.
static inline __m128i UnpackScalesMinsK4(const uint8_t* packed) {
  // Dwords w0..w2: scales/mins 0..3 sit in the low 6 bits of w0 / w1; scales/mins 4..7 take
  // their low 4 bits from the nibbles of w2 and their top 2 bits from the top of w0 / w1.
  const __m128i w = Load128(packed);
  const __m128i low = _mm_and_si128(
      _mm_srlv_epi32(_mm_shuffle_epi32(w, _MM_SHUFFLE(2, 1, 2, 0)), _mm_setr_epi32(0, 0, 0, 4)),
      _mm_setr_epi32(0x3F3F3F3F, 0x0F0F0F0F, 0x3F3F3F3F, 0x0F0F0F0F));
  const __m128i top =
      _mm_and_si128(_mm_srli_epi32(_mm_shuffle_epi32(w, _MM_SHUFFLE(1, 1, 0, 0)), 2),
                    _mm_setr_epi32(0, 0x30303030, 0, 0x30303030));
  return _mm_or_si128(low, top);  // [scales 0-3, scales 4-7, mins 0-3, mins 4-7]
}

// Q3_K packed 6-bit scales -> 16 bytes holding scale - 32 (signed).
static inline __m128i UnpackScalesQ3K(const uint8_t* packed) {
  uint32_t w[3];
  std::memcpy(w, packed, 12);
  constexpr uint32_t kLow4 = 0x0F0F0F0F, kTop2 = 0x03030303;
  // Low 4 bits: scales 0..7 in the nibbles of bytes 0..7 (low nibbles first); high 2 bits:
  // bytes 8..11, two bits per scale.
  const uint32_t s0 = (w[0] & kLow4) | (((w[2] >> 0) & kTop2) << 4);
  const uint32_t s1 = (w[1] & kLow4) | (((w[2] >> 2) & kTop2) << 4);
  const uint32_t s2 = ((w[0] >> 4) & kLow4) | (((w[2] >> 4) & kTop2) << 4);
  const uint32_t s3 = ((w[1] >> 4) & kLow4) | (((w[2] >> 6) & kTop2) << 4);
  const __m128i s = _mm_setr_epi32(static_cast<int>(s0), static_cast<int>(s1), static_cast<int>(s2),
                                   static_cast<int>(s3));
  return _mm_sub_epi8(s, _mm_set1_epi8(32));
}

// A 256-bit shuffle mask that broadcasts int16 lane `k` (0..7 of a 128-bit value duplicated in
// both halves) to every int16 lane.
static inline __m256i BroadcastI16Mask(int k) {
  return _mm256_set1_epi16(static_cast<int16_t>((2 * k) | ((2 * k + 1) << 8)));
}

// Mask whose lower 128 bits broadcast int16 lane k and upper 128 bits lane k + 1.
static inline __m256i BroadcastI16PairMask(int k) {
  return _mm256_setr_m128i(_mm_set1_epi16(static_cast<int16_t>((2 * k) | ((2 * k + 1) << 8))),
                           _mm_set1_epi16(static_cast<int16_t>((2 * k + 2) | ((2 * k + 3) << 8))));
}

}  // namespace hearth::internal::x86
