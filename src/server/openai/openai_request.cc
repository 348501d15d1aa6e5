#include "server/openai/openai_request.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace hearth::server {
namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr double kBanBias = -100.0;  // OpenAI: -100 should ban the token

ApiError FieldError(const JsonFields& fields) {
  return BadRequest(fields.status().message(), fields.field());
}

void ReadLogitBias(JsonFields& fields, SamplingParams& sampling) {
  const Json* bias = fields.Object("logit_bias");
  if (bias == nullptr) return;
  for (const auto& [key, value] : bias->items()) {
    char* end = nullptr;
    const long id = std::strtol(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0' || id < 0 || id > kInt32Max) {
      return fields.Fail("logit_bias", "has the key '" + key + "', which is not a token id");
    }
    if (!value.is_number() || value.get<double>() < -100 || value.get<double>() > 100) {
      return fields.Fail("logit_bias", "maps token " + key + " to " + value.dump() +
                                           "; biases are numbers in [-100, 100]");
    }
    const double b = value.get<double>();
    sampling.logit_bias.emplace_back(int32_t(id), b <= kBanBias ? -INFINITY : float(b));
  }
}

void ReadResponseFormat(JsonFields& fields, ResponseFormat& format) {
  const Json* rf = fields.Object("response_format");
  if (rf == nullptr) return;
  JsonFields inner(*rf, "response_format.");
  std::string type = "text";
  inner.String("type", type);
  if (type == "text") {
    format.kind = ResponseFormat::Kind::kText;
  } else if (type == "json_object") {
    format.kind = ResponseFormat::Kind::kJsonObject;
  } else if (type == "json_schema") {
    format.kind = ResponseFormat::Kind::kJsonSchema;
    const Json* spec = inner.Object("json_schema");
    const Json* schema = spec ? JsonFields(*spec).Find("schema") : nullptr;
    if (schema == nullptr || !schema->is_object()) {
      inner.Fail("json_schema", "must be an object with a 'schema' object");
    } else {
      format.schema = *schema;
      JsonFields(*spec).String("name", format.name);
    }
  } else {
    inner.Fail("type", "is '" + type + "'; expected text, json_object or json_schema");
  }
  fields.Merge(inner);
}

// The fields chat and completions share.
void ReadCommonFields(JsonFields& fields, OpenAiRequest& out) {
  NativeRequest& r = out.native;
  SamplingParams& s = r.sampling;
  fields.String("model", r.model);
  fields.Float("temperature", s.temperature, 0, 100);
  fields.Float("top_p", s.top_p, 0, 1);
  fields.Int("top_k", s.top_k, 0, kInt32Max);
  fields.Float("min_p", s.min_p, 0, 1);
  fields.Float("repeat_penalty", s.repeat_penalty, 0, 100);
  fields.Int("repeat_last_n", s.repeat_last_n, -1, kInt32Max);
  fields.Float("presence_penalty", s.presence_penalty, -2, 2);
  fields.Float("frequency_penalty", s.frequency_penalty, -2, 2);
  int64_t seed = int64_t(kRandomSeed);
  fields.Int64("seed", seed);
  s.seed = seed < 0 ? kRandomSeed : uint64_t(seed);
  ReadLogitBias(fields, s);
  fields.Int("max_tokens", r.max_tokens, 1, kInt32Max);
  fields.Int("max_completion_tokens", r.max_tokens, 1, kInt32Max);
  fields.StringOrList("stop", r.stop, kMaxStopStrings);
  fields.Int("n", r.n, 1, kMaxChoices);
  fields.Bool("ignore_eos", r.ignore_eos);
  fields.Bool("stream", out.stream);
  if (const Json* options = fields.Object("stream_options")) {
    JsonFields(*options).Bool("include_usage", out.include_usage);
  }
  ReadResponseFormat(fields, r.response_format);
}

}  // namespace

