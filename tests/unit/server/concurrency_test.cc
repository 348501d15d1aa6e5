// Many requests at once: batched greedy generations equal their single-request outputs; a
// client that disconnects frees its slot; a full queue answers 503 with Retry-After.
//
// The last two hold the engine still with a test TokenConstraint plugged in through the
// response-format hook (ServerOptions::hooks), so they do not depend on timing.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

using std::chrono::milliseconds;

// Lets the first token through, then holds the engine thread in Apply() until the gate
// opens; after that, sleeps `delay` per token.
class GateConstraint final : public TokenConstraint {
 public:
  GateConstraint(std::shared_future<void> gate, milliseconds delay)
      : gate_(std::move(gate)), delay_(delay) {}
  void Apply(std::span<float>) override {
    if (calls_++ > 0) gate_.wait();
    std::this_thread::sleep_for(delay_);
  }
  void Accept(int32_t) override {}
  bool IsFinished() const override { return false; }

 private:
  std::shared_future<void> gate_;
  milliseconds delay_;
  int calls_ = 0;
};

ServerOptions GatedOptions(std::shared_future<void> gate, milliseconds delay) {
  ServerOptions options = TestServerOptions();
  options.hooks.make_constraint = [gate, delay](const LoadedModel&, const ResponseFormat&) {
    return Result<std::unique_ptr<TokenConstraint>>(std::make_unique<GateConstraint>(gate, delay));
  };
  return options;
}

Json GatedCompletion(int max_tokens, bool stream) {
  return {{"model", kModel},
          {"prompt", "Once upon a time"},
          {"max_tokens", max_tokens},
          {"ignore_eos", true},
          {"stream", stream},
          {"response_format", {{"type", "json_object"}}}};
}

// Polls `condition` for up to `limit`.
template <typename Condition>
bool Eventually(Condition condition, milliseconds limit = milliseconds(5000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return condition();
}

// Sends a streaming request on a raw socket, reads until the first SSE frame, then closes the
// connection: a client that goes away mid-stream.
bool StreamThenHangUp(int port, const Json& body) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(uint16_t(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return false;
  }
  const std::string payload = body.dump();
  const std::string request = "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\nContent-Length: " +
                              std::to_string(payload.size()) + "\r\n\r\n" + payload;
  bool saw_data = send(fd, request.data(), request.size(), 0) == ssize_t(request.size());
  std::string received;
  char buffer[4096];
  while (saw_data && received.find("data: ") == std::string::npos) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) saw_data = false;
    if (n > 0) received.append(buffer, size_t(n));
  }
  close(fd);
  return saw_data;
}

TEST(ConcurrencyTest, EightConcurrentGreedyRequestsEqualTheirSingleRuns) {
  ServerOptions options = TestServerOptions();
  options.engine.n_parallel = 8;
  TestServer server(std::move(options));
  const std::vector<std::string> prompts = {
      "Once upon a time", "The little dog", "Lily and Tom went", "One day, a bird",
      "The sun was hot",  "There was a big tree", "Sam had a red ball", "Mom said"};
  auto ask = [&server](const std::string& prompt) {
    const Json j = server.Post("/v1/completions", {{"model", kModel},
                                                   {"prompt", prompt},
                                                   {"max_tokens", 24},
                                                   {"temperature", 0}})
                       .json();
    return j["choices"][0]["text"].get<std::string>();
  };
  std::vector<std::string> alone;
  for (const std::string& p : prompts) alone.push_back(ask(p));
  std::vector<std::future<std::string>> together;
  for (const std::string& p : prompts) together.push_back(std::async(std::launch::async, ask, p));
  for (size_t i = 0; i < prompts.size(); ++i) EXPECT_EQ(together[i].get(), alone[i]) << prompts[i];
}

TEST(ConcurrencyTest, AClientThatDisconnectsMidStreamFreesItsSlot) {
  std::promise<void> open;
  TestServer server(GatedOptions(open.get_future().share(), milliseconds(3)));
  open.set_value();
  ASSERT_TRUE(StreamThenHangUp(server.port(), GatedCompletion(200, /*stream=*/true)));
  // 200 tokens take at least 600 ms; the slot must be free long before.
  EXPECT_TRUE(Eventually([&] { return server.Metric("hearth_active_sequences") == 0; },
                         milliseconds(400)));
  EXPECT_TRUE(Eventually([&] {
    for (const std::string& line : server.log_lines()) {
      if (line.find("finish=cancelled") != std::string::npos) return true;
    }
    return false;
  }));
  const double generated = server.Metric("hearth_generated_tokens_total");
  EXPECT_GT(generated, 0);
  EXPECT_LT(generated, 100);
}

TEST(ConcurrencyTest, AFullQueueAnswers503WithRetryAfter) {
  std::promise<void> open;
  ServerOptions options = GatedOptions(open.get_future().share(), milliseconds(0));
  options.engine.n_parallel = 1;
  options.engine.max_queue = 1;
  TestServer server(std::move(options));
  // The first request takes the only slot and holds the engine after its first token.
  auto first = std::async(std::launch::async, [&] {
    return server.Post("/v1/completions", GatedCompletion(3, false));
  });
  ASSERT_TRUE(Eventually([&] { return server.Metric("hearth_active_sequences") == 1; }));
  // The second waits in the queue.
  auto second = std::async(std::launch::async, [&] {
    return server.Post("/v1/completions", GatedCompletion(3, false));
  });
  ASSERT_TRUE(Eventually([&] { return server.Metric("hearth_queue_depth") == 1; }));
  const HttpReply refused = server.Post("/v1/completions", GatedCompletion(3, false));
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.header("Retry-After"), "1");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("queue is full"),
            std::string::npos);
  const HttpReply ollama = server.Post(
      "/api/generate", {{"model", kModel}, {"prompt", "x"}, {"stream", false}});
  EXPECT_EQ(ollama.status, 503);
  open.set_value();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(second.get().status, 200);
}

}  // namespace
}  // namespace hearth::server::testing
