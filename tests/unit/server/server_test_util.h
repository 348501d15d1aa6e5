// Helpers for the server tests: a Server on an ephemeral port serving ../shared/models, an
// HTTP client, and parsers for SSE and NDJSON bodies.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <httplib.h>

#include "server/server.h"

namespace hearth::server::testing {

inline constexpr const char* kModel = "stories260K";

struct HttpReply {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  httplib::Headers headers;

  Json json() const;  // the body parsed (discarded on bad JSON)
  std::string header(const std::string& name) const;
};

// Options for a test server: ../shared/models, port 0, 4 sequences of 256 tokens, 2 threads,
// log lines kept in memory.
ServerOptions TestServerOptions();

class TestServer {
 public:
  explicit TestServer(ServerOptions options = TestServerOptions());
  ~TestServer();

  HttpReply Get(const std::string& path, const httplib::Headers& headers = {}) const;
  HttpReply Post(const std::string& path, const Json& body,
                 const httplib::Headers& headers = {}) const;
  HttpReply PostRaw(const std::string& path, const std::string& body,
                    const httplib::Headers& headers = {}) const;
  HttpReply Delete(const std::string& path, const Json& body) const;
  HttpReply Options(const std::string& path, const httplib::Headers& headers) const;

  // The value of an unlabelled metric in /metrics, or -1.
  double Metric(const std::string& name) const;
  int port() const { return server_->port(); }
  Server& server() { return *server_; }
  std::vector<std::string> log_lines() const;
  void set_auth(httplib::Headers headers) { auth_ = std::move(headers); }

 private:
  httplib::Client Client() const;
  httplib::Headers WithAuth(const httplib::Headers& headers) const;

  struct Log {
    std::mutex mutex;
    std::vector<std::string> lines;
  };
  std::shared_ptr<Log> log_ = std::make_shared<Log>();
  std::unique_ptr<Server> server_;
  httplib::Headers auth_;
};

// The `data:` payloads of an SSE body, parsed; `done` is set when the last one is [DONE].
std::vector<Json> SseEvents(const std::string& body, bool* done = nullptr);
// The lines of an NDJSON body, parsed.
std::vector<Json> NdjsonLines(const std::string& body);

}  // namespace hearth::server::testing
