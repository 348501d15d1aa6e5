// OpenAI and Ollama JSON -> NativeRequest, and the conversation normalization both share.
#include <gtest/gtest.h>

#include <cmath>

#include "server/native/chat_messages.h"
#include "server/ollama/ollama_request.h"
#include "server/openai/openai_request.h"

namespace hearth::server {
namespace {

TEST(OpenAiRequestTest, ChatFieldsBecomeTheNativeRequest) {
  const Json body = Json::parse(R"({
    "model": "m", "messages": [{"role": "user", "content": "hi"}],
    "max_completion_tokens": 7, "temperature": 0.5, "top_p": 0.9, "seed": 42,
    "stop": "END", "presence_penalty": 0.5, "frequency_penalty": -0.5,
    "logit_bias": {"13": 2.5, "14": -100}, "n": 2, "logprobs": true, "top_logprobs": 3,
    "stream": true, "stream_options": {"include_usage": true},
    "top_k": 5, "min_p": 0.1, "repeat_penalty": 1.2, "user": "ignored"})");
  OpenAiRequest r;
  ASSERT_FALSE(ParseChatCompletionRequest(body, r).has_value());
  const NativeRequest& n = r.native;
  EXPECT_EQ(n.model, "m");
  EXPECT_EQ(n.prompt_kind, NativeRequest::PromptKind::kChat);
  EXPECT_EQ(n.messages.size(), 1u);
  EXPECT_EQ(n.max_tokens, 7);
  EXPECT_FLOAT_EQ(n.sampling.temperature, 0.5f);
  EXPECT_FLOAT_EQ(n.sampling.top_p, 0.9f);
  EXPECT_EQ(n.sampling.seed, 42u);
  EXPECT_EQ(n.stop, std::vector<std::string>{"END"});
  EXPECT_FLOAT_EQ(n.sampling.frequency_penalty, -0.5f);
  ASSERT_EQ(n.sampling.logit_bias.size(), 2u);
  EXPECT_EQ(n.sampling.logit_bias[0], std::make_pair(13, 2.5f));
  EXPECT_TRUE(std::isinf(n.sampling.logit_bias[1].second));  // -100 bans
  EXPECT_EQ(n.n, 2);
  EXPECT_EQ(n.top_logprobs, 3);
  EXPECT_TRUE(r.stream);
  EXPECT_TRUE(r.include_usage);
  EXPECT_EQ(n.sampling.top_k, 5);
  EXPECT_FLOAT_EQ(n.sampling.min_p, 0.1f);
  EXPECT_FLOAT_EQ(n.sampling.repeat_penalty, 1.2f);
}

TEST(OpenAiRequestTest, BadFieldsAreNamed) {
  const auto error = [](const char* text) {
    OpenAiRequest r;
    std::optional<ApiError> e = ParseChatCompletionRequest(Json::parse(text), r);
    return e ? e->param + ": " + e->message : std::string("ok");
  };
  EXPECT_EQ(error(R"({"messages": []})"), "model: field 'model' is required");
  EXPECT_EQ(error(R"({"model": "m"})"), "messages: field 'messages' is required");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "top_p": 2})"),
            "top_p: field 'top_p' is 2, outside [0, 1]");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "max_tokens": 0})"),
            "max_tokens: field 'max_tokens' is 0, outside [1, 2147483647]");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "stop": [1]})"),
            "stop: field 'stop' must be a string or a list of strings, not number");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "logit_bias": {"x": 1}})"),
            "logit_bias: field 'logit_bias' has the key 'x', which is not a token id");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "top_logprobs": 2})"),
            "top_logprobs: field 'top_logprobs' needs \"logprobs\": true");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "response_format": {"type": "xml"}})"),
            "response_format.type: field 'response_format.type' is 'xml'; expected text, "
            "json_object or json_schema");
  EXPECT_EQ(error(R"({"model": "m", "messages": [], "temperature": null})"), "ok");
}

