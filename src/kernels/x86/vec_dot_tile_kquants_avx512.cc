// AVX-512 tiles of K-quant dot products (Q2_K..Q6_K with Q8_K activations) for prompt
// processing. Per super-block each weight row is decoded once per 64-element chunk and used
// for C activation rows: unsigned quants x activation bytes in int16 pairs (vpmaddubsw),
// weighted by the 16-element group scales into int32 (vpdpwssd), as in the vec_dot kernels.
// At the end of a super-block the bsums term (mins, or the offset of signed quants) is applied
// and the integer total converted and scaled by d_w * d_a.
#include <type_traits>

#include "kernels/x86/avx512_common.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;
using x86::Load256;
using x86::Load512;

// One weight row's super-block, ready for the chunks.
struct RowState {
  __m512i scales;      // int16 scale per 16-element group (lanes 0..15)
  __m256i bs_weights;  // int16 per group, applied to the bsums: mins or offset scales
  float d, dmin;
};

inline __m512i Low4(__m512i v) { return _mm512_and_si512(v, _mm512_set1_epi8(0x0F)); }
inline __m512i High4(__m512i v) { return Low4(_mm512_srli_epi16(v, 4)); }
inline __m512i Bits2(__m512i v, int shift) {
  return _mm512_and_si512(_mm512_srli_epi16(v, shift), _mm512_set1_epi8(0x03));
}

// Word-lane indices: 8 lanes each of groups g0..g3.
inline __m512i GroupIndex(int g0, int g1, int g2, int g3) {
  const __m256i lo = _mm256_set_m128i(_mm_set1_epi16(static_cast<int16_t>(g1)),
                                      _mm_set1_epi16(static_cast<int16_t>(g0)));
  const __m256i hi = _mm256_set_m128i(_mm_set1_epi16(static_cast<int16_t>(g3)),
                                      _mm_set1_epi16(static_cast<int16_t>(g2)));
  return _mm512_inserti64x4(_mm512_zextsi256_si512(lo), hi, 1);
}

// Low half: every byte `lo`; high half: every byte `hi`.
inline __m512i HalfBytes(int lo, int hi) {
  return _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(lo)),
                            _mm256_set1_epi8(static_cast<char>(hi)), 1);
}

// Chunks of contiguous activations (Q4_K, Q5_K, Q6_K): chunk k is elements 64k..64k+63.
inline __m512i ContiguousActs(const BlockQ8_K& y, int k) { return Load512(y.qs + 64 * k); }
// Q2_K / Q3_K: chunk k is elements 32k..32k+31 and 128+32k..128+32k+31.
inline __m512i SplitActs(const BlockQ8_K& y, int k) {
  return x86::Load2x256(y.qs + 32 * k, y.qs + 128 + 32 * k);
}
inline __m512i SplitIndex(int k) { return GroupIndex(2 * k, 2 * k + 1, 8 + 2 * k, 9 + 2 * k); }

