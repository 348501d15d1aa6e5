// POST /api/pull (server/ollama/ollama_pull_route.h) against FakeModelServer: the NDJSON
// progress stream, the single answer of stream:false, and errors in Ollama's shape. (It lives
// with the pull tests because it shares their fake registry.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_model_server.h"
#include "server/http/http_server.h"
#include "server/metrics/metrics.h"
#include "server/ollama/ollama_pull_route.h"
#include "store/model_store.h"

namespace hearth::server {
namespace {

using hearth::testing::FakeModelServer;
using hearth::testing::Mentions;
using hearth::testing::TempDir;
using hearth::testing::TestBytes;

class PullRouteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const store::BlobRef config =
        registry_.AddBlob(std::string(store::kConfigMediaType), R"({"model_format":"gguf"})");
    weights_ = registry_.AddBlob(std::string(store::kModelMediaType), TestBytes(300000, 1));
    registry_.AddRegistryModel("library/tiny", "latest", config, {weights_});
    store::PullOptions options;
    options.registry_endpoint = registry_.url();
    options.hf_endpoint = registry_.url();
    HttpServerOptions http_options;
    http_options.port = 0;
    http_options.threads = 4;
    http_ = std::make_unique<HttpServer>(http_options, metrics_);
    AddOllamaPullRoute(*http_, home_.path(), options);
    ASSERT_TRUE(http_->Start().ok());
  }
  void TearDown() override { http_->Stop(); }

  httplib::Result Post(const std::string& body) {
    httplib::Client client("127.0.0.1", http_->port());
    client.set_read_timeout(std::chrono::seconds(20));
    return client.Post("/api/pull", body, "application/json");
  }

  static std::vector<nlohmann::json> Lines(const std::string& ndjson) {
    std::vector<nlohmann::json> out;
    size_t begin = 0;
    for (size_t end; (end = ndjson.find('\n', begin)) != std::string::npos; begin = end + 1) {
      out.push_back(nlohmann::json::parse(ndjson.substr(begin, end - begin)));
    }
    return out;
  }

  TempDir home_;
  FakeModelServer registry_;
  Metrics metrics_;
  std::unique_ptr<HttpServer> http_;
  store::BlobRef weights_;
};

TEST_F(PullRouteTest, StreamsProgressLinesEndingWithSuccess) {
  httplib::Result response = Post(R"({"model":"tiny"})");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/x-ndjson");
  const std::vector<nlohmann::json> lines = Lines(response->body);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.front(), (nlohmann::json{{"status", "pulling manifest"}}));
  EXPECT_EQ(lines.back(), (nlohmann::json{{"status", "success"}}));
  bool saw_complete_blob = false;
  for (const nlohmann::json& line : lines) {
    if (line.value("digest", "") != weights_.digest) continue;
    EXPECT_EQ(line["status"], "pulling " + weights_.digest.substr(7, 12));
    EXPECT_EQ(line["total"], weights_.size);
    saw_complete_blob = saw_complete_blob || line["completed"] == weights_.size;
  }
  EXPECT_TRUE(saw_complete_blob);
  Result<store::ModelStore> model_store = store::ModelStore::Open(home_.path());
  ASSERT_TRUE(model_store.ok());
  EXPECT_TRUE(model_store->Get(*store::ModelName::Parse("tiny")).ok());
}

TEST_F(PullRouteTest, StreamEndsWithAnErrorLine) {
  httplib::Result response = Post(R"({"name":"tiny:7b"})");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const std::vector<nlohmann::json> lines = Lines(response->body);
  ASSERT_FALSE(lines.empty());
  ASSERT_TRUE(lines.back().contains("error")) << response->body;
  EXPECT_TRUE(Mentions(lines.back()["error"], "model 'tiny:7b' not found"));
}

TEST_F(PullRouteTest, WithoutStreamAnswersOnce) {
  httplib::Result ok = Post(R"({"model":"tiny","stream":false})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok->body), (nlohmann::json{{"status", "success"}}));
  httplib::Result missing = Post(R"({"model":"nosuch","stream":false})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(Mentions(nlohmann::json::parse(missing->body)["error"], "not found"));
  httplib::Result bad = Post(R"({"model":"a/b/c/d/e"})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  httplib::Result no_model = Post(R"({"stream":false})");
  ASSERT_TRUE(no_model);
  EXPECT_EQ(no_model->status, 400);
}

}  // namespace
}  // namespace hearth::server
