// The JSON of Ollama responses: /api/generate and /api/chat lines (streamed as NDJSON, one
// object per line, the last with "done": true and the statistics; durations in nanoseconds),
// and the model details /api/tags, /api/ps and /api/show share.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/http/time_format.h"
#include "server/models/model_catalog.h"
#include "server/native/generation_output.h"
#include "server/native/job_collector.h"
#include "server/native/json_fields.h"

namespace hearth::server {

// "stop" or "length" (tool calls end with "stop" in Ollama).
const char* OllamaDoneReason(ChoiceFinish finish);

enum class OllamaRoute { kGenerate, kChat };

// Builds the lines of one /api/generate or /api/chat answer.
class OllamaFormatter {
 public:
  OllamaFormatter(OllamaRoute route, std::string model, bool logprobs);

  // A streamed line with new output (text, thinking; chat: tool calls given whole).
  Json Partial(const OutputDelta& delta, const std::vector<ToolCall>& tool_calls,
               const std::vector<TokenReport>& tokens) const;
  // The last line: "done": true, done_reason and statistics; `outcome` carries the whole
  // output for a non-streamed answer (empty when streamed).
  Json Done(const ChoiceOutcome& outcome, const GenerationFigures& figures) const;
  // The answer to a request that only loaded ("load") or unloaded ("unload") the model.
  Json LoadOnly(const char* done_reason) const;

 private:
  Json Base() const;  // {model, created_at}
  Json Output(const std::string& text, const std::string& thinking,
              const std::vector<ToolCall>& tool_calls) const;

  OllamaRoute route_;
  std::string model_;
  bool logprobs_;
};

// {parent_model, format, family, families, parameter_size, quantization_level}, read from the
// file's metadata.
Result<Json> OllamaModelDetails(const std::string& gguf_path);
// The file's metadata as /api/show's model_info: arrays longer than `max_array_items` become
// null (tokenizer vocabularies) unless `max_array_items` is 0.
Result<Json> OllamaModelInfo(const std::string& gguf_path, size_t max_array_items);

}  // namespace hearth::server
