// Per-sub-block scale fits for the weight quantizers (quant_common.h). Each tries a few
// candidate scales, picks levels for each, and keeps the least-squares solution with the smallest
// error. Simple and deterministic; not ggml's search, but within a small factor of its error.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "tensor/quant_common.h"

namespace hearth::rows {
namespace {

constexpr int kMaxFit = 256;  // longest sub-block we fit (a whole super-block)

float SignedMaxOf(const float* x, int n) {
  float amax = 0.0f, max = 0.0f;
  for (int j = 0; j < n; ++j) {
    if (std::fabs(x[j]) > amax) {
      amax = std::fabs(x[j]);
      max = x[j];
    }
  }
  return max;
}

// Squared error of x ~= scale * q - offset.
double AffineError(const float* x, int n, const uint8_t* q, float scale, float offset) {
  double err = 0.0;
  for (int j = 0; j < n; ++j) {
    const double diff = double(scale) * q[j] - offset - x[j];
    err += diff * diff;
  }
  return err;
}

}  // namespace

float FitAffine(const float* x, int n, int nmax, float* offset, uint8_t* q_out) {
  uint8_t q[kMaxFit], best_q[kMaxFit];
  float min = 0.0f, max = x[0];
  for (int j = 0; j < n; ++j) {
    min = std::min(min, x[j]);
    max = std::max(max, x[j]);
  }
  *offset = -min;
  if (max <= min) {
    if (q_out != nullptr) std::memset(q_out, 0, size_t(n));
    return 0.0f;
  }
  float scale = (max - min) / float(nmax), off = -min;
  float best_scale = scale, best_off = off;
  double best_err = INFINITY;
  for (int iter = 0; iter < 6 && scale > 0.0f; ++iter) {
    const float inv = 1.0f / scale;
    double sq = 0, sqq = 0, sx = 0, sqx = 0;
    for (int j = 0; j < n; ++j) {
      q[j] = uint8_t(std::clamp(NearestInt((x[j] + off) * inv), 0, nmax));
      sq += q[j];
      sqq += double(q[j]) * q[j];
      sx += x[j];
      sqx += double(q[j]) * x[j];
    }
    const double err = AffineError(x, n, q, scale, off);
    if (err < best_err) {
      best_err = err;
      best_scale = scale;
      best_off = off;
      std::memcpy(best_q, q, size_t(n));
    }
    // Least squares for x ~= a * q + b, with b <= 0 (offset >= 0).
    const double det = n * sqq - sq * sq;
    if (det <= 0) break;
    double a = (n * sqx - sq * sx) / det;
    double b = (sx - a * sq) / n;
    if (b > 0) {
      b = 0;
      a = sqx / sqq;
    }
    scale = float(a);
    off = float(-b);
  }
  *offset = best_off;
  if (q_out != nullptr) std::memcpy(q_out, best_q, size_t(n));
  return best_scale;
}

float FitSymmetric(const float* x, int n, int nneg, int npos, int8_t* q_out) {
  int8_t q[kMaxFit];
  const float max = SignedMaxOf(x, n);
  if (q_out != nullptr) std::memset(q_out, 0, size_t(n));
  if (max == 0.0f) return 0.0f;
  float best_scale = 0.0f;
  double best_score = -1.0;
  for (int t = -10; t <= 10; ++t) {
    const float id = (-float(nneg) + 0.1f * float(t)) / max;
    double sqx = 0, sqq = 0;
    for (int j = 0; j < n; ++j) {
      q[j] = int8_t(std::clamp(NearestInt(x[j] * id), -nneg, npos));
      sqx += double(q[j]) * x[j];
      sqq += double(q[j]) * q[j];
    }
    // With the least-squares scale sqx / sqq the error is sum(x^2) - sqx^2 / sqq.
    if (sqq > 0 && sqx * sqx / sqq > best_score) {
      best_score = sqx * sqx / sqq;
      best_scale = float(sqx / sqq);
      if (q_out != nullptr) std::memcpy(q_out, q, size_t(n));
    }
  }
  return best_scale;
}

float FitNonLinear(const float* x, int n, uint8_t* idx_out) {
  uint8_t idx[kMaxFit];
  const float max = SignedMaxOf(x, n);
  if (idx_out != nullptr) std::memset(idx_out, 8, size_t(n));  // level 8 is +1: near zero
  if (max == 0.0f) return 0.0f;
  float best_scale = 0.0f;
  double best_score = -1.0;
  for (int t = -10; t <= 10; ++t) {
    const float id = (float(kIQ4NLValues[0]) + 2.0f * float(t)) / max;
    double sqx = 0, sqq = 0;
    for (int j = 0; j < n; ++j) {
      idx[j] = uint8_t(NearestIQ4Level(x[j] * id));
      const double v = kIQ4NLValues[idx[j]];
      sqx += v * x[j];
      sqq += v * v;
    }
    if (sqq > 0 && sqx * sqx / sqq > best_score) {
      best_score = sqx * sqx / sqq;
      best_scale = float(sqx / sqq);
      if (idx_out != nullptr) std::memcpy(idx_out, idx, size_t(n));
    }
  }
  return best_scale;
}

}  // namespace hearth::rows
