// Internal to the *_avx512.cc files: the F32 / F16 / BF16 dot-product micro-kernel shared by the
// AVX-512 tiles (vec_dot_tile_float_avx512.cc) and vec_dots (vec_dot_float_avx512.cc), so that a
// row's product is the same float whether it is computed alone or in a tile of any shape.
//
// Per (row, column) the arithmetic is fixed: the row is cut into steps of Ops::kStep elements,
// the last one masked if partial (lanes past the end load as zero); step t is added to
// accumulator t % Ops::kChains by acc = Madd(acc, x[..], y[..]), in order; the result is
// _mm512_reduce_add_ps(acc0 [+ acc1]).
//
// A lone row (vec_dot, a 1 x 1 tile) gets kChains independent chains over one sequential stream:
// two where one (a step per FMA latency) would be slower than memory. A tile keeps
// Ops::kTileChains chains per entry in registers. With one of two, it walks the rows in blocks
// of kBlockSteps steps (in L1), taking the chains one after another within a block while the
// other chain's sums wait in memory. That is cheap where kChains * kStep is one cache line, so
// that every chain reads every line of a block (F16, widened BF16), and costs about a quarter of
// a tile's speed with 64-byte steps (F32); BF16 with vdpbf16ps keeps both chains in registers
// instead, in a smaller tile (as costly). One chain would cost a lone row about a tenth of its
// speed out of DRAM.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/x86/avx512_common.h"
#include "tensor/dtype.h"

namespace hearth::internal::x86::avx512 {

// kStep elements as a vector V of products' operands; the masked form (the row's tail) loads
// only the first lanes of the mask and zeroes the rest. kChains: accumulators per dot product
// (the chains of a lone row); kTileChains: how many of them a tile keeps in registers.
struct F32Ops {
  using T = float;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kChains = 4;
  static constexpr int kTileChains = 1;
  static constexpr int kStep = 16;
  static V Load(const T* p) { return _mm512_loadu_ps(p); }
  static V Load(const T* p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

struct F16Ops {
  using T = f16;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kChains = 2;
  static constexpr int kTileChains = 1;
  static constexpr int kStep = 16;
  static V Load(const T* p) { return _mm512_cvtph_ps(Load256(p)); }
  static V Load(const T* p, Mask m) { return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p)); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

struct Bf16WidenOps {
  using T = bf16;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kChains = 2;
  static constexpr int kTileChains = 1;
  static constexpr int kStep = 16;
  static V Widen(__m256i v) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(v), 16));
  }
  static V Load(const T* p) { return Widen(Load256(p)); }
  static V Load(const T* p, Mask m) { return Widen(_mm256_maskz_loadu_epi16(m, p)); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

// vdpbf16ps (CPUs with AVX512-BF16): 32 bf16 pairs per instruction, products exact, sums in f32
// (inputs below the normal range count as zero, a negligible difference).
struct Bf16DpOps {
  using T = bf16;
  using V = __m512bh;
  using Mask = __mmask32;
  static constexpr int kChains = 2;
  static constexpr int kTileChains = 2;  // a walk would skip every other line
  static constexpr int kStep = 32;
  static V Load(const T* p) { return (__m512bh)Load512(p); }
  static V Load(const T* p, Mask m) { return (__m512bh)_mm512_maskz_loadu_epi16(m, p); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_dpbf16_ps(acc, x, y); }
};

// The lanes of step t of an n-element row: all of them but in a partial last step.
template <class Ops>
inline typename Ops::Mask StepMask(int64_t n, int64_t t) {
  const int64_t left = n - t * Ops::kStep;
  return left >= Ops::kStep ? static_cast<typename Ops::Mask>(~uint64_t{0})
                            : static_cast<typename Ops::Mask>((uint64_t{1} << left) - 1);
}

// The accumulators summed pairwise: acc0, acc0 + acc1, or (acc0 + acc1) + (acc2 + acc3).
template <int kChains>
inline __m512 Combine(const __m512 (&acc)[kChains]) {
  if constexpr (kChains == 1) return acc[0];
  if constexpr (kChains == 2) return _mm512_add_ps(acc[0], acc[1]);
  if constexpr (kChains == 4) {
    return _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3]));
  }
}

