// What the native handler produces for each choice of a request, independent of any API's JSON:
// text and tool-call deltas as they are generated, per-token log-probabilities, and how and
// with what figures the choice ended.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace hearth::server {

// A piece of one tool call. The first delta of a call carries its id and name; later ones
// append to its arguments (JSON text, complete once the call ends). A delta with `invalid`
// withdraws the call `index` (always the latest): it turned out malformed after it began, so
// it was never made (its text was not a call).
struct ToolCallDelta {
  int index = 0;  // which call of the choice, from 0
  std::string id;
  std::string name;
  std::string arguments;
  bool invalid = false;
};

// Output of a choice, split by what it is (an OutputParser decides).
struct OutputDelta {
  std::string content;
  std::string reasoning;  // "thinking" text, for models that write it
  std::vector<ToolCallDelta> tool_calls;

  bool empty() const { return content.empty() && reasoning.empty() && tool_calls.empty(); }
  void Append(OutputDelta other);
};

// One generated token as log-probability reports show it.
struct TokenAlternative {
  int32_t id = 0;
  std::string piece;  // the token's bytes (may be part of a UTF-8 character)
  float logprob = 0.0f;
};
struct TokenReport {
  TokenAlternative chosen;
  std::vector<TokenAlternative> top;  // best first; empty unless requested
};

enum class ChoiceFinish { kStop, kLength, kToolCalls, kCancelled, kError };
// "stop", "length", "tool_calls", "cancelled", "error".
const char* ChoiceFinishName(ChoiceFinish finish);

// Figures of one choice (or, summed, of a request).
struct GenerationFigures {
  int32_t prompt_tokens = 0;
  int32_t cached_tokens = 0;  // prompt tokens reused from the cache
  int32_t generated_tokens = 0;
  std::chrono::nanoseconds load_time{0};        // loading the model for this request
  std::chrono::nanoseconds queue_time{0};       // waiting for a slot
  std::chrono::nanoseconds prompt_time{0};      // slot taken -> first token
  std::chrono::nanoseconds generation_time{0};  // first token -> done
  std::chrono::nanoseconds total_time{0};       // request start (load included) -> done

  // Time to first token: queue + prompt.
  std::chrono::nanoseconds time_to_first_token() const { return queue_time + prompt_time; }
  double tokens_per_second() const;  // generated tokens over generation time; 0 if unknown
};

struct ChoiceEnd {
  ChoiceFinish finish = ChoiceFinish::kStop;
  Status error;  // kError only
  GenerationFigures figures;
};

// One event of a generation: new output of choice `choice`, and on its last event how it ended.
struct GenerationEvent {
  int choice = 0;
  OutputDelta delta;
  std::vector<TokenReport> tokens;  // tokens generated since this choice's previous event
  std::optional<ChoiceEnd> end;     // set on the choice's last event
};

}  // namespace hearth::server
