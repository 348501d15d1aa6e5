#include "kernels/memory_bandwidth.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "base/check.h"
#include "kernels/isa.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hearth {
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
double OnePass(ThreadPool& pool, const BandwidthBuffer& buffer, SumFn sum) {
  const auto* words = reinterpret_cast<const uint64_t*>(buffer.data());
  const int64_t n_words = int64_t(buffer.size() / sizeof(uint64_t));
  std::atomic<uint64_t> sink{0};  // an atomic store keeps the sums from being optimized away
  const auto start = std::chrono::steady_clock::now();
  pool.ParallelFor(0, n_words, 4096, [&](int64_t begin, int64_t end, int) {
    sink.fetch_add(sum(words + begin, size_t(end - begin)), std::memory_order_relaxed);
  });
  const auto stop = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(stop - start).count();
}

}  // namespace

void BandwidthBuffer::Free::operator()(uint8_t* p) const { std::free(p); }

BandwidthBuffer::BandwidthBuffer(size_t bytes) {
  const size_t rounded = std::max(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
  data_.reset(static_cast<uint8_t*>(std::aligned_alloc(kHugePage, rounded)));
  HEARTH_CHECK(data_ != nullptr) << "cannot allocate " << rounded << " bytes";
#if defined(__linux__)
  madvise(data_.get(), rounded, MADV_HUGEPAGE);  // best effort
#endif
  std::memset(data_.get(), 1, rounded);
  size_ = bytes;
}

double MeasureReadBandwidth(ThreadPool& pool, const BandwidthBuffer& buffer, int passes) {
  const SumFn sum = PickSum();
  OnePass(pool, buffer, sum);  // warm-up: page tables, worker wake-up
  double best = 1e30;
  for (int i = 0; i < passes; ++i) best = std::min(best, OnePass(pool, buffer, sum));
  return double(buffer.size()) / best;
}

}  // namespace hearth
