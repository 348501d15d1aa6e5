#include "server/ollama/ollama_format.h"

#include "gguf/gguf_file.h"
#include "gguf/model_summary.h"

namespace hearth::server {
namespace {

int64_t Nanoseconds(std::chrono::nanoseconds d) { return d.count(); }

Json ToolCallsJson(const std::vector<ToolCall>& calls) {
  Json out = Json::array();
  for (const ToolCall& call : calls) {
    Json arguments = Json::parse(call.arguments, nullptr, /*allow_exceptions=*/false);
    if (arguments.is_discarded()) arguments = call.arguments;
    out.push_back({{"function", {{"name", call.name}, {"arguments", std::move(arguments)}}}});
  }
  return out;
}

Json LogprobsJson(const std::vector<TokenReport>& tokens) {
  Json out = Json::array();
  for (const TokenReport& t : tokens) {
    Json top = Json::array();
    for (const TokenAlternative& alt : t.top) {
      top.push_back({{"token", alt.piece}, {"logprob", alt.logprob}});
    }
    out.push_back({{"token", t.chosen.piece},
                   {"logprob", t.chosen.logprob},
                   {"top_logprobs", std::move(top)}});
  }
  return out;
}

template <typename T>
Json ArrayJson(const std::vector<T>& values, size_t max_items) {
  if (max_items > 0 && values.size() > max_items) return nullptr;
  Json out = Json::array();
  for (const T& v : values) out.push_back(v);
  return out;
}

Json GgufArrayJson(const GgufArray& array, size_t max_items);

Json GgufValueJson(const GgufValue& value, size_t max_items) {
  if (const std::string* s = value.AsString()) return *s;
  if (const bool* b = value.As<bool>()) return *b;
  if (const GgufArray* a = value.AsArray()) return GgufArrayJson(*a, max_items);
  if (value.is_float()) return *value.ToFloat();
  if (std::optional<int64_t> i = value.ToInt()) return *i;
  if (const uint64_t* u = value.As<uint64_t>()) return *u;
  return nullptr;
}

Json GgufArrayJson(const GgufArray& array, size_t max_items) {
  if (max_items > 0 && array.size() > max_items) return nullptr;
  if (const auto* v = array.strings()) return ArrayJson(*v, max_items);
  if (const auto* v = array.As<bool>()) return ArrayJson(*v, max_items);
  if (const auto* v = array.As<GgufArray>()) {
    Json out = Json::array();
    for (const GgufArray& inner : *v) out.push_back(GgufArrayJson(inner, max_items));
    return out;
  }
  Json out = Json::array();
  for (size_t i = 0; i < array.size(); ++i) {
    if (std::optional<int64_t> n = array.IntAt(i)) {
      out.push_back(*n);
    } else if (std::optional<double> f = array.FloatAt(i)) {
      out.push_back(*f);
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

}  // namespace

const char* OllamaDoneReason(ChoiceFinish finish) {
  return finish == ChoiceFinish::kLength ? "length" : "stop";
}

OllamaFormatter::OllamaFormatter(OllamaRoute route, std::string model, bool logprobs)
    : route_(route), model_(std::move(model)), logprobs_(logprobs) {}

Json OllamaFormatter::Base() const {
  return {{"model", model_}, {"created_at", Rfc3339Time(std::chrono::system_clock::now())}};
}

Json OllamaFormatter::Output(const std::string& text, const std::string& thinking,
                             const std::vector<ToolCall>& tool_calls) const {
  Json out = Base();
  if (route_ == OllamaRoute::kGenerate) {
    out["response"] = text;
    if (!thinking.empty()) out["thinking"] = thinking;
    return out;
  }
  Json message = {{"role", "assistant"}, {"content", text}};
  if (!thinking.empty()) message["thinking"] = thinking;
  if (!tool_calls.empty()) message["tool_calls"] = ToolCallsJson(tool_calls);
  out["message"] = std::move(message);
  return out;
}

Json OllamaFormatter::Partial(const OutputDelta& delta, const std::vector<ToolCall>& tool_calls,
                              const std::vector<TokenReport>& tokens) const {
  Json out = Output(delta.content, delta.reasoning, tool_calls);
  out["done"] = false;
  if (logprobs_) out["logprobs"] = LogprobsJson(tokens);
  return out;
}

Json OllamaFormatter::Done(const ChoiceOutcome& outcome, const GenerationFigures& f) const {
  Json out = Output(outcome.content, outcome.reasoning, outcome.tool_calls);
  if (logprobs_ && !outcome.tokens.empty()) out["logprobs"] = LogprobsJson(outcome.tokens);
  out["done"] = true;
  out["done_reason"] = OllamaDoneReason(outcome.end.finish);
  out["total_duration"] = Nanoseconds(f.total_time);
  out["load_duration"] = Nanoseconds(f.load_time);
  out["prompt_eval_count"] = f.prompt_tokens;
  out["prompt_eval_duration"] = Nanoseconds(f.prompt_time);
  out["eval_count"] = f.generated_tokens;
  out["eval_duration"] = Nanoseconds(f.generation_time);
  return out;
}

Json OllamaFormatter::LoadOnly(const char* done_reason) const {
  Json out = Output("", "", {});
  out["done"] = true;
  out["done_reason"] = done_reason;
  return out;
}

Result<Json> OllamaModelDetails(const std::string& gguf_path) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(gguf_path));
  HEARTH_ASSIGN_OR_RETURN(ModelSummary summary, SummarizeModel(file));
  const std::string parameter_size =
      summary.size_label.empty() ? FormatCount(summary.parameter_count) : summary.size_label;
  return Json{{"parent_model", ""},
              {"format", "gguf"},
              {"family", summary.architecture},
              {"families", Json::array({summary.architecture})},
              {"parameter_size", parameter_size},
              {"quantization_level", summary.file_type}};
}

Result<Json> OllamaModelInfo(const std::string& gguf_path, size_t max_array_items) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(gguf_path));
  Json info = Json::object();
  for (const GgufKeyValue& kv : file.metadata().entries()) {
    info[kv.key] = GgufValueJson(kv.value, max_array_items);
  }
  return info;
}

}  // namespace hearth::server
