#include "server/http/request_record.h"

#include <fmt/format.h>

namespace hearth::server {
namespace {

double Milliseconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Values with spaces or quotes are quoted, so the line stays parseable as key=value pairs.
std::string Value(const std::string& v) {
  if (!v.empty() && v.find_first_of(" \"=") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) quoted += (c == '"') ? std::string("\\\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

void RequestRecord::SetGeneration(const std::string& model_name, const GenerationFigures& f,
                                  const std::string& finish_reason) {
  model = model_name;
  figures = f;
  finish = finish_reason;
  has_figures = true;
}

std::string RequestRecord::LogLine(int http_status) const {
  std::string line = fmt::format("method={} path={} status={}", method, Value(path), http_status);
  if (!model.empty()) line += " model=" + Value(model);
  if (has_figures) {
    line += fmt::format(" prompt_tokens={} cached_tokens={} generated_tokens={}",
                        figures.prompt_tokens, figures.cached_tokens, figures.generated_tokens);
    if (figures.generated_tokens > 0) {
      line += fmt::format(" ttft_ms={:.1f}", Milliseconds(figures.time_to_first_token()));
    }
    line += fmt::format(" tokens_per_s={:.1f}", figures.tokens_per_second());
    if (figures.load_time.count() > 0) {
      line += fmt::format(" load_ms={:.1f}", Milliseconds(figures.load_time));
    }
  }
  if (!finish.empty()) line += " finish=" + finish;
  line += fmt::format(" duration_ms={:.1f}",
                      Milliseconds(std::chrono::steady_clock::now() - start));
  return line;
}

}  // namespace hearth::server
