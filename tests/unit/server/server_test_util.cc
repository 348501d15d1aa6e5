#include "server_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

#include "shared_data.h"

namespace hearth::server::testing {

Json HttpReply::json() const {
  return Json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpReply::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

ServerOptions TestServerOptions() {
  ServerOptions options;
  options.models_dir = hearth::testing::SharedPath("models");
  options.http.port = 0;
  options.http.threads = 32;
  options.engine.n_parallel = 4;
  options.engine.n_ctx = 256;
  options.engine.n_threads = 2;
  options.version = "test";
  return options;
}

TestServer::TestServer(ServerOptions options) {
  options.log = [log = log_](const std::string& line) {
    std::lock_guard lock(log->mutex);
    log->lines.push_back(line);
  };
  server_ = std::make_unique<Server>(std::move(options));
  const Status status = server_->Start();
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TestServer::~TestServer() { server_->Stop(); }

std::vector<std::string> TestServer::log_lines() const {
  std::lock_guard lock(log_->mutex);
  return log_->lines;
}

httplib::Client TestServer::Client() const {
  httplib::Client client("127.0.0.1", server_->port());
  client.set_read_timeout(60, 0);
  return client;
}

httplib::Headers TestServer::WithAuth(const httplib::Headers& headers) const {
  httplib::Headers all = headers;  // the request's own headers win over the default ones
  for (const auto& [key, value] : auth_) {
    if (all.find(key) == all.end()) all.emplace(key, value);
  }
  return all;
}

namespace {

HttpReply ToReply(const httplib::Result& result) {
  HttpReply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  reply.headers = result->headers;
  return reply;
}

}  // namespace

HttpReply TestServer::Get(const std::string& path, const httplib::Headers& headers) const {
  return ToReply(Client().Get(path, WithAuth(headers)));
}

HttpReply TestServer::Post(const std::string& path, const Json& body,
                           const httplib::Headers& headers) const {
  return PostRaw(path, body.dump(), headers);
}

HttpReply TestServer::PostRaw(const std::string& path, const std::string& body,
                              const httplib::Headers& headers) const {
  return ToReply(Client().Post(path, WithAuth(headers), body, "application/json"));
}

HttpReply TestServer::Delete(const std::string& path, const Json& body) const {
  return ToReply(Client().Delete(path, WithAuth({}), body.dump(), "application/json"));
}

HttpReply TestServer::Options(const std::string& path, const httplib::Headers& headers) const {
  return ToReply(Client().Options(path, headers));
}

double TestServer::Metric(const std::string& name) const {
  std::istringstream text(Get("/metrics").body);
  std::string line;
  while (std::getline(text, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

std::vector<Json> SseEvents(const std::string& body, bool* done) {
  std::vector<Json> events;
  if (done != nullptr) *done = false;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    const std::string frame = body.substr(start, end - start);
    start = end + 2;
    if (frame.rfind("data: ", 0) != 0) {
      ADD_FAILURE() << "not an SSE data frame: " << frame;
      continue;
    }
    const std::string data = frame.substr(6);
    if (done != nullptr) *done = data == "[DONE]";
    if (data != "[DONE]") events.push_back(Json::parse(data, nullptr, false));
  }
  return events;
}

std::vector<Json> NdjsonLines(const std::string& body) {
  std::vector<Json> lines;
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(Json::parse(line, nullptr, false));
  }
  return lines;
}

}  // namespace hearth::server::testing
