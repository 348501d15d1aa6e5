// What every route shares: CORS, /metrics, /health.
#include <gtest/gtest.h>

#include "server_test_util.h"

namespace hearth::server::testing {
namespace {

constexpr const char* kAllowed = "https://app.example.com";

class HttpFeaturesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options = TestServerOptions();
    options.http.cors_origins = {kAllowed};
    server_ = new TestServer(std::move(options));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};

TestServer* HttpFeaturesTest::server_ = nullptr;

TEST_F(HttpFeaturesTest, OnlyConfiguredOriginsGetCorsHeaders) {
  const HttpReply allowed = server_->Get("/api/version", {{"Origin", kAllowed}});
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), kAllowed);
  const HttpReply denied = server_->Get("/api/version", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(denied.status, 200);
  EXPECT_EQ(denied.header("Access-Control-Allow-Origin"), "");
  const HttpReply same_origin = server_->Get("/api/version");
  EXPECT_EQ(same_origin.header("Access-Control-Allow-Origin"), "");
  // Errors carry the header too, so browser code can read them.
  const HttpReply error = server_->Get("/v1/models/nothing", {{"Origin", kAllowed}});
  EXPECT_EQ(error.status, 404);
  EXPECT_EQ(error.header("Access-Control-Allow-Origin"), kAllowed);
}

TEST_F(HttpFeaturesTest, PreflightsAreAnswered) {
  const HttpReply allowed = server_->Options(
      "/v1/chat/completions", {{"Origin", kAllowed},
                               {"Access-Control-Request-Method", "POST"},
                               {"Access-Control-Request-Headers", "authorization,content-type"}});
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), kAllowed);
  EXPECT_NE(allowed.header("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_EQ(allowed.header("Access-Control-Allow-Headers"), "authorization,content-type");
  const HttpReply denied = server_->Options(
      "/v1/chat/completions",
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(denied.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(denied.header("Access-Control-Allow-Methods"), "");
}

TEST_F(HttpFeaturesTest, MetricsHaveEveryFamily) {
  server_->Post("/v1/completions",
                {{"model", kModel}, {"prompt", "Once upon a time"}, {"max_tokens", 4}});
  const HttpReply r = server_->Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").rfind("text/plain", 0), 0u);
  for (const char* family :
       {"hearth_requests_total{route=\"/v1/completions\",status=\"200\"} ",
        "hearth_prompt_tokens_total ", "hearth_generated_tokens_total ",
        "hearth_cached_prompt_tokens_total ", "hearth_time_to_first_token_seconds_bucket{le=",
        "hearth_time_to_first_token_seconds_count 1",
        "hearth_time_per_output_token_seconds_bucket{le=\"+Inf\"} 1", "hearth_queue_depth 0",
        "hearth_active_sequences 0", "hearth_kv_cache_used_tokens ",
        "hearth_kv_cache_capacity_tokens 1024", "hearth_models_loaded 1",
        "hearth_model_memory_bytes{model=\"stories260K\"} "}) {
    EXPECT_NE(r.body.find(family), std::string::npos) << family << "\n" << r.body;
  }
  EXPECT_EQ(server_->Metric("hearth_generated_tokens_total"), 4);
}

TEST_F(HttpFeaturesTest, HealthListsTheLoadedModels) {
  server_->Post("/api/generate", {{"model", kModel}, {"prompt", ""}});
  const Json health = server_->Get("/health").json();
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["models_loaded"], Json::array({kModel}));
}

}  // namespace
}  // namespace hearth::server::testing
