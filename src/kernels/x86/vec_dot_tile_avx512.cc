// AVX-512 VNNI tiles of dot products (kernel_set.h: VecDotTileFn) for prompt processing: each
// weight block is decoded once per C activation rows, each activation block loaded once per R
// weight rows, and the R x C accumulators stay in registers.
//
// 32-element types (Q8_0, Q4_0, Q5_0, IQ4_NL; Q8_0 activations): weights as signed bytes w,
// activations made unsigned (a + 128): vpdpbusd gives w.a + 128 sum(w), and starting it from
// -128 sum(w) (once per weight block) leaves w.a exactly. The activations come rewritten once
// per product (TileActivations): per pair of blocks, the 64 unsigned bytes and then the two
// scales spread over 8 lanes each, so a step loads them as they are used.
// The K-quant tiles are in vec_dot_tile_kquants_avx512.cc.
#include <algorithm>

#include "kernels/x86/avx512_common.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::Load256;
using x86::Load512;

// [h0 x8, h1 x8] as floats.
inline __m512 PairScales(f16 h0, f16 h1) {
  const __m128i h = _mm_cvtsi32_si128(static_cast<int>(h0.bits | (uint32_t{h1.bits} << 16)));
  return x86::SpreadPair(_mm_cvtph_ps(h), 0);
}

// ---- 32-element block types: signed weight bytes of two blocks (or one, upper half 0). ----

struct Q8_0Weights {
  using Block = BlockQ8_0;
  static __m512i Pair(const Block* x) { return x86::Load2x256(x[0].qs, x[1].qs); }
  static __m256i One(const Block* x) { return Load256(x[0].qs); }
};

struct Q4_0Weights {
  using Block = BlockQ4_0;
  static __m512i Pair(const Block* x) {
    return _mm512_sub_epi8(x86::UnpackNibbles2x16(x[0].qs, x[1].qs), _mm512_set1_epi8(8));
  }
  static __m256i One(const Block* x) {
    return _mm256_sub_epi8(x86::UnpackNibbles16(x[0].qs), _mm256_set1_epi8(8));
  }
};

struct Q5_0Weights {
  using Block = BlockQ5_0;
  static uint32_t High(const Block& b) {
    uint32_t h;
    std::memcpy(&h, b.qh, 4);
    return h;
  }
  static __m512i Pair(const Block* x) {
    const __mmask64 high = _cvtu64_mask64(High(x[0]) | (uint64_t{High(x[1])} << 32));
    const __m512i q = x86::UnpackNibbles2x16(x[0].qs, x[1].qs);
    // Bit set: the nibble itself; clear: nibble - 16.
    return _mm512_mask_sub_epi8(_mm512_sub_epi8(q, _mm512_set1_epi8(16)), high, q,
                                _mm512_setzero_si512());
  }
  static __m256i One(const Block* x) {
    const __m256i q = x86::UnpackNibbles16(x[0].qs);
    return _mm256_mask_sub_epi8(_mm256_sub_epi8(q, _mm256_set1_epi8(16)),
                                _cvtu32_mask32(High(x[0])), q, _mm256_setzero_si256());
  }
};

struct Iq4NlWeights {
  using Block = BlockIQ4_NL;
  static __m512i Pair(const Block* x) {
    return _mm512_shuffle_epi8(_mm512_broadcast_i32x4(x86::Iq4NlTable()),
                               x86::UnpackNibbles2x16(x[0].qs, x[1].qs));
  }
  static __m256i One(const Block* x) {
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(x86::Iq4NlTable()),
                               x86::UnpackNibbles16(x[0].qs));
  }
};

// ---- Rewritten Q8_0 activation rows ----

// One pair of blocks: unsigned bytes (a + 128) of blocks 2p, 2p + 1, then [d(2p) x8, d(2p+1) x8].
// A last odd block is paired with zeros (its partner's scale 0).
constexpr size_t kPairBytes = 64 + 16 * sizeof(float);

size_t TileRowBytes(int64_t n) { return size_t((n / 32 + 1) / 2) * kPairBytes; }

