// Bad requests get clear errors with the right status in each API's shape; limits (API key,
// body size, context) are enforced and told.
#include <gtest/gtest.h>

#include <string>

#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

constexpr const char* kKey = "test-secret";

class ErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options = TestServerOptions();
    options.http.api_keys = {kKey};
    options.http.max_body_bytes = 64 * 1024;
    server_ = new TestServer(std::move(options));
    server_->set_auth({{"Authorization", std::string("Bearer ") + kKey}});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Chat() {
    return {{"model", kModel}, {"messages", {{{"role", "user"}, {"content", "Hi"}}}},
            {"max_tokens", 2}};
  }

  static TestServer* server_;
};

TestServer* ErrorsTest::server_ = nullptr;

void ExpectOpenAiError(const HttpReply& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  const Json j = r.json();
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_EQ(j["error"]["type"], type);
  EXPECT_TRUE(j["error"].contains("param"));
  EXPECT_TRUE(j["error"].contains("code"));
}

TEST_F(ErrorsTest, UnknownModelIs404InBothShapes) {
  Json request = Chat();
  request["model"] = "no-such-model";
  const HttpReply openai = server_->Post("/v1/chat/completions", request);
  ExpectOpenAiError(openai, 404, "invalid_request_error");
  EXPECT_EQ(openai.json()["error"]["code"], "model_not_found");
  const HttpReply ollama =
      server_->Post("/api/generate", {{"model", "no-such-model"}, {"prompt", "x"}});
  EXPECT_EQ(ollama.status, 404);
  EXPECT_NE(ollama.json()["error"].get<std::string>().find("no-such-model"), std::string::npos);
}

TEST_F(ErrorsTest, BadJsonAndBadFieldsAre400NamingThem) {
  const HttpReply bad = server_->PostRaw("/v1/chat/completions", "{\"model\": ");
  ExpectOpenAiError(bad, 400, "invalid_request_error");
  EXPECT_NE(bad.json()["error"]["message"].get<std::string>().find("invalid JSON at byte"),
            std::string::npos);
  Json request = Chat();
  request["temperature"] = "hot";
  const HttpReply wrong_type = server_->Post("/v1/chat/completions", request);
  ExpectOpenAiError(wrong_type, 400, "invalid_request_error");
  EXPECT_EQ(wrong_type.json()["error"]["param"], "temperature");
  request = Chat();
  request["messages"][0]["role"] = "robot";
  EXPECT_NE(server_->Post("/v1/chat/completions", request).body.find("messages[0].role"),
            std::string::npos);
  const HttpReply ollama = server_->PostRaw("/api/chat", "[1, 2");
  EXPECT_EQ(ollama.status, 400);
  EXPECT_TRUE(ollama.json()["error"].is_string());
}

TEST_F(ErrorsTest, APromptLongerThanTheContextIs400WithTheNumbers) {
  std::string prompt;
  for (int i = 0; i < 100; ++i) prompt += "once upon a time ";
  const HttpReply r = server_->Post(
      "/v1/completions", {{"model", kModel}, {"prompt", prompt}, {"max_tokens", 2}});
  ExpectOpenAiError(r, 400, "invalid_request_error");
  const std::string message = r.json()["error"]["message"];
  EXPECT_NE(message.find(" tokens"), std::string::npos) << message;
  EXPECT_NE(message.find("256"), std::string::npos) << message;  // the context
  EXPECT_EQ(r.json()["error"]["code"], "context_length_exceeded");
}

TEST_F(ErrorsTest, AMissingOrWrongKeyIs401ButHealthAndRootArePublic) {
  ExpectOpenAiError(server_->Get("/v1/models", {{"Authorization", "Bearer wrong"}}), 401,
                    "authentication_error");
  TestServer& s = *server_;
  httplib::Client anonymous("127.0.0.1", s.port());
  auto r = anonymous.Get("/v1/models");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = anonymous.Get("/api/tags");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_TRUE(Json::parse(r->body)["error"].is_string());
  r = anonymous.Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = anonymous.Get("/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Json::parse(r->body)["status"], "ok");
  r = anonymous.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "Hearth is running");
  r = anonymous.Head("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ErrorsTest, ABodyOverTheLimitIs413) {
  Json request = Chat();
  request["messages"][0]["content"] = std::string(100 * 1024, 'a');
  const HttpReply r = server_->Post("/v1/chat/completions", request);
  ExpectOpenAiError(r, 413, "invalid_request_error");
  EXPECT_EQ(server_->Post("/api/chat", request).status, 413);
}

TEST_F(ErrorsTest, UnknownRoutesAre404InJson) {
  ExpectOpenAiError(server_->Get("/v1/nothing"), 404, "invalid_request_error");
  const HttpReply ollama = server_->Get("/api/nothing");
  EXPECT_EQ(ollama.status, 404);
  EXPECT_TRUE(ollama.json()["error"].is_string());
}

TEST_F(ErrorsTest, UnsupportedOrMalformedFeaturesAreRefusedClearly) {
  Json request = Chat();
  request["tools"] = {{{"type", "function"}, {"function", {{"description", "no name"}}}}};
  const HttpReply tools = server_->Post("/v1/chat/completions", request);
  EXPECT_EQ(tools.status, 400) << tools.body;
  EXPECT_NE(tools.body.find("tools[0]"), std::string::npos) << tools.body;
  request["tools"] = {{{"type", "function"}, {"function", {{"name", "f"}}}}};
  request["tool_choice"] = {{"type", "function"}, {"function", {{"name", "g"}}}};
  EXPECT_EQ(server_->Post("/v1/chat/completions", request).status, 400);
  request = Chat();
  request["response_format"] = {
      {"type", "json_schema"},
      {"json_schema", {{"name", "x"}, {"schema", {{"type", "string"}, {"pattern", "a+"}}}}}};
  const HttpReply schema = server_->Post("/v1/chat/completions", request);
  EXPECT_EQ(schema.status, 400) << schema.body;
  EXPECT_NE(schema.body.find("pattern"), std::string::npos) << schema.body;
  request = Chat();
  request["messages"][0]["content"] = {{{"type", "image_url"}, {"image_url", {{"url", "x"}}}}};
  EXPECT_EQ(server_->Post("/v1/chat/completions", request).status, 400);
  request = Chat();
  request["n"] = 100;
  EXPECT_EQ(server_->Post("/v1/chat/completions", request).json()["error"]["param"], "n");
}

}  // namespace
}  // namespace hearth::server::testing
