// Every SIMD quant kernel (each ISA this CPU runs, other than scalar) against the scalar
// reference table:
//  - vec_dot: |simd - scalar| <= 2e-6 * sum|w_i * a_i| + 1e-6 (the integer block sums are
//    exact on both sides; only the f32 scaling and accumulation order differ, a few ulps of
//    the magnitude over thousands of elements);
//  - quantize_row: byte-identical output (the activation formats must round exactly as the
//    reference, or the integers every product sees would differ);
//  - vec_dot on every ISA (scalar included) against a double-precision sum over the
//    dequantized rows, within the same tolerance: an independent check of the block layouts;
//  - no kernel reads past the end of its rows (rows placed right before an unmapped page);
//  - vec_dot_tile: each entry bit for bit equal to that ISA's vec_dot of the same row and
//    activation, whatever the tile shape, row length and row alignment (a sequence's logits must
//    not depend on what it is batched with), with activation rows rewritten as the ISA's tiles
//    read them (TileActivations) where it has such a rewriting.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "tensor/blocks.h"
#include "tensor/dequantize.h"
#include "tensor/dtype.h"
#include "tensor/quantize.h"

namespace hearth {
namespace {

constexpr DType kWeightTypes[] = {
    DType::kF32,  DType::kF16,  DType::kBF16, DType::kQ4_0,   DType::kQ4_1,
    DType::kQ5_0, DType::kQ5_1, DType::kQ8_0, DType::kQ2_K,   DType::kQ3_K,
    DType::kQ4_K, DType::kQ5_K, DType::kQ6_K, DType::kIQ4_NL, DType::kIQ4_XS,
};
constexpr DType kActivationTypes[] = {DType::kF16, DType::kBF16, DType::kQ8_0, DType::kQ8_1,
                                      DType::kQ8_K};

constexpr double kRelTol = 2e-6;
constexpr double kAbsTol = 1e-6;

std::vector<Isa> SimdIsas() {
  std::vector<Isa> isas;
  for (Isa isa : SupportedIsas()) {
    if (isa != Isa::kScalar) isas.push_back(isa);
  }
  return isas;
}

// Normal values with a few large outliers (as real activations have).
std::vector<float> RandomFloats(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  for (int64_t i = 0; i < n; i += 97) v[size_t(i)] *= 8.0f;
  return v;
}

size_t Bytes(DType type, int64_t n) { return RowBytes(type, n); }

// Row lengths to test for a type: 32-element types also get odd block counts.
std::vector<int64_t> Lengths(DType type) {
  const int64_t block = Traits(type).block_elems;
  if (block == 1) return {1, 7, 33, 256, 512, 4096, 4097};
  if (block == 32) return {32, 96, 160, 256, 512, 4096, 4128};
  return {256, 512, 768, 4096};
}

// The f32 rounding scale of a product: sum |w_i * a_i| over the original floats.
double Magnitude(const std::vector<float>& w, const std::vector<float>& a) {
  double sum = 0.0;
  for (size_t i = 0; i < w.size(); ++i) sum += std::fabs(double(w[i]) * double(a[i]));
  return sum;
}

std::string Name(Isa isa, DType type) {
  return std::string(IsaName(isa)) + "/" + std::string(DTypeName(type));
}

TEST(QuantSimdTest, VecDotMatchesScalar) {
  const QuantKernels& ref = KernelsFor(Isa::kScalar).quant;
  for (Isa isa : SimdIsas()) {
    const QuantKernels& simd = KernelsFor(isa).quant;
    for (DType type : kWeightTypes) {
      const DType act = ActivationType(type);
      ASSERT_NE(ref.vec_dot[Slot(type)], nullptr) << DTypeName(type);
      ASSERT_NE(simd.vec_dot[Slot(type)], nullptr) << Name(isa, type);
      for (int64_t n : Lengths(type)) {
        const std::vector<float> wf = RandomFloats(n, uint32_t(n) * 31 + 1);
        const std::vector<float> af = RandomFloats(n, uint32_t(n) * 17 + 2);
        std::vector<uint8_t> w(Bytes(type, n)), a(Bytes(act, n));
        QuantizeRow(type, wf.data(), w.data(), n);
        QuantizeRow(act, af.data(), a.data(), n);
        const float expected = ref.vec_dot[Slot(type)](n, w.data(), a.data());
        const float got = simd.vec_dot[Slot(type)](n, w.data(), a.data());
        const double tol = kRelTol * Magnitude(wf, af) + kAbsTol;
        EXPECT_NEAR(got, expected, tol) << Name(isa, type) << " n=" << n;
      }
    }
  }
}

// The block minimum m of Q4_1 / Q5_1 block b.
float BlockMin(DType type, const uint8_t* w, int64_t b) {
  return type == DType::kQ4_1 ? F16ToF32(reinterpret_cast<const BlockQ4_1*>(w)[b].m)
                              : F16ToF32(reinterpret_cast<const BlockQ5_1*>(w)[b].m);
}

// sum w_i * a_i in double over dequantized rows. Q8_1 activations (for Q4_1 / Q5_1) carry
// s = d * sum(q) rounded to f16, which the products use for the m terms, so those are taken
// from the blocks: sum_b (sum_j (w_j - m_b) a_j + m_b * s_b).
double DequantizedDot(DType type, const uint8_t* w, const uint8_t* a, const std::vector<float>& wd,
                      const std::vector<float>& ad) {
  double sum = 0.0;
  if (ActivationType(type) != DType::kQ8_1) {
    for (size_t i = 0; i < wd.size(); ++i) sum += double(wd[i]) * double(ad[i]);
    return sum;
  }
  const auto* y = reinterpret_cast<const BlockQ8_1*>(a);
  for (size_t b = 0; b < wd.size() / kQK8_1; ++b) {
    const double m = BlockMin(type, w, int64_t(b));
    for (size_t j = b * kQK8_1; j < (b + 1) * kQK8_1; ++j) sum += (wd[j] - m) * double(ad[j]);
    sum += m * double(F16ToF32(y[b].s));
  }
  return sum;
}

TEST(QuantSimdTest, VecDotMatchesDequantizedProduct) {
  for (Isa isa : SupportedIsas()) {
    const QuantKernels& k = KernelsFor(isa).quant;
    for (DType type : kWeightTypes) {
      if (k.vec_dot[Slot(type)] == nullptr) continue;  // the scalar table is checked above
      const DType act = ActivationType(type);
      for (int64_t n : Lengths(type)) {
        const std::vector<float> wf = RandomFloats(n, uint32_t(n) * 13 + 5);
        const std::vector<float> af = RandomFloats(n, uint32_t(n) * 7 + 3);
        std::vector<uint8_t> w(Bytes(type, n)), a(Bytes(act, n));
        QuantizeRow(type, wf.data(), w.data(), n);
        QuantizeRow(act, af.data(), a.data(), n);
        std::vector<float> wd(static_cast<size_t>(n)), ad(static_cast<size_t>(n));
        DequantizeRow(type, w.data(), wd.data(), n);
        DequantizeRow(act, a.data(), ad.data(), n);
        const double expected = DequantizedDot(type, w.data(), a.data(), wd, ad);
        const float got = k.vec_dot[Slot(type)](n, w.data(), a.data());
        const double tol = kRelTol * Magnitude(wf, af) + kAbsTol;
        EXPECT_NEAR(got, expected, tol) << Name(isa, type) << " n=" << n;
      }
    }
  }
}

// Rows that exercise the rounding corner cases: an all-zero block, exact .5 ties after scaling,
// and a block whose largest magnitude appears with both signs (Q8_K takes the first).
std::vector<float> EdgeRow(int64_t n) {
  std::vector<float> x = RandomFloats(n, 7);
  for (int64_t i = 0; i < 32 && i < n; ++i) x[size_t(i)] = 0.0f;
  if (n >= 64) {
    for (int64_t i = 32; i < 64; ++i) x[size_t(i)] = float(i - 48) + 0.5f;  // ties with d = 1
    x[32] = 127.0f;
  }
  if (n >= 512) {
    x[256 + 5] = -50.0f;
    x[256 + 9] = 50.0f;
  }
  return x;
}

TEST(QuantSimdTest, QuantizeRowMatchesScalarBytes) {
  const QuantKernels& ref = KernelsFor(Isa::kScalar).quant;
  for (Isa isa : SimdIsas()) {
    const QuantKernels& simd = KernelsFor(isa).quant;
    for (DType type : kActivationTypes) {
      ASSERT_NE(ref.quantize_row[Slot(type)], nullptr) << DTypeName(type);
      ASSERT_NE(simd.quantize_row[Slot(type)], nullptr) << Name(isa, type);
      for (int64_t n : Lengths(type)) {
        for (int variant = 0; variant < 2; ++variant) {
          const std::vector<float> x = variant == 0 ? RandomFloats(n, uint32_t(n)) : EdgeRow(n);
          std::vector<uint8_t> expected(Bytes(type, n), 0xAB), got(Bytes(type, n), 0xCD);
          ref.quantize_row[Slot(type)](x.data(), expected.data(), n);
          simd.quantize_row[Slot(type)](x.data(), got.data(), n);
          EXPECT_EQ(got, expected) << Name(isa, type) << " n=" << n << " variant " << variant;
        }
      }
    }
  }
}

// Every SIMD dequantize_row gives the scalar's floats bit for bit (conversions are exact).
TEST(QuantSimdTest, DequantizeRowMatchesScalar) {
  const QuantKernels& ref = KernelsFor(Isa::kScalar).quant;
  for (Isa isa : SimdIsas()) {
    const QuantKernels& simd = KernelsFor(isa).quant;
    for (DType type : {DType::kF16, DType::kBF16}) {
      for (int64_t n : {1, 7, 8, 9, 33, 4099}) {
        const std::vector<float> x = RandomFloats(n, uint32_t(n));
        std::vector<uint8_t> packed(Bytes(type, n));
        ref.quantize_row[Slot(type)](x.data(), packed.data(), n);
        std::vector<float> expected(size_t(n), 1.0f), got(size_t(n), 2.0f);
        ref.dequantize_row[Slot(type)](packed.data(), expected.data(), n);
        simd.dequantize_row[Slot(type)](packed.data(), got.data(), n);
        EXPECT_EQ(got, expected) << Name(isa, type) << " n=" << n;
      }
    }
  }
}

// 64-byte-aligned bytes, as rewritten tile activations need (kernel_set.h: TileActivations).
class AlignedBytes {
 public:
  explicit AlignedBytes(size_t bytes)
      : data_(static_cast<uint8_t*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64))) {}
  ~AlignedBytes() { std::free(data_); }
  AlignedBytes(const AlignedBytes&) = delete;
  AlignedBytes& operator=(const AlignedBytes&) = delete;
  uint8_t* data() { return data_; }

