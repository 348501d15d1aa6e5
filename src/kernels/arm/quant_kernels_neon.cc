// Baseline NEON (ARMv8.0 Advanced SIMD) quant kernels: dot products of every weight type, the
// activation quantizers (Q8_0, Q8_1, Q8_K; byte-identical to the reference) and f16/bf16 row
// conversion. Integer dot products widen int8 x int8 to int16 (SMULL/SMLAL2) and add pairs into
// int32 (SADALP); the dotprod level replaces them with SDOT (quant_kernels_neon_dotprod.cc).
#include <arm_neon.h>

#include <cmath>
#include <cstring>

#include "kernels/arm/quant_table_neon.h"
#include "kernels/fill.h"
#include "tensor/blocks.h"

namespace hearth::internal {
namespace {

using namespace neon;  // NOLINT(build/namespaces): the kernel templates of this folder

struct NeonOps {
  // w[i] * a[i] + w[i + 8] * a[i + 8] fits int16 because |a| <= 127 (neon_common.h).
  static int32x4_t Dot(int32x4_t acc, int8x16_t w, int8x16_t a) {
    const int16x8_t p = vmlal_high_s8(vmull_s8(vget_low_s8(w), vget_low_s8(a)), w, a);
    return vpadalq_s16(acc, p);
  }
};

// --- Float weights -------------------------------------------------------------------------

// f32 lanes of 8 halves / 8 bfloats at p.
inline void LoadF16x8(const f16* p, float32x4_t& lo, float32x4_t& hi) {
  const float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(&p->bits));
  lo = vcvt_f32_f16(vget_low_f16(h));
  hi = vcvt_high_f32_f16(h);
}
inline void LoadBf16x8(const bf16* p, float32x4_t& lo, float32x4_t& hi) {
  const uint16x8_t b = vld1q_u16(&p->bits);
  lo = vreinterpretq_f32_u32(vshll_n_u16(vget_low_u16(b), 16));
  hi = vreinterpretq_f32_u32(vshll_high_n_u16(b, 16));
}

float VecDotF32(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const float*>(w);
  const auto* y = static_cast<const float*>(a);
  float32x4_t acc[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int k = 0; k < 4; ++k) {
      acc[k] = vfmaq_f32(acc[k], vld1q_f32(x + i + 4 * k), vld1q_f32(y + i + 4 * k));
    }
  }
  for (; i + 4 <= n; i += 4) acc[0] = vfmaq_f32(acc[0], vld1q_f32(x + i), vld1q_f32(y + i));
  float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc[0], acc[1]), vaddq_f32(acc[2], acc[3])));
  for (; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

// F16 and BF16 weights take activations of the same type; products accumulate in f32.
template <class T, void (*kLoad8)(const T*, float32x4_t&, float32x4_t&), float (*kToF32)(T)>
float VecDotHalf(int64_t n, const void* w, const void* a) {
  const auto* x = static_cast<const T*>(w);
  const auto* y = static_cast<const T*>(a);
  float32x4_t acc[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    float32x4_t x0, x1, x2, x3, y0, y1, y2, y3;
    kLoad8(x + i, x0, x1);
    kLoad8(x + i + 8, x2, x3);
    kLoad8(y + i, y0, y1);
    kLoad8(y + i + 8, y2, y3);
    acc[0] = vfmaq_f32(acc[0], x0, y0);
    acc[1] = vfmaq_f32(acc[1], x1, y1);
    acc[2] = vfmaq_f32(acc[2], x2, y2);
    acc[3] = vfmaq_f32(acc[3], x3, y3);
  }
  float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc[0], acc[1]), vaddq_f32(acc[2], acc[3])));
  for (; i < n; ++i) sum += kToF32(x[i]) * kToF32(y[i]);
  return sum;
}

float HalfToF32(f16 h) { return Half<NeonOps>(h); }

// --- f16 / bf16 rows ------------------------------------------------------------------------

