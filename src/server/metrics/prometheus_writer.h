// PrometheusWriter: builds a scrape in the Prometheus text exposition format (version 0.0.4):
// "# HELP" and "# TYPE" lines per family, then its samples with escaped label values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/metrics/histogram.h"

namespace hearth::server {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusWriter {
 public:
  // Starts a family; `type` is "counter", "gauge" or "histogram".
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const MetricLabels& labels, double value);
  void Sample(std::string_view name, double value) { Sample(name, {}, value); }
  // A histogram family's samples: _bucket{le=...} lines, _sum and _count.
  void HistogramSamples(std::string_view name, const Histogram& histogram);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Content-Type of a scrape.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4";

}  // namespace hearth::server
