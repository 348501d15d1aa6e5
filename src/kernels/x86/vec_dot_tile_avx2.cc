// AVX2 tiles of dot products (kernel_set.h: VecDotTileFn) for prompt processing: each weight
// block is decoded once per C activation rows and each activation block loaded once per R
// weight rows (see tile_driver.h). With 16 ymm registers the tiles are small (2 x 4; 1 x 4 for
// the 32-element types, which hold 4 blocks of each row).
//
// 32-element types (Q8_0, Q4_0, Q5_0, IQ4_NL): signed weights w, |w| x sign(a, w) in int16
// pairs (vpmaddubsw), then int32 (vpmaddwd); the lanes of 4 blocks are summed by a vphaddd tree,
// converted and scaled together (x86::AddBlockQuad), as the vec_dots do.
// K-quants: unsigned quants x activation bytes in int16 pairs, weighted by the 16- or 32-element
// group scales into int32; per super-block the bsums term (mins or the offset of signed quants)
// is applied and the integer total converted and scaled.
#include <type_traits>

#include "kernels/x86/avx2_common.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;
using x86::Load128;
using x86::Load256;

// ---- 32-element block types: signed weight bytes of one block. ----

struct Q8_0Weights {
  using Block = BlockQ8_0;
  static __m256i Signed(const Block& x) { return Load256(x.qs); }
};

struct Q4_0Weights {
  using Block = BlockQ4_0;
  static __m256i Signed(const Block& x) {
    return _mm256_sub_epi8(x86::UnpackNibbles16(x.qs), _mm256_set1_epi8(8));
  }
};

struct Q5_0Weights {
  using Block = BlockQ5_0;
  static __m256i Signed(const Block& x) {
    uint32_t bits;
    std::memcpy(&bits, x.qh, 4);
    // Bit set: the nibble; clear: nibble - 16.
    const __m256i low = _mm256_andnot_si256(x86::BitsToBytes(bits), _mm256_set1_epi8(0x10));
    return _mm256_sub_epi8(x86::UnpackNibbles16(x.qs), low);
  }
};

struct Iq4NlWeights {
  using Block = BlockIQ4_NL;
  static __m256i Signed(const Block& x) {
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(x86::Iq4NlTable()),
                               x86::UnpackNibbles16(x.qs));
  }
};

// Each entry as the vec_dots compute it (vec_dot_legacy_avx2.cc: SumBlocksAsTile): an
// AddBlockQuad step per group of 4 blocks, a last partial group padded with zeros.
template <class P>
struct LegacyTile {
  template <int R, int C>
  struct Micro {
    using Block = typename P::Block;

    // The f16 scales d of blocks 0..kM-1 at p, then zeros: [f0, f1, f2, f3 | f0, f1, f2, f3].
    template <int kM, class B>
    static __m256 Scales(const B* p) {
      const auto bits = [&](int i) { return i < kM ? static_cast<short>(p[i].d.bits) : short{0}; };
      return _mm256_cvtph_ps(
          _mm_setr_epi16(bits(0), bits(1), bits(2), bits(3), bits(0), bits(1), bits(2), bits(3)));
    }

