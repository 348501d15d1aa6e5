// The machine's main-memory read bandwidth, measured in-process, so that a matrix-vector
// product or a generated token (which streams the weights once) can be shown as a fraction of
// what the hardware delivers to the same number of threads (`hearth bench`, the kernel
// benchmarks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/thread_pool.h"

namespace hearth {

// Anonymous memory for bandwidth probes and benchmark data: 2 MiB aligned and advised to use
// transparent huge pages (as a weight file read into huge pages would), every page touched
// once. Move-only.
class BandwidthBuffer {
 public:
  BandwidthBuffer() = default;
  explicit BandwidthBuffer(size_t bytes);
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
// contiguous part), the best of `passes` passes after one warm-up pass.
double MeasureReadBandwidth(ThreadPool& pool, const BandwidthBuffer& buffer, int passes);

// A buffer size far larger than any cache.
constexpr size_t kBandwidthProbeBytes = size_t{1} << 30;

}  // namespace hearth
