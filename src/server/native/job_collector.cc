#include "server/native/job_collector.h"

#include <chrono>

namespace hearth::server {

void MergeToolCallDelta(std::vector<ToolCall>& calls, const ToolCallDelta& delta) {
  if (delta.index < 0) return;
  if (delta.invalid) {
    if (size_t(delta.index) < calls.size()) calls.resize(size_t(delta.index));
    return;
  }
  while (int(calls.size()) <= delta.index) calls.emplace_back();
  ToolCall& call = calls[size_t(delta.index)];
  if (!delta.id.empty()) call.id = delta.id;
  call.name += delta.name;
  call.arguments += delta.arguments;
}

void AddEvent(std::vector<ChoiceOutcome>& outcomes, GenerationEvent event) {
  ChoiceOutcome& outcome = outcomes[size_t(event.choice)];
  outcome.content += event.delta.content;
  outcome.reasoning += event.delta.reasoning;
  for (const ToolCallDelta& d : event.delta.tool_calls) MergeToolCallDelta(outcome.tool_calls, d);
  for (TokenReport& t : event.tokens) outcome.tokens.push_back(std::move(t));
  if (event.end) outcome.end = std::move(*event.end);
}

std::vector<ChoiceOutcome> CollectJob(GenerationJob& job) {
  std::vector<ChoiceOutcome> outcomes(size_t(job.n()));
  GenerationEvent event;
  while (!job.done()) {
    if (job.Next(event, std::chrono::seconds(1))) AddEvent(outcomes, std::move(event));
  }
  return outcomes;
}

Status CollectedStatus(const std::vector<ChoiceOutcome>& outcomes) {
  for (const ChoiceOutcome& o : outcomes) {
    if (o.end.finish == ChoiceFinish::kCancelled) {
      return Unavailable("the generation was cancelled: the server is shutting down");
    }
    if (o.end.finish == ChoiceFinish::kError) {
      return o.end.error.ok() ? Internal("the generation failed") : o.end.error;
    }
  }
  return Status::Ok();
}

}  // namespace hearth::server
