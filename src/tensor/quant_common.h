// Internal helpers of the quantizers (quantize*.cc): rounding and the per-sub-block scale fits
// the weight formats share.
#pragma once

#include <cmath>
#include <cstdint>

#include "tensor/blocks.h"

namespace hearth::rows {

// Round to nearest, ties to even (ggml's nearest_int; valid for |v| < 2^22).
inline int NearestInt(float v) { return int(std::lrintf(v)); }

// Index of the kIQ4NLValues level nearest to v (the lower one on ties): the number of
// midpoints between consecutive levels that lie below v (branch-free: levels are random data).
inline int NearestIQ4Level(float v) {
  static constexpr float kMid[15] = {-115.5f, -93.5f, -74.0f, -57.0f, -42.0f, -28.5f, -16.0f, -4.5f,
                                     7.0f,    19.0f,  31.5f,  45.5f,  61.0f,  79.0f,  101.0f};
  int idx = 0;
  for (float mid : kMid) idx += v > mid ? 1 : 0;
  return idx;
}

// x[j] ~= scale * q[j] - offset with q[j] in [0, nmax] and offset >= 0 (the K-quants' "min"
// is subtracted, so it only ever lowers values). Returns scale (>= 0); q may be null.
float FitAffine(const float* x, int n, int nmax, float* offset, uint8_t* q);

// x[j] ~= scale * q[j] with q[j] in [-nneg, npos]. The element of largest magnitude maps near
// -nneg (the longer side), so the scale has the opposite sign of that element. q may be null.
float FitSymmetric(const float* x, int n, int nneg, int npos, int8_t* q);

// x[j] ~= scale * kIQ4NLValues[idx[j]] (least-squares scale, best of a few candidates).
// idx may be null.
float FitNonLinear(const float* x, int n, uint8_t* idx);

}  // namespace hearth::rows
