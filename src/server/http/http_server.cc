#include "server/http/http_server.h"

#include <chrono>
#include <exception>

namespace hearth::server {
namespace {

using HandlerResponse = httplib::Server::HandlerResponse;

constexpr std::chrono::seconds kReadTimeout{30};
constexpr std::chrono::seconds kWriteTimeout{30};

ApiError TransportError(const httplib::Request& req, int status, size_t max_body_bytes) {
  switch (status) {
    case 404:
      return RouteNotFound(req.method, req.path);
    case 413:
      return PayloadTooLarge(max_body_bytes);
    default: {
      ApiError e = BadRequest("the HTTP request could not be read (status " +
                              std::to_string(status) + ")");
      e.http_status = status;
      return e;
    }
  }
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, Metrics& metrics)
    : options_(std::move(options)),
      metrics_(metrics),
      auth_(options_.api_keys),
      cors_(options_.cors_origins) {
  const size_t threads = size_t(std::max(1, options_.threads));
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_read_timeout(kReadTimeout);
  server_.set_write_timeout(kWriteTimeout);
  server_.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        return req.method == "OPTIONS" ? AnswerPreflight(req, res) : HandlerResponse::Unhandled;
      });
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        return AnswerTransportError(req, res);
      }));
  server_.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        ApplyCors(req, res);
        res.status = 500;
        res.set_content(DumpJson(ErrorJson(ApiErrorFromStatus(Internal("internal error")),
                                           ErrorStyleForPath(req.path))),
                        "application/json");
      });
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Route(const RouteSpec& spec, RouteHandler handler) {
  auto wrapped = [this, spec, handler = std::move(handler)](const httplib::Request& req,
                                                             httplib::Response& res) {
    Handle(spec, handler, req, res);
  };
  if (spec.method == "GET") {
    server_.Get(spec.pattern, wrapped);
  } else if (spec.method == "POST") {
    server_.Post(spec.pattern, wrapped);
  } else if (spec.method == "DELETE") {
    server_.Delete(spec.pattern, wrapped);
  } else {
    HEARTH_CHECK(false) << "unsupported method " << spec.method;
  }
}

void HttpServer::Handle(const RouteSpec& spec, const RouteHandler& handler,
                        const httplib::Request& req, httplib::Response& res) {
  auto record = std::make_shared<RequestRecord>();
  record->method = req.method;
  record->path = req.path;
  record->route = spec.label;
  ApplyCors(req, res);
  HttpExchange exchange(req, res, spec.style,
                        record, [this](const RequestRecord& r) { Finish(r, 200); });
  if (Admit(spec, exchange)) {
    try {
      handler(exchange);
    } catch (const std::exception& e) {
      exchange.SendError(ApiErrorFromStatus(Internal(std::string("internal error: ") + e.what())));
    }
  }
  if (!exchange.streaming()) Finish(*record, res.status);
}

bool HttpServer::Admit(const RouteSpec& spec, HttpExchange& exchange) const {
  const httplib::Request& req = exchange.request();
  if (!spec.is_public && !auth_.Allows(req.get_header_value("Authorization"))) {
    exchange.SendError(Unauthorized(req.has_header("Authorization")
                                        ? "invalid API key"
                                        : "an API key is required: send "
                                          "\"Authorization: Bearer <key>\""));
    return false;
  }
  // httplib enforces the limit on bodies with a Content-Length; this catches chunked ones.
  if (req.body.size() > options_.max_body_bytes) {
    exchange.SendError(PayloadTooLarge(options_.max_body_bytes));
    return false;
  }
  return true;
}

void HttpServer::ApplyCors(const httplib::Request& req, httplib::Response& res) const {
  const std::string origin = cors_.AllowedOrigin(req.get_header_value("Origin"));
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
}

HandlerResponse HttpServer::AnswerPreflight(const httplib::Request& req, httplib::Response& res) {
  ApplyCors(req, res);
  if (res.has_header("Access-Control-Allow-Origin")) {
    const std::string asked = req.get_header_value("Access-Control-Request-Headers");
    res.set_header("Access-Control-Allow-Methods", std::string(kCorsAllowMethods));
    res.set_header("Access-Control-Allow-Headers",
                   asked.empty() ? std::string(kCorsDefaultAllowHeaders) : asked);
    res.set_header("Access-Control-Max-Age", std::string(kCorsMaxAgeSeconds));
  }
  res.status = 204;
  RequestRecord record;
  record.method = req.method;
  record.path = req.path;
  record.route = "preflight";
  Finish(record, res.status);
  return HandlerResponse::Handled;
}

HandlerResponse HttpServer::AnswerTransportError(const httplib::Request& req,
                                                 httplib::Response& res) {
  if (!res.body.empty()) return HandlerResponse::Unhandled;  // a route's own error
  ApplyCors(req, res);
  const ApiError error = TransportError(req, res.status, options_.max_body_bytes);
  res.set_content(DumpJson(ErrorJson(error, ErrorStyleForPath(req.path))), "application/json");
  RequestRecord record;
  record.method = req.method;
  record.path = req.path;
  record.route = "unmatched";
  Finish(record, res.status);
  return HandlerResponse::Handled;
}

void HttpServer::Finish(const RequestRecord& record, int http_status) {
  metrics_.CountRequest(record.route, http_status);
  if (options_.log) options_.log(record.LogLine(http_status));
}

Status HttpServer::Start() {
  if (options_.port == 0) {
    port_ = server_.bind_to_any_port(options_.host);
    if (port_ <= 0) return Unavailable("cannot listen on " + options_.host + ": bind failed");
  } else {
    if (!server_.bind_to_port(options_.host, options_.port)) {
      return Unavailable("cannot listen on " + options_.host + ":" +
                         std::to_string(options_.port) +
                         " (in use, or not an address of this machine)");
    }
    port_ = options_.port;
  }
  listener_ = std::thread([this] {
    server_.listen_after_bind();
    listener_done_ = true;
  });
  // Stop() only stops a server that is running: wait until it is, so a Stop() right after
  // Start() cannot miss it.
  while (!server_.is_running() && !listener_done_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::Ok();
}

void HttpServer::Stop() {
  server_.stop();
  if (listener_.joinable()) listener_.join();
}

}  // namespace hearth::server
