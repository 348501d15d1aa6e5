// AVX-512 VNNI dot products of the 32-element block types with Q8_0 / Q8_1 activations.
//
// Four blocks per step, two per 512-bit register (8 int32 lanes each). The weight bytes of the
// four blocks are loaded once (two loads) and vpermt2b / vpermt2w pick from them the quants
// of each pair and the f16 scales, each scale already repeated over its block's 8 lanes, so
// one vcvtph2ps per pair yields the lane scales. A trailing 1..3 blocks use 256-bit forms.
//
// The float arithmetic is that of the tiles (vec_dot_tile_avx512.cc), so a row's product is the
// same float whether it is computed alone or in a tile: pair p of blocks (2p, 2p + 1) goes to
// accumulator p % 2 by acc = fma(float(int32 lanes), d_w * d_a per lane, acc), a last odd
// block as a pair with a zero upper half; the result is _mm512_reduce_add_ps(acc0 + acc1). Each
// int32 lane is the exact sum of 4 consecutive products, whatever instructions produced it.
#include <array>
#include <cstddef>
#include <type_traits>

#include "kernels/x86/avx512_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::HalfToFloat;
using x86::VnniDot;
using x86::VnniDotBiased;

// Byte layout of a block type: its size and where its fields start.
template <class Block>
struct Layout {
  static constexpr int kStride = sizeof(Block);
  static constexpr int kQs = offsetof(Block, qs);
};

// A group of 4 blocks (kStride bytes each) is held in two registers: bytes 0..63, and the
// group's last 64 bytes (if it has 128 or more) or its last 32 (zero-extended; no masked load,
// which is slow in a hot loop). TableIndex is the position of group byte b in that pair, as
// vpermt2b / vpermt2w address it.
constexpr int TableIndex(int stride, int b) {
  const int bytes = 4 * stride;
  return (bytes >= 128 || b < 64) ? b : 64 + b - (bytes - 32);
}

// vpermt2b indices gathering the 16 quant bytes of blocks 2p, 2p + 1 of a 4-block group, each
// twice: [b, b, b + 1, b + 1] (the second copy becomes the high nibbles).
template <class Block>
constexpr std::array<uint8_t, 64> PairQuantIndex(int p) {
  constexpr int kStride = Layout<Block>::kStride;
  std::array<uint8_t, 64> idx{};
  for (int k = 0; k < 64; ++k) {
    const int block = 2 * p + k / 32;
    idx[size_t(k)] = uint8_t(TableIndex(kStride, block * kStride + Layout<Block>::kQs + k % 16));
  }
  return idx;
}

// vpermt2w indices of the f16 at byte `offset` of blocks 0..3, each repeated over 8 words.
constexpr std::array<uint16_t, 32> HalfIndex(int stride, int offset) {
  std::array<uint16_t, 32> idx{};
  for (int k = 0; k < 32; ++k)
    idx[size_t(k)] = uint16_t(TableIndex(stride, k / 8 * stride + offset) / 2);
  return idx;
}

inline __m512i LoadIndex(const void* p) { return x86::Load512(p); }

// Half p (0: low, 1: high 256 bits) of 32 f16 as 16 floats.
inline __m512 HalfToFloats(__m512i h, int p) {
  return _mm512_cvtph_ps(p == 0 ? _mm512_castsi512_si256(h) : _mm512_extracti64x4_epi64(h, 1));
}

// The two registers holding the 4-block group at p (see TableIndex).
template <int kStride>
struct GroupBytes {
  __m512i lo, hi;
  explicit GroupBytes(const void* at) {
    constexpr int kBytes = 4 * kStride;
    static_assert(kBytes > 64 && kBytes % 2 == 0);
    const auto* p = static_cast<const uint8_t*>(at);
    lo = x86::Load512(p);
    if constexpr (kBytes >= 128) {
      hi = x86::Load512(p + 64);
    } else {
      hi = _mm512_zextsi256_si512(x86::Load256(p + kBytes - 32));
    }
  }
};