 private:
  uint8_t* data_;
};

// The activation rows a tile reads: `a` itself, or its rows rewritten when the ISA's tiles
// take them so (then 64-byte aligned, `stride` apart, padded by 64 bytes).
struct TileActs {
  TileActs(const QuantKernels& k, DType act, const uint8_t* a, size_t a_stride, int rows,
           int64_t n) {
    const TileActivations& rewrite = k.tile_activations[Slot(act)];
    if (rewrite.prepare == nullptr) {
      data = a;
      stride = a_stride;
      return;
    }
    stride = rewrite.row_bytes(n) + 64;
    storage = std::make_unique<AlignedBytes>(stride * size_t(rows));
    for (int r = 0; r < rows; ++r) {
      rewrite.prepare(a + size_t(r) * a_stride, n, storage->data() + size_t(r) * stride);
    }
    data = storage->data();
  }
  std::unique_ptr<AlignedBytes> storage;
  const uint8_t* data = nullptr;
  size_t stride = 0;
};

// out[r][c] against vec_dot of the same ISA, bit for bit, for tile shapes around the kernels'
// register tiles, with padded strides (so rows start at assorted alignments).
void CheckTile(const QuantKernels& k, Isa isa, DType type, int rows, int cols, int64_t n) {
  const DType act = ActivationType(type);
  const size_t w_stride = Bytes(type, n) + 64, a_stride = Bytes(act, n) + 32;
  const size_t out_stride = size_t(rows) + 3;
  std::vector<uint8_t> w(w_stride * size_t(rows)), a(a_stride * size_t(cols));
  std::vector<std::vector<float>> wf(static_cast<size_t>(rows)), af(static_cast<size_t>(cols));
  for (int r = 0; r < rows; ++r) {
    wf[size_t(r)] = RandomFloats(n, uint32_t(100 + r));
    QuantizeRow(type, wf[size_t(r)].data(), w.data() + size_t(r) * w_stride, n);
  }
  for (int c = 0; c < cols; ++c) {
    af[size_t(c)] = RandomFloats(n, uint32_t(200 + c));
    QuantizeRow(act, af[size_t(c)].data(), a.data() + size_t(c) * a_stride, n);
  }
  const TileActs tile_acts(k, act, a.data(), a_stride, cols, n);
  std::vector<float> out(out_stride * size_t(cols), -1234.0f);  // token-major: [cols][out_stride]
  k.vec_dot_tile[Slot(type)](n, w.data(), w_stride, rows, tile_acts.data, tile_acts.stride, cols,
                             out.data(), out_stride);
  for (int c = 0; c < cols; ++c) {
    for (int r = 0; r < rows; ++r) {
      const float expected = k.vec_dot[Slot(type)](n, w.data() + size_t(r) * w_stride,
                                                   a.data() + size_t(c) * a_stride);
      const float got = out[size_t(c) * out_stride + size_t(r)];
      EXPECT_EQ(std::bit_cast<uint32_t>(got), std::bit_cast<uint32_t>(expected))
          << Name(isa, type) << " tile " << rows << "x" << cols << " at " << r << "," << c
          << " n=" << n << ": " << got << " vs vec_dot " << expected;
    }
    for (size_t r = size_t(rows); r < out_stride; ++r) {
      EXPECT_EQ(out[size_t(c) * out_stride + r], -1234.0f) << "wrote past the tile";
    }
  }
}

