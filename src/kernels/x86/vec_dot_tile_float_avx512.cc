// AVX-512 tiles of F32 / F16 / BF16 dot products (kernel_set.h: VecDotTileFn): a step of each
// of R weight rows is loaded (and widened) once and used for C activation rows, so the FMAs,
// not the loads and conversions, set the speed. BF16 uses vdpbf16ps where the CPU has
// AVX512-BF16 (32 products per instruction, no widening).
#include "kernels/x86/avx512_common.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

// kStep elements as a vector V of products' operands; the masked form (the row's tail) loads
// only the first lanes of the mask and zeroes the rest.
struct F32Ops {
  using T = float;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kStep = 16;
  static V Load(const T* p) { return _mm512_loadu_ps(p); }
  static V Load(const T* p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

struct F16Ops {
  using T = f16;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kStep = 16;
  static V Load(const T* p) { return _mm512_cvtph_ps(x86::Load256(p)); }
  static V Load(const T* p, Mask m) { return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p)); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

struct Bf16WidenOps {
  using T = bf16;
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kStep = 16;
  static V Widen(__m256i v) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(v), 16));
  }
  static V Load(const T* p) { return Widen(x86::Load256(p)); }
  static V Load(const T* p, Mask m) { return Widen(_mm256_maskz_loadu_epi16(m, p)); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_fmadd_ps(x, y, acc); }
};

struct Bf16DpOps {
  using T = bf16;
  using V = __m512bh;
  using Mask = __mmask32;
  static constexpr int kStep = 32;
  static V Load(const T* p) { return (__m512bh)x86::Load512(p); }
  static V Load(const T* p, Mask m) { return (__m512bh)_mm512_maskz_loadu_epi16(m, p); }
  static __m512 Madd(__m512 acc, V x, V y) { return _mm512_dpbf16_ps(acc, x, y); }
};

template <class Ops>
struct FloatTile {
  template <int R, int C>
  struct Micro {
    using T = typename Ops::T;
    using V = typename Ops::V;

    // Elements i..i+kStep-1, or with a mask only its first lanes.
    template <class... Mask>
    static void Step(int64_t i, const uint8_t* w, size_t ws, const uint8_t* a, size_t as,
                     __m512 (&acc)[R][C], Mask... m) {
      V x[R];
      for (int r = 0; r < R; ++r)
        x[r] = Ops::Load(reinterpret_cast<const T*>(w + r * ws) + i, m...);
      for (int c = 0; c < C; ++c) {
        const V y = Ops::Load(reinterpret_cast<const T*>(a + c * as) + i, m...);
        for (int r = 0; r < R; ++r) acc[r][c] = Ops::Madd(acc[r][c], x[r], y);
      }
    }

    static void Run(int64_t n, const uint8_t* w, size_t ws, const uint8_t* a, size_t as, float* out,
                    size_t os) {
      __m512 acc[R][C];
      for (auto& row : acc) {
        for (auto& v : row) v = _mm512_setzero_ps();
      }
      int64_t i = 0;
      for (; i + Ops::kStep <= n; i += Ops::kStep) Step(i, w, ws, a, as, acc);
      if (i < n) {
        const auto mask = static_cast<typename Ops::Mask>((uint64_t{1} << (n - i)) - 1);
        Step(i, w, ws, a, as, acc, mask);
      }
      for (int r = 0; r < R; ++r) {
        for (int c = 0; c < C; ++c) out[r * os + c] = _mm512_reduce_add_ps(acc[r][c]);
      }
    }
  };
};

}  // namespace

void FillAvx512FloatTiles(QuantKernels& k) {
  k.vec_dot_tile[Slot(DType::kF32)] = RunTiles<FloatTile<F32Ops>::Micro, 4, 6>;
  k.vec_dot_tile[Slot(DType::kF16)] = RunTiles<FloatTile<F16Ops>::Micro, 4, 6>;
  k.vec_dot_tile[Slot(DType::kBF16)] = __builtin_cpu_supports("avx512bf16")
                                           ? RunTiles<FloatTile<Bf16DpOps>::Micro, 4, 6>
                                           : RunTiles<FloatTile<Bf16WidenOps>::Micro, 4, 6>;
}

}  // namespace hearth::internal
