// Grammar-constrained output and tool calls through the API (the default hooks: src/grammar
// and src/chat): JSON mode parses, a JSON schema validates, a forced tool call round-trips.
#include <gtest/gtest.h>

#include "server/native/tool_call_planner.h"
#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

class StructuredOutputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options = TestServerOptions();
    options.engine.n_ctx = 512;
    // The default planner, except that the system prompt describing the tools (~470 tokens
    // with this model's 512-token vocabulary) is left out, so a call fits in the context.
    options.hooks.plan_chat = [](const ChatPlanInput& input) -> Result<ChatPlan> {
      Result<ChatPlan> plan = ToolCallChatPlan(input);
      if (plan.ok()) plan->messages = input.messages;
      return plan;
    };
    server_ = new TestServer(std::move(options));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Chat(const std::string& content) {
    return {{"model", kModel},
            {"messages", {{{"role", "user"}, {"content", content}}}},
            {"max_tokens", 200},
            {"temperature", 0.7},
            {"seed", 5}};
  }
  static Json Tools() {
    return Json::parse(R"([{"type": "function", "function": {"name": "get_weather",
      "description": "Weather in a city", "parameters": {"type": "object",
      "properties": {"city": {"type": "string", "maxLength": 16}}, "required": ["city"]}}}])");
  }

  static TestServer* server_;
};

TestServer* StructuredOutputTest::server_ = nullptr;

TEST_F(StructuredOutputTest, JsonSchemaOutputValidates) {
  Json request = Chat("A person:");
  request["response_format"] = {
      {"type", "json_schema"},
      {"json_schema",
       {{"name", "person"},
        {"schema", Json::parse(R"({"type": "object", "properties": {
           "name": {"type": "string", "maxLength": 20}, "age": {"type": "integer"}},
           "required": ["name", "age"], "additionalProperties": false})")}}}};
  const HttpReply r = server_->Post("/v1/chat/completions", request);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json value = Json::parse(r.json()["choices"][0]["message"]["content"].get<std::string>());
  EXPECT_TRUE(value["name"].is_string());
  EXPECT_TRUE(value["age"].is_number_integer());
  EXPECT_EQ(value.size(), 2u);
}

TEST_F(StructuredOutputTest, OllamaFormatSchemaOutputValidates) {
  const Json request = {{"model", kModel},
                        {"prompt", "A pet:"},
                        {"stream", false},
                        {"format", Json::parse(R"({"type": "object", "properties": {
                           "kind": {"enum": ["cat", "dog"]}, "legs": {"type": "integer",
                           "minimum": 0, "maximum": 8}}, "required": ["kind", "legs"]})")},
                        {"options", {{"temperature", 0.7}, {"seed", 2}, {"num_predict", 100}}}};
  const HttpReply r = server_->Post("/api/generate", request);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json value = Json::parse(r.json()["response"].get<std::string>());
  EXPECT_TRUE(value["kind"] == "cat" || value["kind"] == "dog") << value.dump();
  EXPECT_LE(value["legs"].get<int>(), 8);
}

TEST_F(StructuredOutputTest, JsonModeStartsAnObject) {
  Json request = Chat("A person:");
  request["max_tokens"] = 40;
  request["response_format"] = {{"type", "json_object"}};
  const HttpReply r = server_->Post("/v1/chat/completions", request);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string content = r.json()["choices"][0]["message"]["content"];
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content.front(), '{') << content;
}

TEST_F(StructuredOutputTest, ARequiredToolCallRoundTrips) {
  Json request = Chat("What is the weather in Paris?");
  request["tools"] = Tools();
  request["tool_choice"] = "required";
  request["parallel_tool_calls"] = false;
  request["temperature"] = 0;
  const HttpReply first = server_->Post("/v1/chat/completions", request);
  ASSERT_EQ(first.status, 200) << first.body;
  const Json choice = first.json()["choices"][0];
  ASSERT_EQ(choice["finish_reason"], "tool_calls") << first.body;
  const Json call = choice["message"]["tool_calls"][0];
  EXPECT_EQ(call["type"], "function");
  EXPECT_EQ(call["function"]["name"], "get_weather");
  const Json arguments = Json::parse(call["function"]["arguments"].get<std::string>());
  EXPECT_TRUE(arguments["city"].is_string());
  EXPECT_FALSE(call["id"].get<std::string>().empty());

  // Streamed: the same call as tool_calls deltas.
  request["stream"] = true;
  std::string name, args, finish;
  for (const Json& event : SseEvents(server_->Post("/v1/chat/completions", request).body)) {
    for (const Json& c : event["choices"]) {
      for (const Json& t : c["delta"].value("tool_calls", Json::array())) {
        name += t["function"].value("name", "");
        args += t["function"].value("arguments", "");
      }
      if (!c["finish_reason"].is_null()) finish = c["finish_reason"];
    }
  }
  EXPECT_EQ(name, "get_weather");
  EXPECT_EQ(Json::parse(args), arguments);
  EXPECT_EQ(finish, "tool_calls");

  // The result goes back; the model answers in text.
  Json answer = Chat("What is the weather in Paris?");
  answer["tools"] = Tools();
  answer["max_tokens"] = 16;
  answer["messages"].push_back(choice["message"]);
  answer["messages"].push_back(
      {{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "{\"celsius\": 21}"}});
  const HttpReply second = server_->Post("/v1/chat/completions", answer);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(second.json()["choices"][0]["message"]["content"].is_string());
}

TEST_F(StructuredOutputTest, OllamaChatReturnsToolCallsAsObjects) {
  const Json request = {{"model", kModel},
                        {"messages", {{{"role", "user"}, {"content", "Weather in Rome?"}}}},
                        {"tools", Tools()},
                        {"stream", false},
                        {"options", {{"temperature", 0}, {"num_predict", 100}}}};
  const HttpReply r = server_->Post("/api/chat", request);
  ASSERT_EQ(r.status, 200) << r.body;
  // Not forced (Ollama has no tool_choice): the answer is text or calls, well formed either way.
  const Json body = r.json();
  const Json& message = body["message"];
  EXPECT_TRUE(message["content"].is_string());
  for (const Json& call : message.value("tool_calls", Json::array())) {
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_TRUE(call["function"]["arguments"].is_object());
  }
}

}  // namespace
}  // namespace hearth::server::testing
