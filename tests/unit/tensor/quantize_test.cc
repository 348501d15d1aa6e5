// QuantizeRow: known answers for the activation formats (ggml's exact rounding), the legacy
// formats' reference formulas, and float -> type -> float round trips with a per-type error bound
// for every type.
#include "tensor/quantize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tensor/blocks.h"
#include "tensor/dequantize.h"
#include "tensor/quant_common.h"

namespace hearth {
namespace {

std::vector<float> Gaussian(int64_t n, uint32_t seed, float sigma = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<float> RoundTrip(DType type, const std::vector<float>& x) {
  const int64_t n = int64_t(x.size());
  std::vector<uint8_t> q(RowBytes(type, n));
  QuantizeRow(type, x.data(), q.data(), n);
  std::vector<float> y(x.size());
  DequantizeRow(type, q.data(), y.data(), n);
  return y;
}

// sqrt(mean((y - x)^2)) / sqrt(mean(x^2)).
double RelativeRmse(const std::vector<float>& x, const std::vector<float>& y) {
  double err = 0, ref = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    err += (double(y[i]) - x[i]) * (double(y[i]) - x[i]);
    ref += double(x[i]) * x[i];
  }
  return std::sqrt(err / ref);
}

struct Bound {
  DType type;
  double rmse;     // relative RMS error on Gaussian data
  double max_err;  // largest |error| per element, in units of its block's max |x|
};

// Bounds hold with some margin on this data (n = 256 includes an outlier 9 sigma out); the
// legacy bounds follow from the formats (a Q4_0 block's far side can lose 1/8 of its max).
constexpr Bound kBounds[] = {
    {DType::kF32, 0.0, 0.0},      {DType::kF16, 3e-4, 1e-3},    {DType::kBF16, 3e-3, 4e-3},
    {DType::kQ8_0, 0.01, 5e-3},   {DType::kQ8_1, 0.01, 5e-3},   {DType::kQ8_K, 0.025, 5e-3},
    {DType::kQ4_0, 0.13, 0.13},   {DType::kQ4_1, 0.11, 0.07},   {DType::kQ5_0, 0.07, 0.07},
    {DType::kQ5_1, 0.055, 0.035}, {DType::kIQ4_NL, 0.11, 0.15}, {DType::kQ2_K, 0.32, 0.5},
    {DType::kQ3_K, 0.20, 0.25},   {DType::kQ4_K, 0.10, 0.12},   {DType::kQ5_K, 0.05, 0.06},
    {DType::kQ6_K, 0.025, 0.03},  {DType::kIQ4_XS, 0.11, 0.15},
};

class RoundTripTest : public ::testing::TestWithParam<Bound> {};

TEST_P(RoundTripTest, ErrorWithinBound) {
  const Bound& bound = GetParam();
  const int64_t block = Traits(bound.type).block_elems == 1 ? 32 : Traits(bound.type).block_elems;
  for (int64_t n : {int64_t(256), int64_t(4096)}) {
    std::vector<float> x = Gaussian(n, uint32_t(n) + 7);
    x[3] = 9.0f;  // an outlier in the first block
    const std::vector<float> y = RoundTrip(bound.type, x);
    const double rmse = RelativeRmse(x, y);
    EXPECT_LE(rmse, bound.rmse) << DTypeName(bound.type) << " n=" << n;
    for (int64_t b = 0; b < n / block; ++b) {
      float amax = 0;
      for (int64_t j = b * block; j < (b + 1) * block; ++j) amax = std::max(amax, std::fabs(x[j]));
      for (int64_t j = b * block; j < (b + 1) * block; ++j) {
        ASSERT_LE(std::fabs(y[j] - x[j]), bound.max_err * amax)
            << DTypeName(bound.type) << " element " << j << ": " << x[j] << " -> " << y[j];
      }
    }
  }
}

TEST_P(RoundTripTest, ZeroAndConstantRows) {
  const DType type = GetParam().type;
  const std::vector<float> zeros(512, 0.0f);
  for (float v : RoundTrip(type, zeros)) ASSERT_EQ(v, 0.0f) << DTypeName(type);
  // A constant row: every format has a level near it (the affine ones exactly, with their min).
  const std::vector<float> ones(512, -1.5f);
  for (float v : RoundTrip(type, ones)) ASSERT_NEAR(v, -1.5f, 0.02f) << DTypeName(type);
}

TEST_P(RoundTripTest, ScaleInvariant) {
  // Tiny and large magnitudes (f16 scales must neither underflow nor overflow here).
  const DType type = GetParam().type;
  for (float sigma : {1e-3f, 100.0f}) {
    const std::vector<float> x = Gaussian(1024, 3, sigma);
    EXPECT_LE(RelativeRmse(x, RoundTrip(type, x)), GetParam().rmse * 1.5 + 1e-6)
        << DTypeName(type) << " sigma=" << sigma;
  }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, RoundTripTest, ::testing::ValuesIn(kBounds),
                         [](const ::testing::TestParamInfo<Bound>& info) {
                           return std::string(DTypeName(info.param.type));
                         });

// ---- Activation formats: the exact integers ggml's reference quantizers produce. ----

// A block whose max |x| is 127, so d = 1 exactly and q = x rounded.
std::vector<float> HalfwayBlock(int n) {
  std::vector<float> x(size_t(n), 0.0f);
  x[0] = 127.0f;
  x[1] = 2.5f;
  x[2] = -2.5f;
  x[3] = 3.5f;
  x[4] = 0.49f;
  x[5] = -126.5f;
  x[6] = 10.0f;
  return x;
}

TEST(QuantizeActivationTest, Q8_0RoundsHalfAwayFromZero) {
  std::vector<float> x = HalfwayBlock(64);
  for (int j = 32; j < 64; ++j) x[size_t(j)] = 0.0f;  // second block: all zero
  BlockQ8_0 b[2];
  QuantizeRow(DType::kQ8_0, x.data(), b, 64);
  EXPECT_EQ(b[0].d.bits, F32ToF16(1.0f).bits);
  const int8_t want[7] = {127, 3, -3, 4, 0, -127, 10};
  for (int j = 0; j < 7; ++j) EXPECT_EQ(b[0].qs[j], want[j]) << j;
  EXPECT_EQ(b[1].d.bits, 0);
  for (int j = 0; j < 32; ++j) EXPECT_EQ(b[1].qs[j], 0);
}

TEST(QuantizeActivationTest, Q8_1SumUsesUnroundedScale) {
  std::vector<float> x = HalfwayBlock(32);
  BlockQ8_1 b;
  QuantizeRow(DType::kQ8_1, x.data(), &b, 32);
  EXPECT_EQ(b.d.bits, F32ToF16(1.0f).bits);
  EXPECT_EQ(b.qs[1], 3);
  EXPECT_EQ(b.s.bits, F32ToF16(127.0f + 3 - 3 + 4 + 0 - 127 + 10).bits);
  // d = 1.3 / 127 is not an f16 value: s is rounded from sum(q) * d in f32.
  std::vector<float> y(32, 0.0f);
  y[0] = 1.3f;
  y[1] = -0.65f;
  QuantizeRow(DType::kQ8_1, y.data(), &b, 32);
  const float d = 1.3f / 127.0f;
  EXPECT_EQ(b.qs[0], 127);
  EXPECT_EQ(b.qs[1], int8_t(std::round(-0.65f * (1.0f / d))));
  EXPECT_EQ(b.s.bits, F32ToF16(float(127 + b.qs[1]) * d).bits);
  EXPECT_EQ(b.d.bits, F32ToF16(d).bits);
}

TEST(QuantizeActivationTest, Q8_KRoundsHalfToEvenWithNegativeScale) {
  std::vector<float> x = HalfwayBlock(kQK_K);
  x[16] = 5.0f;  // in the second bsum group
  BlockQ8_K b;
  QuantizeRow(DType::kQ8_K, x.data(), &b, kQK_K);
  // max = +127 -> iscale = -1, d = 1 / iscale = -1; q = nearest-even(-x).
  EXPECT_EQ(b.d, -1.0f);
  const int8_t want[7] = {-127, -2, 2, -4, 0, 126, -10};
  for (int j = 0; j < 7; ++j) EXPECT_EQ(b.qs[j], want[j]) << j;
  EXPECT_EQ(b.bsums[0], -127 - 2 + 2 - 4 + 0 + 126 - 10);
  EXPECT_EQ(b.bsums[1], -5);
  for (int j = 2; j < 16; ++j) EXPECT_EQ(b.bsums[j], 0);
}

TEST(QuantizeActivationTest, Q8_KNegativeMaxAndZeroBlock) {
  std::vector<float> x(2 * kQK_K, 0.0f);
  x[0] = -254.0f;  // max = -254 -> iscale = 0.5, d = 2
  x[1] = 3.0f;     // 1.5 -> 2
  x[2] = 5.0f;     // 2.5 -> 2
  BlockQ8_K b[2];
  std::memset(b, 0x5A, sizeof(b));  // the zero block must be fully written
  QuantizeRow(DType::kQ8_K, x.data(), b, 2 * kQK_K);
  EXPECT_EQ(b[0].d, 2.0f);
  EXPECT_EQ(b[0].qs[0], -127);
  EXPECT_EQ(b[0].qs[1], 2);
  EXPECT_EQ(b[0].qs[2], 2);
  EXPECT_EQ(b[0].bsums[0], -123);
  EXPECT_EQ(b[1].d, 0.0f);
  for (int j = 0; j < kQK_K; ++j) ASSERT_EQ(b[1].qs[j], 0);
  for (int j = 0; j < 16; ++j) EXPECT_EQ(b[1].bsums[j], 0);
}

// ---- Legacy weight formats follow ggml's reference quantizers. ----

TEST(QuantizeLegacyTest, Q4_0UsesSignedMaxOverMinusEight) {
  std::vector<float> x(32, 0.0f);
  x[0] = -4.0f;  // largest magnitude, negative: d = -4 / -8 = 0.5
  x[1] = 3.5f;   // 3.5 / 0.5 = 7 -> nibble 15
  x[17] = 0.24f;
  BlockQ4_0 b;
  QuantizeRow(DType::kQ4_0, x.data(), &b, 32);
  EXPECT_EQ(b.d.bits, F32ToF16(0.5f).bits);
  EXPECT_EQ(b.qs[0] & 0xF, 0);   // -4 / 0.5 + 8 = 0
  EXPECT_EQ(b.qs[1] & 0xF, 15);  // 7 + 8, capped at 15
  EXPECT_EQ(b.qs[1] >> 4, 8);    // 0.24 / 0.5 = 0.48 -> trunc(8.98) = 8
  EXPECT_EQ(b.qs[0] >> 4, 8);
}

TEST(QuantizeLegacyTest, Q5_1StoresMinAndRange) {
  std::vector<float> x(32);
  for (int j = 0; j < 32; ++j) x[size_t(j)] = -2.0f + 0.25f * float(j);  // exactly 31 steps
  BlockQ5_1 b;
  QuantizeRow(DType::kQ5_1, x.data(), &b, 32);
  EXPECT_EQ(b.d.bits, F32ToF16(0.25f).bits);
  EXPECT_EQ(b.m.bits, F32ToF16(-2.0f).bits);
  std::vector<float> y(32);
  DequantizeRow(DType::kQ5_1, &b, y.data(), 32);
  for (int j = 0; j < 32; ++j) EXPECT_EQ(y[size_t(j)], x[size_t(j)]) << j;
}

TEST(QuantizeTest, F16AndBf16RoundToNearestEven) {
  const float x[2] = {1.0f + 1.0f / 2048.0f, 1.0f + 3.0f / 2048.0f};  // ties in f16
  f16 h[2];
  QuantizeRow(DType::kF16, x, h, 2);
  EXPECT_EQ(h[0].bits, 0x3C00);                                     // down to even
  EXPECT_EQ(h[1].bits, 0x3C02);                                     // up to even
  const float z[2] = {1.0f + 1.0f / 256.0f, 1.0f + 3.0f / 256.0f};  // ties in bf16
  bf16 b[2];
  QuantizeRow(DType::kBF16, z, b, 2);
  EXPECT_EQ(b[0].bits, 0x3F80);
  EXPECT_EQ(b[1].bits, 0x3F82);
}

TEST(QuantizeTest, NearestIQ4LevelMatchesBruteForce) {
  for (float v = -140.0f; v <= 130.0f; v += 0.125f) {
    int best = 0;
    for (int i = 1; i < 16; ++i) {
      if (std::fabs(v - kIQ4NLValues[i]) < std::fabs(v - kIQ4NLValues[best])) best = i;
    }
    ASSERT_EQ(rows::NearestIQ4Level(v), best) << v;
  }
}

}  // namespace
}  // namespace hearth
