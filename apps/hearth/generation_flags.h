// The flags `hearth run` (and later commands that generate) share: sampling, context and
// threads, registered on a subcommand and turned into the engine's option structs.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "llm/session.h"
#include "sampling/sampler.h"

namespace hearth::cli {

struct GenerationFlags {
  SamplingParams sampling;
  int64_t num_predict = -1;  // -n: tokens to generate; < 0 until the end of generation
  int32_t ctx_size = 0;      // 0: the session's default (model context, capped)
  int threads = 0;           // 0: one per physical core
};

// Adds --temperature --top-k --top-p --min-p --repeat-penalty --repeat-last-n --seed
// -n/--num-predict --ctx-size/-c --threads/-t, writing into `flags` (which must outlive parse).
void AddGenerationFlags(CLI::App& command, GenerationFlags& flags);

// Applies `/set parameter NAME VALUE` as typed in the chat REPL (names as Ollama's: temperature,
// top_k, top_p, min_p, repeat_penalty, repeat_last_n, seed, num_predict, num_ctx). Returns an
// error message, or "" when applied.
std::string SetParameter(GenerationFlags& flags, const std::string& name, const std::string& value);

SessionOptions MakeSessionOptions(const GenerationFlags& flags);

// Threads when the user gave none: one per physical core (hyper-threads share the core's
// vector units and memory port, so they slow matrix products down).
int DefaultThreadCount();

}  // namespace hearth::cli
