// Ollama request bodies -> NativeRequest: POST /api/generate and /api/chat.
//
// generate: model, prompt, system, raw (prompt sent as is, no template), suffix (refused when
//   not empty), images (refused when not empty), template and context (ignored: the model's
//   own template applies), format, options, keep_alive, stream (default true), logprobs,
//   top_logprobs.
// chat: model, messages, tools, format, options, keep_alive, stream, logprobs, top_logprobs.
// options: temperature, top_k, top_p, min_p, num_predict (-1 and -2: no limit), stop, seed
//   (negative: random), repeat_penalty, repeat_last_n, presence_penalty, frequency_penalty;
//   num_ctx and the other runner options are ignored (the context is fixed when the model is
//   loaded: hearth serve --ctx-size).
// format: "json" (any JSON object) or a JSON schema object; "" for none.
// keep_alive: seconds (a number) or a duration ("5m", "1h"); negative: for ever; 0: unload.
// An empty prompt (generate) or an empty messages list (chat) only loads the model (or with
// keep_alive 0 unloads it).
#pragma once

#include <optional>

#include "server/native/api_error.h"
#include "server/native/json_fields.h"
#include "server/native/native_request.h"

namespace hearth::server {

struct OllamaRequest {
  NativeRequest native;
  bool stream = true;
  bool load_only = false;  // no prompt: load (or unload) the model, generate nothing
};

// Each fills `out` and returns nullopt, or returns the 400 naming the bad field.
std::optional<ApiError> ParseGenerateRequest(const Json& body, OllamaRequest& out);
std::optional<ApiError> ParseChatRequest(const Json& body, OllamaRequest& out);

// The `model` of a model-management body ({"model": ...}, or the older {"name": ...}).
std::optional<ApiError> ParseModelName(const Json& body, std::string& model);

}  // namespace hearth::server
