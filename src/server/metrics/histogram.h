// Histogram: counts of observations per bucket (Prometheus style: bucket i counts values
// <= upper_bounds[i]; one more bucket, +Inf, takes the rest), with their sum.
//
// Not thread-safe: Metrics guards its histograms.
#pragma once

#include <cstdint>
#include <vector>

namespace hearth::server {

class Histogram {
 public:
  // `upper_bounds` strictly increasing.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Cumulative counts per bound, then the +Inf bucket (= count()).
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const { return sum_; }
  uint64_t count() const { return count_; }

 private:
  std::vector<double> upper_bounds_;
  std::vector<uint64_t> counts_;  // per bucket, upper_bounds_.size() + 1 (the last is +Inf)
  double sum_ = 0.0;
  uint64_t count_ = 0;
};

}  // namespace hearth::server
