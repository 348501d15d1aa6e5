// AVX2 activation quantizers (f32 rows -> Q8_0, Q8_1, Q8_K, F16, BF16). They write the same
// bytes as the reference quantizers (tensor/quantize.cc): the same scale arithmetic, roundf
// (half away from zero) for Q8_0/Q8_1, round-half-even for Q8_K, as ggml's reference code.
#include <cmath>

#include "kernels/x86/avx2_common.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace hearth::internal {
namespace {

using x86::Hsum;

inline float HmaxAbs(const __m256* v, int count) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
  __m256 m = _mm256_and_ps(v[0], abs_mask);
  for (int k = 1; k < count; ++k) m = _mm256_max_ps(m, _mm256_and_ps(v[k], abs_mask));
  __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
  h = _mm_max_ps(h, _mm_movehl_ps(h, h));
  h = _mm_max_ss(h, _mm_movehdup_ps(h));
  return _mm_cvtss_f32(h);
}

inline f16 FloatToHalf(float f) {
  return f16{static_cast<uint16_t>(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT))};
}

// One 32-element block: d = amax / 127, q = roundf(x / d); returns sum(q) and sets `d`.
inline int QuantizeBlock32(const float* x, int8_t* qs, float& d) {
  __m256 v[4];
  for (int k = 0; k < 4; ++k) v[k] = _mm256_loadu_ps(x + 8 * k);
  const float amax = HmaxAbs(v, 4);
  d = amax / 127.0f;
  const __m256 id = _mm256_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
  __m256i q[4];
  for (int k = 0; k < 4; ++k) {
    q[k] = _mm256_cvttps_epi32(x86::RoundHalfAway(_mm256_mul_ps(v[k], id)));
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(qs), x86::PackI32ToI8(q[0], q[1], q[2], q[3]));
  return x86::HsumI32(_mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3])));
}

void QuantizeQ8_0(const float* x, void* out, int64_t n) {
  auto* y = static_cast<BlockQ8_0*>(out);
  for (int64_t i = 0; i < n / kQK8_0; ++i) {
    float d;
    QuantizeBlock32(x + i * kQK8_0, y[i].qs, d);
    y[i].d = FloatToHalf(d);
  }
}

void QuantizeQ8_1(const float* x, void* out, int64_t n) {
  auto* y = static_cast<BlockQ8_1*>(out);
  for (int64_t i = 0; i < n / kQK8_1; ++i) {
    float d;
    const int sum = QuantizeBlock32(x + i * kQK8_1, y[i].qs, d);
    y[i].d = FloatToHalf(d);
    y[i].s = FloatToHalf(static_cast<float>(sum) * d);
  }
}

// Q8_K: scale from the signed value of largest magnitude (the first one, on ties), q =
// nearest_int(-127 / max * x) clamped to 127, bsums over 16 elements.
void QuantizeBlockQ8K(const float* x, BlockQ8_K& y) {
  __m256 v[32];
  for (int k = 0; k < 32; ++k) v[k] = _mm256_loadu_ps(x + 8 * k);
  const float amax = HmaxAbs(v, 32);
  if (amax == 0.0f) {
    std::memset(&y, 0, sizeof(y));
    return;
  }
  int first = 0;
  while (first < kQK_K - 1 && std::fabs(x[first]) != amax) ++first;
  const float iscale = -127.0f / x[first];
  const __m256 s = _mm256_set1_ps(iscale);
  for (int k = 0; k < 32; k += 4) {
    __m256i q[4];
    for (int u = 0; u < 4; ++u) q[u] = _mm256_cvtps_epi32(_mm256_mul_ps(v[k + u], s));  // RNE
    // Packing saturates at 127, the reference's clamp (nothing reaches below -127).
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y.qs + 8 * k),
                        x86::PackI32ToI8(q[0], q[1], q[2], q[3]));
  }
  for (int g = 0; g < kQK_K / 16; ++g) {
    const __m128i q = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y.qs + 16 * g));
    y.bsums[g] = static_cast<int16_t>(x86::HsumI32(_mm256_cvtepi8_epi32(q)) +
                                      x86::HsumI32(_mm256_cvtepi8_epi32(_mm_srli_si128(q, 8))));
  }
  y.d = 1.0f / iscale;
}

void QuantizeQ8K(const float* x, void* out, int64_t n) {
  auto* y = static_cast<BlockQ8_K*>(out);
  for (int64_t i = 0; i < n / kQK_K; ++i) QuantizeBlockQ8K(x + i * kQK_K, y[i]);
}

void QuantizeF16(const float* x, void* out, int64_t n) {
  auto* y = static_cast<f16*>(out);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), h);
  }
  for (; i < n; ++i) y[i] = F32ToF16(x[i]);
}

// Round to nearest even on the bit pattern (as F32ToBf16); NaNs stay quiet NaNs.
inline __m256i FloatsToBf16Bits(__m256 v) {
  const __m256i u = _mm256_castps_si256(v);
  const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
  const __m256i rounded =
      _mm256_srli_epi32(_mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7FFF))), 16);
  const __m256i quiet = _mm256_or_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(64));
  const __m256i abs = _mm256_and_si256(u, _mm256_set1_epi32(0x7FFFFFFF));
  const __m256i nan = _mm256_cmpgt_epi32(abs, _mm256_set1_epi32(0x7F800000));
  return _mm256_blendv_epi8(rounded, quiet, nan);
}

void QuantizeBf16(const float* x, void* out, int64_t n) {
  auto* y = static_cast<bf16*>(out);
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i lo = FloatsToBf16Bits(_mm256_loadu_ps(x + i));
    const __m256i hi = FloatsToBf16Bits(_mm256_loadu_ps(x + i + 8));
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + i), packed);
  }
  for (; i < n; ++i) y[i] = F32ToBf16(x[i]);
}

void DequantizeF16(const void* in, float* y, int64_t n) {
  const auto* x = static_cast<const f16*>(in);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i))));
  }
  for (; i < n; ++i) y[i] = F16ToF32(x[i]);
}

void DequantizeBf16(const void* in, float* y, int64_t n) {
  const auto* x = static_cast<const bf16*>(in);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i bits =
        _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i)));
    _mm256_storeu_ps(y + i, _mm256_castsi256_ps(_mm256_slli_epi32(bits, 16)));
  }
  for (; i < n; ++i) y[i] = Bf16ToF32(x[i]);
}

}  // namespace

void FillAvx2Quantizers(QuantKernels& k) {
  k.quantize_row[Slot(DType::kQ8_0)] = QuantizeQ8_0;
  k.quantize_row[Slot(DType::kQ8_1)] = QuantizeQ8_1;
  k.quantize_row[Slot(DType::kQ8_K)] = QuantizeQ8K;
  k.quantize_row[Slot(DType::kF16)] = QuantizeF16;
  k.quantize_row[Slot(DType::kBF16)] = QuantizeBf16;
  k.dequantize_row[Slot(DType::kF16)] = DequantizeF16;
  k.dequantize_row[Slot(DType::kBF16)] = DequantizeBf16;
}

}  // namespace hearth::internal
