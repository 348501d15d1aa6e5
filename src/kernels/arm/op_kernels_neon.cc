// NEON (ARMv8.0 Advanced SIMD) op kernels on f32 rows and the f16 KV cache. Sums run in f32
// over 16 lanes; exp is evaluated per lane to ~2 ulp (ExpF32x4). GELU keeps the reference:
// its argument (a cubic in x) loses the last bits in f32 for large |x|, which the reference's
// double evaluation does not.
#include <arm_neon.h>

#include <cmath>
#include <cstring>

#include "kernels/fill.h"

namespace hearth::internal {
namespace {

// f32 lanes of 4 halves at p (FCVTL: baseline ARMv8).
inline float32x4_t LoadF16x4(const f16* p) {
  return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(&p->bits)));
}

inline float HalfToF32(f16 h) {
  __fp16 v;
  __builtin_memcpy(&v, &h, sizeof(v));
  return float(v);
}

// e^x per lane. x = n ln2 + r with |r| <= ln2 / 2 (ln2 split in two for an exact n ln2), e^r by
// its degree-7 Taylor polynomial (truncation error < 6e-9 relative), then 2^n applied as two
// factors 2^(n/2) so that results in the subnormal range are rounded once, like std::exp.
// Saturates to +inf above ~88.72 and to 0 below ~-103.3; NaN stays NaN.
inline float32x4_t ExpF32x4(float32x4_t x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693145751953125f;      // 0x3F317200: n * kLn2Hi is exact
  constexpr float kLn2Lo = 1.428606765330187e-06f;  // ln2 - kLn2Hi
  x = vmaxq_f32(vminq_f32(x, vdupq_n_f32(89.0f)), vdupq_n_f32(-104.0f));
  const float32x4_t n = vrndnq_f32(vmulq_n_f32(x, kLog2e));
  float32x4_t r = vfmsq_f32(x, n, vdupq_n_f32(kLn2Hi));
  r = vfmsq_f32(r, n, vdupq_n_f32(kLn2Lo));
  float32x4_t p = vdupq_n_f32(1.0f / 5040.0f);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 720.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 120.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 24.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f / 6.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(0.5f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f), p, r);
  p = vfmaq_f32(vdupq_n_f32(1.0f), p, r);
  // n is in [-150, 128]; each half is in [-75, 64], a normal exponent.
  const int32x4_t ni = vcvtq_s32_f32(n);
  const int32x4_t n1 = vshrq_n_s32(ni, 1);
  const int32x4_t n2 = vsubq_s32(ni, n1);
  const int32x4_t bias = vdupq_n_s32(127);
  const float32x4_t s1 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(n1, bias), 23));
  const float32x4_t s2 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(n2, bias), 23));
  return vmulq_f32(vmulq_f32(p, s1), s2);
}

// x * sigmoid(x) = x / (1 + e^-x).
inline float32x4_t SiluF32x4(float32x4_t x) {
  return vdivq_f32(x, vaddq_f32(vdupq_n_f32(1.0f), ExpF32x4(vnegq_f32(x))));
}

// Applies f to 4 lanes at a time; the tail goes through a padded vector. `f(i, count)` handles
// elements [i, i + count) with count == 4 except possibly the last call.
template <class F>
inline void ForEachQuad(int64_t n, F f) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) f(i, 4);
  if (i < n) f(i, int(n - i));
}

// Loads `count` <= 4 floats (zero-padded) / stores `count` lanes.
inline float32x4_t LoadN(const float* p, int count) {
  if (count == 4) return vld1q_f32(p);
  float buf[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int k = 0; k < count; ++k) buf[k] = p[k];
  return vld1q_f32(buf);
}
// v with lanes >= count set to 0.
inline float32x4_t KeepFirst(float32x4_t v, int count) {
  static constexpr uint32_t kLane[4] = {0, 1, 2, 3};
  const uint32x4_t keep = vcltq_u32(vld1q_u32(kLane), vdupq_n_u32(uint32_t(count)));
  return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(v), keep));
}
inline void StoreN(float* p, float32x4_t v, int count) {
  if (count == 4) return vst1q_f32(p, v);
  float buf[4];
  vst1q_f32(buf, v);
  for (int k = 0; k < count; ++k) p[k] = buf[k];
}

// sum x[i]^2 (kSquares) or sum x[i] over 16 f32 lanes.
template <bool kSquares>
float SumF32(const float* x, int64_t n) {
  float32x4_t acc[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int k = 0; k < 4; ++k) {
      const float32x4_t v = vld1q_f32(x + i + 4 * k);
      acc[k] = kSquares ? vfmaq_f32(acc[k], v, v) : vaddq_f32(acc[k], v);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const float32x4_t v = vld1q_f32(x + i);
    acc[0] = kSquares ? vfmaq_f32(acc[0], v, v) : vaddq_f32(acc[0], v);
  }
  float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc[0], acc[1]), vaddq_f32(acc[2], acc[3])));
  for (; i < n; ++i) sum += kSquares ? x[i] * x[i] : x[i];
  return sum;
}

void RmsNormNeon(const float* x, const float* w, float* y, int64_t n, float eps) {
  const float mean = SumF32<true>(x, n) / float(n);
  const float scale = 1.0f / std::sqrt(mean + eps);
  ForEachQuad(n, [&](int64_t i, int count) {
    float32x4_t v = vmulq_n_f32(LoadN(x + i, count), scale);
    if (w) v = vmulq_f32(v, LoadN(w + i, count));
    StoreN(y + i, v, count);
  });
}

