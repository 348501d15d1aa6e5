#include "server/metrics/prometheus_writer.h"

#include <cmath>

#include <fmt/format.h>

namespace hearth::server {
namespace {

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

}  // namespace

void PrometheusWriter::Family(std::string_view name, std::string_view type,
                              std::string_view help) {
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void PrometheusWriter::Sample(std::string_view name, const MetricLabels& labels, double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ += fmt::format("{}=\"{}\"", labels[i].first, EscapeLabelValue(labels[i].second));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += FormatValue(value);
  text_ += '\n';
}

void PrometheusWriter::HistogramSamples(std::string_view name, const Histogram& histogram) {
  const std::vector<uint64_t> cumulative = histogram.CumulativeCounts();
  const std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i < histogram.upper_bounds().size(); ++i) {
    Sample(bucket, {{"le", FormatValue(histogram.upper_bounds()[i])}}, double(cumulative[i]));
  }
  Sample(bucket, {{"le", "+Inf"}}, double(cumulative.back()));
  Sample(std::string(name) + "_sum", histogram.sum());
  Sample(std::string(name) + "_count", double(histogram.count()));
}

}  // namespace hearth::server
