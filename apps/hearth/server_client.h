// How CLI commands that talk to a running `hearth serve` reach it: HEARTH_HOST ("host:port",
// default 127.0.0.1:11434) and HEARTH_API_KEY, as the server reads them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hearth::cli {

// Sends `method` `path` with a JSON body (none when null) and returns the JSON answer.
// Errors: the server cannot be reached ("is `hearth serve` running?"), or its error message.
Result<nlohmann::json> CallServer(const std::string& method, const std::string& path,
                                  const nlohmann::json& body = nullptr);

}  // namespace hearth::cli
