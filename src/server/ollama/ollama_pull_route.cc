#include "server/ollama/ollama_pull_route.h"

#include <atomic>
#include <memory>
#include <optional>

#include "server/ollama/ollama_request.h"
#include "store/model_store.h"
#include "store/pull/pull_model.h"

namespace hearth::server {
namespace {

struct PullRoute {
  std::string store_home;
  store::PullOptions options;
};

Json ProgressJson(const store::PullProgress& progress) {
  Json line = {{"status", progress.status}};
  if (!progress.digest.empty()) {
    line["digest"] = progress.digest;
    line["total"] = progress.total;
    line["completed"] = progress.completed;
  }
  return line;
}

Result<store::PullResult> Pull(const PullRoute& route, const store::ModelName& name,
                               const store::PullProgressCallback& progress,
                               const std::atomic<bool>* cancel) {
  HEARTH_ASSIGN_OR_RETURN(store::ModelStore model_store, store::ModelStore::Open(route.store_home));
  return store::PullModel(model_store, name, route.options, progress, cancel);
}

void StreamPull(HttpExchange& exchange, std::shared_ptr<const PullRoute> route,
                store::ModelName name) {
  exchange.SendStream("application/x-ndjson", [route, name](StreamWriter& writer) {
    std::atomic<bool> cancel{false};
    auto send = [&](const Json& line) {
      if (!writer.Write(DumpJson(line) + "\n")) cancel = true;  // the client went away
    };
    Result<store::PullResult> pulled = Pull(
        *route, name, [&](const store::PullProgress& p) { send(ProgressJson(p)); }, &cancel);
    if (!pulled.ok() && !cancel) {
      send(ErrorJson(ApiErrorFromStatus(pulled.status()), ErrorStyle::kOllama));
    }
  });
}

void ServePull(HttpExchange& exchange, const std::shared_ptr<const PullRoute>& route) {
  Result<Json> body = ParseJsonBody(exchange.body());
  if (!body.ok()) return exchange.SendError(BadRequest(body.status().message()));
  std::string model;
  if (std::optional<ApiError> error = ParseModelName(*body, model)) {
    return exchange.SendError(*error);
  }
  bool stream = true;
  bool insecure = false;
  JsonFields fields(*body);
  fields.Bool("stream", stream);
  fields.Bool("insecure", insecure);
  if (!fields.ok()) {
    return exchange.SendError(BadRequest(fields.status().message(), fields.field()));
  }
  Result<store::ModelName> name = store::ModelName::Parse(model);
  if (!name.ok()) return exchange.SendError(BadRequest(name.status().message(), "model"));
  exchange.record().model = model;
  if (stream) return StreamPull(exchange, route, std::move(name).value());
  Result<store::PullResult> pulled = Pull(*route, *name, nullptr, nullptr);
  if (!pulled.ok()) return exchange.SendError(ApiErrorFromStatus(pulled.status()));
  exchange.SendJson(200, Json{{"status", "success"}});
}

}  // namespace

void AddOllamaPullRoute(HttpServer& http, std::string store_home, store::PullOptions options) {
  auto route = std::make_shared<const PullRoute>(PullRoute{std::move(store_home),
                                                           std::move(options)});
  http.Route({"POST", "/api/pull", "/api/pull", ErrorStyle::kOllama, false},
             [route](HttpExchange& exchange) { ServePull(exchange, route); });
}

}  // namespace hearth::server
