// The OpenAI-compatible routes: POST /v1/chat/completions, POST /v1/completions,
// GET /v1/models, GET /v1/models/{id}. A thin translation: JSON -> NativeRequest
// (openai_request.h), GenerationService, native events -> JSON (openai_format.h), streamed as
// Server-Sent Events ("data: {...}\n\n" ... "data: [DONE]\n\n").
#pragma once

#include "server/http/http_server.h"
#include "server/models/model_manager.h"
#include "server/native/generation_service.h"

namespace hearth::server {

// `service` and `models` must outlive `http`'s serving.
void AddOpenAiRoutes(HttpServer& http, GenerationService& service, ModelManager& models);

}  // namespace hearth::server
