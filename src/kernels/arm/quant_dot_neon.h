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

// The int32 lanes of one block's products with its activations.
template <class Ops, class Codec>
inline int32x4_t BlockDot(const typename Codec::Block& x, const typename Codec::Act& y) {
  int8x16_t lo, hi;
  Codec::Decode(x, lo, hi);
  return Dot32<Ops>(lo, hi, y.qs);
}

// VecDotFn (kernel_set.h); n is a multiple of 32. The arithmetic of a Tile32 entry: one
// accumulator, an AddBlockPair step per pair of blocks (a lone last block paired with zeros),
// then lane sum + MinTerm.
template <class Ops, class Codec>
float VecDot32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const typename Codec::Block*>(w);
  const auto* y = static_cast<const typename Codec::Act*>(a);
  const int64_t nb = n / 32;
  const auto scale = [&](int64_t i) { return Half<Ops>(x[i].d) * Half<Ops>(y[i].d); };
  float32x4_t acc = vdupq_n_f32(0.0f);
  int64_t i = 0;
  for (; i + 2 <= nb; i += 2) {
    acc = AddBlockPair<Ops>(acc, BlockDot<Ops, Codec>(x[i], y[i]),
                            BlockDot<Ops, Codec>(x[i + 1], y[i + 1]),
                            PairScales<Ops>(scale(i), scale(i + 1)));
  }
  if (i < nb) {
    acc = AddBlockPair<Ops>(acc, BlockDot<Ops, Codec>(x[i], y[i]), vdupq_n_s32(0),
                            PairScales<Ops>(scale(i), 0.0f));
  }
  return vaddvq_f32(acc) + MinTerm<Ops, Codec>(nb, x, y);
}

// A register tile of R weight rows x C activation rows: each weight block is decoded once for
// C columns and each activation block loaded once for R rows. Each entry is computed exactly
// as VecDot32 computes it.
template <class Ops, class Codec, int R, int C>
struct Tile32 {
  using Block = typename Codec::Block;
  using Act = typename Codec::Act;

  // Blocks b, b + 1 (kPair) or block b alone of every entry into acc.
  template <bool kPair>
  static void Step(int64_t b, const uint8_t* w, size_t w_stride, const uint8_t* a, size_t a_stride,
                   float32x4_t (&acc)[R][C]) {
    int8x16_t lo[R][2], hi[R][2];
    float32x4_t dw[R];
    for (int r = 0; r < R; ++r) {
      const Block* x = reinterpret_cast<const Block*>(w + size_t(r) * w_stride) + b;
      Codec::Decode(x[0], lo[r][0], hi[r][0]);
      if constexpr (kPair) Codec::Decode(x[1], lo[r][1], hi[r][1]);
      dw[r] = PairScales<Ops>(Half<Ops>(x[0].d), kPair ? Half<Ops>(x[1].d) : 0.0f);
    }
    for (int c = 0; c < C; ++c) {
      const Act* y = reinterpret_cast<const Act*>(a + size_t(c) * a_stride) + b;
      const float32x4_t da = PairScales<Ops>(Half<Ops>(y[0].d), kPair ? Half<Ops>(y[1].d) : 0.0f);
      for (int r = 0; r < R; ++r) {
        const int32x4_t d0 = Dot32<Ops>(lo[r][0], hi[r][0], y[0].qs);
        int32x4_t d1 = vdupq_n_s32(0);
        if constexpr (kPair) d1 = Dot32<Ops>(lo[r][1], hi[r][1], y[1].qs);
        acc[r][c] = AddBlockPair<Ops>(acc[r][c], d0, d1, vmulq_f32(dw[r], da));
      }
    }
  }

  static void Run(int64_t n, const uint8_t* w, size_t w_stride, const uint8_t* a, size_t a_stride,
                  float* out, size_t out_stride) {
    const int64_t nb = n / 32;
    float32x4_t acc[R][C];
    for (int r = 0; r < R; ++r) {
      for (int c = 0; c < C; ++c) acc[r][c] = vdupq_n_f32(0.0f);
    }
    int64_t b = 0;
    for (; b + 2 <= nb; b += 2) Step<true>(b, w, w_stride, a, a_stride, acc);
    if (b < nb) Step<false>(b, w, w_stride, a, a_stride, acc);
    for (int r = 0; r < R; ++r) {
      const auto* x = reinterpret_cast<const Block*>(w + size_t(r) * w_stride);
      for (int c = 0; c < C; ++c) {
        const auto* y = reinterpret_cast<const Act*>(a + size_t(c) * a_stride);
        out[size_t(c) * out_stride + size_t(r)] =
            vaddvq_f32(acc[r][c]) + MinTerm<Ops, Codec>(nb, x, y);
      }
    }
  }
};

// VecDotTileFn (kernel_set.h): 2 x C register tiles (C = 4, 3, 2 or 1 for the last columns);
// a leftover row goes through VecDot32.
template <class Ops, class Codec>
void VecDotTile32(int64_t n, const void* w, size_t w_stride, int n_rows, const void* a,
                  size_t a_stride, int n_cols, float* out, size_t out_stride) {
  constexpr int kRows = 2;
  using TileFn = void (*)(int64_t, const uint8_t*, size_t, const uint8_t*, size_t, float*, size_t);
  static constexpr TileFn kTiles[4] = {
      Tile32<Ops, Codec, kRows, 1>::Run, Tile32<Ops, Codec, kRows, 2>::Run,
      Tile32<Ops, Codec, kRows, 3>::Run, Tile32<Ops, Codec, kRows, 4>::Run};
  const auto* wb = static_cast<const uint8_t*>(w);
  const auto* ab = static_cast<const uint8_t*>(a);
  int r = 0;
  for (; r + kRows <= n_rows; r += kRows) {
    for (int c = 0; c < n_cols; c += 4) {
      const int cols = std::min(4, n_cols - c);
      kTiles[cols - 1](n, wb + size_t(r) * w_stride, w_stride, ab + size_t(c) * a_stride, a_stride,
                       out + size_t(c) * out_stride + size_t(r), out_stride);
    }
  }
  for (; r < n_rows; ++r) {
    for (int c = 0; c < n_cols; ++c) {
      out[size_t(c) * out_stride + size_t(r)] =
          VecDot32<Ops, Codec>(n, wb + size_t(r) * w_stride, ab + size_t(c) * a_stride);
    }
  }
}

}  // namespace hearth::internal::neon
