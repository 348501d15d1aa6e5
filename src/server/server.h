// Server: `hearth serve` as a library: the OpenAI- and Ollama-compatible HTTP API over the
// models of a folder, with loading on first use, continuous batching per model (engine/),
// authentication, CORS, metrics and request logs. Owns every part (no global state); tests run
// one in-process on an ephemeral port.
//
//   ServerOptions options;
//   options.models_dir = "/models";
//   options.http.port = 0;  // any free port
//   Server server(std::move(options));
//   if (Status s = server.Start(); !s.ok()) ...;
//   ... server.port() ...
//   server.Stop();
//
// Routes besides the OpenAI and Ollama ones: GET / and HEAD / ("Hearth is running"), GET /health
// (JSON; both public), GET /metrics (Prometheus text).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/engine.h"
#include "server/http/http_server.h"
#include "server/metrics/metrics.h"
#include "server/models/model_manager.h"
#include "server/native/generation_hooks.h"
#include "server/native/generation_service.h"
#include "store/pull/pull_options.h"

namespace hearth::server {

struct ServerOptions {
  HttpServerOptions http;          // address, API keys, CORS, body limit, worker threads
  std::string models_dir;          // GGUF files served by name; "" for none
  std::string store_home;          // the model store (HEARTH_HOME); "" for none
  uint64_t memory_budget_bytes = 0;  // all loaded models together; 0: no limit
  size_t max_loaded_models = 0;      // 0: no limit
  store::PullOptions pull;           // POST /api/pull (needs store_home)
  std::vector<std::string> preload;  // GGUF files loaded at start and kept loaded
  EngineOptions engine;            // per loaded model: parallel sequences, context, ...
  std::chrono::milliseconds keep_alive = std::chrono::minutes(5);  // default per request
  std::string version = "dev";     // /api/version, /health
  GenerationHooks hooks = DefaultGenerationHooks();
  ModelLoader loader;              // null: load GGUF files with `engine`
  // Where request and model lines go; null: stderr, each line after "time=<RFC 3339> ".
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the preloaded models, then binds and serves. Errors: a model fails to load, the
  // address cannot be bound.
  Status Start();
  int port() const { return http_->port(); }
  // Stops accepting, cancels running generations, waits for the requests in progress.
  // Idempotent.
  void Stop();

  ModelManager& models() { return *models_; }

 private:
  void AddSystemRoutes();

  ServerOptions options_;
  std::function<void(const std::string&)> log_;
  Metrics metrics_;
  std::unique_ptr<ModelManager> models_;
  std::unique_ptr<GenerationService> service_;
  std::unique_ptr<HttpServer> http_;  // destroyed first: its threads use everything above
};

// A log sink writing "time=<RFC 3339> LINE" to stderr.
std::function<void(const std::string&)> StderrLog();

}  // namespace hearth::server
