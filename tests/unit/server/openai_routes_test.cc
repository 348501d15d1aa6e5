// The OpenAI routes end to end over HTTP against stories260K: responses, streams, usage,
// stop sequences, log-probabilities, n choices and the prompt cache.
#include <gtest/gtest.h>

#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

class OpenAiRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Chat(const std::string& content, int max_tokens) {
    return {{"model", kModel},
            {"messages", {{{"role", "user"}, {"content", content}}}},
            {"max_tokens", max_tokens},
            {"temperature", 0}};
  }
  static Json Completion(const std::string& prompt, int max_tokens) {
    return {{"model", kModel}, {"prompt", prompt}, {"max_tokens", max_tokens}, {"temperature", 0}};
  }
  // The streamed text of each choice and the finish reasons, from SSE events.
  static std::vector<std::string> StreamedTexts(const std::vector<Json>& events, const char* key,
                                                std::vector<std::string>* finishes = nullptr) {
    std::vector<std::string> texts;
    for (const Json& e : events) {
      for (const Json& c : e["choices"]) {
        const size_t i = c["index"].get<size_t>();
        if (texts.size() <= i) texts.resize(i + 1);
        if (finishes && finishes->size() <= i) finishes->resize(i + 1);
        const Json& piece = key == std::string("delta") ? c["delta"].value("content", Json(""))
                                                         : c["text"];
        texts[i] += piece.get<std::string>();
        if (finishes && !c["finish_reason"].is_null()) (*finishes)[i] = c["finish_reason"];
      }
    }
    return texts;
  }

  static TestServer* server_;
};

TestServer* OpenAiRoutesTest::server_ = nullptr;

TEST_F(OpenAiRoutesTest, ChatCompletionHasContentFinishReasonAndUsage) {
  const HttpReply r = server_->Post("/v1/chat/completions", Chat("Once upon a time", 12));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = r.json();
  EXPECT_EQ(j["object"], "chat.completion");
  EXPECT_EQ(j["model"], kModel);
  ASSERT_EQ(j["choices"].size(), 1u);
  EXPECT_EQ(j["choices"][0]["message"]["role"], "assistant");
  EXPECT_FALSE(j["choices"][0]["message"]["content"].get<std::string>().empty());
  EXPECT_EQ(j["choices"][0]["finish_reason"], "length");
  const Json& usage = j["usage"];
  EXPECT_EQ(usage["completion_tokens"], 12);
  EXPECT_GT(usage["prompt_tokens"].get<int>(), 4);
  EXPECT_EQ(usage["total_tokens"].get<int>(),
            usage["prompt_tokens"].get<int>() + usage["completion_tokens"].get<int>());
  EXPECT_TRUE(usage["prompt_tokens_details"]["cached_tokens"].is_number());
}

TEST_F(OpenAiRoutesTest, StreamedChatEqualsTheWholeAnswerAndEndsWithDone) {
  const Json whole = server_->Post("/v1/chat/completions", Chat("Tell me a story", 16)).json();
  Json request = Chat("Tell me a story", 16);
  request["stream"] = true;
  request["stream_options"] = {{"include_usage", true}};
  const HttpReply r = server_->Post("/v1/chat/completions", request);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/event-stream");
  bool done = false;
  const std::vector<Json> events = SseEvents(r.body, &done);
  EXPECT_TRUE(done);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front()["choices"][0]["delta"]["role"], "assistant");
  EXPECT_EQ(events.front()["object"], "chat.completion.chunk");
  std::vector<std::string> finishes;
  EXPECT_EQ(StreamedTexts(events, "delta", &finishes)[0],
            whole["choices"][0]["message"]["content"].get<std::string>());
  EXPECT_EQ(finishes[0], whole["choices"][0]["finish_reason"]);
  const Json& usage_chunk = events.back();
  EXPECT_TRUE(usage_chunk["choices"].empty());
  EXPECT_EQ(usage_chunk["usage"]["completion_tokens"], whole["usage"]["completion_tokens"]);
}

