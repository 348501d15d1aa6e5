// Applying a store model's Modelfile defaults (SYSTEM, PARAMETER) to a request, in the
// request's own JSON before it is parsed, so that everything the client sends wins and the
// defaults only fill what it leaves out: options (Ollama) or the matching OpenAI fields, and a
// system message when the conversation has none.
#pragma once

#include <nlohmann/json.hpp>

#include "server/models/model_catalog.h"

namespace hearth::server {

// `chat`: the body has "messages" (a system message is added when none is there); otherwise
// Ollama's /api/generate "system" field is filled.
void ApplyOllamaDefaults(nlohmann::ordered_json& body, const ModelDefaults& defaults, bool chat);
// /v1/chat/completions (chat) or /v1/completions: temperature, top_p, top_k, min_p,
// repeat_penalty, presence_penalty, frequency_penalty, seed, stop and num_predict (as
// max_tokens) when absent.
void ApplyOpenAiDefaults(nlohmann::ordered_json& body, const ModelDefaults& defaults, bool chat);

}  // namespace hearth::server