// FCVTN rounds to nearest even (the default FPCR mode), as F32ToF16 does.
void QuantizeRowF16(const float* x, void* vy, int64_t n) {
  auto* y = static_cast<f16*>(vy);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const float16x8_t h = vcvt_high_f16_f32(vcvt_f16_f32(vld1q_f32(x + i)), vld1q_f32(x + i + 4));
    vst1q_u16(&y[i].bits, vreinterpretq_u16_f16(h));
  }
  for (; i < n; ++i) y[i] = F32ToF16(x[i]);
}

void DequantizeRowF16(const void* vx, float* y, int64_t n) {
  const auto* x = static_cast<const f16*>(vx);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    float32x4_t lo, hi;
    LoadF16x8(x + i, lo, hi);
    vst1q_f32(y + i, lo);
    vst1q_f32(y + i + 4, hi);
  }
  for (; i < n; ++i) y[i] = F16ToF32(x[i]);
}

// Round to nearest even on the top 16 bits; NaNs stay quiet NaNs (as F32ToBf16).
inline uint16x4_t F32ToBf16x4(float32x4_t v) {
  const uint32x4_t u = vreinterpretq_u32_f32(v);
  const uint32x4_t odd = vandq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(1));
  const uint32x4_t rounded = vaddq_u32(u, vaddq_u32(vdupq_n_u32(0x7FFF), odd));
  const uint32x4_t nan = vcgtq_u32(vandq_u32(u, vdupq_n_u32(0x7FFFFFFF)), vdupq_n_u32(0x7F800000));
  const uint32x4_t quiet = vorrq_u32(u, vdupq_n_u32(0x00400000));
  return vshrn_n_u32(vbslq_u32(nan, quiet, rounded), 16);
}

void QuantizeRowBf16(const float* x, void* vy, int64_t n) {
  auto* y = static_cast<bf16*>(vy);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint16x8_t b =
        vcombine_u16(F32ToBf16x4(vld1q_f32(x + i)), F32ToBf16x4(vld1q_f32(x + i + 4)));
    vst1q_u16(&y[i].bits, b);
  }
  for (; i < n; ++i) y[i] = F32ToBf16(x[i]);
}

void DequantizeRowBf16(const void* vx, float* y, int64_t n) {
  const auto* x = static_cast<const bf16*>(vx);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    float32x4_t lo, hi;
    LoadBf16x8(x + i, lo, hi);
    vst1q_f32(y + i, lo);
    vst1q_f32(y + i + 4, hi);
  }
  for (; i < n; ++i) y[i] = Bf16ToF32(x[i]);
}

// --- Activation quantizers ------------------------------------------------------------------

// 16 int8 from 16 floats at x scaled by s. kTiesAway: FCVTAS (round half away from zero, as
// std::round); else FCVTNS (half to even, as ggml's nearest_int). Saturates to [-128, 127].
template <bool kTiesAway>
inline int8x16_t ScaleRound16(const float* x, float s) {
  int32x4_t r[4];
  for (int k = 0; k < 4; ++k) {
    const float32x4_t v = vmulq_n_f32(vld1q_f32(x + 4 * k), s);
    r[k] = kTiesAway ? vcvtaq_s32_f32(v) : vcvtnq_s32_f32(v);
  }
  const int16x8_t lo = vcombine_s16(vqmovn_s32(r[0]), vqmovn_s32(r[1]));
  const int16x8_t hi = vcombine_s16(vqmovn_s32(r[2]), vqmovn_s32(r[3]));
  return vcombine_s8(vqmovn_s16(lo), vqmovn_s16(hi));
}

inline float MaxAbs(const float* x, int n) {
  float32x4_t m = vdupq_n_f32(0.0f);
  for (int j = 0; j < n; j += 4) m = vmaxq_f32(m, vabsq_f32(vld1q_f32(x + j)));
  return vmaxvq_f32(m);
}

