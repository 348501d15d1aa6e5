// Main-memory read bandwidth (1 and 2 threads), reported as GB/s and remembered for the
// matrix-vector benchmarks' pct_of_bw.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "base/check.h"
#include "kernels/isa.h"
#include "memory_bandwidth.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hearth::bench {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

// Sums 64-bit words: integer adds are associative, so the compiler vectorizes the loop with the
// widest loads the target allows, and the loop is limited by memory, not by adds.
uint64_t SumWordsPortable(const uint64_t* p, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += p[i];
  return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) uint64_t SumWordsAvx2(const uint64_t* p, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += p[i];
  return sum;
}
#endif

using SumFn = uint64_t (*)(const uint64_t*, size_t);

SumFn PickSum() {
#if defined(__x86_64__)
  const auto isas = SupportedIsas();
  if (std::find(isas.begin(), isas.end(), Isa::kAvx2) != isas.end()) return SumWordsAvx2;
#endif
  return SumWordsPortable;
}

// Streams the whole buffer once with every pool thread; returns seconds.
double OnePass(ThreadPool& pool, const BenchBuffer& buffer, SumFn sum) {
  const auto* words = reinterpret_cast<const uint64_t*>(buffer.data());
  const int64_t n_words = int64_t(buffer.size() / sizeof(uint64_t));
  uint64_t sinks[64] = {};
  const auto start = std::chrono::steady_clock::now();
  pool.ParallelFor(0, n_words, 4096, [&](int64_t begin, int64_t end, int thread) {
    sinks[thread % 64] += sum(words + begin, size_t(end - begin));
  });
  const auto stop = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(sinks);
  return std::chrono::duration<double>(stop - start).count();
}

BenchBuffer& BandwidthBuffer() {
  static BenchBuffer buffer(kBandwidthBufferBytes);  // bench-only: one buffer per process
  return buffer;
}

void BM_MemoryBandwidth(benchmark::State& state) {
  const int n_threads = int(state.range(0));
  ThreadPool pool(n_threads);
  const BenchBuffer& buffer = BandwidthBuffer();
  const SumFn sum = PickSum();
  double seconds = 0;
  for (auto _ : state) seconds += OnePass(pool, buffer, sum);
  const double bytes = double(buffer.size()) * double(state.iterations());
  state.counters["GB/s"] = bytes / seconds / 1e9;
  state.counters["best_GB/s"] = MeasuredReadBandwidth(n_threads) / 1e9;
  state.SetLabel(std::to_string(buffer.size() >> 20) + " MiB read-only stream");
}

BENCHMARK(BM_MemoryBandwidth)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

void BenchBuffer::Free::operator()(uint8_t* p) const { std::free(p); }

BenchBuffer::BenchBuffer(size_t bytes) {
  const size_t rounded = std::max(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
  data_.reset(static_cast<uint8_t*>(std::aligned_alloc(kHugePage, rounded)));
  HEARTH_CHECK(data_ != nullptr) << "cannot allocate " << rounded << " bytes";
#if defined(__linux__)
  madvise(data_.get(), rounded, MADV_HUGEPAGE);  // best effort
#endif
  std::memset(data_.get(), 1, rounded);
  size_ = bytes;
}

double MeasureReadBandwidth(ThreadPool& pool, const BenchBuffer& buffer, int passes) {
  const SumFn sum = PickSum();
  OnePass(pool, buffer, sum);  // warm-up: page tables, worker wake-up
  double best = 1e30;
  for (int i = 0; i < passes; ++i) best = std::min(best, OnePass(pool, buffer, sum));
  return double(buffer.size()) / best;
}

double MeasuredReadBandwidth(int n_threads) {
  static std::map<int, double> measured;  // bench-only memo: thread count -> bytes/s
  auto it = measured.find(n_threads);
  if (it == measured.end()) {
    ThreadPool pool(n_threads);
    it = measured.emplace(n_threads, MeasureReadBandwidth(pool, BandwidthBuffer(), 5)).first;
  }
  return it->second;
}

}  // namespace hearth::bench
