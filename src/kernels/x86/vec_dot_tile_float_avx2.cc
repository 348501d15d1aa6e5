// AVX2 tiles of F32 / F16 / BF16 dot products (kernel_set.h: VecDotTileFn): 8 elements of each
// of R weight rows are loaded (and widened) once and used for C activation rows.
#include "kernels/x86/avx2_common.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

// 8 elements as floats, and one element (for the tail).
struct F32Load {
  using T = float;
  static __m256 Load(const T* p) { return _mm256_loadu_ps(p); }
  static float One(T v) { return v; }
};
struct F16Load {
  using T = f16;
  static __m256 Load(const T* p) { return _mm256_cvtph_ps(x86::Load128(p)); }
  static float One(T v) { return x86::HalfToFloat(v); }
};
struct Bf16Load {
  using T = bf16;
  static __m256 Load(const T* p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(x86::Load128(p)), 16));
  }
  static float One(T v) { return Bf16ToF32(v); }
};

template <class L>
struct FloatTile {
  template <int R, int C>
  struct Micro {
    using T = typename L::T;
    static const T* Row(const uint8_t* p, size_t stride, int r) {
      return reinterpret_cast<const T*>(p + r * stride);
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m256 acc[R][C];
      for (auto& row : acc) {
        for (auto& v : row) v = _mm256_setzero_ps();
      }
      int64_t i = 0;
      for (; i + 8 <= n; i += 8) {
        __m256 x[R];
        for (int r = 0; r < R; ++r) x[r] = L::Load(Row(w, ws, r) + i);
        for (int c = 0; c < C; ++c) {
          const __m256 y = L::Load(Row(a, as, c) + i);
          for (int r = 0; r < R; ++r) acc[r][c] = _mm256_fmadd_ps(x[r], y, acc[r][c]);
        }
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) {
          float sum = x86::Hsum(acc[r][c]);
          for (int64_t j = i; j < n; ++j)
            sum += L::One(Row(w, ws, r)[j]) * L::One(Row(a, as, c)[j]);
          out[r * os + c] = sum;
        }
      }
    }
  };
};

}  // namespace

void FillAvx2FloatTiles(QuantKernels& k) {
  k.vec_dot_tile[Slot(DType::kF32)] = RunTiles<FloatTile<F32Load>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kF16)] = RunTiles<FloatTile<F16Load>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kBF16)] = RunTiles<FloatTile<Bf16Load>::Micro, 2, 4>;
}

}  // namespace hearth::internal
