// RequestRecord: what the log line and the request counter say about one HTTP request. The
// route handler fills in the model and generation figures; the HttpServer writes the line when
// the response is complete (after the last byte of a stream).
//
//   method=POST path=/v1/chat/completions status=200 model=stories260K prompt_tokens=14
//   cached_tokens=0 generated_tokens=24 ttft_ms=2.1 tokens_per_s=950.3 finish=stop
//   duration_ms=28.4
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "server/native/generation_output.h"

namespace hearth::server {

struct RequestRecord {
  std::string method;
  std::string path;
  std::string route;  // the route's label, for metrics
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string model;
  std::string finish;  // how the generation ended ("stop", "cancelled", ...), if one ran
  bool has_figures = false;
  GenerationFigures figures;

  void SetGeneration(const std::string& model_name, const GenerationFigures& f,
                     const std::string& finish_reason);
  // The key=value line (without a trailing newline).
  std::string LogLine(int http_status) const;
};

}  // namespace hearth::server
