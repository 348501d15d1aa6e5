// Internal: splits a vec_dot_tile call (kernel_set.h: VecDotTileFn) into register tiles of at
// most R weight rows x C activation rows, each computed by Micro<r, c>::Run with r <= R and
// c <= C fixed at compile time (so the accumulators stay in registers). No intrinsics here.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace hearth::internal {

// out[c * out_stride + r] = dot(row r of w, row c of a) for r < rows, c < cols (fixed).
using MicroTileFn = void (*)(int64_t n, const uint8_t* w, size_t w_stride, const uint8_t* a,
                             size_t a_stride, float* out, size_t out_stride);

template <template <int, int> class Micro, int R, int... Cs>
constexpr std::array<MicroTileFn, sizeof...(Cs)> MicroRow(std::integer_sequence<int, Cs...>) {
  return {&Micro<R, Cs + 1>::Run...};
}

template <template <int, int> class Micro, int C, int... Rs>
constexpr std::array<std::array<MicroTileFn, C>, sizeof...(Rs)> MicroTable(
    std::integer_sequence<int, Rs...>) {
  return {MicroRow<Micro, Rs + 1>(std::make_integer_sequence<int, C>())...};
}

// Every row group of R rows meets every column group of C columns; the caller keeps the
// activation rows small enough to stay in cache while the weights stream by.
template <template <int, int> class Micro, int R, int C>
void RunTiles(int64_t n, const void* w, size_t w_stride, int n_rows, const void* a, size_t a_stride,
              int n_cols, float* out, size_t out_stride) {
  static constexpr auto kTable = MicroTable<Micro, C>(std::make_integer_sequence<int, R>());
  const auto* wb = static_cast<const uint8_t*>(w);
  const auto* ab = static_cast<const uint8_t*>(a);
  for (int r = 0; r < n_rows; r += R) {
    const int rows = std::min(R, n_rows - r);
    for (int c = 0; c < n_cols; c += C) {
      const int cols = std::min(C, n_cols - c);
      kTable[size_t(rows - 1)][size_t(cols - 1)](
          n, wb + size_t(r) * w_stride, w_stride, ab + size_t(c) * a_stride, a_stride,
          out + size_t(c) * out_stride + size_t(r), out_stride);
    }
  }
}

}  // namespace hearth::internal
