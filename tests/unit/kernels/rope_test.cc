#include "kernels/rope.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace hearth {
namespace {

std::vector<float> RandomRows(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// RoPE straight from its definition, in double: pair i rotates by pos * base^(-2i/n_rot) /
// factor_i (times freq_scale), with no YaRN.
std::vector<double> DirectRope(const std::vector<float>& x, int n_rows, int head_dim, int n_rot,
                               RopeStyle style, double base, double freq_scale,
                               const float* factors, int64_t pos) {
  std::vector<double> y(x.begin(), x.end());
  for (int r = 0; r < n_rows; ++r) {
    for (int i = 0; i < n_rot / 2; ++i) {
      const double factor = factors ? factors[i] : 1.0;
      const double theta = freq_scale * double(pos) * std::pow(base, -2.0 * i / n_rot) / factor;
      const int ia = style == RopeStyle::kNormal ? 2 * i : i;
      const int ib = style == RopeStyle::kNormal ? 2 * i + 1 : i + n_rot / 2;
      const double a = x[size_t(r * head_dim + ia)], b = x[size_t(r * head_dim + ib)];
      y[size_t(r * head_dim + ia)] = a * std::cos(theta) - b * std::sin(theta);
      y[size_t(r * head_dim + ib)] = a * std::sin(theta) + b * std::cos(theta);
    }
  }
  return y;
}

struct RopeCase {
  RopeStyle style;
  int head_dim;
  int n_rot;
  bool with_factors;
  float freq_scale;
};

TEST(RopeTest, MatchesDirectFormula) {
  const RopeCase cases[] = {
      {RopeStyle::kNormal, 64, 64, false, 1.0f},  {RopeStyle::kNeox, 64, 64, false, 1.0f},
      {RopeStyle::kNormal, 128, 128, true, 1.0f}, {RopeStyle::kNeox, 128, 128, true, 1.0f},
      {RopeStyle::kNeox, 80, 32, false, 1.0f},    // partial rotation (Phi-2 style)
      {RopeStyle::kNormal, 96, 48, true, 0.25f},  // linear scaling + factors + partial
  };
  const int n_rows = 3;
  for (const RopeCase& c : cases) {
    std::vector<float> factors(size_t(c.n_rot / 2));
    for (size_t i = 0; i < factors.size(); ++i) factors[i] = 1.0f + float(i % 5);
    RopeParams p;
    p.style = c.style;
    p.n_rot = c.n_rot;
    p.freq_base = 500000.0f;
    p.freq_scale = c.freq_scale;
    p.freq_factors = c.with_factors ? factors.data() : nullptr;
    for (int64_t pos : {0, 1, 7, 100, 1000}) {
      const std::vector<float> x = RandomRows(n_rows * c.head_dim, uint32_t(pos + 1));
      const std::vector<double> want = DirectRope(x, n_rows, c.head_dim, c.n_rot, c.style,
                                                  p.freq_base, c.freq_scale, p.freq_factors, pos);
      std::vector<float> got = x;
      std::vector<float> cos_sin(size_t(c.n_rot));
      RopeCosSin(p, pos, cos_sin.data());
      RopeRotate(p, cos_sin.data(), got.data(), n_rows, c.head_dim);
      // ggml's float angle recurrence drifts by ~1e-7 * pos radians.
      const double tol = 2e-6 + 2e-7 * double(pos);
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_NEAR(got[i], want[i], tol * 4)
            << "pos " << pos << " element " << i << " n_rot " << c.n_rot;
      }
      // Dimensions past n_rot are untouched.
      for (int r = 0; r < n_rows; ++r) {
        for (int d = c.n_rot; d < c.head_dim; ++d) {
          ASSERT_EQ(got[size_t(r * c.head_dim + d)], x[size_t(r * c.head_dim + d)]);
        }
      }
    }
  }
}

TEST(RopeTest, PositionZeroIsIdentityAndRotationKeepsNorm) {
  RopeParams p;
  p.n_rot = 16;
  std::vector<float> cs(16);
  RopeCosSin(p, 0, cs.data());
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(cs[size_t(2 * i)], 1.0f);
    EXPECT_EQ(cs[size_t(2 * i + 1)], 0.0f);
  }
  RopeCosSin(p, 12345, cs.data());
  for (int i = 0; i < 8; ++i) {
    EXPECT_NEAR(std::hypot(cs[size_t(2 * i)], cs[size_t(2 * i + 1)]), 1.0, 1e-6);
  }
}