// Row lengths for the tile check: every tail a kernel may have after its main steps (1..3
// blocks after groups of 4 blocks; 1..63 elements after steps of up to 64 floats).
std::vector<int64_t> TileLengths(DType type) {
  const int64_t block = Traits(type).block_elems;
  if (block == 1) return {1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 4097};
  if (block == 32) return {32, 64, 96, 128, 160, 192, 224, 4128};
  return {256, 512, 768, 1024, 4096};
}

TEST(QuantSimdTest, VecDotTileMatchesVecDot) {
  int tested = 0;
  for (Isa isa : SupportedIsas()) {
    const QuantKernels& k = KernelsFor(isa).quant;
    for (DType type : kWeightTypes) {
      if (k.vec_dot_tile[Slot(type)] == nullptr) continue;  // MatMulRows falls back to vec_dot
      ++tested;
      const int64_t block = Traits(type).block_elems;
      const int64_t n = block == 256 ? 512 : block == 32 ? 160 : 167;
      for (int rows = 1; rows <= 9; ++rows) {
        for (int cols = 1; cols <= 9; ++cols) CheckTile(k, isa, type, rows, cols, n);
      }
      for (int64_t len : TileLengths(type)) CheckTile(k, isa, type, 5, 6, len);
    }
  }
  if (tested == 0) GTEST_SKIP() << "no vec_dot_tile kernels on this machine";
}

