#include "server/native/generation_output.h"

namespace hearth::server {

void OutputDelta::Append(OutputDelta other) {
  content += other.content;
  reasoning += other.reasoning;
  for (ToolCallDelta& call : other.tool_calls) tool_calls.push_back(std::move(call));
}

const char* ChoiceFinishName(ChoiceFinish finish) {
  switch (finish) {
    case ChoiceFinish::kStop:
      return "stop";
    case ChoiceFinish::kLength:
      return "length";
    case ChoiceFinish::kToolCalls:
      return "tool_calls";
    case ChoiceFinish::kCancelled:
      return "cancelled";
    case ChoiceFinish::kError:
      return "error";
  }
  return "unknown";
}

double GenerationFigures::tokens_per_second() const {
  const double seconds = std::chrono::duration<double>(generation_time).count();
  if (generated_tokens <= 1 || seconds <= 0) return 0.0;
  // The first token's time is the prompt's; the generation time covers the rest.
  return double(generated_tokens - 1) / seconds;
}

}  // namespace hearth::server
