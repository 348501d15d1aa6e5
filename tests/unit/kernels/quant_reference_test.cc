// The scalar reference quant kernels: a complete table, row conversions identical to
// QuantizeRow / DequantizeRow, and every weight type's vec_dot against a double-precision dot of
// the dequantized weights and dequantized activations.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "tensor/blocks.h"
#include "tensor/dequantize.h"
#include "tensor/quantize.h"

namespace hearth {
namespace {

constexpr DType kWeightTypes[] = {
    DType::kF32,  DType::kF16,  DType::kBF16, DType::kQ4_0,   DType::kQ4_1,
    DType::kQ5_0, DType::kQ5_1, DType::kQ8_0, DType::kIQ4_NL, DType::kQ2_K,
    DType::kQ3_K, DType::kQ4_K, DType::kQ5_K, DType::kQ6_K,   DType::kIQ4_XS,
};
constexpr DType kActivationTypes[] = {DType::kF32,  DType::kF16,  DType::kBF16,
                                      DType::kQ8_0, DType::kQ8_1, DType::kQ8_K};

const QuantKernels& Ref() { return KernelsFor(Isa::kScalar).quant; }

std::vector<float> Gaussian(int64_t n, uint32_t seed, float mean = 0.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(mean, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<uint8_t> Quantized(DType type, const std::vector<float>& x) {
  std::vector<uint8_t> q(RowBytes(type, int64_t(x.size())));
  QuantizeRow(type, x.data(), q.data(), int64_t(x.size()));
  return q;
}

std::vector<float> Dequantized(DType type, const std::vector<uint8_t>& q, int64_t n) {
  std::vector<float> y(static_cast<size_t>(n));
  DequantizeRow(type, q.data(), y.data(), n);
  return y;
}

std::string Name(DType t) { return std::string(DTypeName(t)); }

TEST(QuantReferenceTest, TableIsComplete) {
  for (DType w : kWeightTypes) {
    EXPECT_NE(Ref().vec_dot[Slot(w)], nullptr) << Name(w);
    EXPECT_NE(Ref().dequantize_row[Slot(w)], nullptr) << Name(w);
    EXPECT_NE(Ref().quantize_row[Slot(ActivationType(w))], nullptr) << Name(w);
  }
  for (DType a : kActivationTypes) EXPECT_NE(Ref().dequantize_row[Slot(a)], nullptr) << Name(a);
}

TEST(QuantReferenceTest, RowConversionsMatchTensorApi) {
  const int64_t n = 1024;
  const std::vector<float> x = Gaussian(n, 11);
  for (DType a : kActivationTypes) {
    const std::vector<uint8_t> want = Quantized(a, x);
    std::vector<uint8_t> got(want.size(), 0xCD);
    Ref().quantize_row[Slot(a)](x.data(), got.data(), n);
    EXPECT_EQ(got, want) << Name(a);
  }
  for (DType t :
       {DType::kF32, DType::kF16, DType::kBF16, DType::kQ4_0, DType::kQ4_1, DType::kQ5_0,
        DType::kQ5_1, DType::kQ8_0, DType::kQ8_1, DType::kIQ4_NL, DType::kQ2_K, DType::kQ3_K,
        DType::kQ4_K, DType::kQ5_K, DType::kQ6_K, DType::kQ8_K, DType::kIQ4_XS}) {
    const std::vector<uint8_t> q = Quantized(t, x);
    const std::vector<float> want = Dequantized(t, q, n);
    std::vector<float> got(static_cast<size_t>(n));
    Ref().dequantize_row[Slot(t)](q.data(), got.data(), n);
    EXPECT_EQ(std::memcmp(got.data(), want.data(), want.size() * 4), 0) << Name(t);
  }
}

// Extra tolerance for Q4_1/Q5_1: their min term uses the activation block's s, which is
// f16(d * sum q) with the unrounded d, not the sum of the dequantized activations.
double Q8_1MinSlack(DType w, const std::vector<uint8_t>& wq, const std::vector<float>& af) {
  if (ActivationType(w) != DType::kQ8_1) return 0.0;
  double slack = 0.0;
  for (size_t b = 0; b < af.size() / 32; ++b) {
    const f16 m = w == DType::kQ4_1 ? reinterpret_cast<const BlockQ4_1*>(wq.data())[b].m
                                    : reinterpret_cast<const BlockQ5_1*>(wq.data())[b].m;
    double asum = 0.0;
    for (size_t j = 32 * b; j < 32 * b + 32; ++j) asum += std::fabs(af[j]);
    slack += 2e-3 * std::fabs(F16ToF32(m)) * asum;
  }
  return slack;
}

class VecDotReferenceTest : public ::testing::TestWithParam<DType> {};

TEST_P(VecDotReferenceTest, MatchesDotOfDequantizedRows) {
  const DType w = GetParam();
  const DType act = ActivationType(w);
  const bool small_blocks = Traits(w).block_elems <= 32;
  std::vector<int64_t> sizes = {256, 512, 2048, 4096};
  if (small_blocks) sizes.insert(sizes.end(), {32, 96});
  for (int64_t n : sizes) {
    for (float mean : {0.0f, 0.7f}) {  // a mean exercises the min terms
      const std::vector<float> wx = Gaussian(n, uint32_t(n) * 3 + 1, mean);
      const std::vector<float> ax = Gaussian(n, uint32_t(n) * 3 + 2, mean);
      const std::vector<uint8_t> wq = Quantized(w, wx);
      std::vector<uint8_t> aq(RowBytes(act, n));
      Ref().quantize_row[Slot(act)](ax.data(), aq.data(), n);
      const std::vector<float> wf = Dequantized(w, wq, n);
      const std::vector<float> af = Dequantized(act, aq, n);
      double want = 0.0, magnitude = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        want += double(wf[size_t(i)]) * af[size_t(i)];
        magnitude += std::fabs(double(wf[size_t(i)]) * af[size_t(i)]);
      }
      const float got = Ref().vec_dot[Slot(w)](n, wq.data(), aq.data());
      const double tol = 2e-6 * magnitude + Q8_1MinSlack(w, wq, af);
      EXPECT_NEAR(got, want, tol) << Name(w) << " n=" << n << " mean=" << mean;
    }
  }
}

TEST_P(VecDotReferenceTest, ZeroActivationsGiveZero) {
  const DType w = GetParam();
  const DType act = ActivationType(w);
  const int64_t n = 512;
  const std::vector<uint8_t> wq = Quantized(w, Gaussian(n, 5, 0.5f));
  const std::vector<float> zeros(static_cast<size_t>(n), 0.0f);
  std::vector<uint8_t> aq(RowBytes(act, n));
  Ref().quantize_row[Slot(act)](zeros.data(), aq.data(), n);
  EXPECT_EQ(Ref().vec_dot[Slot(w)](n, wq.data(), aq.data()), 0.0f) << Name(w);
}

INSTANTIATE_TEST_SUITE_P(AllWeightTypes, VecDotReferenceTest, ::testing::ValuesIn(kWeightTypes),
                         [](const ::testing::TestParamInfo<DType>& info) {
                           return Name(info.param);
                         });

// Integer-valued Q8_0 x Q8_0 rows with d = 1: every product and sum is exact.
TEST(QuantReferenceTest, Q8_0DotIsExactOnIntegers) {
  const int64_t n = 256;
  std::vector<float> w(static_cast<size_t>(n)), a(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    w[size_t(i)] = float(int(i * 37 % 255) - 127);
    a[size_t(i)] = float(int(i * 91 % 255) - 127);
  }
  for (int64_t b = 0; b < n / 32; ++b) w[size_t(b * 32)] = a[size_t(b * 32)] = 127.0f;
  const std::vector<uint8_t> wq = Quantized(DType::kQ8_0, w), aq = Quantized(DType::kQ8_0, a);
  double want = 0.0;
  for (int64_t i = 0; i < n; ++i) want += double(w[size_t(i)]) * a[size_t(i)];
  EXPECT_EQ(double(Ref().vec_dot[Slot(DType::kQ8_0)](n, wq.data(), aq.data())), want);
}

}  // namespace
}  // namespace hearth
