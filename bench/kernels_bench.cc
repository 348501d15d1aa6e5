// Quantized matrix products with the best kernels this CPU runs:
//   MatVec/<type>/threads:N  one token (decode): weights streamed once per product, so the figure
//                            that matters is GB/s of weights against the measured bandwidth
//                            (pct_of_bw; see memory_bandwidth_bench.cc);
//   MatMul/<type>/tokens:T   prompt processing (64, 512) and a decode pass of 8 streams (8, its
//                            weights streamed from memory like MatVec's): GFLOP/s.
// Weight matrices hold valid random blocks (FillRandomBlocks: speed does not depend on the
// values); a matrix-vector benchmark cycles through enough copies that the weights never sit in
// the last-level cache.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/thread_pool.h"
#include "kernels/dispatch.h"
#include "kernels/matmul.h"
#include "memory_bandwidth.h"
#include "tensor/random_blocks.h"

namespace hearth::bench {
namespace {

constexpr DType kWeightTypes[] = {
    DType::kF32,  DType::kF16,  DType::kBF16, DType::kQ4_0,   DType::kQ4_1,
    DType::kQ5_0, DType::kQ5_1, DType::kQ8_0, DType::kQ2_K,   DType::kQ3_K,
    DType::kQ4_K, DType::kQ5_K, DType::kQ6_K, DType::kIQ4_NL, DType::kIQ4_XS,
};

// Llama-3-8B's FFN up/gate projection: [14336, 4096].
constexpr int64_t kMatVecRows = 14336;
constexpr int64_t kMatVecK = 4096;
// Square attention-sized projection for prompt processing.
constexpr int64_t kMatMulRows = 4096;
constexpr int64_t kMatMulK = 4096;
// Copies of a matrix cycled through so weights come from DRAM (8x a 32 MiB L3).
constexpr size_t kMinFootprint = size_t{256} << 20;
// Tokens of a decode pass of 8 streams (continuous batching).
constexpr int64_t kDecodeBatch = 8;

std::vector<float> RandomFloats(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// Copies of one random [rows, k] matrix of `type`.
struct BenchMatrix {
  DType type = DType::kF32;
  int64_t rows = 0, k = 0;
  size_t bytes = 0;  // one copy
  std::vector<BenchBuffer> copies;

  WeightMatrix View(size_t copy) const {
    return MakeWeightMatrix(type, rows, k, copies[copy % copies.size()].data());
  }
};

std::unique_ptr<BenchMatrix> MakeMatrix(DType type, int64_t rows, int64_t k, size_t footprint) {
  auto m = std::make_unique<BenchMatrix>();
  m->type = type;
  m->rows = rows;
  m->k = k;
  m->bytes = RowBytes(type, k) * size_t(rows);
  const size_t n_copies = std::max<size_t>(1, (footprint + m->bytes - 1) / m->bytes);
  for (size_t c = 0; c < n_copies; ++c) {
    BenchBuffer buffer(m->bytes);
    FillRandomBlocks(type, buffer.data(), rows * k, 1000 + c);
    m->copies.push_back(std::move(buffer));
  }
  return m;
}

// The matrix for the current benchmark; the previous one is freed when the shape changes
// (bench-only memo, so repeated runs of one benchmark do not rebuild hundreds of MiB).
const BenchMatrix& MatrixFor(DType type, int64_t rows, int64_t k, size_t footprint) {
  static std::unique_ptr<BenchMatrix> current;
  if (!current || current->type != type || current->rows != rows || current->k != k ||
      current->copies.size() * current->bytes < footprint) {
    current.reset();
    current = MakeMatrix(type, rows, k, footprint);
  }
  return *current;
}

void MatVecBenchmark(benchmark::State& state, DType type, int n_threads) {
  const KernelSet& kernels = BestKernels();
  if (!kernels.quant.vec_dot[Slot(type)]) {
    state.SkipWithError("no vec_dot kernel for this type");
    return;
  }
  const BenchMatrix& m = MatrixFor(type, kMatVecRows, kMatVecK, kMinFootprint);
  ThreadPool pool(n_threads);
  MatmulScratch scratch;
  const std::vector<float> x = RandomFloats(m.k, 99);
  std::vector<float> y(size_t(m.rows));
  size_t copy = 0;
  MatVec(kernels, pool, m.View(copy++), x.data(), y.data(), scratch);  // warm-up
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    MatVec(kernels, pool, m.View(copy++), x.data(), y.data(), scratch);
    benchmark::DoNotOptimize(y.data());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double n = double(state.iterations());
  const double bytes_per_s = double(m.bytes) * n / seconds;
  state.counters["GB/s"] = bytes_per_s / 1e9;
  state.counters["GFLOP/s"] = 2.0 * double(m.rows) * double(m.k) * n / seconds / 1e9;
  state.counters["pct_of_bw"] = 100.0 * bytes_per_s / MeasuredReadBandwidth(n_threads);
  state.SetLabel(std::string(IsaName(kernels.isa)) + " " + std::to_string(m.bytes >> 20) +
                 " MiB x" + std::to_string(m.copies.size()));
}

void MatMulBenchmark(benchmark::State& state, DType type, int n_threads, int64_t n_tokens) {
  const KernelSet& kernels = BestKernels();
  if (!kernels.quant.vec_dot[Slot(type)]) {
    state.SkipWithError("no vec_dot kernel for this type");
    return;
  }
  // A decode pass streams every weight from memory: its products cycle through copies that
  // never sit in the last-level cache. Prompt processing reuses one copy, as its token blocks do.
  const bool decode = n_tokens <= kDecodeBatch;
  const BenchMatrix& m = MatrixFor(type, kMatMulRows, kMatMulK, decode ? kMinFootprint : 0);
  ThreadPool pool(n_threads);
  MatmulScratch scratch;
  const std::vector<float> x = RandomFloats(n_tokens * m.k, 98);
  std::vector<float> y(size_t(n_tokens * m.rows));
  size_t copy = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    MatMul(kernels, pool, m.View(decode ? copy++ : 0), x.data(), n_tokens, y.data(), scratch);
    benchmark::DoNotOptimize(y.data());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double n = double(state.iterations());
  state.counters["GFLOP/s"] =
      2.0 * double(m.rows) * double(m.k) * double(n_tokens) * n / seconds / 1e9;
  state.counters["tok/s"] = double(n_tokens) * n / seconds;
  state.SetLabel(std::string(IsaName(kernels.isa)) +
                 (kernels.quant.vec_dot_tile[Slot(type)] ? " tile" : " vec_dot"));
}

bool RegisterMatrixBenchmarks() {
  for (DType type : kWeightTypes) {
    for (int threads : {1, 2}) {
      const std::string name =
          "MatVec/" + std::string(DTypeName(type)) + "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(name.c_str(), MatVecBenchmark, type, threads)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(0.3);
    }
  }
  for (DType type : kWeightTypes) {
    for (int64_t tokens : {kDecodeBatch, int64_t{64}, int64_t{512}}) {
      if (tokens == 512 && type != DType::kQ4_0 && type != DType::kQ4_K && type != DType::kQ8_0) {
        continue;  // the long prompt only for the common types, to keep the run short
      }
      const std::string name = "MatMul/" + std::string(DTypeName(type)) +
                               "/tokens:" + std::to_string(tokens) + "/threads:2";
      benchmark::RegisterBenchmark(name.c_str(), MatMulBenchmark, type, 2, tokens)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond)
          ->MinTime(0.3);
    }
  }
  return true;
}

[[maybe_unused]] const bool registered = RegisterMatrixBenchmarks();

}  // namespace
}  // namespace hearth::bench

BENCHMARK_MAIN();
