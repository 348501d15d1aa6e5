// Reading a whole GenerationJob for a non-streaming answer: each choice's text, tool calls
// (deltas merged into whole calls) and token reports, and how it ended.
#pragma once

#include <string>
#include <vector>

#include "chat/tool_call_parser.h"  // ToolCall {id, name, arguments}
#include "server/native/generation_job.h"

namespace hearth::server {

struct ChoiceOutcome {
  std::string content;
  std::string reasoning;
  std::vector<ToolCall> tool_calls;
  std::vector<TokenReport> tokens;
  ChoiceEnd end;
};

// Adds a streamed delta to the calls it belongs to (a delta with a new index starts a call; an
// invalid one removes its call).
void MergeToolCallDelta(std::vector<ToolCall>& calls, const ToolCallDelta& delta);

// Adds one event's output to its choice in `outcomes` (sized n).
void AddEvent(std::vector<ChoiceOutcome>& outcomes, GenerationEvent event);

// Blocks until every choice has ended; returns them in choice order.
std::vector<ChoiceOutcome> CollectJob(GenerationJob& job);

// OK when every choice ended normally; else the first choice's error, or Unavailable when a
// choice was cancelled (the server is shutting down).
Status CollectedStatus(const std::vector<ChoiceOutcome>& outcomes);

}  // namespace hearth::server
