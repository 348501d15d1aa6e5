// ApiKeyAuth: bearer-token authentication. With no keys configured every request passes;
// otherwise a request must carry "Authorization: Bearer <key>" with one of the keys. Keys are
// compared in constant time.
//
// Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hearth::server {

class ApiKeyAuth {
 public:
  explicit ApiKeyAuth(std::vector<std::string> keys);

  bool enabled() const { return !keys_.empty(); }
  // `authorization` is the Authorization header's value ("" when absent).
  bool Allows(std::string_view authorization) const;

 private:
  std::vector<std::string> keys_;
};

// Keys from a file: one per line; blank lines and lines starting with '#' are skipped, spaces
// around a key trimmed. Errors: the file cannot be read, or holds no key.
Result<std::vector<std::string>> ReadApiKeyFile(const std::string& path);

}  // namespace hearth::server