template <class Block>
struct Group : GroupBytes<sizeof(Block)> {
  explicit Group(const Block* x) : GroupBytes<sizeof(Block)>(x) {}
};

// Unsigned nibbles of blocks 2p, 2p + 1 of group g in element order.
template <class Block>
inline __m512i PairNibbles(const Group<Block>& g, int p) {
  static constexpr std::array<uint8_t, 64> kIdx0 = PairQuantIndex<Block>(0);
  static constexpr std::array<uint8_t, 64> kIdx1 = PairQuantIndex<Block>(1);
  const __m512i bytes =
      _mm512_permutex2var_epi8(g.lo, LoadIndex(p == 0 ? kIdx0.data() : kIdx1.data()), g.hi);
  // The second copy of each block's 16 bytes gives the high nibbles.
  const __m512i shift = _mm512_setr_epi64(0, 0, 0x0004000400040004, 0x0004000400040004, 0, 0,
                                          0x0004000400040004, 0x0004000400040004);
  return _mm512_and_si512(_mm512_srlv_epi16(bytes, shift), _mm512_set1_epi8(0x0F));
}

// The f16 field at `offset` of the 4 blocks, each spread over 8 words.
template <int kStride, int kOffset>
inline __m512i GatherHalves(__m512i lo, __m512i hi) {
  static constexpr std::array<uint16_t, 32> kIdx = HalfIndex(kStride, kOffset);
  return _mm512_permutex2var_epi16(lo, LoadIndex(kIdx.data()), hi);
}

// High-bit mask of Q5 blocks b, b + 1: bit j of the 64 = element j of the pair.
template <class Block>
inline __mmask64 PairHighBits(const Block* x) {
  uint32_t h0, h1;
  std::memcpy(&h0, x[0].qh, 4);
  std::memcpy(&h1, x[1].qh, 4);
  return _cvtu64_mask64(h0 | (uint64_t{h1} << 32));
}

// Per-type quants of a pair (512-bit) and of a lone block (256-bit), and the dot with the
// activation bytes. Unsigned quants u with bias c: the true values are u - c.
template <class Block>
struct Quants;

template <>
struct Quants<BlockQ8_0> {
  static __m256i Dot1(const BlockQ8_0& x, __m256i a) {
    const __m256i bias = _mm256_set1_epi8(static_cast<char>(0x80));
    return VnniDotBiased(_mm256_xor_si256(x86::Load256(x.qs), bias), bias, a);
  }
};

template <>
struct Quants<BlockQ4_0> {
  static __m512i Dot(const Group<BlockQ4_0>& g, const BlockQ4_0*, int p, __m512i a) {
    return VnniDotBiased(PairNibbles(g, p), _mm512_set1_epi8(8), a);
  }
  static __m256i Dot1(const BlockQ4_0& x, __m256i a) {
    return VnniDotBiased(x86::UnpackNibbles16(x.qs), _mm256_set1_epi8(8), a);
  }
};

template <>
struct Quants<BlockQ4_1> {
  static __m512i Dot(const Group<BlockQ4_1>& g, const BlockQ4_1*, int p, __m512i a) {
    return VnniDot(PairNibbles(g, p), a);
  }
  static __m256i Dot1(const BlockQ4_1& x, __m256i a) {
    return VnniDot(x86::UnpackNibbles16(x.qs), a);
  }
};

