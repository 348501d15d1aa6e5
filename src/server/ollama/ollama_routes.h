// The Ollama-compatible routes, with Ollama's shapes (NDJSON streams, durations in ns):
//   POST /api/generate, POST /api/chat         generation (ollama_routes.cc)
//   GET /api/tags, GET /api/ps, POST /api/show, GET /api/version,
//   DELETE /api/delete, POST /api/copy          models (ollama_model_routes.cc)
// A thin translation in front of the same GenerationService as the OpenAI routes.
#pragma once

#include <string>

#include "server/http/http_server.h"
#include "server/models/model_manager.h"
#include "server/native/generation_service.h"

namespace hearth::server {

// `service` and `models` must outlive `http`'s serving.
void AddOllamaGenerationRoutes(HttpServer& http, GenerationService& service,
                               ModelManager& models);
void AddOllamaModelRoutes(HttpServer& http, ModelManager& models, const std::string& version);

}  // namespace hearth::server
