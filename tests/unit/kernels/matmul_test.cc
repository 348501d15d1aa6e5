// MatMul on every ISA and 1-3 threads against a plain loop over the reference vec_dot.
#include "kernels/matmul.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "tensor/dequantize.h"
#include "tensor/quantize.h"

namespace hearth {
namespace {

constexpr DType kWeightTypes[] = {
    DType::kF32,  DType::kF16,  DType::kBF16, DType::kQ4_0,   DType::kQ4_1,
    DType::kQ5_0, DType::kQ5_1, DType::kQ8_0, DType::kQ2_K,   DType::kQ3_K,
    DType::kQ4_K, DType::kQ5_K, DType::kQ6_K, DType::kIQ4_NL, DType::kIQ4_XS,
};

std::vector<float> RandomFloats(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// A [rows, k] matrix of `type` quantized from random floats, rows `row_stride` bytes apart.
std::vector<uint8_t> RandomWeights(DType type, int64_t rows, int64_t k, size_t row_stride,
                                   uint32_t seed) {
  std::vector<uint8_t> data(size_t(rows) * row_stride, 0xEE);
  for (int64_t r = 0; r < rows; ++r) {
    const std::vector<float> row = RandomFloats(k, seed + uint32_t(r));
    QuantizeRow(type, row.data(), data.data() + size_t(r) * row_stride, k);
  }
  return data;
}

struct Expected {
  std::vector<double> y;          // [n_tokens, rows] from the reference vec_dot
  std::vector<double> magnitude;  // [n_tokens, rows] sum |w| |x|: the scale of rounding errors
};

Expected ReferenceProduct(const WeightMatrix& w, const std::vector<float>& x, int64_t n_tokens) {
  const QuantKernels& ref = KernelsFor(Isa::kScalar).quant;
  const DType act = ActivationType(w.type);
  const size_t act_bytes = act == DType::kF32 ? size_t(w.k) * 4 : RowBytes(act, w.k);
  std::vector<uint8_t> a(act_bytes);
  std::vector<float> w_row(size_t(w.k));
  Expected e{std::vector<double>(size_t(n_tokens * w.rows)),
             std::vector<double>(size_t(n_tokens * w.rows))};
  for (int64_t t = 0; t < n_tokens; ++t) {
    const float* xt = x.data() + t * w.k;
    if (act == DType::kF32) {
      std::memcpy(a.data(), xt, act_bytes);
    } else {
      ref.quantize_row[Slot(act)](xt, a.data(), w.k);
    }
    for (int64_t r = 0; r < w.rows; ++r) {
      const uint8_t* row = static_cast<const uint8_t*>(w.data) + size_t(r) * w.row_stride;
      e.y[size_t(t * w.rows + r)] = ref.vec_dot[Slot(w.type)](w.k, row, a.data());
      DequantizeRow(w.type, row, w_row.data(), w.k);
      double m = 0;
      for (int64_t i = 0; i < w.k; ++i) m += std::fabs(double(w_row[size_t(i)]) * xt[i]);
      e.magnitude[size_t(t * w.rows + r)] = m;
    }
  }
  return e;
}

void ExpectMatches(const std::vector<float>& y, const Expected& e, const std::string& what) {
  ASSERT_EQ(y.size(), e.y.size());
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_NEAR(y[i], e.y[i], 2e-5 * e.magnitude[i] + 1e-6) << what << " output " << i;
  }
}

class MatMulTest : public ::testing::TestWithParam<Isa> {};

TEST_P(MatMulTest, EveryTypeAndThreadCountMatchesReferenceLoop) {
  const KernelSet& kernels = KernelsFor(GetParam());
  const int64_t rows = 37, k = 512;  // rows: two full tiles and a partial one
  MatmulScratch scratch;
  for (DType type : kWeightTypes) {
    const std::vector<uint8_t> data = RandomWeights(type, rows, k, RowBytes(type, k), 7);
    const WeightMatrix w = MakeWeightMatrix(type, rows, k, data.data());
    for (int64_t n_tokens : {1, 3, 70}) {  // 70: more than one token block
      const std::vector<float> x = RandomFloats(n_tokens * k, uint32_t(100 + n_tokens));
      const Expected want = ReferenceProduct(w, x, n_tokens);
      for (int n_threads : {1, 2, 3}) {
        ThreadPool pool(n_threads);
        std::vector<float> y(size_t(n_tokens * rows), NAN);
        MatMul(kernels, pool, w, x.data(), n_tokens, y.data(), scratch);
        ExpectMatches(y, want,
                      std::string(DTypeName(type)) + " tokens=" + std::to_string(n_tokens) +
                          " threads=" + std::to_string(n_threads));
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST_P(MatMulTest, MatVecWithPaddedRowsAndReusedActivations) {
  const KernelSet& kernels = KernelsFor(GetParam());
  const int64_t rows = 20, k = 256;
  ThreadPool pool(2);
  MatmulScratch scratch;
  const std::vector<float> x = RandomFloats(k, 3);
  // Q4_0 and IQ4_NL share Q8_0 activations: quantize once, use twice.
  const QuantizedActivations a =
      QuantizeActivations(kernels, pool, DType::kQ8_0, x.data(), 1, k, scratch);
  for (DType type : {DType::kQ4_0, DType::kIQ4_NL}) {
    const size_t stride = RowBytes(type, k) + 40;  // rows of a larger tensor (a view)
    const std::vector<uint8_t> data = RandomWeights(type, rows, k, stride, 11);
    const WeightMatrix w{type, rows, k, data.data(), stride};
    const Expected want = ReferenceProduct(w, x, 1);
    std::vector<float> y(size_t(rows), NAN);
    MatMulQuantized(kernels, pool, w, a, y.data());
    ExpectMatches(y, want, std::string(DTypeName(type)) + " with shared activations");
    std::fill(y.begin(), y.end(), NAN);
    MatVec(kernels, pool, w, x.data(), y.data(), scratch);
    ExpectMatches(y, want, std::string(DTypeName(type)) + " MatVec");
  }
}

// The server batches several sequences into one product: a token's outputs must be the same
// floats whether it is multiplied alone (vec_dot) or among others (vec_dot_tile), wherever it
// sits in the batch (70 tokens: two token blocks, edge tiles of rows and columns).
TEST_P(MatMulTest, BatchedTokensMatchSingleTokenBitForBit) {
  const KernelSet& kernels = KernelsFor(GetParam());
  const int64_t rows = 37, n_tokens = 70;
  ThreadPool pool(3);
  MatmulScratch scratch;
  for (DType type : kWeightTypes) {
    const int64_t block = Traits(type).block_elems;
    const int64_t k = block == 256 ? 768 : block == 32 ? 224 : 231;  // odd tails
    const std::vector<uint8_t> data = RandomWeights(type, rows, k, RowBytes(type, k), 5);
    const WeightMatrix w = MakeWeightMatrix(type, rows, k, data.data());
    const std::vector<float> x = RandomFloats(n_tokens * k, 17);
    std::vector<float> batch(size_t(n_tokens * rows), NAN), single(size_t(rows), NAN);
    MatMul(kernels, pool, w, x.data(), n_tokens, batch.data(), scratch);
    for (int64_t t = 0; t < n_tokens; ++t) {
      MatVec(kernels, pool, w, x.data() + t * k, single.data(), scratch);
      for (int64_t r = 0; r < rows; ++r) {
        const float batched = batch[size_t(t * rows + r)], alone = single[size_t(r)];
        ASSERT_EQ(std::bit_cast<uint32_t>(batched), std::bit_cast<uint32_t>(alone))
            << DTypeName(type) << " token " << t << " row " << r << ": " << batched << " vs "
            << alone;
      }
    }
  }
}

// Rows are split into chunks that shrink as they run out: every row is computed exactly once,
// whatever the thread count (the same floats as on one thread).
TEST_P(MatMulTest, ManyRowsSplitIntoChunksCoverEveryRowOnce) {
  const KernelSet& kernels = KernelsFor(GetParam());
  const int64_t rows = 1234, k = 64;
  MatmulScratch scratch;
  const std::vector<uint8_t> data =
      RandomWeights(DType::kQ4_0, rows, k, RowBytes(DType::kQ4_0, k), 9);
  const WeightMatrix w = MakeWeightMatrix(DType::kQ4_0, rows, k, data.data());
  for (int64_t n_tokens : {1, 8}) {
    const std::vector<float> x = RandomFloats(n_tokens * k, 23);
    ThreadPool one(1);
    std::vector<float> want(size_t(n_tokens * rows), NAN);
    MatMul(kernels, one, w, x.data(), n_tokens, want.data(), scratch);
    for (int n_threads : {2, 3, 7}) {
      ThreadPool pool(n_threads);
      std::vector<float> y(size_t(n_tokens * rows), NAN);
      MatMul(kernels, pool, w, x.data(), n_tokens, y.data(), scratch);
      for (size_t i = 0; i < y.size(); ++i) {
        ASSERT_EQ(std::bit_cast<uint32_t>(y[i]), std::bit_cast<uint32_t>(want[i]))
            << n_tokens << " tokens, " << n_threads << " threads, output " << i;
      }
    }
  }
}

TEST(MatmulScratchTest, GrowsAndStaysAligned) {
  MatmulScratch scratch;
  void* a = scratch.Reserve(10);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  EXPECT_EQ(scratch.Reserve(64), a);  // fits: no reallocation
  void* b = scratch.Reserve(100000);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % 64, 0u);
  static_cast<uint8_t*>(b)[99999] = 1;
}

std::string IsaParamName(const ::testing::TestParamInfo<Isa>& info) {
  std::string name(IsaName(info.param));
  for (char& ch : name) {
    if (ch == '-') ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllIsas, MatMulTest, ::testing::ValuesIn(SupportedIsas()), IsaParamName);

}  // namespace
}  // namespace hearth
