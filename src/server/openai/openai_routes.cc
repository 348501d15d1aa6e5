#include "server/openai/openai_routes.h"

#include <chrono>
#include <memory>
#include <optional>

#include "server/native/job_collector.h"
#include "server/native/model_defaults.h"
#include "server/openai/openai_format.h"
#include "server/openai/openai_request.h"

namespace hearth::server {
namespace {

using RequestParser = std::optional<ApiError> (*)(const Json&, OpenAiRequest&);
using FormatterFactory = std::shared_ptr<OpenAiFormatter> (*)(const OpenAiRequest&);

int64_t UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

int64_t Now() { return UnixSeconds(std::chrono::system_clock::now()); }

std::shared_ptr<OpenAiFormatter> MakeChatFormatter(const OpenAiRequest& r) {
  return std::make_shared<ChatCompletionFormatter>(r.native.model, Now(),
                                                   r.native.top_logprobs >= 0);
}

std::shared_ptr<OpenAiFormatter> MakeTextFormatter(const OpenAiRequest& r) {
  return std::make_shared<TextCompletionFormatter>(r.native.model, Now(),
                                                   r.native.top_logprobs >= 0);
}

bool SendEvent(StreamWriter& writer, const Json& data) {
  return writer.Write("data: " + DumpJson(data) + "\n\n");
}

// Writes the job's chunks until it is done, the client goes away (the job is cancelled) or a
// choice fails (an error frame ends the stream). Returns how it ended, for the log.
std::string StreamChunks(StreamWriter& writer, GenerationJob& job, OpenAiFormatter& formatter) {
  for (const Json& chunk : formatter.OpeningChunks(job.n())) {
    if (!SendEvent(writer, chunk)) return "cancelled";
  }
  std::string finish = "stop";
  GenerationEvent event;
  while (!job.done()) {
    if (!job.Next(event, std::chrono::seconds(1))) continue;
    if (event.end && event.end->finish == ChoiceFinish::kError) {
      SendEvent(writer, ErrorJson(ApiErrorFromStatus(event.end->error), ErrorStyle::kOpenAi));
      return "error";
    }
    if (event.end) finish = ChoiceFinishName(event.end->finish);
    for (const Json& chunk : formatter.EventChunks(event)) {
      if (!SendEvent(writer, chunk)) return "cancelled";
    }
  }
  return finish;
}

void StreamResponse(HttpExchange& exchange, std::unique_ptr<GenerationJob> job,
                    std::shared_ptr<OpenAiFormatter> formatter, bool include_usage) {
  std::shared_ptr<GenerationJob> shared_job = std::move(job);
  exchange.SendStream("text/event-stream", [shared_job, formatter, include_usage,
                                            record = exchange.shared_record()](StreamWriter& w) {
    const std::string finish = StreamChunks(w, *shared_job, *formatter);
    if (finish == "cancelled" || finish == "error") shared_job->CancelAndDrain();
    if (include_usage && finish != "cancelled" && finish != "error") {
      SendEvent(w, formatter->UsageChunk(shared_job->figures()));
    }
    if (finish != "error") w.Write("data: [DONE]\n\n");
    record->SetGeneration(shared_job->model_name(), shared_job->figures(), finish);
  });
}

void WholeResponse(HttpExchange& exchange, GenerationJob& job, const OpenAiFormatter& formatter) {
  const std::vector<ChoiceOutcome> outcomes = CollectJob(job);
  exchange.record().SetGeneration(job.model_name(), job.figures(),
                                  ChoiceFinishName(outcomes.front().end.finish));
  if (const Status status = CollectedStatus(outcomes); !status.ok()) {
    return exchange.SendError(ApiErrorFromStatus(status));
  }
  exchange.SendJson(200, formatter.Response(outcomes, job.figures()));
}

void ServeGeneration(HttpExchange& exchange, GenerationService& service, ModelManager& models,
                     RequestParser parse, FormatterFactory make_formatter, bool chat) {
  Result<Json> body = ParseJsonBody(exchange.body());
  if (!body.ok()) return exchange.SendError(BadRequest(body.status().message()));
  if (body->is_object()) {
    if (const auto name = body->find("model"); name != body->end() && name->is_string()) {
      ApplyOpenAiDefaults(*body, models.Defaults(name->get<std::string>()), chat);
    }
  }
  OpenAiRequest request;
  if (std::optional<ApiError> error = parse(*body, request)) return exchange.SendError(*error);
  exchange.record().model = request.native.model;
  Result<std::unique_ptr<GenerationJob>> job = service.Start(request.native);
  if (!job.ok()) return exchange.SendError(ApiErrorFromStatus(job.status()));
  std::shared_ptr<OpenAiFormatter> formatter = make_formatter(request);
  if (request.stream) {
    return StreamResponse(exchange, std::move(job).value(), formatter, request.include_usage);
  }
  WholeResponse(exchange, **job, *formatter);
}

Json ModelJson(const ModelLocation& location) {
  return {{"id", location.name},
          {"object", "model"},
          {"created", UnixSeconds(location.modified)},
          {"owned_by", "hearth"}};
}

}  // namespace

void AddOpenAiRoutes(HttpServer& http, GenerationService& service, ModelManager& models) {
  const auto route = [](const char* method, const char* pattern, const char* label) {
    return RouteSpec{method, pattern, label, ErrorStyle::kOpenAi, false};
  };
  http.Route(route("POST", "/v1/chat/completions", "/v1/chat/completions"),
             [&service, &models](HttpExchange& ex) {
               ServeGeneration(ex, service, models, ParseChatCompletionRequest, MakeChatFormatter,
                               /*chat=*/true);
             });
  http.Route(route("POST", "/v1/completions", "/v1/completions"),
             [&service, &models](HttpExchange& ex) {
               ServeGeneration(ex, service, models, ParseCompletionRequest, MakeTextFormatter,
                               /*chat=*/false);
             });
  http.Route(route("GET", "/v1/models", "/v1/models"), [&models](HttpExchange& ex) {
    Json data = Json::array();
    for (const ModelLocation& location : models.ListAvailable()) data.push_back(ModelJson(location));
    ex.SendJson(200, {{"object", "list"}, {"data", std::move(data)}});
  });
  http.Route(route("GET", "/v1/models/(.+)", "/v1/models/{id}"), [&models](HttpExchange& ex) {
    Result<ModelLocation> location = models.Resolve(ex.PathGroup(1));
    if (!location.ok()) return ex.SendError(ModelNotFound(ex.PathGroup(1)));
    Json model = ModelJson(*location);
    model["id"] = ex.PathGroup(1);
    ex.SendJson(200, model);
  });
}

}  // namespace hearth::server
