// SequenceSlot: one sequence of the engine's KV cache and the request it is serving, if any.
// Engine-thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/generation.h"
#include "engine/stop_strings.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"

namespace hearth {

using EngineClock = std::chrono::steady_clock;

// A request waiting for a slot.
struct QueuedRequest {
  GenerationRequest request;
  std::shared_ptr<GenerationStream> stream;
  EngineClock::time_point submitted;
};

// A request being served by a slot.
struct ActiveRequest {
  ActiveRequest(QueuedRequest queued, const Tokenizer& tokenizer, int32_t n_vocab);

  GenerationRequest request;
  std::shared_ptr<GenerationStream> stream;
  Sampler sampler;
  TokenStreamDecoder decoder;
  StopStringMatcher stops;
  int32_t prompt_done = 0;  // prompt tokens whose K/V are in the slot
  int32_t cached_tokens = 0;
  int32_t generated = 0;
  std::optional<TokenId> pending;  // sampled, not yet in the cache: the next pass feeds it
  EngineClock::time_point submitted, started, first_token;

  bool reading_prompt() const { return prompt_done < int32_t(request.prompt.size()); }
};

struct SequenceSlot {
  int32_t seq = 0;                 // the KV-cache slot index
  std::vector<TokenId> cached;     // the tokens whose K/V the slot holds, in order
  std::unique_ptr<ActiveRequest> active;
  EngineClock::time_point last_used{};
};

}  // namespace hearth
