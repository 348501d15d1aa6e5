#include "server/openai/openai_format.h"

#include <random>

namespace hearth::server {
namespace {

std::string RandomId(const std::string& prefix) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string id = prefix;
  for (int i = 0; i < 24; ++i) id += kAlphabet[device() % (sizeof(kAlphabet) - 1)];
  return id;
}

Json Bytes(const std::string& piece) {
  Json bytes = Json::array();
  for (unsigned char c : piece) bytes.push_back(int(c));
  return bytes;
}

Json TokenLogprobJson(const TokenAlternative& t) {
  return {{"token", t.piece}, {"logprob", t.logprob}, {"bytes", Bytes(t.piece)}};
}

// Chat: {"content": [{token, logprob, bytes, top_logprobs: [...]}, ...]}
Json ChatLogprobsJson(const std::vector<TokenReport>& tokens) {
  Json content = Json::array();
  for (const TokenReport& t : tokens) {
    Json entry = TokenLogprobJson(t.chosen);
    entry["top_logprobs"] = Json::array();
    for (const TokenAlternative& alt : t.top) entry["top_logprobs"].push_back(TokenLogprobJson(alt));
    content.push_back(std::move(entry));
  }
  return {{"content", std::move(content)}};
}

// Completions: {tokens, token_logprobs, top_logprobs: [{piece: logprob}], text_offset}
Json TextLogprobsJson(const std::vector<TokenReport>& tokens, size_t& offset) {
  Json out = {{"tokens", Json::array()},
              {"token_logprobs", Json::array()},
              {"top_logprobs", Json::array()},
              {"text_offset", Json::array()}};
  for (const TokenReport& t : tokens) {
    out["tokens"].push_back(t.chosen.piece);
    out["token_logprobs"].push_back(t.chosen.logprob);
    Json top = Json::object();
    for (const TokenAlternative& alt : t.top) top[alt.piece] = alt.logprob;
    out["top_logprobs"].push_back(std::move(top));
    out["text_offset"].push_back(offset);
    offset += t.chosen.piece.size();
  }
  return out;
}

Json ToolCallJson(const ToolCall& call) {
  return {{"id", call.id},
          {"type", "function"},
          {"function", {{"name", call.name}, {"arguments", call.arguments}}}};
}

// A stream delta: only what the event carries.
Json ChatDeltaJson(const OutputDelta& delta) {
  Json out = Json::object();
  if (!delta.content.empty()) out["content"] = delta.content;
  if (!delta.reasoning.empty()) out["reasoning_content"] = delta.reasoning;
  if (!delta.tool_calls.empty()) {
    Json calls = Json::array();
    for (const ToolCallDelta& d : delta.tool_calls) {
      if (d.invalid) continue;  // a stream cannot take back what it sent
      Json call = {{"index", d.index}};
      if (!d.id.empty()) call["id"] = d.id;
      if (!d.id.empty()) call["type"] = "function";
      Json function = Json::object();
      if (!d.name.empty()) function["name"] = d.name;
      function["arguments"] = d.arguments;
      call["function"] = std::move(function);
      calls.push_back(std::move(call));
    }
    if (!calls.empty()) out["tool_calls"] = std::move(calls);
  }
  return out;
}

Json ChunkChoice(int index, const char* delta_key, Json delta, Json logprobs,
                 const std::optional<ChoiceEnd>& end) {
  return {{"index", index},
          {delta_key, std::move(delta)},
          {"logprobs", std::move(logprobs)},
          {"finish_reason", end ? Json(OpenAiFinishReason(end->finish)) : Json(nullptr)}};
}

}  // namespace

const char* OpenAiFinishReason(ChoiceFinish finish) {
  switch (finish) {
    case ChoiceFinish::kLength:
      return "length";
    case ChoiceFinish::kToolCalls:
      return "tool_calls";
    default:
      return "stop";
  }
}

Json OpenAiUsageJson(const GenerationFigures& f) {
  return {{"prompt_tokens", f.prompt_tokens},
          {"completion_tokens", f.generated_tokens},
          {"total_tokens", f.prompt_tokens + f.generated_tokens},
          {"prompt_tokens_details", {{"cached_tokens", f.cached_tokens}}}};
}

OpenAiFormatter::OpenAiFormatter(std::string id_prefix, std::string model, int64_t created,
                                 bool logprobs)
    : id_(RandomId(id_prefix)), model_(std::move(model)), created_(created), logprobs_(logprobs) {}

