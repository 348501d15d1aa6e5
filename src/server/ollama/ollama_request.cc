#include "server/ollama/ollama_request.h"

#include <cmath>
#include <limits>

#include "server/models/duration.h"

namespace hearth::server {
namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

ApiError FieldError(const JsonFields& fields) {
  return BadRequest(fields.status().message(), fields.field());
}

void ReadOptions(JsonFields& fields, NativeRequest& r) {
  const Json* options = fields.Object("options");
  if (options == nullptr) return;
  JsonFields o(*options, "options.");
  SamplingParams& s = r.sampling;
  o.Float("temperature", s.temperature, 0, 100);
  o.Int("top_k", s.top_k, 0, kInt32Max);
  o.Float("top_p", s.top_p, 0, 1);
  o.Float("min_p", s.min_p, 0, 1);
  o.Float("repeat_penalty", s.repeat_penalty, 0, 100);
  o.Int("repeat_last_n", s.repeat_last_n, -1, kInt32Max);
  o.Float("presence_penalty", s.presence_penalty, -100, 100);
  o.Float("frequency_penalty", s.frequency_penalty, -100, 100);
  int64_t seed = -1;
  o.Int64("seed", seed);
  s.seed = seed < 0 ? kRandomSeed : uint64_t(seed);
  int32_t num_predict = -1;
  o.Int("num_predict", num_predict, -2, kInt32Max);
  r.max_tokens = num_predict < 0 ? -1 : num_predict;
  if (num_predict == 0) o.Fail("num_predict", "is 0; ask for at least one token, or -1");
  o.StringOrList("stop", r.stop, kMaxStopStrings);
  fields.Merge(o);
}

void ReadKeepAlive(JsonFields& fields, NativeRequest& r) {
  const Json* keep_alive = fields.Find("keep_alive");
  if (keep_alive == nullptr) return;
  if (keep_alive->is_number()) {
    const double seconds = keep_alive->get<double>();
    if (!std::isfinite(seconds)) return fields.Fail("keep_alive", "must be finite");
    r.keep_alive = std::chrono::milliseconds(int64_t(seconds * 1000));
  } else if (keep_alive->is_string()) {
    Result<std::chrono::milliseconds> d = ParseDuration(keep_alive->get<std::string>());
    if (!d.ok()) return fields.Fail("keep_alive", d.status().message());
    r.keep_alive = *d;
  } else {
    fields.Fail("keep_alive", "must be a number of seconds or a duration string");
  }
}

void ReadFormat(JsonFields& fields, ResponseFormat& format) {
  const Json* value = fields.Find("format");
  if (value == nullptr) return;
  if (value->is_string() && value->get<std::string>().empty()) return;
  if (value->is_string() && value->get<std::string>() == "json") {
    format.kind = ResponseFormat::Kind::kJsonObject;
  } else if (value->is_object()) {
    format.kind = ResponseFormat::Kind::kJsonSchema;
    format.schema = *value;
  } else {
    fields.Fail("format", "must be \"json\" or a JSON schema object");
  }
}

void ReadLogprobs(JsonFields& fields, NativeRequest& r) {
  bool logprobs = false;
  int32_t top = 0;
  fields.Bool("logprobs", logprobs);
  fields.Int("top_logprobs", top, 0, kMaxTopLogprobs);
  r.top_logprobs = logprobs ? top : -1;
}

// What generate and chat share.
void ReadCommon(JsonFields& fields, OllamaRequest& out) {
  fields.String("model", out.native.model);
  fields.Bool("stream", out.stream);
  ReadOptions(fields, out.native);
  ReadKeepAlive(fields, out.native);
  ReadFormat(fields, out.native.response_format);
  ReadLogprobs(fields, out.native);
}

std::optional<ApiError> Finish(const JsonFields& fields, const OllamaRequest& out) {
  if (!fields.ok()) return FieldError(fields);
  if (out.native.model.empty()) return BadRequest("model is required", "model");
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> ParseGenerateRequest(const Json& body, OllamaRequest& out) {
  if (!body.is_object()) return BadRequest("the request body must be a JSON object");
  JsonFields fields(body);
  ReadCommon(fields, out);
  NativeRequest& r = out.native;
  std::string prompt, system, suffix;
  bool raw = false;
  fields.String("prompt", prompt);
  fields.String("system", system);
  fields.String("suffix", suffix);
  fields.Bool("raw", raw);
  if (!suffix.empty()) fields.Fail("suffix", "is not supported (no fill-in-the-middle yet)");
  if (const Json* images = fields.Array("images"); images != nullptr && !images->empty()) {
    fields.Fail("images", "are not supported (no vision models yet)");
  }
  out.load_only = prompt.empty();
  if (raw) {
    r.prompt_kind = NativeRequest::PromptKind::kText;
    r.text = std::move(prompt);
  } else {
    r.prompt_kind = NativeRequest::PromptKind::kChat;
    r.messages = Json::array();
    if (!system.empty()) r.messages.push_back({{"role", "system"}, {"content", system}});
    r.messages.push_back({{"role", "user"}, {"content", prompt}});
  }
  return Finish(fields, out);
}

std::optional<ApiError> ParseChatRequest(const Json& body, OllamaRequest& out) {
  if (!body.is_object()) return BadRequest("the request body must be a JSON object");
  JsonFields fields(body);
  ReadCommon(fields, out);
  NativeRequest& r = out.native;
  r.prompt_kind = NativeRequest::PromptKind::kChat;
  if (const Json* messages = fields.Array("messages")) r.messages = *messages;
  if (const Json* tools = fields.Array("tools")) r.tools.tools = *tools;
  out.load_only = r.messages.empty();
  return Finish(fields, out);
}

std::optional<ApiError> ParseModelName(const Json& body, std::string& model) {
  if (!body.is_object()) return BadRequest("the request body must be a JSON object");
  JsonFields fields(body);
  fields.String("name", model);
  fields.String("model", model);
  if (!fields.ok()) return FieldError(fields);
  if (model.empty()) return BadRequest("model is required", "model");
  return std::nullopt;
}

}  // namespace hearth::server
