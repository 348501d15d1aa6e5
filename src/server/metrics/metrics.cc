#include "server/metrics/metrics.h"

#include <chrono>

namespace hearth::server {
namespace {

std::vector<double> TimeToFirstTokenBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::vector<double> TimePerOutputTokenBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}

double Seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

Metrics::Metrics()
    : time_to_first_token_(TimeToFirstTokenBuckets()),
      time_per_output_token_(TimePerOutputTokenBuckets()) {}

void Metrics::CountRequest(std::string_view route, int http_status) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), http_status}];
}

void Metrics::RecordChoice(const GenerationFigures& figures) {
  std::lock_guard lock(mutex_);
  prompt_tokens_ += uint64_t(figures.prompt_tokens);
  cached_prompt_tokens_ += uint64_t(figures.cached_tokens);
  generated_tokens_ += uint64_t(figures.generated_tokens);
  if (figures.generated_tokens > 0) {
    time_to_first_token_.Observe(Seconds(figures.time_to_first_token()));
  }
  if (figures.generated_tokens > 1) {
    time_per_output_token_.Observe(Seconds(figures.generation_time) /
                                   double(figures.generated_tokens - 1));
  }
}

std::string Metrics::Render(const std::vector<ResidentModel>& resident) const {
  PrometheusWriter out;
  {
    std::lock_guard lock(mutex_);
    out.Family("hearth_requests_total", "counter", "HTTP requests answered, by route and status.");
    for (const auto& [key, count] : requests_) {
      out.Sample("hearth_requests_total",
                 {{"route", key.first}, {"status", std::to_string(key.second)}}, double(count));
    }
    out.Family("hearth_prompt_tokens_total", "counter",
               "Prompt tokens of finished generations (cached ones included).");
    out.Sample("hearth_prompt_tokens_total", double(prompt_tokens_));
    out.Family("hearth_cached_prompt_tokens_total", "counter",
               "Prompt tokens reused from the KV cache instead of computed.");
    out.Sample("hearth_cached_prompt_tokens_total", double(cached_prompt_tokens_));
    out.Family("hearth_generated_tokens_total", "counter", "Tokens generated.");
    out.Sample("hearth_generated_tokens_total", double(generated_tokens_));
    out.Family("hearth_time_to_first_token_seconds", "histogram",
               "From submission to the first generated token (queue and prompt).");
    out.HistogramSamples("hearth_time_to_first_token_seconds", time_to_first_token_);
    out.Family("hearth_time_per_output_token_seconds", "histogram",
               "Mean time per generated token after the first, per generation.");
    out.HistogramSamples("hearth_time_per_output_token_seconds", time_per_output_token_);
  }
  RenderGauges(out, resident);
  return out.text();
}

void Metrics::RenderGauges(PrometheusWriter& out, const std::vector<ResidentModel>& resident) const {
  double queued = 0, active = 0, kv_used = 0, kv_capacity = 0;
  for (const ResidentModel& m : resident) {
    queued += m.stats.queued;
    active += m.stats.active;
    kv_used += double(m.stats.kv_tokens_used);
    kv_capacity += double(m.stats.kv_tokens_capacity);
  }
  out.Family("hearth_queue_depth", "gauge", "Requests waiting for a sequence slot.");
  out.Sample("hearth_queue_depth", queued);
  out.Family("hearth_active_sequences", "gauge", "Sequence slots serving a request.");
  out.Sample("hearth_active_sequences", active);
  out.Family("hearth_kv_cache_used_tokens", "gauge", "KV cache positions holding tokens.");
  out.Sample("hearth_kv_cache_used_tokens", kv_used);
  out.Family("hearth_kv_cache_capacity_tokens", "gauge", "KV cache positions in all.");
  out.Sample("hearth_kv_cache_capacity_tokens", kv_capacity);
  out.Family("hearth_models_loaded", "gauge", "Models loaded.");
  out.Sample("hearth_models_loaded", double(resident.size()));
  out.Family("hearth_model_memory_bytes", "gauge", "Weights and KV cache of a loaded model.");
  for (const ResidentModel& m : resident) {
    out.Sample("hearth_model_memory_bytes", {{"model", m.location.name}}, double(m.memory_bytes));
  }
}

}  // namespace hearth::server