// Q4_K / Q5_K: mins on the bsums; chunk k = sub-blocks 2k (low nibbles) and 2k + 1 (high).
template <class BlockType>
struct Q45K {
  using Block = BlockType;
  static constexpr bool kHasMin = true;
  static constexpr int kOffsetShift = 0;
  static RowState Prepare(const Block& x) {
    const __m128i dup_scales = _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    const __m128i dup_mins =
        _mm_setr_epi8(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
    const __m128i sm = x86::UnpackScalesMinsK4(x.scales);
    return {_mm512_zextsi256_si512(_mm256_cvtepu8_epi16(_mm_shuffle_epi8(sm, dup_scales))),
            _mm256_cvtepu8_epi16(_mm_shuffle_epi8(sm, dup_mins)), HalfToFloat(x.d),
            HalfToFloat(x.dmin)};
  }
  static __m512i Quants(const Block& x, int k) {
    const __m512i bits = Load512(x.qs + 64 * (k / 2));
    const __m512i lo = Low4(bits), hi = High4(bits);
    // lo = [sub-block 4p, 4p + 2], hi = [4p + 1, 4p + 3] for p = k / 2.
    __m512i q =
        (k % 2 == 0) ? _mm512_shuffle_i64x2(lo, hi, 0x44) : _mm512_shuffle_i64x2(lo, hi, 0xEE);
    if constexpr (std::is_same_v<Block, BlockQ5_K>) {
      const __mmask64 high =
          _mm512_test_epi8_mask(x86::Broadcast256(x.qh), HalfBytes(1 << (2 * k), 2 << (2 * k)));
      q = _mm512_mask_add_epi8(q, high, q, _mm512_set1_epi8(16));
    }
    return q;
  }
  static __m512i Acts(const BlockQ8_K& y, int k) { return ContiguousActs(y, k); }
  static __m512i Index(int k) { return GroupIndex(4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3); }
};

// Q6_K: quants q - 32; chunk k = half k / 2, its low (k even) or high nibbles of ql.
struct Q6K {
  using Block = BlockQ6_K;
  static constexpr bool kHasMin = false;
  static constexpr int kOffsetShift = 5;
  static RowState Prepare(const Block& x) {
    const __m256i scales = _mm256_cvtepi8_epi16(x86::Load128(x.scales));
    return {_mm512_zextsi256_si512(scales), scales, HalfToFloat(x.d), 0.0f};
  }
  static __m512i Quants(const Block& x, int k) {
    const int h = k / 2;
    const __m512i low = Load512(x.ql + 64 * h);
    const __m512i high = x86::Broadcast256(x.qh + 32 * h);
    const __m512i m30 = _mm512_set1_epi8(0x30), m0f = _mm512_set1_epi8(0x0F);
    if (k % 2 == 0) {
      const __m512i hb =
          _mm512_and_si512(_mm512_sllv_epi64(high, _mm512_setr_epi64(4, 4, 4, 4, 2, 2, 2, 2)), m30);
      return _mm512_ternarylogic_epi32(low, m0f, hb, 0xEA);  // (low & 0x0F) | hb
    }
    const __m512i hb =
        _mm512_and_si512(_mm512_srlv_epi64(high, _mm512_setr_epi64(0, 0, 0, 0, 2, 2, 2, 2)), m30);
    return _mm512_ternarylogic_epi32(_mm512_srli_epi16(low, 4), m0f, hb, 0xEA);
  }
  static __m512i Acts(const BlockQ8_K& y, int k) { return ContiguousActs(y, k); }
  static __m512i Index(int k) { return GroupIndex(4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3); }
};

// Q2_K: 2-bit quants, 4-bit scales and mins; chunk k = bits 2k..2k+1 of both halves.
struct Q2K {
  using Block = BlockQ2_K;
  static constexpr bool kHasMin = true;
  static constexpr int kOffsetShift = 0;
  static RowState Prepare(const Block& x) {
    const __m128i packed = x86::Load128(x.scales);
    const __m128i m0f = _mm_set1_epi8(0x0F);
    return {_mm512_zextsi256_si512(_mm256_cvtepu8_epi16(_mm_and_si128(packed, m0f))),
            _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), m0f)), HalfToFloat(x.d),
            HalfToFloat(x.dmin)};
  }
  static __m512i Quants(const Block& x, int k) { return Bits2(Load512(x.qs), 2 * k); }
  static __m512i Acts(const BlockQ8_K& y, int k) { return SplitActs(y, k); }
  static __m512i Index(int k) { return SplitIndex(k); }
};

// Q3_K: quants q + 4 * hbit - 4, 6-bit signed scales; chunks as Q2_K.
struct Q3K {
  using Block = BlockQ3_K;
  static constexpr bool kHasMin = false;
  static constexpr int kOffsetShift = 2;
  static RowState Prepare(const Block& x) {
    const __m256i scales = _mm256_cvtepi8_epi16(x86::UnpackScalesQ3K(x.scales));
    return {_mm512_zextsi256_si512(scales), scales, HalfToFloat(x.d), 0.0f};
  }
  static __m512i Quants(const Block& x, int k) {
    const __m512i q = Bits2(Load512(x.qs), 2 * k);
    const __mmask64 high =
        _mm512_test_epi8_mask(x86::Broadcast256(x.hmask), HalfBytes(1 << k, 16 << k));
    return _mm512_mask_add_epi8(q, high, q, _mm512_set1_epi8(4));
  }
  static __m512i Acts(const BlockQ8_K& y, int k) { return SplitActs(y, k); }
  static __m512i Index(int k) { return SplitIndex(k); }
};