    // Blocks b..b+kM-1 (kM <= 4; the rest of the group as zeros) of every entry into acc.
    template <int kM>
    static void Step(int64_t b, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                     __m256 (&acc)[R][C]) {
      const __m256i ones = _mm256_set1_epi16(1);
      __m256i abs[R][4], sgn[R][4];
      __m256 dw[R];
      for (int r = 0; r < R; ++r) {
        const Block* x = reinterpret_cast<const Block*>(w + size_t(r) * ws) + b;
        x86::PrefetchBytes<4 * sizeof(Block)>(reinterpret_cast<const uint8_t*>(x) + R * ws);
        for (int i = 0; i < 4; ++i) {
          sgn[r][i] = i < kM ? P::Signed(x[i]) : _mm256_setzero_si256();
          abs[r][i] = _mm256_sign_epi8(sgn[r][i], sgn[r][i]);
        }
        dw[r] = Scales<kM>(x);
      }
      for (int c = 0; c < C; ++c) {
        const BlockQ8_0* y = reinterpret_cast<const BlockQ8_0*>(a + size_t(c) * as) + b;
        const __m256 da = Scales<kM>(y);
        for (int r = 0; r < R; ++r) {
          __m256i d[4];
          for (int i = 0; i < 4; ++i) {
            d[i] = _mm256_setzero_si256();
            if (i < kM) {
              const __m256i act = _mm256_sign_epi8(Load256(y[i].qs), sgn[r][i]);
              d[i] = _mm256_madd_epi16(_mm256_maddubs_epi16(abs[r][i], act), ones);
            }
          }
          acc[r][c] =
              x86::AddBlockQuad(acc[r][c], d[0], d[1], d[2], d[3], _mm256_mul_ps(dw[r], da));
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      const int64_t nb = n / 32;
      __m256 acc[R][C];
      for (auto& row : acc) {
        for (auto& v : row) v = _mm256_setzero_ps();
      }
      int64_t b = 0;
      for (; b + 4 <= nb; b += 4) Step<4>(b, w, ws, a, as, acc);
      switch (nb - b) {
        case 3: Step<3>(b, w, ws, a, as, acc); break;
        case 2: Step<2>(b, w, ws, a, as, acc); break;
        case 1: Step<1>(b, w, ws, a, as, acc); break;
        default: break;
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) out[size_t(c) * os + size_t(r)] = x86::Hsum(acc[r][c]);
      }
    }
  };
};

// ---- K-quants: 8 chunks of 32 elements per super-block, chunk k = elements 32k..32k+31. ----

// One weight row's super-block: the int16 group scales of each chunk come from `scales`.
struct RowState {
  __m256i scales[2];   // int16 scales, both 128-bit halves = groups of half h (16-elt groups)
                       // or, for 32-element sub-blocks, scales[0] holds all 8
  __m256i bs_weights;  // int16 per 16-element group, applied to the bsums: mins or offsets
  float d, dmin;
};

inline __m256i Nibbles(__m256i q) { return _mm256_and_si256(q, _mm256_set1_epi8(0x0F)); }
inline __m256i HighNibbles(__m256i q) { return Nibbles(_mm256_srli_epi16(q, 4)); }
inline __m256i ByteBits(__m256i v, int shift, int mask) {
  return _mm256_and_si256(_mm256_srli_epi16(v, shift), _mm256_set1_epi8(static_cast<char>(mask)));
}
inline __m256i HalfScales(const int8_t* p) {
  return _mm256_broadcastsi128_si256(
      _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

// Q4_K / Q5_K: sub-block k = chunk k; mins on the bsums.
template <class BlockType>
struct Q45K {
  using Block = BlockType;
  static constexpr bool kHasMin = true;
  static constexpr int kOffsetShift = 0;
  static RowState Prepare(const Block& x) {
    const __m128i dup_mins =
        _mm_setr_epi8(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
    const __m128i sm = x86::UnpackScalesMinsK4(x.scales);
    const __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
    return {{scales, scales},
            _mm256_cvtepu8_epi16(_mm_shuffle_epi8(sm, dup_mins)),
            HalfToFloat(x.d),
            HalfToFloat(x.dmin)};
  }
  static __m256i Quants(const Block& x, int k) {
    const __m256i bits = Load256(x.qs + 32 * (k / 2));
    __m256i q = (k % 2 == 0) ? Nibbles(bits) : HighNibbles(bits);
    if constexpr (std::is_same_v<Block, BlockQ5_K>) {
      q = _mm256_or_si256(q, _mm256_slli_epi16(ByteBits(Load256(x.qh), k, 1), 4));
    }
    return q;
  }
  static __m256i Scales(const RowState& row, int k) {
    return _mm256_shuffle_epi8(row.scales[0], x86::BroadcastI16Mask(k));
  }
};

// Q6_K: quants q - 32, 16-element groups; chunk k = half k / 4, quarter k % 4.
struct Q6K {
  using Block = BlockQ6_K;
  static constexpr bool kHasMin = false;
  static constexpr int kOffsetShift = 5;
  static RowState Prepare(const Block& x) {
    return {{HalfScales(x.scales), HalfScales(x.scales + 8)},
            _mm256_cvtepi8_epi16(Load128(x.scales)),
            HalfToFloat(x.d),
            0.0f};
  }
  static __m256i Quants(const Block& x, int k) {
    const int h = k / 4, part = k % 4;
    const __m256i low = Load256(x.ql + 64 * h + 32 * (part % 2));
    const __m256i high = ByteBits(Load256(x.qh + 32 * h), 2 * part, 3);
    const __m256i q = part < 2 ? Nibbles(low) : HighNibbles(low);
    return _mm256_or_si256(q, _mm256_slli_epi16(high, 4));
  }
  static __m256i Scales(const RowState& row, int k) {
    return _mm256_shuffle_epi8(row.scales[k / 4], x86::BroadcastI16PairMask(2 * (k % 4)));
  }
};

// Q2_K: 2-bit quants, 4-bit scales and mins; chunk k = bits 2j of half h (k = 4h + j).
struct Q2K {
  using Block = BlockQ2_K;
  static constexpr bool kHasMin = true;
  static constexpr int kOffsetShift = 0;
  static RowState Prepare(const Block& x) {
    const __m128i packed = Load128(x.scales);
    const __m128i m0f = _mm_set1_epi8(0x0F);
    alignas(16) int8_t scales[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(scales), _mm_and_si128(packed, m0f));
    return {{HalfScales(scales), HalfScales(scales + 8)},
            _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), m0f)),
            HalfToFloat(x.d),
            HalfToFloat(x.dmin)};
  }
  static __m256i Quants(const Block& x, int k) {
    return ByteBits(Load256(x.qs + 32 * (k / 4)), 2 * (k % 4), 3);
  }
  static __m256i Scales(const RowState& row, int k) {
    return _mm256_shuffle_epi8(row.scales[k / 4], x86::BroadcastI16PairMask(2 * (k % 4)));
  }
};

// Q3_K: quants q + 4 * hbit - 4, signed 6-bit scales; chunks as Q2_K.
struct Q3K {
  using Block = BlockQ3_K;
  static constexpr bool kHasMin = false;
  static constexpr int kOffsetShift = 2;
  static RowState Prepare(const Block& x) {
    alignas(16) int8_t scales[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(scales), x86::UnpackScalesQ3K(x.scales));
    return {{HalfScales(scales), HalfScales(scales + 8)},
            _mm256_cvtepi8_epi16(Load128(scales)),
            HalfToFloat(x.d),
            0.0f};
  }
  static __m256i Quants(const Block& x, int k) {
    const int h = k / 4, j = k % 4;
    const __m256i q = ByteBits(Load256(x.qs + 32 * h), 2 * j, 3);
    return _mm256_or_si256(q, _mm256_slli_epi16(ByteBits(Load256(x.hmask), 4 * h + j, 1), 2));
  }
  static __m256i Scales(const RowState& row, int k) {
    return _mm256_shuffle_epi8(row.scales[k / 4], x86::BroadcastI16PairMask(2 * (k % 4)));
  }
};

template <class P>
struct KQuantTile {
  template <int R, int C>
  struct Micro {
    using Block = typename P::Block;

