#include "server/http/error_body.h"

namespace hearth::server {
namespace {

Json StringOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

Json ErrorJson(const ApiError& error, ErrorStyle style) {
  if (style == ErrorStyle::kOllama) return Json{{"error", error.message}};
  return Json{{"error",
               {{"message", error.message},
                {"type", error.type},
                {"param", StringOrNull(error.param)},
                {"code", StringOrNull(error.code)}}}};
}

ErrorStyle ErrorStyleForPath(std::string_view path) {
  return path.starts_with("/v1/") ? ErrorStyle::kOpenAi : ErrorStyle::kOllama;
}

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace hearth::server
