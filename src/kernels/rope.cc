#include "kernels/rope.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "base/check.h"

namespace hearth {
namespace {

// The pair index at which a frequency makes `n_rotations` full turns over the training
// context: solves n_ctx_orig = n_rotations * 2pi * base^(2i / n_rot) for i.
float YarnCorrDim(int n_rot, int n_ctx_orig, float n_rotations, float base) {
  return float(n_rot) *
         std::log(float(n_ctx_orig) / (n_rotations * 2.0f * std::numbers::pi_v<float>)) /
         (2.0f * std::log(base));
}

// 1 at pairs below `low` (pure extrapolation), 0 above `high`, linear between. `i0` is the
// even dimension index of the pair, as ggml passes it.
float YarnRamp(float low, float high, int i0) {
  const float y = (float(i0 / 2) - low) / std::max(0.001f, high - low);
  return 1.0f - std::min(1.0f, std::max(0.0f, y));
}

void CheckParams(const RopeParams& p) {
  HEARTH_CHECK(p.n_rot > 0 && p.n_rot % 2 == 0) << "n_rot must be positive and even: " << p.n_rot;
}

}  // namespace

RopeCorrDims YarnCorrDims(int n_rot, int n_ctx_orig, float freq_base, float beta_fast,
                          float beta_slow) {
  const float start = std::floor(YarnCorrDim(n_rot, n_ctx_orig, beta_fast, freq_base));
  const float end = std::ceil(YarnCorrDim(n_rot, n_ctx_orig, beta_slow, freq_base));
  return {std::max(0.0f, start), std::min(float(n_rot - 1), end)};
}

void RopeCosSin(const RopeParams& p, int64_t pos, float* cos_sin) {
  CheckParams(p);
  const float theta_scale = std::pow(p.freq_base, -2.0f / float(p.n_rot));
  RopeCorrDims corr;
  float mscale = p.attn_factor;
  if (p.ext_factor != 0.0f) {
    corr = YarnCorrDims(p.n_rot, p.n_ctx_orig, p.freq_base, p.beta_fast, p.beta_slow);
    mscale *= 1.0f + 0.1f * std::log(1.0f / p.freq_scale);
  }
  float theta = float(pos);  // advanced by multiplication, as ggml does
  for (int i0 = 0; i0 < p.n_rot; i0 += 2) {
    const float factor = p.freq_factors ? p.freq_factors[i0 / 2] : 1.0f;
    const float theta_extrap = theta / factor;
    const float theta_interp = p.freq_scale * theta_extrap;
    float angle = theta_interp;
    if (p.ext_factor != 0.0f) {
      const float mix = YarnRamp(corr.low, corr.high, i0) * p.ext_factor;
      angle = theta_interp * (1.0f - mix) + theta_extrap * mix;
    }
    cos_sin[i0] = std::cos(angle) * mscale;
    cos_sin[i0 + 1] = std::sin(angle) * mscale;
    theta *= theta_scale;
  }
}

void RopeRotate(const RopeParams& p, const float* cos_sin, float* x, int64_t n_rows,
                int64_t row_stride) {
  CheckParams(p);
  HEARTH_CHECK(p.n_rot <= row_stride) << "n_rot " << p.n_rot << " > row " << row_stride;
  const int half = p.n_rot / 2;
  for (int64_t r = 0; r < n_rows; ++r) {
    float* row = x + r * row_stride;
    if (p.style == RopeStyle::kNormal) {
      for (int i = 0; i < half; ++i) {
        const float c = cos_sin[2 * i], s = cos_sin[2 * i + 1];
        const float a = row[2 * i], b = row[2 * i + 1];
        row[2 * i] = a * c - b * s;
        row[2 * i + 1] = a * s + b * c;
      }
    } else {
      for (int i = 0; i < half; ++i) {
        const float c = cos_sin[2 * i], s = cos_sin[2 * i + 1];
        const float a = row[i], b = row[i + half];
        row[i] = a * c - b * s;
        row[i + half] = a * s + b * c;
      }
    }
  }
}

RopeCache::RopeCache(const RopeParams& params) : params_(params) { CheckParams(params_); }

void RopeCache::Prepare(int64_t pos_begin, int64_t count) {
  HEARTH_CHECK(count >= 0);
  const size_t n_rot = size_t(params_.n_rot);
  if (cos_sin_.size() < size_t(count) * n_rot) cos_sin_.resize(size_t(count) * n_rot);
  for (int64_t i = 0; i < count; ++i) {
    RopeCosSin(params_, pos_begin + i, cos_sin_.data() + size_t(i) * n_rot);
  }
  pos_begin_ = pos_begin;
  count_ = count;
}

void RopeCache::Apply(float* x, int64_t n_rows, int64_t row_stride, int64_t pos) const {
  HEARTH_CHECK(pos >= pos_begin_ && pos < pos_begin_ + count_)
      << "position " << pos << " not prepared [" << pos_begin_ << ", " << pos_begin_ + count_
      << ")";
  RopeRotate(params_, cos_sin_.data() + size_t(pos - pos_begin_) * size_t(params_.n_rot), x, n_rows,
             row_stride);
}

}  // namespace hearth
