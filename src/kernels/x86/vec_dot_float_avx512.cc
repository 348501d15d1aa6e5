// AVX-512 dot products of F32, F16 and BF16 rows with same-type activations. Tails use masked
// loads. BF16 x BF16 uses vdpbf16ps where the CPU has AVX512-BF16 (not part of our avx512
// level: Ice Lake lacks it), else widens to f32.
#include <algorithm>
#include <cstdint>

#include "kernels/x86/avx512_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

inline __mmask32 FirstLanes32(int64_t count) {
  return count >= 32 ? ~__mmask32{0} : static_cast<__mmask32>((1u << count) - 1);
}

inline __mmask16 FirstLanes16(int64_t count) {
  return count >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << count) - 1);
}

// Elements before x + i is aligned to kAlign bytes (one load): streaming loads that split cache
// lines cost about a third of the DRAM bandwidth.
template <size_t kAlign, class T>
int64_t ElementsToAlignment(const T* x, int64_t n) {
  const auto misalign = reinterpret_cast<uintptr_t>(x) % kAlign;
  if (misalign == 0 || misalign % sizeof(T) != 0) return 0;
  return std::min<int64_t>(n, int64_t((kAlign - misalign) / sizeof(T)));
}

// Sum over n elements of load(x, i, mask) * load(y, i, mask), 16 per load, 4 accumulators.
template <class T, class Load>
float DotFloat(int64_t n, const T* x, const T* y, Load load) {
  __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                   _mm512_setzero_ps()};
  int64_t i = 0;
  if (const int64_t head = ElementsToAlignment<16 * sizeof(T)>(x, n); head > 0) {
    const __mmask16 m = FirstLanes16(head);
    acc[1] = _mm512_fmadd_ps(load(x, m), load(y, m), acc[1]);
    i = head;
  }
  for (; i + 64 <= n; i += 64) {
    for (int u = 0; u < 4; ++u) {
      acc[u] = _mm512_fmadd_ps(load(x + i + 16 * u, 0xFFFF), load(y + i + 16 * u, 0xFFFF), acc[u]);
    }
  }
  for (; i < n; i += 16) {
    const __mmask16 m = FirstLanes16(n - i);
    acc[0] = _mm512_fmadd_ps(load(x + i, m), load(y + i, m), acc[0]);
  }
  return _mm512_reduce_add_ps(
      _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])));
}

float VecDotF32(int64_t n, const void* w, const void* a) {
  return DotFloat(n, static_cast<const float*>(w), static_cast<const float*>(a),
                  [](const float* p, __mmask16 m) { return _mm512_maskz_loadu_ps(m, p); });
}

float VecDotF16(int64_t n, const void* w, const void* a) {
  return DotFloat(
      n, static_cast<const f16*>(w), static_cast<const f16*>(a),
      [](const f16* p, __mmask16 m) { return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p)); });
}

float VecDotBf16Widen(int64_t n, const void* w, const void* a) {
  return DotFloat(n, static_cast<const bf16*>(w), static_cast<const bf16*>(a),
                  [](const bf16* p, __mmask16 m) {
                    const __m512i v = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, p));
                    return _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
                  });
}

// vdpbf16ps: 32 bf16 pairs per instruction, products exact, sums in f32 (inputs below the
// normal range count as zero, a negligible difference).
float VecDotBf16Dp(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const bf16*>(w);
  const auto* y = static_cast<const bf16*>(a);
  __m512 acc[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
  int64_t i = 0;
  if (const int64_t head = ElementsToAlignment<64>(x, n); head > 0) {
    const __mmask32 m = FirstLanes32(head);
    const __m512i xv = _mm512_maskz_loadu_epi16(m, x), yv = _mm512_maskz_loadu_epi16(m, y);
    acc[1] = _mm512_dpbf16_ps(acc[1], (__m512bh)xv, (__m512bh)yv);
    i = head;
  }
  for (; i + 64 <= n; i += 64) {
    for (int u = 0; u < 2; ++u) {
      const __m512i xv = x86::Load512(x + i + 32 * u), yv = x86::Load512(y + i + 32 * u);
      acc[u] = _mm512_dpbf16_ps(acc[u], (__m512bh)xv, (__m512bh)yv);
    }
  }
  for (; i < n; i += 32) {
    const __mmask32 m = FirstLanes32(n - i);
    const __m512i xv = _mm512_maskz_loadu_epi16(m, x + i), yv = _mm512_maskz_loadu_epi16(m, y + i);
    acc[0] = _mm512_dpbf16_ps(acc[0], (__m512bh)xv, (__m512bh)yv);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc[0], acc[1]));
}

}  // namespace

void FillAvx512FloatDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kF32)] = VecDotF32;
  k.vec_dot[Slot(DType::kF16)] = VecDotF16;
  k.vec_dot[Slot(DType::kBF16)] =
      __builtin_cpu_supports("avx512bf16") ? VecDotBf16Dp : VecDotBf16Widen;
}

}  // namespace hearth::internal
