#include "server/metrics/histogram.h"

#include <algorithm>

#include "base/check.h"

namespace hearth::server {

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), counts_(upper_bounds_.size() + 1, 0) {
  HEARTH_CHECK(std::is_sorted(upper_bounds_.begin(), upper_bounds_.end()));
}

void Histogram::Observe(double value) {
  const size_t bucket = size_t(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) -
                               upper_bounds_.begin());
  ++counts_[bucket];
  sum_ += value;
  ++count_;
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(counts_.size());
  uint64_t running = 0;
  for (size_t i = 0; i < counts_.size(); ++i) cumulative[i] = running += counts_[i];
  return cumulative;
}

}  // namespace hearth::server
