// NEON dot products of the 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL) with
// their Q8_0 / Q8_1 activations: one vec_dot and one vec_dot_tile per type. Templates on Ops
// (see neon_common.h); instantiated by quant_kernels_neon.cc (baseline) and
// quant_kernels_neon_dotprod.cc (SDOT).
//
// A codec turns one weight block into 32 int8 weights (lo: elements 0..15, hi: 16..31) and a
// scale; types with a min (x = d * q + m, against Q8_1 whose s = d_a * sum(q_a)) add m * s.
#pragma once

#include <algorithm>

#include "kernels/arm/neon_common.h"
#include "tensor/blocks.h"

namespace hearth::internal::neon {

// Nibble layout shared by Q4_x, Q5_x and IQ4_NL: byte j holds element j (low) and j + 16 (high).

template <class Ops>
struct CodecQ8_0 {
  using Block = BlockQ8_0;
  using Act = BlockQ8_0;
  static constexpr bool kHasMin = false;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    lo = vld1q_s8(b.qs);
    hi = vld1q_s8(b.qs + 16);
  }
};

template <class Ops>
struct CodecQ4_0 {
  using Block = BlockQ4_0;
  using Act = BlockQ8_0;
  static constexpr bool kHasMin = false;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    const uint8x16_t q = vld1q_u8(b.qs);
    lo = vsubq_s8(LowNibbles<Ops>(q), vdupq_n_s8(8));
    hi = vsubq_s8(HighNibbles<Ops>(q), vdupq_n_s8(8));
  }
};

template <class Ops>
struct CodecQ4_1 {
  using Block = BlockQ4_1;
  using Act = BlockQ8_1;
  static constexpr bool kHasMin = true;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    const uint8x16_t q = vld1q_u8(b.qs);
    lo = LowNibbles<Ops>(q);
    hi = HighNibbles<Ops>(q);
  }
};

// The 5-bit quants of Q5_0 / Q5_1: nibble | (bit j of qh) << 4, minus `offset`.
template <class Ops>
inline void Decode5Bit(const uint8_t* qs, const uint8_t* qh_bytes, uint8_t offset, int8x16_t& lo,
                       int8x16_t& hi) {
  uint32_t qh;
  std::memcpy(&qh, qh_bytes, sizeof(qh));
  const uint8x16_t q = vld1q_u8(qs);
  const uint8x16_t bit = vdupq_n_u8(0x10);
  const uint8x16_t hi_lo = vandq_u8(BitsToByteMask<Ops>(qh), bit);
  const uint8x16_t hi_hi = vandq_u8(BitsToByteMask<Ops>(qh >> 16), bit);
  const int8x16_t off = vdupq_n_s8(int8_t(offset));
  lo = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(q, vdupq_n_u8(0x0F)), hi_lo)), off);
  hi = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(q, 4), hi_hi)), off);
}

template <class Ops>
struct CodecQ5_0 {
  using Block = BlockQ5_0;
  using Act = BlockQ8_0;
  static constexpr bool kHasMin = false;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    Decode5Bit<Ops>(b.qs, b.qh, 16, lo, hi);
  }
};

template <class Ops>
struct CodecQ5_1 {
  using Block = BlockQ5_1;
  using Act = BlockQ8_1;
  static constexpr bool kHasMin = true;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    Decode5Bit<Ops>(b.qs, b.qh, 0, lo, hi);
  }
};

// IQ4_NL: the nibble indexes the 16 non-linear levels (a byte table lookup).
template <class Ops>
struct CodecIQ4_NL {
  using Block = BlockIQ4_NL;
  using Act = BlockQ8_0;
  static constexpr bool kHasMin = false;
  static void Decode(const Block& b, int8x16_t& lo, int8x16_t& hi) {
    const int8x16_t levels = vld1q_s8(kIQ4NLValues);
    const uint8x16_t q = vld1q_u8(b.qs);
    lo = vqtbl1q_s8(levels, vandq_u8(q, vdupq_n_u8(0x0F)));
    hi = vqtbl1q_s8(levels, vshrq_n_u8(q, 4));
  }
};

// sum over blocks of m * s (types with a min).
template <class Ops, class Codec>
inline float MinTerm(int64_t nb, const typename Codec::Block* x, const typename Codec::Act* y) {
  float sum = 0.0f;
  if constexpr (Codec::kHasMin) {
    for (int64_t i = 0; i < nb; ++i) sum += Half<Ops>(x[i].m) * Half<Ops>(y[i].s);
  }
  return sum;
}