void LayerNormNeon(const float* x, const float* w, const float* b, float* y, int64_t n, float eps) {
  const float mean = SumF32<false>(x, n) / float(n);
  float32x4_t acc = vdupq_n_f32(0.0f);
  ForEachQuad(n, [&](int64_t i, int count) {
    const float32x4_t d = KeepFirst(vsubq_f32(LoadN(x + i, count), vdupq_n_f32(mean)), count);
    acc = vfmaq_f32(acc, d, d);
  });
  const float scale = 1.0f / std::sqrt(vaddvq_f32(acc) / float(n) + eps);
  ForEachQuad(n, [&](int64_t i, int count) {
    float32x4_t v = vmulq_n_f32(vsubq_f32(LoadN(x + i, count), vdupq_n_f32(mean)), scale);
    if (w) v = vmulq_f32(v, LoadN(w + i, count));
    if (b) v = vaddq_f32(v, LoadN(b + i, count));
    StoreN(y + i, v, count);
  });
}

void SoftmaxNeon(float* x, int64_t n) {
  float32x4_t vmax = vdupq_n_f32(-INFINITY);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) vmax = vmaxq_f32(vmax, vld1q_f32(x + i));
  float max = vmaxvq_f32(vmax);
  for (; i < n; ++i) max = std::fmax(max, x[i]);
  float32x4_t acc = vdupq_n_f32(0.0f);
  ForEachQuad(n, [&](int64_t j, int count) {
    const float32x4_t e = ExpF32x4(vsubq_f32(LoadN(x + j, count), vdupq_n_f32(max)));
    StoreN(x + j, e, count);
    acc = vaddq_f32(acc, KeepFirst(e, count));
  });
  const float inv = 1.0f / vaddvq_f32(acc);
  ForEachQuad(n, [&](int64_t j, int count) {
    StoreN(x + j, vmulq_n_f32(LoadN(x + j, count), inv), count);
  });
}

void SiluNeon(const float* x, float* y, int64_t n) {
  ForEachQuad(n,
              [&](int64_t i, int count) { StoreN(y + i, SiluF32x4(LoadN(x + i, count)), count); });
}

void SwigluNeon(const float* gate, const float* up, float* y, int64_t n) {
  ForEachQuad(n, [&](int64_t i, int count) {
    const float32x4_t g = SiluF32x4(LoadN(gate + i, count));
    StoreN(y + i, vmulq_f32(g, LoadN(up + i, count)), count);
  });
}

void AddNeon(const float* a, const float* b, float* y, int64_t n) {
  ForEachQuad(n, [&](int64_t i, int count) {
    StoreN(y + i, vaddq_f32(LoadN(a + i, count), LoadN(b + i, count)), count);
  });
}

void MulNeon(const float* a, const float* b, float* y, int64_t n) {
  ForEachQuad(n, [&](int64_t i, int count) {
    StoreN(y + i, vmulq_f32(LoadN(a + i, count), LoadN(b + i, count)), count);
  });
}

void ScaleNeon(float* x, float s, int64_t n) {
  ForEachQuad(
      n, [&](int64_t i, int count) { StoreN(x + i, vmulq_n_f32(LoadN(x + i, count), s), count); });
}

float DotF32F16Neon(const float* x, const f16* y, int64_t n) {
  float32x4_t acc[4] = {vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f), vdupq_n_f32(0.0f)};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int k = 0; k < 4; ++k) {
      acc[k] = vfmaq_f32(acc[k], vld1q_f32(x + i + 4 * k), LoadF16x4(y + i + 4 * k));
    }
  }
  for (; i + 4 <= n; i += 4) acc[0] = vfmaq_f32(acc[0], vld1q_f32(x + i), LoadF16x4(y + i));
  float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc[0], acc[1]), vaddq_f32(acc[2], acc[3])));
  for (; i < n; ++i) sum += x[i] * HalfToF32(y[i]);
  return sum;
}

void AxpyF16Neon(float a, const f16* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    vst1q_f32(y + i, vfmaq_n_f32(vld1q_f32(y + i), LoadF16x4(x + i), a));
  }
  for (; i < n; ++i) y[i] += a * HalfToF32(x[i]);
}

// Attention over a group of heads built on the two kernels above: one dot per (head, key) and
// one axpy per (key, head), each computed the same way whatever the group size.
void AttnScoresNeon(const float* q, int n_q, const f16* k, int64_t n, int64_t d, float scale,
                    float* scores) {
  for (int64_t j = 0; j < n; ++j) {
    for (int g = 0; g < n_q; ++g) scores[g * n + j] = scale * DotF32F16Neon(q + g * d, k + j * d, d);
  }
}

void AttnValuesNeon(const float* p, int n_q, const f16* v, int64_t n, int64_t d, float* out) {
  std::memset(out, 0, size_t(n_q) * size_t(d) * sizeof(float));
  for (int64_t j = 0; j < n; ++j) {
    for (int g = 0; g < n_q; ++g) AxpyF16Neon(p[g * n + j], v + j * d, out + g * d, d);
  }
}

}  // namespace

void FillNeonOpKernels(OpKernels& k) {
  k.rms_norm = RmsNormNeon;
  k.layer_norm = LayerNormNeon;
  k.softmax = SoftmaxNeon;
  k.silu = SiluNeon;
  k.swiglu = SwigluNeon;
  k.add = AddNeon;
  k.mul = MulNeon;
  k.scale = ScaleNeon;
  k.dot_f32_f16 = DotF32F16Neon;
  k.attn_scores = AttnScoresNeon;
  k.attn_values = AttnValuesNeon;
  k.axpy_f16 = AxpyF16Neon;
}

}  // namespace hearth::internal
