#include "server/native/api_error.h"

namespace hearth::server {
namespace {

constexpr int kRetryAfterSeconds = 1;

ApiError Make(int http_status, std::string message, std::string type, std::string code = {},
              std::string param = {}) {
  ApiError e;
  e.http_status = http_status;
  e.message = std::move(message);
  e.type = std::move(type);
  e.code = std::move(code);
  e.param = std::move(param);
  return e;
}

}  // namespace

ApiError BadRequest(std::string message, std::string param) {
  return Make(400, std::move(message), "invalid_request_error", {}, std::move(param));
}

ApiError Unauthorized(std::string message) {
  return Make(401, std::move(message), "authentication_error", "invalid_api_key");
}

ApiError ModelNotFound(const std::string& model) {
  return Make(404, "model '" + model + "' not found", "invalid_request_error", "model_not_found",
              "model");
}

ApiError PayloadTooLarge(size_t limit_bytes) {
  return Make(413, "the request body is larger than the limit of " + std::to_string(limit_bytes) +
                       " bytes",
              "invalid_request_error", "request_too_large");
}

ApiError RouteNotFound(const std::string& method, const std::string& path) {
  return Make(404, "no route for " + method + " " + path, "invalid_request_error",
              "unknown_url");
}

ApiError NotImplemented(std::string message) {
  return Make(501, std::move(message), "not_implemented_error");
}

ApiError ApiErrorFromStatus(const Status& status, std::string param) {
  const std::string& m = status.message();
  switch (status.code()) {
    case StatusCode::kOk:
      return Make(500, "internal error: an OK status reported as an error", "server_error");
    case StatusCode::kInvalidArgument:
    case StatusCode::kUnimplemented:
      return BadRequest(m, std::move(param));
    case StatusCode::kOutOfRange:
      return Make(400, m, "invalid_request_error", "context_length_exceeded", std::move(param));
    case StatusCode::kNotFound:
      return Make(404, m, "invalid_request_error", "model_not_found", std::move(param));
    case StatusCode::kResourceExhausted: {
      ApiError e = Make(503, m, "server_error", "server_overloaded");
      e.retry_after_seconds = kRetryAfterSeconds;
      return e;
    }
    case StatusCode::kUnavailable:
      return Make(503, m, "server_error", "service_unavailable");
    default:
      return Make(500, m, "server_error");
  }
}

}  // namespace hearth::server
