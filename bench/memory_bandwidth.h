// The machine's read bandwidth for the kernel benchmarks (see kernels/memory_bandwidth.h),
// measured once per thread count and remembered, so each matrix-vector benchmark can report its
// GB/s as a fraction of it.
#pragma once

#include "kernels/memory_bandwidth.h"

namespace hearth::bench {

using BenchBuffer = BandwidthBuffer;

// MeasureReadBandwidth over a kBandwidthProbeBytes buffer with n_threads, in bytes/s.
double MeasuredReadBandwidth(int n_threads);

}  // namespace hearth::bench