// VecDotFn (kernel_set.h); n is a multiple of 32.
template <class Ops, class Codec>
float VecDot32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const typename Codec::Block*>(w);
  const auto* y = static_cast<const typename Codec::Act*>(a);
  const int64_t nb = n / 32;
  return MinTerm<Ops, Codec>(nb, x, y) + SumBlocks<Ops>(nb, [&](int64_t i, float& scale) {
           scale = Half<Ops>(x[i].d) * Half<Ops>(y[i].d);
           int8x16_t lo, hi;
           Codec::Decode(x[i], lo, hi);
           return Dot32<Ops>(lo, hi, y[i].qs);
         });
}

// A register tile of R weight rows x C activation rows: each weight block is decoded once for
// C columns and each activation block loaded once for R rows.
template <class Ops, class Codec, int R, int C>
void Tile32(int64_t n, const uint8_t* w, size_t w_stride, const uint8_t* a, size_t a_stride,
            float* out, size_t out_stride) {
  using Block = typename Codec::Block;
  using Act = typename Codec::Act;
  float32x4_t acc[R][C];
  for (int r = 0; r < R; ++r) {
    for (int c = 0; c < C; ++c) acc[r][c] = vdupq_n_f32(0.0f);
  }
  for (int64_t i = 0; i < n / 32; ++i) {
    int8x16_t lo[R], hi[R];
    float dw[R];
    for (int r = 0; r < R; ++r) {
      const Block& b = reinterpret_cast<const Block*>(w + size_t(r) * w_stride)[i];
      Codec::Decode(b, lo[r], hi[r]);
      dw[r] = Half<Ops>(b.d);
    }
    for (int c = 0; c < C; ++c) {
      const Act& act = reinterpret_cast<const Act*>(a + size_t(c) * a_stride)[i];
      const int8x16_t a0 = vld1q_s8(act.qs), a1 = vld1q_s8(act.qs + 16);
      const float da = Half<Ops>(act.d);
      for (int r = 0; r < R; ++r) {
        const int32x4_t s = Ops::Dot(Ops::Dot(vdupq_n_s32(0), lo[r], a0), hi[r], a1);
        acc[r][c] = vmlaq_n_f32(acc[r][c], vcvtq_f32_s32(s), dw[r] * da);
      }
    }
  }
  for (int r = 0; r < R; ++r) {
    const auto* x = reinterpret_cast<const Block*>(w + size_t(r) * w_stride);
    for (int c = 0; c < C; ++c) {
      const auto* y = reinterpret_cast<const Act*>(a + size_t(c) * a_stride);
      out[size_t(r) * out_stride + size_t(c)] =
          vaddvq_f32(acc[r][c]) + MinTerm<Ops, Codec>(n / 32, x, y);
    }
  }
}

// VecDotTileFn (kernel_set.h): 4 x C register tiles (C = 4, 3, 2 or 1 for the last columns);
// leftover rows go through VecDot32.
template <class Ops, class Codec>
void VecDotTile32(int64_t n, const void* w, size_t w_stride, int n_rows, const void* a,
                  size_t a_stride, int n_cols, float* out, size_t out_stride) {
  constexpr int kRows = 4;
  using TileFn = void (*)(int64_t, const uint8_t*, size_t, const uint8_t*, size_t, float*, size_t);
  static constexpr TileFn kTiles[4] = {Tile32<Ops, Codec, kRows, 1>, Tile32<Ops, Codec, kRows, 2>,
                                       Tile32<Ops, Codec, kRows, 3>, Tile32<Ops, Codec, kRows, 4>};
  const auto* wb = static_cast<const uint8_t*>(w);
  const auto* ab = static_cast<const uint8_t*>(a);
  int r = 0;
  for (; r + kRows <= n_rows; r += kRows) {
    for (int c = 0; c < n_cols; c += 4) {
      const int cols = std::min(4, n_cols - c);
      kTiles[cols - 1](n, wb + size_t(r) * w_stride, w_stride, ab + size_t(c) * a_stride, a_stride,
                       out + size_t(r) * out_stride + size_t(c), out_stride);
    }
  }
  for (; r < n_rows; ++r) {
    for (int c = 0; c < n_cols; ++c) {
      out[size_t(r) * out_stride + size_t(c)] =
          VecDot32<Ops, Codec>(n, wb + size_t(r) * w_stride, ab + size_t(c) * a_stride);
    }
  }
}

}  // namespace hearth::internal::neon