TEST(RopeTest, YarnCorrDimsFollowTheFormula) {
  // n_rot 128, trained on 4096 tokens, base 10000: corr_dim(b) = 128 ln(4096 / (2 pi b)) /
  // (2 ln 10000) gives 20.9 for beta_fast 32 and 45.0 for beta_slow 1.
  const RopeCorrDims d = YarnCorrDims(128, 4096, 10000.0f, 32.0f, 1.0f);
  auto dim = [](double b) {
    return 128 * std::log(4096 / (2 * std::numbers::pi * b)) / (2 * std::log(10000.0));
  };
  EXPECT_EQ(d.low, std::floor(dim(32)));
  EXPECT_EQ(d.high, std::ceil(dim(1)));
  EXPECT_EQ(d.low, 20.0f);
  EXPECT_EQ(d.high, 46.0f);
  // Clamped to [0, n_rot - 1].
  const RopeCorrDims c = YarnCorrDims(8, 4, 10.0f, 32.0f, 1e-6f);
  EXPECT_EQ(c.low, 0.0f);
  EXPECT_EQ(c.high, 7.0f);
}

TEST(RopeTest, YarnBlendsInterpolationAndExtrapolation) {
  RopeParams p;
  p.style = RopeStyle::kNeox;
  p.n_rot = 128;
  p.freq_base = 10000.0f;
  p.freq_scale = 0.25f;
  p.ext_factor = 1.0f;
  p.attn_factor = 1.0f;
  p.n_ctx_orig = 4096;
  const int64_t pos = 3000;
  std::vector<float> cs(128);
  RopeCosSin(p, pos, cs.data());
  const double low = 20, high = 46;  // from YarnCorrDimsFollowTheFormula
  const double mscale = 1.0 + 0.1 * std::log(1.0 / 0.25);
  for (int i = 0; i < 64; ++i) {
    const double extrap = pos * std::pow(10000.0, -2.0 * i / 128);
    const double ramp = 1.0 - std::clamp((i - low) / (high - low), 0.0, 1.0);
    const double theta = 0.25 * extrap * (1 - ramp) + extrap * ramp;
    // The angle itself carries the float recurrence's error (~1e-7 * pos).
    EXPECT_NEAR(cs[size_t(2 * i)], std::cos(theta) * mscale, 1e-3) << i;
    EXPECT_NEAR(cs[size_t(2 * i + 1)], std::sin(theta) * mscale, 1e-3) << i;
  }
  // Low pairs (fast rotations) extrapolate: same angle as without scaling.
  RopeParams plain = p;
  plain.freq_scale = 1.0f;
  plain.ext_factor = 0.0f;
  std::vector<float> cs_plain(128);
  RopeCosSin(plain, pos, cs_plain.data());
  EXPECT_NEAR(cs[0] / mscale, cs_plain[0], 1e-6);
  EXPECT_NEAR(cs[1] / mscale, cs_plain[1], 1e-6);
}

TEST(RopeTest, CacheMatchesDirectComputation) {
  RopeParams p;
  p.style = RopeStyle::kNormal;
  p.n_rot = 32;
  RopeCache cache(p);
  cache.Prepare(10, 5);
  for (int64_t pos = 10; pos < 15; ++pos) {
    std::vector<float> a = RandomRows(2 * 40, uint32_t(pos)), b = a;
    cache.Apply(a.data(), 2, 40, pos);
    std::vector<float> cs(32);
    RopeCosSin(p, pos, cs.data());
    RopeRotate(p, cs.data(), b.data(), 2, 40);
    EXPECT_EQ(a, b);
  }
  // Shrinking the range keeps working (storage reused).
  cache.Prepare(3, 1);
  std::vector<float> a = RandomRows(32, 9), b = a;
  cache.Apply(a.data(), 1, 32, 3);
  std::vector<float> cs(32);
  RopeCosSin(p, 3, cs.data());
  RopeRotate(p, cs.data(), b.data(), 1, 32);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace hearth
