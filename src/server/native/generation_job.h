// GenerationJob: one request being generated: its n choices (one engine stream and one
// OutputParser each) read as a single sequence of GenerationEvents. The job holds a lease on
// its model, so the model stays loaded until the job is destroyed.
//
// Used by one thread (the HTTP thread answering the request); Cancel() may come from any
// thread. Destroying a job cancels the choices still running, so a client that goes away
// frees its slots at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/generation.h"
#include "server/metrics/metrics.h"
#include "server/models/model_manager.h"
#include "server/native/generation_output.h"
#include "server/native/output_parser.h"

namespace hearth::server {

class GenerationJob {
 public:
  struct Choice {
    std::shared_ptr<GenerationStream> stream;
    std::unique_ptr<OutputParser> parser;
  };

  // `choices` already submitted. `metrics` receives each finished choice; `abort` (may be
  // null), when set, cancels the job at its next Next(). Both must outlive the job.
  GenerationJob(ModelLease lease, std::vector<Choice> choices, int32_t prompt_tokens,
                bool report_logprobs, Metrics& metrics, const std::atomic<bool>* abort);
  ~GenerationJob();
  GenerationJob(const GenerationJob&) = delete;
  GenerationJob& operator=(const GenerationJob&) = delete;

  // Waits up to `timeout` for the next event of any choice. False on timeout, and once done().
  bool Next(GenerationEvent& event, std::chrono::milliseconds timeout);
  bool done() const { return ended_choices_ == int(choices_.size()); }
  // Asks every running choice to stop; each then ends with ChoiceFinish::kCancelled.
  void Cancel();
  // Cancel(), then reads the remaining events (discarding their output) until every choice
  // has ended, so figures() and the metrics count what was generated. The engine ends a
  // cancelled choice at its next step.
  void CancelAndDrain();

  int n() const { return int(choices_.size()); }
  int32_t prompt_tokens() const { return prompt_tokens_; }
  const std::string& model_name() const { return lease_.name(); }
  // When the request was accepted (the `created` of responses).
  std::chrono::system_clock::time_point created() const { return created_; }
  // Figures of the whole request so far: the prompt counted once, generated tokens summed over
  // the choices, times of the slowest choice, the model's load time.
  GenerationFigures figures() const;

 private:
  struct ChoiceState {
    Choice choice;
    std::optional<ChoiceEnd> end;
  };

  void Convert(size_t index, GenerationStream::Event& in, GenerationEvent& out);
  ChoiceEnd MakeEnd(const GenerationResult& result, bool saw_tool_calls) const;
  TokenReport Report(const GeneratedToken& token) const;

  ModelLease lease_;
  std::vector<ChoiceState> choices_;
  int32_t prompt_tokens_;
  bool report_logprobs_;
  Metrics& metrics_;
  const std::atomic<bool>* abort_;
  std::chrono::system_clock::time_point created_;
  int ended_choices_ = 0;
  size_t next_choice_ = 0;  // round-robin start of the next poll
};

}  // namespace hearth::server
