#include "server/server.h"

#include <cstdio>

#include "server/http/time_format.h"
#include "server/models/memory_estimate.h"
#include "server/ollama/ollama_pull_route.h"
#include "server/ollama/ollama_routes.h"
#include "server/openai/openai_routes.h"

namespace hearth::server {

std::function<void(const std::string&)> StderrLog() {
  return [](const std::string& line) {
    const std::string text =
        "time=" + Rfc3339Time(std::chrono::system_clock::now()) + " " + line + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr);
  };
}

Server::Server(ServerOptions options)
    : options_(std::move(options)), log_(options_.log ? options_.log : StderrLog()) {
  ModelManagerOptions model_options;
  model_options.models_dir = options_.models_dir;
  model_options.store_home = options_.store_home;
  model_options.memory_budget_bytes = options_.memory_budget_bytes;
  model_options.max_loaded_models = options_.max_loaded_models;
  model_options.estimate_bytes = PlannerMemoryEstimate(options_.engine);
  model_options.default_keep_alive = options_.keep_alive;
  model_options.loader = options_.loader ? options_.loader : FileModelLoader(options_.engine);
  model_options.log = log_;
  models_ = std::make_unique<ModelManager>(std::move(model_options));
  service_ = std::make_unique<GenerationService>(*models_, metrics_, options_.hooks);
  HttpServerOptions http_options = options_.http;
  http_options.log = log_;
  http_ = std::make_unique<HttpServer>(std::move(http_options), metrics_);
  AddOpenAiRoutes(*http_, *service_, *models_);
  AddOllamaGenerationRoutes(*http_, *service_, *models_);
  AddOllamaModelRoutes(*http_, *models_, options_.version);
  if (!options_.store_home.empty()) AddOllamaPullRoute(*http_, options_.store_home, options_.pull);
  AddSystemRoutes();
}

Server::~Server() { Stop(); }

Status Server::Start() {
  for (const std::string& path : options_.preload) {
    Result<std::string> name = models_->Preload(path);
    if (!name.ok()) return name.status();
  }
  HEARTH_RETURN_IF_ERROR(http_->Start());
  log_("event=listening address=" + options_.http.host + ":" + std::to_string(http_->port()) +
       " version=" + options_.version);
  return Status::Ok();
}

void Server::Stop() {
  service_->AbortAll();
  http_->Stop();
}

void Server::AddSystemRoutes() {
  http_->Route({"GET", "/", "/", ErrorStyle::kOllama, /*is_public=*/true},
               [](HttpExchange& ex) { ex.SendText(200, "Hearth is running", "text/plain"); });
  http_->Route({"GET", "/health", "/health", ErrorStyle::kOllama, /*is_public=*/true},
               [this](HttpExchange& ex) {
                 Json loaded = Json::array();
                 for (const ResidentModel& m : models_->ListResident()) {
                   loaded.push_back(m.location.name);
                 }
                 ex.SendJson(200, {{"status", "ok"},
                                   {"version", options_.version},
                                   {"models_loaded", std::move(loaded)}});
               });
  http_->Route({"GET", "/metrics", "/metrics", ErrorStyle::kOllama, /*is_public=*/false},
               [this](HttpExchange& ex) {
                 ex.SendText(200, metrics_.Render(models_->ListResident()),
                             std::string(kPrometheusContentType));
               });
}

}  // namespace hearth::server