template <>
struct Quants<BlockIQ4_NL> {
  // Levels + 128 as unsigned bytes (bias 128).
  static __m128i Table() {
    return _mm_add_epi8(x86::Iq4NlTable(), _mm_set1_epi8(static_cast<char>(0x80)));
  }
  static __m512i Dot(const Group<BlockIQ4_NL>& g, const BlockIQ4_NL*, int p, __m512i a) {
    const __m512i u = _mm512_shuffle_epi8(_mm512_broadcast_i32x4(Table()), PairNibbles(g, p));
    return VnniDotBiased(u, _mm512_set1_epi8(static_cast<char>(0x80)), a);
  }
  static __m256i Dot1(const BlockIQ4_NL& x, __m256i a) {
    const __m256i u =
        _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(Table()), x86::UnpackNibbles16(x.qs));
    return VnniDotBiased(u, _mm256_set1_epi8(static_cast<char>(0x80)), a);
  }
};

// Q5_0 (bias 16) and Q5_1 (no bias): nibble + 16 where the qh bit is set.
template <class Block, int kBias>
struct Quants5 {
  static __m512i Dot(const Group<Block>& g, const Block* x, int p, __m512i a) {
    const __m512i sixteen = _mm512_set1_epi8(16);
    __m512i u = PairNibbles(g, p);
    u = _mm512_mask_add_epi8(u, PairHighBits(x + 2 * p), u, sixteen);
    if constexpr (kBias == 0) return VnniDot(u, a);
    return VnniDotBiased(u, sixteen, a);
  }
  static __m256i Dot1(const Block& x, __m256i a) {
    uint32_t h;
    std::memcpy(&h, x.qh, 4);
    __m256i u = x86::UnpackNibbles16(x.qs);
    u = _mm256_mask_add_epi8(u, _cvtu32_mask32(h), u, _mm256_set1_epi8(16));
    if constexpr (kBias == 0) return VnniDot(u, a);
    return VnniDotBiased(u, _mm256_set1_epi8(16), a);
  }
};
template <>
struct Quants<BlockQ5_0> : Quants5<BlockQ5_0, 16> {};
template <>
struct Quants<BlockQ5_1> : Quants5<BlockQ5_1, 0> {};

// acc + the pair step of blocks b, b + 1 (kPair) or of block b alone (upper 8 lanes zero, as
// the tiles' last odd block), outside a 4-block group.
template <bool kPair, class Block, class Act>
inline __m512 TailStep(const Block* x, const Act* y, int64_t b, __m512 acc) {
  const auto scale = [&](int64_t i) {
    return _mm256_set1_ps(HalfToFloat(x[i].d) * HalfToFloat(y[i].d));
  };
  __m512i dot = _mm512_zextsi256_si512(Quants<Block>::Dot1(x[b], x86::Load256(y[b].qs)));
  __m512 lane_scales = _mm512_zextps256_ps512(scale(b));
  if constexpr (kPair) {
    dot = _mm512_inserti64x4(dot, Quants<Block>::Dot1(x[b + 1], x86::Load256(y[b + 1].qs)), 1);
    lane_scales = _mm512_insertf32x8(lane_scales, scale(b + 1), 1);
  }
  return _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), lane_scales, acc);
}

// The blocks from `i` on (fewer than 4, i a multiple of 4): a pair, then a lone block, into
// the one chain; returns reduce(acc).
template <class Block, class Act>
inline float TailBlocks(int64_t i, int64_t nb, const Block* x, const Act* y, __m512 acc) {
  if (i + 2 <= nb) {
    acc = TailStep<true>(x, y, i, acc);
    if (i + 2 < nb) acc = TailStep<false>(x, y, i + 2, acc);
  } else if (i < nb) {
    acc = TailStep<false>(x, y, i, acc);
  }
  return _mm512_reduce_add_ps(acc);
}

