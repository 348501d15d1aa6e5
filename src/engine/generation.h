// What a client asks the engine for and what it gets back: a GenerationRequest goes in, a
// GenerationStream of tokens and a final GenerationResult comes out.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "sampling/token_constraint.h"
#include "sampling/logprobs.h"
#include "sampling/sampling_params.h"

namespace hearth {

using TokenId = int32_t;

struct GenerationRequest {
  std::vector<TokenId> prompt;  // already tokenized (BOS and chat template applied)
  SamplingParams sampling;
  int32_t max_tokens = -1;        // < 0: until an end-of-generation token or the context is full
  std::vector<std::string> stop;  // stop strings: generation ends before one, never emitting it
  bool ignore_eos = false;        // end-of-generation tokens are banned (benchmarks)
  int32_t n_top_logprobs = -1;    // < 0: no log-probabilities; >= 0: the chosen token's plus
                                  // this many alternatives per token
  std::unique_ptr<TokenConstraint> constraint;  // optional: grammar / JSON schema
  // Control tokens output as their text instead of dropped: the tool-call and reasoning markers
  // a chat format's parser must see (Mistral's [TOOL_CALLS], Llama's <|python_tag|>).
  std::vector<TokenId> preserved_tokens;
};

enum class FinishReason {
  kStop,       // an end-of-generation token, a stop string, or the constraint finished
  kLength,     // max_tokens reached, or the context is full
  kCancelled,  // the client went away (GenerationStream::Cancel)
  kError,      // see GenerationResult::error
};
const char* FinishReasonName(FinishReason reason);  // "stop", "length", "cancelled", "error"

// One generated token. `text` is what the client may show now: the token's bytes, except that
// bytes which might begin a stop string or are an incomplete UTF-8 sequence are held back and
// released with a later token (or dropped at a stop). `piece` is the token's own bytes, for
// log-probability reports.
struct GeneratedToken {
  TokenId id = 0;
  std::string text;
  std::string piece;
  float logprob = 0.0f;                    // when requested
  std::vector<TokenLogprob> top_logprobs;  // when requested, best first
};

struct GenerationResult {
  FinishReason reason = FinishReason::kStop;
  Status error;               // kError only
  std::string stop_string;    // the stop string that ended it, if one did
  std::string trailing_text;  // held-back bytes released at the end (after the last token's
                              // text; a client appends it to what it has shown)
  int32_t prompt_tokens = 0;
  int32_t cached_tokens = 0;  // prompt tokens reused from an earlier request's cache
  int32_t generated_tokens = 0;
  std::chrono::nanoseconds queue_time{0};       // submitted -> a slot took it
  std::chrono::nanoseconds prompt_time{0};      // slot taken -> first token sampled
  std::chrono::nanoseconds generation_time{0};  // first token -> done
  std::chrono::nanoseconds total_time{0};       // submitted -> done
};

// The receiving end of one request, shared (shared_ptr) by the engine and the client.
// Thread-safe: the engine thread pushes, one client thread pops; Cancel() may come from any
// thread.
class GenerationStream {
 public:
  GenerationStream() = default;
  GenerationStream(const GenerationStream&) = delete;
  GenerationStream& operator=(const GenerationStream&) = delete;

  struct Event {
    bool done = false;
    GeneratedToken token;     // !done
    GenerationResult result;  // done: the last event
  };

  // Waits up to `timeout` for the next event; false on timeout. After the `done` event,
  // returns it again on every call.
  bool Next(Event& event, std::chrono::milliseconds timeout);
  // Asks the engine to stop this generation and free its slot; the stream then ends with
  // FinishReason::kCancelled (unless it had already ended).
  void Cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

  // Engine side. Finish() is called exactly once; nothing is pushed after it.
  void Push(GeneratedToken token);
  void Finish(GenerationResult result);

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<GeneratedToken> tokens_;
  bool finished_ = false;
  GenerationResult result_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace hearth
