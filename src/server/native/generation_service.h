// GenerationService: the one native handler behind the OpenAI and Ollama routes. It checks a
// NativeRequest, gets its model from the ModelManager (loading it if needed), turns the
// conversation or text into prompt tokens, and submits one engine request per choice; the
// returned GenerationJob streams the results.
//
// Thread-safe: HTTP threads call Start() concurrently.
#pragma once

#include <atomic>
#include <memory>

#include "base/status.h"
#include "server/metrics/metrics.h"
#include "server/models/model_manager.h"
#include "server/native/generation_hooks.h"
#include "server/native/generation_job.h"
#include "server/native/native_request.h"

namespace hearth::server {

class GenerationService {
 public:
  // `models` and `metrics` must outlive the service and every job it starts.
  GenerationService(ModelManager& models, Metrics& metrics, GenerationHooks hooks);

  // Errors: InvalidArgument / Unimplemented (bad or unsupported request: 400), NotFound
  // (unknown model), OutOfRange (the prompt does not fit the context, with both numbers),
  // ResourceExhausted (the queue is full), Internal (the model failed to load).
  Result<std::unique_ptr<GenerationJob>> Start(const NativeRequest& request);

  // Cancels every running job (their readers see kCancelled ends); for shutdown.
  void AbortAll() { abort_.store(true); }

 private:
  struct PreparedPrompt;
  Result<PreparedPrompt> PreparePrompt(const NativeRequest& request, const LoadedModel& model) const;
  Result<PreparedPrompt> PrepareChatPrompt(const NativeRequest& request,
                                           const LoadedModel& model) const;
  Result<std::vector<GenerationJob::Choice>> Submit(const NativeRequest& request,
                                                    const LoadedModel& model,
                                                    const PreparedPrompt& prompt) const;

  ModelManager& models_;
  Metrics& metrics_;
  GenerationHooks hooks_;
  std::atomic<bool> abort_{false};
};

// Checks what does not need the model: n, top_logprobs, stop count.
Status ValidateNativeRequest(const NativeRequest& request);

}  // namespace hearth::server
