// Histograms and the Prometheus text format.
#include <gtest/gtest.h>

#include "server/metrics/metrics.h"
#include "server/metrics/prometheus_writer.h"

namespace hearth::server {
namespace {

TEST(HistogramTest, CumulativeBucketsSumAndCount) {
  Histogram h({0.1, 1.0});
  h.Observe(0.05);
  h.Observe(0.1);  // on a bound: in that bucket
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(h.CumulativeCounts(), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_DOUBLE_EQ(h.sum(), 7.65);
  EXPECT_EQ(h.count(), 4u);
}

TEST(PrometheusWriterTest, FamiliesSamplesAndEscapes) {
  PrometheusWriter out;
  out.Family("x_total", "counter", "Things.");
  out.Sample("x_total", {{"route", "/a\"b"}, {"status", "200"}}, 3);
  Histogram h({0.5});
  h.Observe(0.25);
  out.Family("t_seconds", "histogram", "Time.");
  out.HistogramSamples("t_seconds", h);
  EXPECT_EQ(out.text(),
            "# HELP x_total Things.\n# TYPE x_total counter\n"
            "x_total{route=\"/a\\\"b\",status=\"200\"} 3\n"
            "# HELP t_seconds Time.\n# TYPE t_seconds histogram\n"
            "t_seconds_bucket{le=\"0.5\"} 1\nt_seconds_bucket{le=\"+Inf\"} 1\n"
            "t_seconds_sum 0.25\nt_seconds_count 1\n");
}

TEST(MetricsTest, CountsRequestsAndGenerations) {
  Metrics metrics;
  metrics.CountRequest("/v1/completions", 200);
  metrics.CountRequest("/v1/completions", 200);
  metrics.CountRequest("/v1/completions", 400);
  GenerationFigures f;
  f.prompt_tokens = 10;
  f.cached_tokens = 4;
  f.generated_tokens = 5;
  f.queue_time = std::chrono::milliseconds(1);
  f.prompt_time = std::chrono::milliseconds(9);
  f.generation_time = std::chrono::milliseconds(40);
  metrics.RecordChoice(f);
  const std::string text = metrics.Render({});
  for (const char* line :
       {"hearth_requests_total{route=\"/v1/completions\",status=\"200\"} 2\n",
        "hearth_requests_total{route=\"/v1/completions\",status=\"400\"} 1\n",
        "hearth_prompt_tokens_total 10\n", "hearth_cached_prompt_tokens_total 4\n",
        "hearth_generated_tokens_total 5\n",
        "hearth_time_to_first_token_seconds_bucket{le=\"0.01\"} 1\n",
        "hearth_time_per_output_token_seconds_bucket{le=\"0.01\"} 1\n",
        "hearth_models_loaded 0\n", "hearth_active_sequences 0\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
  }
}

}  // namespace
}  // namespace hearth::server
