// Scalar reference op kernels: the ground truth that every SIMD variant is tested against.
// Reductions accumulate in double and transcendental functions are evaluated in double, so the
// reference is at least as accurate as any variant (ggml also sums norms in double).
#include <cmath>
#include <numbers>

#include "kernels/fill.h"

namespace hearth::internal {
namespace {

void RmsNormRef(const float* x, const float* w, float* y, int64_t n, float eps) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += double(x[i]) * double(x[i]);
  const float scale = float(1.0 / std::sqrt(sum / double(n) + double(eps)));
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] * scale * (w ? w[i] : 1.0f);
}

void LayerNormRef(const float* x, const float* w, const float* b, float* y, int64_t n, float eps) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += x[i];
  const double mean = sum / double(n);
  double var = 0.0;
  for (int64_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
  const double scale = 1.0 / std::sqrt(var / double(n) + double(eps));
  for (int64_t i = 0; i < n; ++i) {
    const float normed = float((x[i] - mean) * scale);
    y[i] = normed * (w ? w[i] : 1.0f) + (b ? b[i] : 0.0f);
  }
}

void SoftmaxRef(float* x, int64_t n) {
  float max = -INFINITY;
  for (int64_t i = 0; i < n; ++i) max = std::fmax(max, x[i]);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    const double e = std::exp(double(x[i]) - double(max));
    x[i] = float(e);
    sum += e;
  }
  const double inv = 1.0 / sum;
  for (int64_t i = 0; i < n; ++i) x[i] = float(x[i] * inv);
}

// 1 / (1 + e^-v) in double.
inline double Sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

void SiluRef(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = float(x[i] * Sigmoid(x[i]));
}

// The tanh form of GELU equals x * sigmoid(2u) with u = sqrt(2/pi)(x + 0.044715x^3), which
// avoids cancelling 1 + tanh(u) for negative x.
void GeluRef(const float* x, float* y, int64_t n) {
  const double k = std::sqrt(2.0 / std::numbers::pi);
  for (int64_t i = 0; i < n; ++i) {
    const double v = x[i];
    const double u = k * (v + 0.044715 * v * v * v);
    y[i] = float(v * Sigmoid(2.0 * u));
  }
}

void SwigluRef(const float* gate, const float* up, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = float(gate[i] * Sigmoid(gate[i]) * up[i]);
}

void AddRef(const float* a, const float* b, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}

void MulRef(const float* a, const float* b, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
}

void ScaleRef(float* x, float s, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] *= s;
}

float DotF32F16Ref(const float* x, const f16* y, int64_t n) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += double(x[i]) * double(F16ToF32(y[i]));
  return float(sum);
}

void AxpyF16Ref(float a, const f16* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * F16ToF32(x[i]);
}

void AttnScoresRef(const float* q, int n_q, const f16* k, int64_t n, int64_t d, float scale,
                   float* scores) {
  for (int g = 0; g < n_q; ++g) {
    for (int64_t j = 0; j < n; ++j) scores[g * n + j] = scale * DotF32F16Ref(q + g * d, k + j * d, d);
  }
}

void AttnValuesRef(const float* p, int n_q, const f16* v, int64_t n, int64_t d, float* out) {
  for (int g = 0; g < n_q; ++g) {
    for (int64_t i = 0; i < d; ++i) {
      double sum = 0.0;
      for (int64_t j = 0; j < n; ++j) sum += double(p[g * n + j]) * double(F16ToF32(v[j * d + i]));
      out[g * d + i] = float(sum);
    }
  }
}

}  // namespace

void FillReferenceOpKernels(OpKernels& k) {
  k.rms_norm = RmsNormRef;
  k.layer_norm = LayerNormRef;
  k.softmax = SoftmaxRef;
  k.silu = SiluRef;
  k.gelu = GeluRef;
  k.swiglu = SwigluRef;
  k.add = AddRef;
  k.mul = MulRef;
  k.scale = ScaleRef;
  k.dot_f32_f16 = DotF32F16Ref;
  k.axpy_f16 = AxpyF16Ref;
  k.attn_scores = AttnScoresRef;
  k.attn_values = AttnValuesRef;
}

}  // namespace hearth::internal
