// Metrics: the server's counters and latency histograms, rendered for GET /metrics in the
// Prometheus text format together with gauges read at scrape time from the loaded models.
//
//   hearth_requests_total{route,status}          counter
//   hearth_prompt_tokens_total                   counter (prompt tokens of finished choices)
//   hearth_cached_prompt_tokens_total            counter (of which reused from the cache)
//   hearth_generated_tokens_total                counter
//   hearth_time_to_first_token_seconds           histogram (queue + prompt)
//   hearth_time_per_output_token_seconds         histogram (after the first token)
//   hearth_queue_depth, hearth_active_sequences, hearth_kv_cache_used_tokens,
//   hearth_kv_cache_capacity_tokens, hearth_models_loaded      gauges (all models together)
//   hearth_model_memory_bytes{model}             gauge
//
// Owned by the server (no global registry). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/metrics/histogram.h"
#include "server/metrics/prometheus_writer.h"
#include "server/models/model_manager.h"
#include "server/native/generation_output.h"

namespace hearth::server {

class Metrics {
 public:
  Metrics();

  // One answered HTTP request; `route` is the route's pattern ("/v1/models/{id}"), not the
  // path, so the number of series stays bounded.
  void CountRequest(std::string_view route, int http_status);
  // One finished choice of a generation.
  void RecordChoice(const GenerationFigures& figures);

  // The scrape: every family above.
  std::string Render(const std::vector<ResidentModel>& resident) const;

 private:
  void RenderGauges(PrometheusWriter& out, const std::vector<ResidentModel>& resident) const;

  mutable std::mutex mutex_;  // guards everything below
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  uint64_t prompt_tokens_ = 0;
  uint64_t cached_prompt_tokens_ = 0;
  uint64_t generated_tokens_ = 0;
  Histogram time_to_first_token_;
  Histogram time_per_output_token_;
};

}  // namespace hearth::server