// `bytes` of memory that end exactly where an inaccessible page begins.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(size_t bytes) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_ = (bytes + page - 1) / page * page + page;
    base_ = static_cast<uint8_t*>(
        mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    EXPECT_NE(base_, MAP_FAILED);
    EXPECT_EQ(mprotect(base_ + size_ - page, page, PROT_NONE), 0);
    data_ = base_ + size_ - page - bytes;
  }
  ~GuardedBuffer() { munmap(base_, size_); }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;
  uint8_t* data() { return data_; }

 private:
  uint8_t* base_ = nullptr;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// A read past the end of a row would fault on the guard page.
TEST(QuantSimdTest, KernelsStayInsideTheirRows) {
  std::vector<Isa> isas = SimdIsas();
  isas.push_back(Isa::kScalar);
  for (Isa isa : isas) {
    const QuantKernels& k = KernelsFor(isa).quant;
    for (DType type : kWeightTypes) {
      const DType act = ActivationType(type);
      for (int64_t n : Lengths(type)) {
        const std::vector<float> wf = RandomFloats(n, 3), af = RandomFloats(n, 4);
        GuardedBuffer w(Bytes(type, n)), a(Bytes(act, n)), q(Bytes(act, n));
        QuantizeRow(type, wf.data(), w.data(), n);
        k.quantize_row[Slot(act)](af.data(), a.data(), n);
        k.quantize_row[Slot(act)](af.data(), q.data(), n);
        const float dot = k.vec_dot[Slot(type)](n, w.data(), a.data());
        EXPECT_TRUE(std::isfinite(dot)) << Name(isa, type);
        if (k.vec_dot_tile[Slot(type)] != nullptr) {
          const TileActivations& rewrite = k.tile_activations[Slot(act)];
          const size_t tile_bytes = rewrite.prepare ? rewrite.row_bytes(n) : 0;
          GuardedBuffer rewritten(tile_bytes);  // a multiple of 64: the row stays aligned
          if (rewrite.prepare) rewrite.prepare(a.data(), n, rewritten.data());
          float out = 0.0f;
          k.vec_dot_tile[Slot(type)](n, w.data(), 0, 1,
                                     rewrite.prepare ? rewritten.data() : a.data(), 0, 1, &out, 1);
          EXPECT_EQ(std::bit_cast<uint32_t>(out), std::bit_cast<uint32_t>(dot)) << Name(isa, type);
        }
      }
    }
  }
}

}  // namespace
}  // namespace hearth