// Steps per block of a tile's walk (when it keeps fewer chains than kChains in registers): the
// block's rows stay in L1 while the chains take turns.
constexpr int64_t kBlockSteps = 64;

// out[c * os + r] = dot(row r of w, row c of a) for a fixed R x C register tile (tile_driver.h:
// MicroTileFn); strides in bytes, os in floats.
template <class Ops>
struct FloatTile {
  static constexpr int kChains = Ops::kChains;
  static_assert(kChains == 1 || kChains == 2 || kChains == 4);
  static_assert(Ops::kTileChains == 1 || Ops::kTileChains == kChains);

  template <int R, int C>
  struct Micro {
    using T = typename Ops::T;
    using V = typename Ops::V;
    // Chains in registers: all of them for a lone entry (the vec_dot), else Ops::kTileChains.
    // The result does not depend on it: each chain takes its steps in order either way.
    static constexpr int kLive = R * C == 1 ? kChains : Ops::kTileChains;
    static constexpr int64_t kBlock = kLive == kChains ? INT64_MAX : kBlockSteps;

    // Step t (elements kStep t ..; with a mask only its first lanes) into acc[.][.][k].
    template <class... Mask>
    static void Step(int64_t t, int k, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                     __m512 (&acc)[R][C][kLive], Mask... m) {
      const int64_t i = t * Ops::kStep;
      V x[R];
      for (int r = 0; r < R; ++r)
        x[r] = Ops::Load(reinterpret_cast<const T*>(w + r * ws) + i, m...);
      for (int c = 0; c < C; ++c) {
        const V y = Ops::Load(reinterpret_cast<const T*>(a + c * as) + i, m...);
        for (int r = 0; r < R; ++r) acc[r][c][k] = Ops::Madd(acc[r][c][k], x[r], y);
      }
    }

    // The steps of chains first..first+kLive-1 in [begin, end) (begin a multiple of kChains;
    // end = steps or a later multiple) into sums.
    static void Chains(int first, int64_t begin, int64_t end, int64_t n, const uint8_t* w,
                       size_t ws, const uint8_t* a, size_t as, __m512 (&sums)[R][C][kChains]) {
      __m512 acc[R][C][kLive];
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          for (int k = 0; k < kLive; ++k) acc[r][c][k] = sums[r][c][first + k];
        }
      }
      const int64_t full_end = std::min(end, n / Ops::kStep);  // steps before a partial one
      int64_t t = begin + first;
      for (; t + kChains <= full_end; t += kChains) {
        for (int k = 0; k < kLive; ++k) Step(t + k, k, w, ws, a, as, acc);
      }
      for (int k = 0; k < kLive; ++k) {  // the last steps, the last one maybe partial
        if (t + k < end) Step(t + k, k, w, ws, a, as, acc, StepMask<Ops>(n, t + k));
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          for (int k = 0; k < kLive; ++k) sums[r][c][first + k] = acc[r][c][k];
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m512 sums[R][C][kChains];
      for (auto& row : sums) {
        for (auto& entry : row) {
          for (auto& v : entry) v = _mm512_setzero_ps();
        }
      }
      const int64_t steps = (n + Ops::kStep - 1) / Ops::kStep;
      for (int64_t begin = 0; begin < steps; begin += kBlock) {
        const int64_t end = steps - begin > kBlock ? begin + kBlock : steps;
        for (int first = 0; first < kChains; first += kLive) {
          Chains(first, begin, end, n, w, ws, a, as, sums);
        }
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          out[c * os + r] = _mm512_reduce_add_ps(Combine<kChains>(sums[r][c]));
        }
      }
    }
  };
};

// VecDotFn (kernel_set.h): a 1 x 1 tile.
template <class Ops>
float FloatDot(int64_t n, const void* w, const void* a) {
  float out;
  FloatTile<Ops>::template Micro<1, 1>::Run(n, static_cast<const uint8_t*>(w), 0,
                                            static_cast<const uint8_t*>(a), 0, &out, 1);
  return out;
}

}  // namespace hearth::internal::x86::avx512