TEST(OpenAiRequestTest, CompletionPrompts) {
  OpenAiRequest r;
  ASSERT_FALSE(ParseCompletionRequest(Json::parse(R"({"model": "m", "prompt": ["hi"],
      "logprobs": 2, "response_format": {"type": "json_schema",
      "json_schema": {"name": "p", "schema": {"type": "object"}}}})"), r));
  EXPECT_EQ(r.native.prompt_kind, NativeRequest::PromptKind::kText);
  EXPECT_EQ(r.native.text, "hi");
  EXPECT_EQ(r.native.top_logprobs, 2);
  EXPECT_EQ(r.native.response_format.kind, ResponseFormat::Kind::kJsonSchema);
  EXPECT_EQ(r.native.response_format.schema, Json::parse(R"({"type": "object"})"));
  OpenAiRequest tokens;
  ASSERT_FALSE(ParseCompletionRequest(Json::parse(R"({"model": "m", "prompt": [1, 2, 3]})"),
                                      tokens));
  EXPECT_EQ(tokens.native.tokens, (std::vector<int32_t>{1, 2, 3}));
  OpenAiRequest many;
  EXPECT_TRUE(ParseCompletionRequest(Json::parse(R"({"model": "m", "prompt": ["a", "b"]})"), many));
  OpenAiRequest echo;
  EXPECT_TRUE(ParseCompletionRequest(Json::parse(R"({"model": "m", "prompt": "a", "echo": true})"),
                                     echo));
}

TEST(OllamaRequestTest, GenerateOptionsFormatAndKeepAlive) {
  OllamaRequest r;
  ASSERT_FALSE(ParseGenerateRequest(Json::parse(R"({"model": "m", "prompt": "hi",
      "system": "be brief", "format": "json", "keep_alive": "10m", "stream": false,
      "options": {"temperature": 0, "num_predict": 9, "stop": ["x"], "seed": 3, "top_k": 2,
                  "num_ctx": 8192, "mirostat": 0}})"), r));
  const NativeRequest& n = r.native;
  EXPECT_FALSE(r.stream);
  EXPECT_FALSE(r.load_only);
  EXPECT_EQ(n.prompt_kind, NativeRequest::PromptKind::kChat);
  ASSERT_EQ(n.messages.size(), 2u);
  EXPECT_EQ(n.messages[0]["role"], "system");
  EXPECT_EQ(n.messages[1]["content"], "hi");
  EXPECT_EQ(n.response_format.kind, ResponseFormat::Kind::kJsonObject);
  EXPECT_EQ(n.keep_alive, std::chrono::milliseconds(600000));
  EXPECT_EQ(n.max_tokens, 9);
  EXPECT_EQ(n.stop, std::vector<std::string>{"x"});
  EXPECT_EQ(n.sampling.seed, 3u);
  EXPECT_EQ(n.sampling.top_k, 2);
  OllamaRequest raw;
  ASSERT_FALSE(ParseGenerateRequest(
      Json::parse(R"({"model": "m", "prompt": "hi", "raw": true, "keep_alive": -1,
                      "options": {"num_predict": -2}})"), raw));
  EXPECT_EQ(raw.native.prompt_kind, NativeRequest::PromptKind::kText);
  EXPECT_LT(raw.native.keep_alive->count(), 0);
  EXPECT_EQ(raw.native.max_tokens, -1);
  OllamaRequest load;
  ASSERT_FALSE(ParseGenerateRequest(Json::parse(R"({"model": "m"})"), load));
  EXPECT_TRUE(load.load_only);
  EXPECT_TRUE(load.stream);
}

TEST(OllamaRequestTest, ChatAndErrors) {
  OllamaRequest r;
  ASSERT_FALSE(ParseChatRequest(Json::parse(R"({"model": "m",
      "messages": [{"role": "user", "content": "hi"}], "format": {"type": "object"}})"), r));
  EXPECT_EQ(r.native.response_format.kind, ResponseFormat::Kind::kJsonSchema);
  EXPECT_FALSE(r.load_only);
  const auto error = [](const char* text) {
    OllamaRequest request;
    std::optional<ApiError> e = ParseGenerateRequest(Json::parse(text), request);
    return e ? e->message : std::string("ok");
  };
  EXPECT_EQ(error(R"({"model": "m", "options": {"temperature": "x"}})"),
            "field 'options.temperature' must be a number, not string");
  EXPECT_EQ(error(R"({"model": "m", "images": ["aGk="]})"),
            "field 'images' are not supported (no vision models yet)");
  EXPECT_EQ(error(R"({"prompt": "x"})"), "model is required");
}

TEST(ChatMessagesTest, ContentPartsNullsAndToolCallArguments) {
  const Json messages = Json::parse(R"([
    {"role": "developer", "content": "rules"},
    {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
    {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
      "function": {"name": "f", "arguments": "{\"x\": 1}"}}]},
    {"role": "tool", "tool_call_id": "c1", "content": "42"}])");
  const Result<Json> out = NormalizeChatMessages(messages);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0]["role"], "system");
  EXPECT_EQ((*out)[1]["content"], "a\nb");
  EXPECT_EQ((*out)[2]["content"], "");
  EXPECT_EQ((*out)[2]["tool_calls"][0]["function"]["arguments"], Json::parse(R"({"x": 1})"));
  EXPECT_EQ((*out)[3]["tool_call_id"], "c1");
}

TEST(ChatMessagesTest, ProblemsNameTheMessage) {
  const auto message = [](const char* text) {
    return NormalizeChatMessages(Json::parse(text)).status().message();
  };
  EXPECT_EQ(message("[]"), "messages must not be empty");
  EXPECT_EQ(message(R"([{"content": "x"}])"), "messages[0].role must be a string");
  EXPECT_EQ(message(R"([{"role": "user", "content": 3}])"),
            "messages[0].content must be a string or an array of text parts, not number");
  EXPECT_EQ(message(R"([{"role": "user", "content": [{"type": "image_url"}]}])"),
            "messages[0].content[0] has type 'image_url'; only text content parts are supported");
}

}  // namespace
}  // namespace hearth::server
