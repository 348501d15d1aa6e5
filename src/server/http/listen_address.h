// Where `hearth serve` listens: "host:port" as HEARTH_HOST (like OLLAMA_HOST) gives it:
// "0.0.0.0:8080", "localhost", ":8080", "http://127.0.0.1:11434", "[::1]:11434".
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hearth::server {

inline constexpr std::string_view kDefaultHost = "127.0.0.1";
inline constexpr int kDefaultPort = 11434;

struct ListenAddress {
  std::string host = std::string(kDefaultHost);
  int port = kDefaultPort;
};

// Missing parts keep the defaults. Error (InvalidArgument): a port that is not a number in
// [0, 65535], a path after the address.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace hearth::server