void PrepareTileRow(const void* a, int64_t n, void* out) {
  const auto* y = static_cast<const BlockQ8_0*>(a);
  auto* o = static_cast<uint8_t*>(out);
  const __m512i bias = _mm512_set1_epi8(static_cast<char>(0x80));
  const int64_t nb = n / 32;
  for (int64_t b = 0; b < nb; b += 2, o += kPairBytes) {
    const bool pair = b + 1 < nb;
    const __m512i act =
        pair ? x86::Load2x256(y[b].qs, y[b + 1].qs) : _mm512_zextsi256_si512(Load256(y[b].qs));
    _mm512_store_si512(reinterpret_cast<__m512i*>(o), _mm512_xor_si512(act, bias));
    _mm512_store_ps(reinterpret_cast<float*>(o + 64),
                    PairScales(y[b].d, pair ? y[b + 1].d : f16{0}));
  }
}

// Each entry as the vec_dots compute it (vec_dot_legacy_avx512.cc): the pairs of blocks in
// order into one chain (acc = fma(float(int32 lanes), d_w * d_a per lane, acc)), a last odd
// block as a pair with a zero upper half; _mm512_reduce_add_ps(acc). One chain per entry keeps
// a 2 x 8 tile in registers (16 accumulators beside the weights, scales and activations of a
// step), so a decode batch of 8 tokens decodes each weight block once.
template <class P>
struct LegacyTile {
  template <int R, int C>
  struct Micro {
    using Block = typename P::Block;

    // Accumulates blocks b, b + 1 (kPair) or block b alone.
    template <bool kPair>
    static void Step(int64_t b, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                     __m512 (&acc)[R][C]) {
      const __m512i bias = _mm512_set1_epi8(static_cast<char>(0x80));
      const f16 zero{0};
      __m512i q[R], start[R];
      __m512 dw[R];
      for (int r = 0; r < R; ++r) {
        const Block* x = reinterpret_cast<const Block*>(w + size_t(r) * ws) + b;
        x86::PrefetchBytes<2 * sizeof(Block)>(reinterpret_cast<const uint8_t*>(x) + R * ws);
        q[r] = kPair ? P::Pair(x) : _mm512_zextsi256_si512(P::One(x));
        start[r] = _mm512_sub_epi32(_mm512_setzero_si512(), x86::VnniDot(bias, q[r]));
        dw[r] = PairScales(x[0].d, kPair ? x[1].d : zero);
      }
      for (int c = 0; c < C; ++c) {
        const uint8_t* y = a + size_t(c) * as + size_t(b / 2) * kPairBytes;
        const __m512i u = _mm512_load_si512(reinterpret_cast<const __m512i*>(y));
        const __m512 da = _mm512_load_ps(reinterpret_cast<const float*>(y + 64));
        for (int r = 0; r < R; ++r) {
          const __m512i dot = _mm512_dpbusd_epi32(start[r], u, q[r]);
          acc[r][c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(dw[r], da), acc[r][c]);
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      const int64_t nb = n / 32;
      __m512 acc[R][C];
      for (auto& row : acc) {
        for (auto& v : row) v = _mm512_setzero_ps();
      }
      int64_t b = 0;
      for (; b + 2 <= nb; b += 2) Step<true>(b, w, ws, a, as, acc);
      if (b < nb) Step<false>(b, w, ws, a, as, acc);
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c)
          out[size_t(c) * os + size_t(r)] = _mm512_reduce_add_ps(acc[r][c]);
      }
    }
  };
};

}  // namespace

void FillAvx512Tiles(QuantKernels& k) {
  k.tile_activations[Slot(DType::kQ8_0)] = {TileRowBytes, PrepareTileRow};
  k.vec_dot_tile[Slot(DType::kQ8_0)] = RunTiles<LegacyTile<Q8_0Weights>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kQ4_0)] = RunTiles<LegacyTile<Q4_0Weights>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kQ5_0)] = RunTiles<LegacyTile<Q5_0Weights>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kIQ4_NL)] = RunTiles<LegacyTile<Iq4NlWeights>::Micro, 2, 8>;
}

}  // namespace hearth::internal