std::optional<ApiError> ParseChatCompletionRequest(const Json& body, OpenAiRequest& out) {
  if (!body.is_object()) return BadRequest("the request body must be a JSON object");
  JsonFields fields(body);
  ReadCommonFields(fields, out);
  NativeRequest& r = out.native;
  r.prompt_kind = NativeRequest::PromptKind::kChat;
  if (const Json* messages = fields.Array("messages")) r.messages = *messages;
  if (const Json* tools = fields.Array("tools")) r.tools.tools = *tools;
  if (const Json* choice = fields.Find("tool_choice")) {
    if (!choice->is_string() && !choice->is_object()) {
      fields.Fail("tool_choice", "must be \"none\", \"auto\", \"required\" or an object");
    }
    r.tools.tool_choice = *choice;
  }
  fields.Bool("parallel_tool_calls", r.tools.parallel_tool_calls);
  bool logprobs = false;
  fields.Bool("logprobs", logprobs);
  int32_t top = 0;
  fields.Int("top_logprobs", top, 0, kMaxTopLogprobs);
  if (fields.Has("top_logprobs") && !logprobs) {
    fields.Fail("top_logprobs", "needs \"logprobs\": true");
  }
  r.top_logprobs = logprobs ? top : -1;
  if (!fields.ok()) return FieldError(fields);
  if (r.model.empty()) return BadRequest("field 'model' is required", "model");
  if (!fields.Has("messages")) return BadRequest("field 'messages' is required", "messages");
  return std::nullopt;
}

namespace {

// prompt: "text", ["text"], [id, ...] or [[id, ...]].
void ReadCompletionPrompt(JsonFields& fields, NativeRequest& r) {
  const Json* prompt = fields.Find("prompt");
  if (prompt == nullptr) return fields.Fail("prompt", "is required");
  const Json* single = prompt;
  if (prompt->is_array() && prompt->size() == 1 && !(*prompt)[0].is_number()) {
    single = &(*prompt)[0];
  } else if (prompt->is_array() && !prompt->empty() && !(*prompt)[0].is_number()) {
    return fields.Fail("prompt", "holds " + std::to_string(prompt->size()) +
                                     " prompts; send one prompt per request");
  }
  if (single->is_string()) {
    r.prompt_kind = NativeRequest::PromptKind::kText;
    r.text = single->get<std::string>();
    return;
  }
  if (!single->is_array()) {
    return fields.Fail("prompt", "must be a string, a list of one string, or token ids");
  }
  r.prompt_kind = NativeRequest::PromptKind::kTokens;
  for (const Json& id : *single) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > kInt32Max) {
      return fields.Fail("prompt", "token ids must be non-negative integers");
    }
    r.tokens.push_back(int32_t(id.get<int64_t>()));
  }
}

}  // namespace

std::optional<ApiError> ParseCompletionRequest(const Json& body, OpenAiRequest& out) {
  if (!body.is_object()) return BadRequest("the request body must be a JSON object");
  JsonFields fields(body);
  ReadCommonFields(fields, out);
  NativeRequest& r = out.native;
  ReadCompletionPrompt(fields, r);
  int32_t logprobs = -1;
  fields.Int("logprobs", logprobs, 0, kMaxTopLogprobs);
  r.top_logprobs = logprobs;
  bool echo = false;
  fields.Bool("echo", echo);
  if (echo) fields.Fail("echo", "is not supported");
  std::string suffix;
  fields.String("suffix", suffix);
  if (!suffix.empty()) fields.Fail("suffix", "is not supported");
  int32_t best_of = r.n;
  fields.Int("best_of", best_of, 1, kMaxChoices);
  if (best_of != r.n) fields.Fail("best_of", "is not supported (other than equal to n)");
  if (!fields.ok()) return FieldError(fields);
  if (r.model.empty()) return BadRequest("field 'model' is required", "model");
  return std::nullopt;
}

}  // namespace hearth::server