template <class P>
struct KQuantTile {
  template <int R, int C>
  struct Micro {
    using Block = typename P::Block;

    // Adds super-block i's totals of every (r, c) to acc.
    static void SuperBlock(int64_t i, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                           __m512 (&acc)[R][C]) {
      const Block* x[R];
      const BlockQ8_K* y[C];
      RowState row[R];
      for (int r = 0; r < R; ++r) {
        x[r] = reinterpret_cast<const Block*>(w + size_t(r) * ws) + i;
        x86::PrefetchBytes<sizeof(Block)>(reinterpret_cast<const uint8_t*>(x[r]) + R * ws);
        row[r] = P::Prepare(*x[r]);
      }
      for (int c = 0; c < C; ++c) y[c] = reinterpret_cast<const BlockQ8_K*>(a + size_t(c) * as) + i;
      __m512i sum[R][C];
      for (auto& rs : sum) {
        for (auto& v : rs) v = _mm512_setzero_si512();
      }
      for (int k = 0; k < 4; ++k) {
        __m512i q[R], s[R];
        for (int r = 0; r < R; ++r) {
          q[r] = P::Quants(*x[r], k);
          s[r] = _mm512_permutexvar_epi16(P::Index(k), row[r].scales);
        }
        for (int c = 0; c < C; ++c) {
          const __m512i act = P::Acts(*y[c], k);
          for (int r = 0; r < R; ++r) {
            sum[r][c] = _mm512_dpwssd_epi32(sum[r][c], _mm512_maddubs_epi16(q[r], act), s[r]);
          }
        }
      }
      for (int c = 0; c < C; ++c) {
        const __m256i bsums = Load256(y[c]->bsums);
        const float dy = y[c]->d;
        for (int r = 0; r < R; ++r) {
          const __m256i bs = _mm256_madd_epi16(row[r].bs_weights, bsums);
          if constexpr (P::kHasMin) {
            acc[r][c] = _mm512_fnmadd_ps(_mm512_zextps256_ps512(_mm256_cvtepi32_ps(bs)),
                                         _mm512_set1_ps(row[r].dmin * dy), acc[r][c]);
          } else {
            const __m256i offset = _mm256_slli_epi32(bs, P::kOffsetShift);
            sum[r][c] = _mm512_sub_epi32(sum[r][c], _mm512_zextsi256_si512(offset));
          }
          acc[r][c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[r][c]), _mm512_set1_ps(row[r].d * dy),
                                      acc[r][c]);
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m512 acc[R][C];
      for (auto& rs : acc) {
        for (auto& v : rs) v = _mm512_setzero_ps();
      }
      for (int64_t i = 0; i < n / kQK_K; ++i) SuperBlock(i, w, ws, a, as, acc);
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c)
          out[size_t(c) * os + size_t(r)] = _mm512_reduce_add_ps(acc[r][c]);
      }
    }
  };
};

}  // namespace

// Tile shapes as measured (kernels_bench MatMul, 8 and 64 tokens): 2 x 8 decodes each chunk once
// for a whole decode pass of 8 streams and is faster for Q3_K, Q4_K and Q5_K; Q2_K and Q6_K
// measured faster at 4 x 4.
void FillAvx512KQuantTiles(QuantKernels& k) {
  k.vec_dot_tile[Slot(DType::kQ2_K)] = RunTiles<KQuantTile<Q2K>::Micro, 4, 4>;
  k.vec_dot_tile[Slot(DType::kQ3_K)] = RunTiles<KQuantTile<Q3K>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kQ4_K)] = RunTiles<KQuantTile<Q45K<BlockQ4_K>>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kQ5_K)] = RunTiles<KQuantTile<Q45K<BlockQ5_K>>::Micro, 2, 8>;
  k.vec_dot_tile[Slot(DType::kQ6_K)] = RunTiles<KQuantTile<Q6K>::Micro, 4, 4>;
}

}  // namespace hearth::internal
