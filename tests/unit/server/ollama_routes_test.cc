// The Ollama routes over HTTP: generate and chat (NDJSON and whole), statistics, model loading
// and keep_alive, and the model-management routes.
#include <gtest/gtest.h>

#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

class OllamaRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Generate(const std::string& prompt, bool stream) {
    return {{"model", kModel},
            {"prompt", prompt},
            {"stream", stream},
            {"options", {{"temperature", 0}, {"num_predict", 12}}}};
  }
  static Json Chat(bool stream) {
    return {{"model", kModel},
            {"messages", {{{"role", "user"}, {"content", "Tell me a story"}}}},
            {"stream", stream},
            {"options", {{"temperature", 0}, {"num_predict", 10}}}};
  }

  static TestServer* server_;
};

TestServer* OllamaRoutesTest::server_ = nullptr;

TEST_F(OllamaRoutesTest, GenerateReportsCountsAndDurations) {
  const HttpReply r = server_->Post("/api/generate", Generate("Once upon a time", false));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = r.json();
  EXPECT_EQ(j["model"], kModel);
  EXPECT_EQ(j["done"], true);
  EXPECT_EQ(j["done_reason"], "length");
  EXPECT_FALSE(j["response"].get<std::string>().empty());
  EXPECT_EQ(j["eval_count"], 12);
  EXPECT_GT(j["prompt_eval_count"].get<int>(), 0);
  EXPECT_GT(j["total_duration"].get<int64_t>(), 0);
  EXPECT_GT(j["eval_duration"].get<int64_t>(), 0);
  EXPECT_GE(j["total_duration"].get<int64_t>(), j["eval_duration"].get<int64_t>());
  EXPECT_TRUE(j["load_duration"].is_number());
  EXPECT_TRUE(j["prompt_eval_duration"].is_number());
  EXPECT_EQ(j["created_at"].get<std::string>().back(), 'Z');
}

TEST_F(OllamaRoutesTest, StreamedGenerateIsNdjsonEqualToTheWholeAnswer) {
  const Json whole = server_->Post("/api/generate", Generate("The little dog", false)).json();
  const HttpReply r = server_->Post("/api/generate", Generate("The little dog", true));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/x-ndjson");
  const std::vector<Json> lines = NdjsonLines(r.body);
  ASSERT_GE(lines.size(), 2u);
  std::string text;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["done"], false);
    text += lines[i]["response"].get<std::string>();
  }
  EXPECT_EQ(text, whole["response"]);
  EXPECT_EQ(lines.back()["done"], true);
  EXPECT_EQ(lines.back()["eval_count"], whole["eval_count"]);
  EXPECT_EQ(lines.back()["done_reason"], whole["done_reason"]);
}

TEST_F(OllamaRoutesTest, RawGenerateSkipsTheTemplate) {
  Json request = Generate("Once upon a time", false);
  request["raw"] = true;
  const Json j = server_->Post("/api/generate", request).json();
  EXPECT_EQ(j["prompt_eval_count"], 5);  // BOS + 4 tokens, no chat template around it
}

TEST_F(OllamaRoutesTest, ChatStreamedAndNot) {
  const Json whole = server_->Post("/api/chat", Chat(false)).json();
  EXPECT_EQ(whole["message"]["role"], "assistant");
  EXPECT_EQ(whole["done"], true);
  EXPECT_EQ(whole["eval_count"], 10);
  std::string text;
  const std::vector<Json> lines = NdjsonLines(server_->Post("/api/chat", Chat(true)).body);
  ASSERT_FALSE(lines.empty());
  for (const Json& line : lines) text += line["message"]["content"].get<std::string>();
  EXPECT_EQ(text, whole["message"]["content"]);
  EXPECT_EQ(lines.back()["done"], true);
}

TEST_F(OllamaRoutesTest, StopSequencesAreHonouredAndNotShown) {
  const std::string full = server_->Post("/api/generate", Generate("Once upon a time", false))
                               .json()["response"];
  ASSERT_GT(full.size(), 8u);
  Json request = Generate("Once upon a time", false);
  request["options"]["stop"] = {full.substr(4, 3)};
  const Json j = server_->Post("/api/generate", request).json();
  EXPECT_EQ(j["response"], full.substr(0, full.find(full.substr(4, 3))));
  EXPECT_EQ(j["done_reason"], "stop");
}

