// NativeRequest: what the OpenAI and Ollama front-ends translate their JSON into. One native
// handler (GenerationService) serves it, so both APIs behave the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sampling/sampling_params.h"

namespace hearth::server {

// Limits of a request, checked by GenerationService (and by the front-ends' parsers).
inline constexpr int32_t kMaxChoices = 16;      // n
inline constexpr int32_t kMaxTopLogprobs = 20;  // alternatives per token
inline constexpr size_t kMaxStopStrings = 16;

// Constrained output (OpenAI response_format, Ollama format).
struct ResponseFormat {
  enum class Kind { kText, kJsonObject, kJsonSchema };
  Kind kind = Kind::kText;
  nlohmann::ordered_json schema;  // kJsonSchema: the JSON schema
  std::string name;               // kJsonSchema: the schema's name, if given
};

// The tools a chat request offers the model.
struct ToolRequest {
  nlohmann::ordered_json tools = nullptr;  // [{type: "function", function: {...}}] or null
  // "auto" (default), "none", "required", or {"type": "function", "function": {"name": ...}}.
  nlohmann::ordered_json tool_choice = "auto";
  bool parallel_tool_calls = true;

  bool active() const;  // tools given and tool_choice is not "none"
};

struct NativeRequest {
  std::string model;  // a model name or a path to a .gguf file

  // The prompt: either a conversation (chat templates apply) or text sent as is.
  enum class PromptKind { kChat, kText, kTokens };
  PromptKind prompt_kind = PromptKind::kChat;
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();  // kChat, normalized
  std::string text;                 // kText
  std::vector<int32_t> tokens;      // kTokens (token ids, sent as they are)
  ToolRequest tools;                // kChat

  SamplingParams sampling;
  int32_t max_tokens = -1;  // < 0: until the end of generation or of the context
  std::vector<std::string> stop;
  bool ignore_eos = false;
  int32_t n = 1;                // independent choices
  int32_t top_logprobs = -1;    // < 0: no log-probabilities; else alternatives per token
  ResponseFormat response_format;
  // How long the model stays loaded after this request; nullopt: the server's default;
  // negative: until the server stops; zero: unload as soon as the request ends.
  std::optional<std::chrono::milliseconds> keep_alive;
};

}  // namespace hearth::server