    // Adds super-block i's totals of every (r, c) to acc.
    static void SuperBlock(int64_t i, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                           __m256 (&acc)[R][C]) {
      const Block* x[R];
      const BlockQ8_K* y[C];
      RowState row[R];
      for (int r = 0; r < R; ++r) {
        x[r] = reinterpret_cast<const Block*>(w + size_t(r) * ws) + i;
        x86::PrefetchBytes<sizeof(Block)>(reinterpret_cast<const uint8_t*>(x[r]) + R * ws);
        row[r] = P::Prepare(*x[r]);
      }
      for (int c = 0; c < C; ++c) y[c] = reinterpret_cast<const BlockQ8_K*>(a + size_t(c) * as) + i;
      __m256i sum[R][C];
      for (auto& rs : sum) {
        for (auto& v : rs) v = _mm256_setzero_si256();
      }
      for (int k = 0; k < 8; ++k) {
        __m256i q[R], s[R];
        for (int r = 0; r < R; ++r) {
          q[r] = P::Quants(*x[r], k);
          s[r] = P::Scales(row[r], k);
        }
        for (int c = 0; c < C; ++c) {
          const __m256i act = Load256(y[c]->qs + 32 * k);
          for (int r = 0; r < R; ++r) {
            const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(q[r], act), s[r]);
            sum[r][c] = _mm256_add_epi32(sum[r][c], p);
          }
        }
      }
      for (int c = 0; c < C; ++c) {
        const __m256i bsums = Load256(y[c]->bsums);
        const float dy = y[c]->d;
        for (int r = 0; r < R; ++r) {
          const __m256i bs = _mm256_madd_epi16(row[r].bs_weights, bsums);
          if constexpr (P::kHasMin) {
            acc[r][c] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(bs), _mm256_set1_ps(row[r].dmin * dy),
                                         acc[r][c]);
          } else {
            sum[r][c] = _mm256_sub_epi32(sum[r][c], _mm256_slli_epi32(bs, P::kOffsetShift));
          }
          acc[r][c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[r][c]), _mm256_set1_ps(row[r].d * dy),
                                      acc[r][c]);
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m256 acc[R][C];
      for (auto& rs : acc) {
        for (auto& v : rs) v = _mm256_setzero_ps();
      }
      for (int64_t i = 0; i < n / kQK_K; ++i) SuperBlock(i, w, ws, a, as, acc);
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) out[size_t(c) * os + size_t(r)] = x86::Hsum(acc[r][c]);
      }
    }
  };
};

}  // namespace

void FillAvx2Tiles(QuantKernels& k) {
  k.vec_dot_tile[Slot(DType::kQ8_0)] = RunTiles<LegacyTile<Q8_0Weights>::Micro, 1, 4>;
  k.vec_dot_tile[Slot(DType::kQ4_0)] = RunTiles<LegacyTile<Q4_0Weights>::Micro, 1, 4>;
  k.vec_dot_tile[Slot(DType::kQ5_0)] = RunTiles<LegacyTile<Q5_0Weights>::Micro, 1, 4>;
  k.vec_dot_tile[Slot(DType::kIQ4_NL)] = RunTiles<LegacyTile<Iq4NlWeights>::Micro, 1, 4>;
  k.vec_dot_tile[Slot(DType::kQ2_K)] = RunTiles<KQuantTile<Q2K>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kQ3_K)] = RunTiles<KQuantTile<Q3K>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kQ4_K)] = RunTiles<KQuantTile<Q45K<BlockQ4_K>>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kQ5_K)] = RunTiles<KQuantTile<Q45K<BlockQ5_K>>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kQ6_K)] = RunTiles<KQuantTile<Q6K>::Micro, 2, 4>;
}

}  // namespace hearth::internal
