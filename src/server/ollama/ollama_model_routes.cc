// GET /api/tags, GET /api/ps, POST /api/show, GET /api/version, DELETE /api/delete,
// POST /api/copy.
#include <optional>

#include "server/ollama/ollama_format.h"
#include "server/ollama/ollama_request.h"
#include "server/ollama/ollama_routes.h"

namespace hearth::server {
namespace {

// /api/show gives arrays up to this many items in model_info (verbose: all).
constexpr size_t kShowArrayItems = 64;

// An expiry "for ever" as Ollama shows one: far in the future.
constexpr std::chrono::hours kForever{24 * 365 * 100};

Json DetailsOrEmpty(const std::string& path) {
  Result<Json> details = OllamaModelDetails(path);
  return details.ok() ? *details : Json::object();
}

// A store model's manifest digest without "sha256:", as Ollama shows it; "" for a file.
std::string HexDigest(const ModelLocation& location) {
  return location.digest.size() > 7 ? location.digest.substr(7) : "";
}

Json TagJson(const ModelLocation& location) {
  return {{"name", location.name},
          {"model", location.name},
          {"modified_at", Rfc3339Time(location.modified)},
          {"size", location.size_bytes},
          {"digest", HexDigest(location)},
          {"details", DetailsOrEmpty(location.path)}};
}

Json RunningJson(const ResidentModel& m) {
  const auto expires =
      m.expires_at.value_or(std::chrono::system_clock::now() +
                            std::chrono::duration_cast<std::chrono::system_clock::duration>(kForever));
  return {{"name", m.location.name},
          {"model", m.location.name},
          {"size", m.memory_bytes},
          {"digest", HexDigest(m.location)},
          {"details", DetailsOrEmpty(m.location.path)},
          {"expires_at", Rfc3339Time(expires)},
          {"size_vram", 0},
          {"context_length", m.stats.n_ctx}};
}

// The request body, or nullopt after sending the 400.
std::optional<Json> BodyOf(HttpExchange& exchange) {
  Result<Json> body = ParseJsonBody(exchange.body());
  if (!body.ok()) {
    exchange.SendError(BadRequest(body.status().message()));
    return std::nullopt;
  }
  return std::move(body).value();
}

// The model a management request names, or nullopt after sending the 400.
std::optional<std::string> ModelNameOf(HttpExchange& exchange, const Json& body) {
  std::string model;
  if (std::optional<ApiError> error = ParseModelName(body, model)) {
    exchange.SendError(*error);
    return std::nullopt;
  }
  return model;
}

void Show(HttpExchange& exchange, ModelManager& models) {
  std::optional<Json> body = BodyOf(exchange);
  std::optional<std::string> name = body ? ModelNameOf(exchange, *body) : std::nullopt;
  if (!name) return;
  Result<ModelLocation> location = models.Resolve(*name);
  if (!location.ok()) return exchange.SendError(ModelNotFound(*name));
  bool verbose = false;
  JsonFields(*body).Bool("verbose", verbose);
  Result<Json> details = OllamaModelDetails(location->path);
  Result<Json> info = OllamaModelInfo(location->path, verbose ? 0 : kShowArrayItems);
  if (!details.ok()) return exchange.SendError(ApiErrorFromStatus(Internal(details.status().message())));
  if (!info.ok()) return exchange.SendError(ApiErrorFromStatus(Internal(info.status().message())));
  std::string chat_template;
  if (const auto it = info->find("tokenizer.chat_template");
      it != info->end() && it->is_string()) {
    chat_template = it->get<std::string>();
  }
  exchange.SendJson(200, {{"modelfile", ""},
                          {"parameters", ""},
                          {"template", chat_template},
                          {"details", *details},
                          {"model_info", *info},
                          {"capabilities", Json::array({"completion"})},
                          {"modified_at", Rfc3339Time(location->modified)}});
}

void Delete(HttpExchange& exchange, ModelManager& models) {
  std::optional<Json> body = BodyOf(exchange);
  std::optional<std::string> name = body ? ModelNameOf(exchange, *body) : std::nullopt;
  if (!name) return;
  const Status status = models.Delete(*name);
  if (status.code() == StatusCode::kUnimplemented) {
    return exchange.SendError(NotImplemented(status.message()));
  }
  if (!status.ok()) return exchange.SendError(ApiErrorFromStatus(status));
  exchange.SendJson(200, Json::object());
}

void Copy(HttpExchange& exchange, ModelManager& models) {
  std::optional<Json> body = BodyOf(exchange);
  if (!body) return;
  std::string source, destination;
  JsonFields fields(*body);
  fields.String("source", source);
  fields.String("destination", destination);
  if (!fields.ok()) return exchange.SendError(BadRequest(fields.status().message(), fields.field()));
  if (source.empty() || destination.empty()) {
    return exchange.SendError(BadRequest("source and destination are required"));
  }
  const Status status = models.Copy(source, destination);
  if (!status.ok()) return exchange.SendError(ApiErrorFromStatus(status));
  exchange.SendJson(200, Json::object());
}

}  // namespace

void AddOllamaModelRoutes(HttpServer& http, ModelManager& models, const std::string& version) {
  const auto route = [](const char* method, const char* path) {
    return RouteSpec{method, path, path, ErrorStyle::kOllama, false};
  };
  http.Route(route("GET", "/api/tags"), [&models](HttpExchange& ex) {
    Json list = Json::array();
    for (const ModelLocation& location : models.ListAvailable()) list.push_back(TagJson(location));
    ex.SendJson(200, {{"models", std::move(list)}});
  });
  http.Route(route("GET", "/api/ps"), [&models](HttpExchange& ex) {
    Json list = Json::array();
    for (const ResidentModel& m : models.ListResident()) list.push_back(RunningJson(m));
    ex.SendJson(200, {{"models", std::move(list)}});
  });
  http.Route(route("POST", "/api/show"), [&models](HttpExchange& ex) { Show(ex, models); });
  http.Route(route("DELETE", "/api/delete"), [&models](HttpExchange& ex) { Delete(ex, models); });
  http.Route(route("POST", "/api/copy"), [&models](HttpExchange& ex) { Copy(ex, models); });
  http.Route(route("GET", "/api/version"),
             [version](HttpExchange& ex) { ex.SendJson(200, {{"version", version}}); });
}

}  // namespace hearth::server
