#include "server/http/cors_policy.h"

#include <algorithm>

namespace hearth::server {
namespace {

std::string_view WithoutTrailingSlash(std::string_view origin) {
  while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
  return origin;
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (const std::string& origin : origins) {
    if (origin == "*") {
      any_ = true;
    } else if (!origin.empty()) {
      origins_.emplace_back(WithoutTrailingSlash(origin));
    }
  }
}

std::string CorsPolicy::AllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return "";
  if (any_) return "*";
  const bool listed = std::find(origins_.begin(), origins_.end(), WithoutTrailingSlash(origin)) !=
                      origins_.end();
  return listed ? std::string(origin) : "";
}

}  // namespace hearth::server
