// Internal to the *_avx2.cc files: the F32 / F16 / BF16 dot-product micro-kernel shared by the
// AVX2 tiles (vec_dot_tile_float_avx2.cc) and vec_dots (vec_dot_float_avx2.cc), so that a row's
// product is the same float whether it is computed alone or in a tile of any shape.
//
// Per (row, column) the arithmetic is fixed: full step t of 8 elements is added to accumulator
// t % L::kChains by acc = fma(x[8t..8t+7], y[8t..8t+7], acc), in order; then the accumulators
// are summed pairwise and by Hsum (Combine) and the tail elements added one by one.
//
// A lone row (vec_dot, a 1 x 1 tile) gets kChains independent FMA chains over one sequential
// stream, as many as keep it ahead of memory (a chain takes a step per FMA latency). A tile keeps
// one chain per entry in registers (R x C accumulators) and walks the rows in blocks of
// kBlockSteps steps (in L1), taking the chains one after another within a block while the other
// chains' sums wait in memory; kChains steps are one cache line, so every chain reads every
// line of a block.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/x86/avx2_common.h"
#include "tensor/dtype.h"

namespace hearth::internal::x86::avx2 {

// 8 elements as floats, and one element (for the tail). kChains: accumulators per dot product
// (the FMA chains of a lone row); kChains steps make one cache line.
struct F32Load {
  using T = float;
  static constexpr int kChains = 2;
  static __m256 Load(const T* p) { return _mm256_loadu_ps(p); }
  static float One(T v) { return v; }
};
struct F16Load {
  using T = f16;
  static constexpr int kChains = 4;
  static __m256 Load(const T* p) { return _mm256_cvtph_ps(Load128(p)); }
  static float One(T v) { return HalfToFloat(v); }
};
struct Bf16Load {
  using T = bf16;
  static constexpr int kChains = 4;
  static __m256 Load(const T* p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(Load128(p)), 16));
  }
  static float One(T v) { return Bf16ToF32(v); }
};

constexpr int kStep = 8;
// Steps per block of a tile's walk (when it keeps fewer chains than kChains in registers): the
// block's rows stay in L1 while the chains take turns.
constexpr int64_t kBlockSteps = 64;

// The scalar tail: sum + x[j] * y[j] for the elements after the last full step, in order.
template <class L>
inline float AddTail(float sum, int64_t n, const typename L::T* x, const typename L::T* y) {
  for (int64_t j = n / kStep * kStep; j < n; ++j) sum += L::One(x[j]) * L::One(y[j]);
  return sum;
}

// Hsum of the accumulators summed pairwise: acc0 + acc1, or (acc0 + acc1) + (acc2 + acc3).
template <int kChains>
inline float Combine(const __m256 (&acc)[kChains]) {
  static_assert(kChains == 2 || kChains == 4);
  __m256 sum = _mm256_add_ps(acc[0], acc[1]);
  if constexpr (kChains == 4) sum = _mm256_add_ps(sum, _mm256_add_ps(acc[2], acc[3]));
  return Hsum(sum);
}

// out[c * os + r] = dot(row r of w, row c of a) for a fixed R x C register tile (tile_driver.h:
// MicroTileFn); strides in bytes, os in floats.
template <class L>
struct FloatTile {
  static constexpr int kChains = L::kChains;

  template <int R, int C>
  struct Micro {
    // Chains in registers: all of them for a lone entry (the vec_dot), else one. The result
    // does not depend on it: each chain takes its steps in order either way.
    static constexpr int kLive = R * C == 1 ? kChains : 1;
    static_assert(kChains % kLive == 0);
    // Steps per walk block: the whole row when every chain is live.
    static constexpr int64_t kBlock = kLive == kChains ? INT64_MAX : kBlockSteps;
    using T = typename L::T;
    static const T* Row(const uint8_t* p, size_t stride, int r) {
      return reinterpret_cast<const T*>(p + r * stride);
    }

    // Full step t into acc[.][.][k].
    static void Step(int64_t t, int k, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                     __m256 (&acc)[R][C][kLive]) {
      const int64_t i = t * kStep;
      __m256 x[R];
      for (int r = 0; r < R; ++r) x[r] = L::Load(Row(w, ws, r) + i);
      for (int c = 0; c < C; ++c) {
        const __m256 y = L::Load(Row(a, as, c) + i);
        for (int r = 0; r < R; ++r) acc[r][c][k] = _mm256_fmadd_ps(x[r], y, acc[r][c][k]);
      }
    }

    // The steps of chains first..first+kLive-1 in [begin, end) (begin a multiple of kChains)
    // into sums.
    static void Chains(int first, int64_t begin, int64_t end, const uint8_t* w, size_t ws,
                       const uint8_t* a, size_t as, __m256 (&sums)[R][C][kChains]) {
      __m256 acc[R][C][kLive];
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          for (int k = 0; k < kLive; ++k) acc[r][c][k] = sums[r][c][first + k];
        }
      }
      int64_t t = begin + first;
      for (; t + kChains <= end; t += kChains) {
        for (int k = 0; k < kLive; ++k) Step(t + k, k, w, ws, a, as, acc);
      }
      for (int k = 0; k < kLive; ++k) {
        if (t + k < end) Step(t + k, k, w, ws, a, as, acc);
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          for (int k = 0; k < kLive; ++k) sums[r][c][first + k] = acc[r][c][k];
        }
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m256 sums[R][C][kChains];
      for (auto& row : sums) {
        for (auto& entry : row) {
          for (auto& v : entry) v = _mm256_setzero_ps();
        }
      }
      const int64_t steps = n / kStep;
      for (int64_t begin = 0; begin < steps; begin += kBlock) {
        const int64_t end = steps - begin > kBlock ? begin + kBlock : steps;
        for (int first = 0; first < kChains; first += kLive) {
          Chains(first, begin, end, w, ws, a, as, sums);
        }
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c)
          out[c * os + r] = AddTail<L>(Combine(sums[r][c]), n, Row(w, ws, r), Row(a, as, c));
      }
    }
  };
};

// VecDotFn (kernel_set.h): a 1 x 1 tile.
template <class L>
float FloatDot(int64_t n, const void* w, const void* a) {
  float out;
  FloatTile<L>::template Micro<1, 1>::Run(n, static_cast<const uint8_t*>(w), 0,
                                          static_cast<const uint8_t*>(a), 0, &out, 1);
  return out;
}

}  // namespace hearth::internal::x86::avx2
