// CorsPolicy: which browser origins may call the API from another site. By default none (the
// same-origin policy applies: only pages served by Hearth itself); each configured origin
// ("https://app.example.com") is allowed exactly, and "*" allows any.
//
// Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth::server {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins);

  // The Access-Control-Allow-Origin value for a request whose Origin header is `origin`, or ""
  // when it gets none (no Origin, or not allowed).
  std::string AllowedOrigin(std::string_view origin) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

// Headers of an allowed preflight (OPTIONS) answer besides Access-Control-Allow-Origin.
inline constexpr std::string_view kCorsAllowMethods = "GET, POST, DELETE, HEAD, OPTIONS";
inline constexpr std::string_view kCorsDefaultAllowHeaders = "Authorization, Content-Type";
inline constexpr std::string_view kCorsMaxAgeSeconds = "600";

}  // namespace hearth::server