TEST_F(OpenAiRoutesTest, CompletionStopsBeforeAStopSequenceStreamedOrNot) {
  const Json full = server_->Post("/v1/completions", Completion("Once upon a time", 40)).json();
  const std::string text = full["choices"][0]["text"];
  EXPECT_EQ(full["object"], "text_completion");
  EXPECT_EQ(full["choices"][0]["finish_reason"], "length");
  ASSERT_GT(text.size(), 16u);
  const std::string stop = text.substr(9, 4);  // likely spans a token boundary
  Json request = Completion("Once upon a time", 40);
  request["stop"] = {stop, "never appears"};
  const Json stopped = server_->Post("/v1/completions", request).json();
  EXPECT_EQ(stopped["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(stopped["choices"][0]["text"], text.substr(0, text.find(stop)));
  request["stop"] = stop;
  request["stream"] = true;
  bool done = false;
  std::vector<std::string> finishes;
  const std::vector<Json> events = SseEvents(server_->Post("/v1/completions", request).body, &done);
  EXPECT_TRUE(done);
  EXPECT_EQ(StreamedTexts(events, "text", &finishes)[0], stopped["choices"][0]["text"]);
  EXPECT_EQ(finishes[0], "stop");
}

TEST_F(OpenAiRoutesTest, ARepeatedPromptReportsCachedTokens) {
  const Json request = Chat("The little dog ran to the big red barn and", 4);
  server_->Post("/v1/chat/completions", request);
  const Json again = server_->Post("/v1/chat/completions", request).json();
  const int prompt = again["usage"]["prompt_tokens"];
  EXPECT_EQ(again["usage"]["prompt_tokens_details"]["cached_tokens"], prompt - 1);
}

TEST_F(OpenAiRoutesTest, ChatLogprobsHaveTopAlternatives) {
  Json request = Chat("Once upon a time", 5);
  request["logprobs"] = true;
  request["top_logprobs"] = 3;
  const Json j = server_->Post("/v1/chat/completions", request).json();
  const Json& content = j["choices"][0]["logprobs"]["content"];
  ASSERT_EQ(content.size(), 5u);
  for (const Json& entry : content) {
    EXPECT_TRUE(entry["token"].is_string());
    EXPECT_LE(entry["logprob"].get<double>(), 0.0);
    ASSERT_EQ(entry["top_logprobs"].size(), 3u);
    EXPECT_EQ(entry["top_logprobs"][0]["token"], entry["token"]);  // greedy: the best
    EXPECT_TRUE(entry["bytes"].is_array());
  }
}

TEST_F(OpenAiRoutesTest, CompletionLogprobsUseTheLegacyShape) {
  Json request = Completion("Once upon a time", 4);
  request["logprobs"] = 2;
  const Json j = server_->Post("/v1/completions", request).json();
  const Json& logprobs = j["choices"][0]["logprobs"];
  ASSERT_EQ(logprobs["tokens"].size(), 4u);
  EXPECT_EQ(logprobs["token_logprobs"].size(), 4u);
  EXPECT_EQ(logprobs["top_logprobs"][0].size(), 2u);
  EXPECT_EQ(logprobs["text_offset"][0], 0);
}

TEST_F(OpenAiRoutesTest, TwoChoicesAreIndexedStreamedOrNot) {
  Json request = Chat("Once upon a time", 8);
  request["n"] = 2;
  request["temperature"] = 0.9;
  request["seed"] = 7;
  const Json j = server_->Post("/v1/chat/completions", request).json();
  ASSERT_EQ(j["choices"].size(), 2u);
  EXPECT_EQ(j["choices"][0]["index"], 0);
  EXPECT_EQ(j["choices"][1]["index"], 1);
  EXPECT_EQ(j["usage"]["completion_tokens"], 16);
  request["stream"] = true;
  std::vector<std::string> finishes;
  const std::vector<std::string> texts = StreamedTexts(
      SseEvents(server_->Post("/v1/chat/completions", request).body), "delta", &finishes);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(finishes, (std::vector<std::string>{"length", "length"}));
  // Seeded: the same text as the whole answer, choice by choice.
  EXPECT_EQ(texts[0], j["choices"][0]["message"]["content"].get<std::string>());
  EXPECT_EQ(texts[1], j["choices"][1]["message"]["content"].get<std::string>());
}

TEST_F(OpenAiRoutesTest, TokenIdPromptsAndHearthExtensions) {
  Json request = Completion("", 6);
  request["prompt"] = {1, 403, 407};
  request["ignore_eos"] = true;
  request["top_k"] = 1;
  request["repeat_penalty"] = 1.1;
  request["logit_bias"] = {{"13", -100}};
  const HttpReply r = server_->Post("/v1/completions", request);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["usage"]["prompt_tokens"], 3);
  EXPECT_EQ(r.json()["usage"]["completion_tokens"], 6);
}

TEST_F(OpenAiRoutesTest, ModelsAreListedAndRetrieved) {
  const Json list = server_->Get("/v1/models").json();
  EXPECT_EQ(list["object"], "list");
  bool found = false;
  for (const Json& m : list["data"]) found |= m["id"] == kModel;
  EXPECT_TRUE(found) << list.dump();
  const HttpReply one = server_->Get(std::string("/v1/models/") + kModel);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json()["id"], kModel);
  EXPECT_EQ(one.json()["object"], "model");
  EXPECT_EQ(server_->Get("/v1/models/no-such-model").status, 404);
}

TEST_F(OpenAiRoutesTest, EachRequestIsLoggedOnOneLine) {
  server_->Post("/v1/completions", Completion("Once upon a time", 3));
  const std::vector<std::string> lines = server_->log_lines();
  ASSERT_FALSE(lines.empty());
  const std::string& line = lines.back();
  EXPECT_EQ(line.rfind("method=POST path=/v1/completions status=200 model=stories260K ", 0), 0u)
      << line;
  for (const char* field : {" prompt_tokens=5 ", " generated_tokens=3 ", " ttft_ms=",
                            " tokens_per_s=", " finish=length ", " duration_ms="}) {
    EXPECT_NE(line.find(field), std::string::npos) << field << " in " << line;
  }
}

}  // namespace
}  // namespace hearth::server::testing