// sum over blocks of d_w * d_a * dot (+ m * s for Q4_1 / Q5_1 against Q8_1).
template <class Block, class Act>
float DotBlocks(int64_t nb, const Block* x, const Act* y) {
  constexpr bool kHasMin = std::is_same_v<Act, BlockQ8_1>;
  constexpr int kW = sizeof(Block), kA = sizeof(Act);
  __m512 acc = _mm512_setzero_ps(), acc_min = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 4 <= nb; i += 4) {
    const Group<Block> g(x + i);
    // Activation scales of the 4 blocks lie in their first 128 bytes.
    const GroupBytes<kA> ga(y + i);
    const __m512i dw = GatherHalves<kW, 0>(g.lo, g.hi);
    const __m512i da = GatherHalves<kA, 0>(ga.lo, ga.hi);
    for (int p = 0; p < 2; ++p) {
      const __m512i act = x86::Load2x256(y[i + 2 * p].qs, y[i + 2 * p + 1].qs);
      const __m512 dot = _mm512_cvtepi32_ps(Quants<Block>::Dot(g, x + i, p, act));
      const __m512 scale = _mm512_mul_ps(HalfToFloats(dw, p), HalfToFloats(da, p));
      acc = _mm512_fmadd_ps(dot, scale, acc);
    }
    if constexpr (kHasMin) {
      // m * s, counted once per lane: 8 lanes per block, divided by 8 (exact) at the end.
      const __m512i m = GatherHalves<kW, 2>(g.lo, g.hi);
      const __m512i s = GatherHalves<kA, 2>(ga.lo, ga.hi);
      for (int p = 0; p < 2; ++p) {
        acc_min = _mm512_fmadd_ps(HalfToFloats(m, p), HalfToFloats(s, p), acc_min);
      }
    }
  }
  float sum = TailBlocks(i, nb, x, y, acc);
  if constexpr (kHasMin) {
    sum += _mm512_reduce_add_ps(acc_min) * 0.125f;
    for (; i < nb; ++i) sum += HalfToFloat(x[i].m) * HalfToFloat(y[i].s);
  }
  return sum;
}

// Q8_0: weights made unsigned (q + 128); the pair bytes are contiguous per block.
float VecDotQ8_0(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const BlockQ8_0*>(w);
  const auto* y = static_cast<const BlockQ8_0*>(a);
  const int64_t nb = n / kQK8_0;
  const __m512i bias = _mm512_set1_epi8(static_cast<char>(0x80));
  __m512 acc = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 4 <= nb; i += 4) {
    const GroupBytes<34> gx(x + i), gy(y + i);
    const __m512i dw = GatherHalves<34, 0>(gx.lo, gx.hi);
    const __m512i da = GatherHalves<34, 0>(gy.lo, gy.hi);
    for (int p = 0; p < 2; ++p) {
      const int64_t b = i + 2 * p;
      const __m512i u = _mm512_xor_si512(x86::Load2x256(x[b].qs, x[b + 1].qs), bias);
      const __m512i dot = VnniDotBiased(u, bias, x86::Load2x256(y[b].qs, y[b + 1].qs));
      const __m512 scale = _mm512_mul_ps(HalfToFloats(dw, p), HalfToFloats(da, p));
      acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), scale, acc);
    }
  }
  return TailBlocks(i, nb, x, y, acc);
}

template <class Block, class Act>
float VecDot(int64_t n, const void* w, const void* a) {
  return DotBlocks(n / 32, static_cast<const Block*>(w), static_cast<const Act*>(a));
}

}  // namespace

void FillAvx512LegacyDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kQ8_0)] = VecDotQ8_0;
  k.vec_dot[Slot(DType::kQ4_0)] = VecDot<BlockQ4_0, BlockQ8_0>;
  k.vec_dot[Slot(DType::kQ4_1)] = VecDot<BlockQ4_1, BlockQ8_1>;
  k.vec_dot[Slot(DType::kQ5_0)] = VecDot<BlockQ5_0, BlockQ8_0>;
  k.vec_dot[Slot(DType::kQ5_1)] = VecDot<BlockQ5_1, BlockQ8_1>;
  k.vec_dot[Slot(DType::kIQ4_NL)] = VecDot<BlockIQ4_NL, BlockQ8_0>;
}

}  // namespace hearth::internal