// Q8_0 / Q8_1: d = amax / 127, q = round(x / d) with ties away from zero, as the reference.
// Returns the sum of the 32 quants (for Q8_1's s).
inline int32_t QuantizeBlock32(const float* x, float& d_out, int8_t* qs) {
  const float amax = MaxAbs(x, 32);
  const float d = amax / 127.0f;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  const int8x16_t q0 = ScaleRound16<true>(x, id);
  const int8x16_t q1 = ScaleRound16<true>(x + 16, id);
  vst1q_s8(qs, q0);
  vst1q_s8(qs + 16, q1);
  d_out = d;
  return vaddlvq_s8(q0) + vaddlvq_s8(q1);
}

void QuantizeRowQ8_0(const float* x, void* vy, int64_t n) {
  auto* y = static_cast<BlockQ8_0*>(vy);
  for (int64_t i = 0; i < n / kQK8_0; ++i) {
    float d;
    QuantizeBlock32(x + i * kQK8_0, d, y[i].qs);
    y[i].d = F32ToF16(d);
  }
}

void QuantizeRowQ8_1(const float* x, void* vy, int64_t n) {
  auto* y = static_cast<BlockQ8_1*>(vy);
  for (int64_t i = 0; i < n / kQK8_1; ++i) {
    float d;
    const int32_t sum = QuantizeBlock32(x + i * kQK8_1, d, y[i].qs);
    y[i].d = F32ToF16(d);
    y[i].s = F32ToF16(float(sum) * d);
  }
}

// The first element of x[0..n) whose magnitude is amax (its sign decides Q8_K's scale).
inline float FirstWithMagnitude(const float* x, int n, float amax) {
  const float32x4_t target = vdupq_n_f32(amax);
  for (int j = 0; j < n; j += 4) {
    if (vmaxvq_u32(vceqq_f32(vabsq_f32(vld1q_f32(x + j)), target)) == 0) continue;
    for (int k = j; k < j + 4; ++k) {
      if (std::fabs(x[k]) == amax) return x[k];
    }
  }
  return amax;
}

// Q8_K: scale -127 / (the element of largest magnitude), round half to even, clamp to 127;
// d = 1 / scale; bsums of 16. An all-zero block stores d = 0 and zero quants.
void QuantizeRowQ8_K(const float* x, void* vy, int64_t n) {
  auto* y = static_cast<BlockQ8_K*>(vy);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    const float amax = MaxAbs(x, kQK_K);
    if (amax == 0.0f) {
      std::memset(&y[i], 0, sizeof(y[i]));
      continue;
    }
    const float iscale = -127.0f / FirstWithMagnitude(x, kQK_K, amax);
    for (int j = 0; j < kQK_K / 16; ++j) {
      const int8x16_t q = ScaleRound16<false>(x + 16 * j, iscale);
      vst1q_s8(y[i].qs + 16 * j, q);
      y[i].bsums[j] = int16_t(vaddlvq_s8(q));
    }
    y[i].d = 1.0f / iscale;
  }
}

}  // namespace

void FillNeonQuantKernels(QuantKernels& k) {
  k.vec_dot[Slot(DType::kF32)] = VecDotF32;
  k.vec_dot[Slot(DType::kF16)] = VecDotHalf<f16, LoadF16x8, HalfToF32>;
  k.vec_dot[Slot(DType::kBF16)] = VecDotHalf<bf16, LoadBf16x8, Bf16ToF32>;
  FillQuantDots<NeonOps>(k);

  k.quantize_row[Slot(DType::kQ8_0)] = QuantizeRowQ8_0;
  k.quantize_row[Slot(DType::kQ8_1)] = QuantizeRowQ8_1;
  k.quantize_row[Slot(DType::kQ8_K)] = QuantizeRowQ8_K;
  k.quantize_row[Slot(DType::kF16)] = QuantizeRowF16;
  k.quantize_row[Slot(DType::kBF16)] = QuantizeRowBf16;
  k.dequantize_row[Slot(DType::kF16)] = DequantizeRowF16;
  k.dequantize_row[Slot(DType::kBF16)] = DequantizeRowBf16;
}

}  // namespace hearth::internal
