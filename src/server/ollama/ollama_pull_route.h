// POST /api/pull, Ollama's shapes: the body {"model" (or "name"), "insecure", "stream"
// (default true)} pulls a model into the store (store/pull/pull_model.h).
//   stream true:  200, NDJSON progress lines
//                   {"status":"pulling manifest"}
//                   {"status":"pulling <12 hex>","digest":"sha256:...","total":N,"completed":M}
//                   {"status":"verifying sha256 digest"} {"status":"writing manifest"}
//                   {"status":"success"}
//                 or, when the pull fails, a last line {"error":"..."}.
//   stream false: one object, {"status":"success"}, or the error with its HTTP status (404 for
//                 an unknown model, tag, repository or quant; 400 for a malformed name).
// A client that goes away cancels its pull (the downloaded bytes are kept for the next one);
// noticed within PullOptions::progress_interval in a stream. "insecure" is accepted and has no
// effect: the endpoints in PullOptions say which scheme is used.
#pragma once

#include <string>

#include "server/http/http_server.h"
#include "store/pull/pull_options.h"

namespace hearth::server {

// Registers POST /api/pull, pulling into the model store at `store_home`.
void AddOllamaPullRoute(HttpServer& http, std::string store_home, store::PullOptions options);

}  // namespace hearth::server