Json OpenAiFormatter::Envelope(const char* object, Json choices) const {
  return {{"id", id_},
          {"object", object},
          {"created", created_},
          {"model", model_},
          {"system_fingerprint", "hearth"},
          {"choices", std::move(choices)}};
}

Json OpenAiFormatter::UsageChunk(const GenerationFigures& figures) const {
  Json chunk = Envelope(chunk_object_, Json::array());
  chunk["usage"] = OpenAiUsageJson(figures);
  return chunk;
}

ChatCompletionFormatter::ChatCompletionFormatter(std::string model, int64_t created,
                                                 bool logprobs)
    : OpenAiFormatter("chatcmpl-", std::move(model), created, logprobs) {
  chunk_object_ = "chat.completion.chunk";
}

Json ChatCompletionFormatter::Response(const std::vector<ChoiceOutcome>& outcomes,
                                       const GenerationFigures& figures) const {
  Json choices = Json::array();
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const ChoiceOutcome& o = outcomes[i];
    Json message = {{"role", "assistant"}, {"content", o.content}};
    if (!o.reasoning.empty()) message["reasoning_content"] = o.reasoning;
    if (!o.tool_calls.empty()) {
      if (o.content.empty()) message["content"] = nullptr;
      message["tool_calls"] = Json::array();
      for (const ToolCall& call : o.tool_calls) message["tool_calls"].push_back(ToolCallJson(call));
    }
    choices.push_back({{"index", i},
                       {"message", std::move(message)},
                       {"logprobs", logprobs_ ? ChatLogprobsJson(o.tokens) : Json(nullptr)},
                       {"finish_reason", OpenAiFinishReason(o.end.finish)}});
  }
  Json response = Envelope("chat.completion", std::move(choices));
  response["usage"] = OpenAiUsageJson(figures);
  return response;
}

std::vector<Json> ChatCompletionFormatter::OpeningChunks(int n) const {
  std::vector<Json> chunks;
  for (int i = 0; i < n; ++i) {
    Json delta = {{"role", "assistant"}, {"content", ""}};
    chunks.push_back(Envelope(chunk_object_, Json::array({ChunkChoice(i, "delta", std::move(delta),
                                                                      nullptr, std::nullopt)})));
  }
  return chunks;
}

std::vector<Json> ChatCompletionFormatter::EventChunks(const GenerationEvent& event) {
  std::vector<Json> chunks;
  if (!event.delta.empty() || !event.tokens.empty()) {
    Json logprobs = logprobs_ ? ChatLogprobsJson(event.tokens) : Json(nullptr);
    chunks.push_back(Envelope(chunk_object_,
                              Json::array({ChunkChoice(event.choice, "delta",
                                                       ChatDeltaJson(event.delta),
                                                       std::move(logprobs), std::nullopt)})));
  }
  if (event.end) {
    chunks.push_back(Envelope(chunk_object_, Json::array({ChunkChoice(
                                                 event.choice, "delta", Json::object(), nullptr,
                                                 event.end)})));
  }
  return chunks;
}

TextCompletionFormatter::TextCompletionFormatter(std::string model, int64_t created,
                                                 bool logprobs)
    : OpenAiFormatter("cmpl-", std::move(model), created, logprobs) {
  chunk_object_ = "text_completion";
}

Json TextCompletionFormatter::Response(const std::vector<ChoiceOutcome>& outcomes,
                                       const GenerationFigures& figures) const {
  Json choices = Json::array();
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const ChoiceOutcome& o = outcomes[i];
    size_t offset = 0;
    choices.push_back({{"index", i},
                       {"text", o.content},
                       {"logprobs", logprobs_ ? TextLogprobsJson(o.tokens, offset) : Json(nullptr)},
                       {"finish_reason", OpenAiFinishReason(o.end.finish)}});
  }
  Json response = Envelope("text_completion", std::move(choices));
  response["usage"] = OpenAiUsageJson(figures);
  return response;
}

std::vector<Json> TextCompletionFormatter::EventChunks(const GenerationEvent& event) {
  if (text_offsets_.size() <= size_t(event.choice)) text_offsets_.resize(size_t(event.choice) + 1);
  if (event.delta.content.empty() && event.tokens.empty() && !event.end) return {};
  size_t& offset = text_offsets_[size_t(event.choice)];
  Json logprobs = logprobs_ ? TextLogprobsJson(event.tokens, offset) : Json(nullptr);
  return {Envelope(chunk_object_, Json::array({ChunkChoice(event.choice, "text",
                                                           event.delta.content,
                                                           std::move(logprobs), event.end)}))};
}

}  // namespace hearth::server
