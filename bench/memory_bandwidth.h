// The machine's main-memory read bandwidth, measured in the same process as the kernels, so a
// matrix-vector product (which streams its weights once) can be shown as a fraction of what the
// hardware can deliver to the same number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/thread_pool.h"

namespace hearth::bench {

// Anonymous memory for benchmark data: 2 MiB aligned and advised to use transparent huge pages
// (as a real weight file read into huge pages would), every page touched once. Move-only.
class BenchBuffer {
 public:
  BenchBuffer() = default;
  explicit BenchBuffer(size_t bytes);
  uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};

// Bytes per second that `pool` reads from `buffer` (a streaming sum, each thread over its own
// contiguous part), the best of `passes` passes.
double MeasureReadBandwidth(ThreadPool& pool, const BenchBuffer& buffer, int passes);

// MeasureReadBandwidth over a 1 GiB buffer (far larger than any cache) with n_threads, measured
// once per process and thread count and then remembered.
double MeasuredReadBandwidth(int n_threads);

// Size of the buffer MeasuredReadBandwidth streams.
constexpr size_t kBandwidthBufferBytes = size_t{1} << 30;

}  // namespace hearth::bench
