// OpenAI request bodies -> NativeRequest: POST /v1/chat/completions and /v1/completions.
//
// Fields: model, messages (chat) / prompt (completions: a string, a one-item list of strings,
// or token ids), max_tokens / max_completion_tokens, temperature, top_p, seed, stop (string or
// list), presence_penalty, frequency_penalty, logit_bias ({"token id": bias}, -100 bans),
// n, stream, stream_options.include_usage, response_format, tools / tool_choice /
// parallel_tool_calls (chat), logprobs + top_logprobs (chat) or logprobs: N (completions);
// Hearth extensions top_k, min_p, repeat_penalty, repeat_last_n, ignore_eos. Unknown fields
// are ignored, as other OpenAI-compatible servers do; nulls count as absent.
#pragma once

#include <optional>

#include "server/native/api_error.h"
#include "server/native/json_fields.h"
#include "server/native/native_request.h"

namespace hearth::server {

struct OpenAiRequest {
  NativeRequest native;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
};

// Each fills `out` and returns nullopt, or returns the 400 naming the bad field.
std::optional<ApiError> ParseChatCompletionRequest(const Json& body, OpenAiRequest& out);
std::optional<ApiError> ParseCompletionRequest(const Json& body, OpenAiRequest& out);

}  // namespace hearth::server
