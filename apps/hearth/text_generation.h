// The generation loop of the command-line tools: a prompt's tokens in, sampled tokens out as
// UTF-8 text pieces, with the timings `--verbose` reports. (The server's engine, with
// continuous batching over many sequences, is its own component; this is the single-sequence
// loop of `hearth run`.)
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "llm/session.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"

namespace hearth::cli {

enum class FinishReason { kEndOfGeneration, kLength, kContextFull, kCancelled };

struct GenerationStats {
  int64_t prompt_tokens = 0;    // tokens evaluated for the prompt (cached ones excluded)
  double prompt_seconds = 0;
  int64_t generated_tokens = 0;
  double generate_seconds = 0;  // from the first sampled token to the last
  FinishReason finish = FinishReason::kEndOfGeneration;
};

struct GenerationLimits {
  int64_t max_tokens = -1;                     // < 0: until end of generation or context
  const std::atomic<bool>* cancel = nullptr;   // set (e.g. by Ctrl-C) to stop after a token
};

// Evaluates `prompt` after what `session` already holds, then samples until an end-of-generation
// token, the limit, the end of the context, or cancellation. Each piece of text (valid UTF-8)
// goes to `on_text` as soon as it is complete; `generated` receives the sampled token ids
// (end-of-generation token excluded). The prompt is fed to `sampler`'s penalty history.
Result<GenerationStats> Generate(Session& session, Sampler& sampler, const Tokenizer& tokenizer,
                                 std::span<const TokenId> prompt, const GenerationLimits& limits,
                                 const std::function<void(std::string_view)>& on_text,
                                 std::vector<TokenId>* generated = nullptr);

// The figures `ollama run --verbose` prints, to stderr (the load time only when > 0).
void PrintGenerationStats(const GenerationStats& stats, double load_seconds);

}  // namespace hearth::cli
