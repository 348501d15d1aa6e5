// HttpServer: the HTTP transport (cpp-httplib) with what every route shares:
//   - API-key authentication (except for public routes) -> 401;
//   - the request body limit -> 413;
//   - CORS: Access-Control-Allow-Origin for allowed origins, and OPTIONS preflights answered
//     for any path (without authentication, as browsers send none);
//   - errors for unknown routes and malformed requests in the API's JSON shape;
//   - one log line and one hearth_requests_total count per request, when its response is
//     complete (after the last chunk of a stream);
//   - exceptions escaping a handler become a 500, never a crash.
//
// Routes are registered before Start(). Handlers run on the server's worker threads, one
// request per thread (a stream keeps its thread until it ends).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "base/status.h"
#include "server/http/api_key_auth.h"
#include "server/http/cors_policy.h"
#include "server/http/http_exchange.h"
#include "server/metrics/metrics.h"

namespace hearth::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 11434;  // 0: any free port (see port())
  std::vector<std::string> api_keys;      // empty: no authentication
  std::vector<std::string> cors_origins;  // empty: same-origin only
  size_t max_body_bytes = size_t{16} << 20;
  int threads = 64;  // worker threads: concurrent requests (and idle keep-alive connections)
  std::function<void(const std::string&)> log;  // one line per request; may be null
};

struct RouteSpec {
  std::string method;   // "GET", "POST", "DELETE"
  std::string pattern;  // httplib's regex ("/v1/models/(.+)")
  std::string label;    // for metrics and logs ("/v1/models/{id}")
  ErrorStyle style = ErrorStyle::kOllama;
  bool is_public = false;  // no authentication
};

using RouteHandler = std::function<void(HttpExchange& exchange)>;

class HttpServer {
 public:
  // `metrics` must outlive the server.
  HttpServer(HttpServerOptions options, Metrics& metrics);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void Route(const RouteSpec& spec, RouteHandler handler);

  // Binds and starts serving on a thread of its own. Error: the address cannot be bound.
  Status Start();
  int port() const { return port_; }
  // Stops accepting, waits for the requests in progress to end. Idempotent.
  void Stop();

 private:
  void Handle(const RouteSpec& spec, const RouteHandler& handler, const httplib::Request& req,
              httplib::Response& res);
  bool Admit(const RouteSpec& spec, HttpExchange& exchange) const;
  httplib::Server::HandlerResponse AnswerPreflight(const httplib::Request& req,
                                                   httplib::Response& res);
  httplib::Server::HandlerResponse AnswerTransportError(const httplib::Request& req,
                                                        httplib::Response& res);
  void ApplyCors(const httplib::Request& req, httplib::Response& res) const;
  void Finish(const RequestRecord& record, int http_status);

  HttpServerOptions options_;
  Metrics& metrics_;
  ApiKeyAuth auth_;
  CorsPolicy cors_;
  httplib::Server server_;
  int port_ = 0;
  std::thread listener_;
  std::atomic<bool> listener_done_{false};
};

}  // namespace hearth::server
