// Timestamps as the APIs and the logs write them.
#pragma once

#include <chrono>
#include <string>

namespace hearth::server {

// RFC 3339 with nanoseconds, UTC: "2024-05-01T12:00:00.123456789Z" (Ollama's created_at,
// modified_at, expires_at; the time= of log lines).
std::string Rfc3339Time(std::chrono::system_clock::time_point t);

}  // namespace hearth::server
