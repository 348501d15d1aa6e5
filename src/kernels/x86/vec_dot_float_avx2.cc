// AVX2 dot products of the float weight types with same-type activations: F32, F16, BF16.
// Four independent accumulators hide the FMA latency; tails fall back to scalar code.
#include "kernels/x86/avx2_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::Hsum;

// 8 f16 / bf16 values -> 8 floats.
inline __m256 LoadF16x8(const f16* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline __m256 LoadBf16x8(const bf16* p) {
  const __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
}

// Sum of load(x + i) * load(y + i) over n elements, 8 per load; `scalar` converts one element.
template <class T, class Load, class Scalar>
float DotFloat(int64_t n, const T* x, const T* y, Load load, Scalar scalar) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int u = 0; u < 4; ++u) {
      acc[u] = _mm256_fmadd_ps(load(x + i + 8 * u), load(y + i + 8 * u), acc[u]);
    }
  }
  for (; i + 8 <= n; i += 8) acc[0] = _mm256_fmadd_ps(load(x + i), load(y + i), acc[0]);
  float sum = Hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
  for (; i < n; ++i) sum += scalar(x[i]) * scalar(y[i]);
  return sum;
}

float VecDotF32(int64_t n, const void* w, const void* a) {
  return DotFloat(
      n, static_cast<const float*>(w), static_cast<const float*>(a),
      [](const float* p) { return _mm256_loadu_ps(p); }, [](float v) { return v; });
}

float VecDotF16(int64_t n, const void* w, const void* a) {
  return DotFloat(n, static_cast<const f16*>(w), static_cast<const f16*>(a), LoadF16x8,
                  x86::HalfToFloat);
}

float VecDotBf16(int64_t n, const void* w, const void* a) {
  return DotFloat(n, static_cast<const bf16*>(w), static_cast<const bf16*>(a), LoadBf16x8,
                  Bf16ToF32);
}

}  // namespace

void FillAvx2FloatDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kF32)] = VecDotF32;
  k.vec_dot[Slot(DType::kF16)] = VecDotF16;
  k.vec_dot[Slot(DType::kBF16)] = VecDotBf16;
}

}  // namespace hearth::internal
