#include "server/ollama/ollama_routes.h"

#include <chrono>
#include <memory>
#include <optional>

#include "server/native/job_collector.h"
#include "server/native/model_defaults.h"
#include "server/ollama/ollama_format.h"
#include "server/ollama/ollama_request.h"

namespace hearth::server {
namespace {

using RequestParser = std::optional<ApiError> (*)(const Json&, OllamaRequest&);

bool SendLine(StreamWriter& writer, const Json& line) {
  return writer.Write(DumpJson(line) + "\n");
}

// Writes the job's lines until it is done, the client goes away or the generation fails.
// Tool calls are sent whole, in one line before the last. Returns how it ended, for the log.
std::string StreamLines(StreamWriter& writer, GenerationJob& job, const OllamaFormatter& format) {
  std::vector<ToolCall> calls;
  GenerationEvent event;
  while (!job.done()) {
    if (!job.Next(event, std::chrono::seconds(1))) continue;
    if (event.end && event.end->finish == ChoiceFinish::kError) {
      SendLine(writer, ErrorJson(ApiErrorFromStatus(event.end->error), ErrorStyle::kOllama));
      return "error";
    }
    for (const ToolCallDelta& d : event.delta.tool_calls) MergeToolCallDelta(calls, d);
    event.delta.tool_calls.clear();
    if (!event.delta.empty() || !event.tokens.empty()) {
      if (!SendLine(writer, format.Partial(event.delta, {}, event.tokens))) return "cancelled";
    }
    if (!event.end) continue;
    if (!calls.empty() && !SendLine(writer, format.Partial({}, calls, {}))) return "cancelled";
    ChoiceOutcome last;
    last.end = *event.end;
    if (!SendLine(writer, format.Done(last, job.figures()))) return "cancelled";
    return ChoiceFinishName(event.end->finish);
  }
  return "cancelled";
}

void StreamResponse(HttpExchange& exchange, std::unique_ptr<GenerationJob> job,
                    std::shared_ptr<OllamaFormatter> format) {
  std::shared_ptr<GenerationJob> shared_job = std::move(job);
  exchange.SendStream("application/x-ndjson", [shared_job, format,
                                               record = exchange.shared_record()](StreamWriter& w) {
    const std::string finish = StreamLines(w, *shared_job, *format);
    if (finish == "cancelled" || finish == "error") shared_job->CancelAndDrain();
    record->SetGeneration(shared_job->model_name(), shared_job->figures(), finish);
  });
}

void WholeResponse(HttpExchange& exchange, GenerationJob& job, const OllamaFormatter& format) {
  const std::vector<ChoiceOutcome> outcomes = CollectJob(job);
  exchange.record().SetGeneration(job.model_name(), job.figures(),
                                  ChoiceFinishName(outcomes.front().end.finish));
  if (const Status status = CollectedStatus(outcomes); !status.ok()) {
    return exchange.SendError(ApiErrorFromStatus(status));
  }
  exchange.SendJson(200, format.Done(outcomes.front(), job.figures()));
}

// No prompt: load the model (keep_alive applies), or unload it with keep_alive 0.
void LoadOnly(HttpExchange& exchange, ModelManager& models, const OllamaRequest& request,
              const OllamaFormatter& format) {
  const NativeRequest& r = request.native;
  if (r.keep_alive && r.keep_alive->count() == 0) {
    if (!models.Resolve(r.model).ok()) return exchange.SendError(ModelNotFound(r.model));
    models.Unload(r.model);
    return exchange.SendJson(200, format.LoadOnly("unload"));
  }
  Result<ModelLease> lease = models.Acquire(r.model);
  if (!lease.ok()) return exchange.SendError(ApiErrorFromStatus(lease.status()));
  lease->set_keep_alive(r.keep_alive);
  exchange.SendJson(200, format.LoadOnly("load"));
}

void ServeGeneration(HttpExchange& exchange, GenerationService& service, ModelManager& models,
                     RequestParser parse, OllamaRoute route) {
  Result<Json> body = ParseJsonBody(exchange.body());
  if (!body.ok()) return exchange.SendError(BadRequest(body.status().message()));
  if (body->is_object()) {
    const Json name = body->contains("model") ? (*body)["model"] : body->value("name", Json());
    if (name.is_string()) {
      ApplyOllamaDefaults(*body, models.Defaults(name.get<std::string>()),
                          route == OllamaRoute::kChat);
    }
  }
  OllamaRequest request;
  if (std::optional<ApiError> error = parse(*body, request)) return exchange.SendError(*error);
  exchange.record().model = request.native.model;
  auto format = std::make_shared<OllamaFormatter>(route, request.native.model,
                                                  request.native.top_logprobs >= 0);
  if (request.load_only) return LoadOnly(exchange, models, request, *format);
  Result<std::unique_ptr<GenerationJob>> job = service.Start(request.native);
  if (!job.ok()) return exchange.SendError(ApiErrorFromStatus(job.status()));
  if (request.stream) return StreamResponse(exchange, std::move(job).value(), format);
  WholeResponse(exchange, **job, *format);
}

}  // namespace

void AddOllamaGenerationRoutes(HttpServer& http, GenerationService& service,
                               ModelManager& models) {
  http.Route({"POST", "/api/generate", "/api/generate", ErrorStyle::kOllama, false},
             [&service, &models](HttpExchange& ex) {
               ServeGeneration(ex, service, models, ParseGenerateRequest, OllamaRoute::kGenerate);
             });
  http.Route({"POST", "/api/chat", "/api/chat", ErrorStyle::kOllama, false},
             [&service, &models](HttpExchange& ex) {
               ServeGeneration(ex, service, models, ParseChatRequest, OllamaRoute::kChat);
             });
}

}  // namespace hearth::server