TEST_F(OllamaRoutesTest, AnEmptyPromptLoadsAndKeepAliveZeroUnloads) {
  Json load = {{"model", kModel}, {"prompt", ""}};
  const Json loaded = server_->Post("/api/generate", load).json();
  EXPECT_EQ(loaded["done_reason"], "load");
  EXPECT_EQ(server_->Get("/api/ps").json()["models"].size(), 1u);
  load["keep_alive"] = 0;
  EXPECT_EQ(server_->Post("/api/generate", load).json()["done_reason"], "unload");
  EXPECT_TRUE(server_->Get("/api/ps").json()["models"].empty());
  // keep_alive 0 on a generation unloads the model once it is answered.
  Json request = Generate("Hi", false);
  request["keep_alive"] = "0s";
  EXPECT_EQ(server_->Post("/api/generate", request).status, 200);
  EXPECT_TRUE(server_->Get("/api/ps").json()["models"].empty());
  EXPECT_EQ(server_->Post("/api/chat", {{"model", kModel}, {"messages", Json::array()}})
                .json()["done_reason"],
            "load");
}

TEST_F(OllamaRoutesTest, TagsPsShowAndVersion) {
  server_->Post("/api/generate", Generate("Hi", false));
  const Json tags = server_->Get("/api/tags").json();
  bool listed = false;
  for (const Json& m : tags["models"]) {
    if (m["name"] != kModel) continue;
    listed = true;
    EXPECT_EQ(m["details"]["family"], "llama");
    EXPECT_EQ(m["details"]["format"], "gguf");
    EXPECT_GT(m["size"].get<int64_t>(), 0);
  }
  EXPECT_TRUE(listed) << tags.dump();
  const Json ps = server_->Get("/api/ps").json();
  ASSERT_EQ(ps["models"].size(), 1u);
  EXPECT_EQ(ps["models"][0]["name"], kModel);
  EXPECT_EQ(ps["models"][0]["context_length"], 256);
  EXPECT_GT(ps["models"][0]["size"].get<int64_t>(), 0);
  const HttpReply show = server_->Post("/api/show", {{"model", std::string(kModel) + ":latest"}});
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(show.json()["details"]["family"], "llama");
  EXPECT_EQ(show.json()["model_info"]["general.architecture"], "llama");
  EXPECT_TRUE(show.json()["model_info"]["tokenizer.ggml.tokens"].is_null());  // not verbose
  EXPECT_EQ(server_->Post("/api/show", {{"model", "nothing"}}).status, 404);
  EXPECT_EQ(server_->Get("/api/version").json()["version"], "test");
}

TEST_F(OllamaRoutesTest, CopyMakesANameAndDeleteRemovesOnlyCopies) {
  ASSERT_EQ(server_->Post("/api/copy", {{"source", kModel}, {"destination", "story-copy"}}).status,
            200);
  Json request = Generate("Hi", false);
  request["model"] = "story-copy";
  EXPECT_EQ(server_->Post("/api/generate", request).status, 200);
  EXPECT_EQ(server_->Delete("/api/delete", {{"model", "story-copy"}}).status, 200);
  EXPECT_EQ(server_->Post("/api/generate", request).status, 404);
  const HttpReply file = server_->Delete("/api/delete", {{"model", kModel}});
  EXPECT_EQ(file.status, 501);
  EXPECT_NE(file.json()["error"].get<std::string>().find("does not delete model files"),
            std::string::npos);
  EXPECT_EQ(server_->Delete("/api/delete", {{"model", "nothing"}}).status, 404);
}

TEST_F(OllamaRoutesTest, BadOptionsAndFormatsAreRefused) {
  Json request = Generate("Hi", false);
  request["options"]["top_p"] = 3;
  const HttpReply r = server_->Post("/api/generate", request);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.json()["error"].get<std::string>().find("options.top_p"), std::string::npos);
  request = Generate("Hi", false);
  request["keep_alive"] = "soon";
  EXPECT_EQ(server_->Post("/api/generate", request).status, 400);
  request = Generate("Hi", false);
  request["format"] = 12;
  EXPECT_EQ(server_->Post("/api/generate", request).status, 400);
}

}  // namespace
}  // namespace hearth::server::testing
