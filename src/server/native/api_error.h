// ApiError: a failure as an HTTP API reports it, independent of the API's JSON shape (the
// OpenAI and Ollama front-ends each render it their own way).
#pragma once

#include <string>

#include "base/status.h"

namespace hearth::server {

struct ApiError {
  int http_status = 500;
  std::string message;     // for the client, verbatim
  std::string type;        // OpenAI's error type ("invalid_request_error", ...)
  std::string code;        // OpenAI's error code ("model_not_found", ...); may be empty
  std::string param;       // the request field at fault; may be empty
  int retry_after_seconds = 0;  // > 0: a Retry-After header (503 when the queue is full)
};

ApiError BadRequest(std::string message, std::string param = {});
ApiError Unauthorized(std::string message);
ApiError ModelNotFound(const std::string& model);
ApiError PayloadTooLarge(size_t limit_bytes);
ApiError RouteNotFound(const std::string& method, const std::string& path);
ApiError NotImplemented(std::string message);

// The error for a Status from the layers below: InvalidArgument and Unimplemented -> 400,
// OutOfRange -> 400 (context_length_exceeded), NotFound -> 404, ResourceExhausted -> 503 with
// Retry-After, Unavailable -> 503, anything else -> 500. `param` names the field, if known.
ApiError ApiErrorFromStatus(const Status& status, std::string param = {});

}  // namespace hearth::server
