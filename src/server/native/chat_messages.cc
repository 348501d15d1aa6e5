#include "server/native/chat_messages.h"

#include <string>

namespace hearth::server {
namespace {

Result<std::string> JoinContentParts(const Json& parts, const std::string& where) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Json& part = parts[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!part.is_object() || !part.contains("type") || !part["type"].is_string()) {
      return InvalidArgument(at + " must be an object with a string 'type'");
    }
    const std::string type = part["type"].get<std::string>();
    if (type != "text") {
      return InvalidArgument(at + " has type '" + type +
                             "'; only text content parts are supported");
    }
    if (!part.contains("text") || !part["text"].is_string()) {
      return InvalidArgument(at + ".text must be a string");
    }
    if (!text.empty()) text += '\n';
    text += part["text"].get<std::string>();
  }
  return text;
}

Result<Json> NormalizeContent(const Json& message, const std::string& where) {
  const auto it = message.find("content");
  if (it == message.end() || it->is_null()) return Json("");
  if (it->is_string()) return *it;
  if (it->is_array()) {
    HEARTH_ASSIGN_OR_RETURN(std::string text, JoinContentParts(*it, where + ".content"));
    return Json(text);
  }
  return InvalidArgument(where + ".content must be a string or an array of text parts, not " +
                         JsonTypeName(*it));
}

Status NormalizeToolCalls(Json& message, const std::string& where) {
  auto it = message.find("tool_calls");
  if (it == message.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return InvalidArgument(where + ".tool_calls must be an array");
  for (size_t i = 0; i < it->size(); ++i) {
    Json& call = (*it)[i];
    const std::string at = where + ".tool_calls[" + std::to_string(i) + "]";
    if (!call.is_object() || !call.contains("function") || !call["function"].is_object()) {
      return InvalidArgument(at + " must be an object with a 'function' object");
    }
    Json& function = call["function"];
    if (!function.contains("name") || !function["name"].is_string()) {
      return InvalidArgument(at + ".function.name must be a string");
    }
    auto args = function.find("arguments");
    if (args != function.end() && args->is_string()) {
      Json parsed = Json::parse(args->get<std::string>(), nullptr, /*allow_exceptions=*/false);
      if (parsed.is_object()) *args = std::move(parsed);
    }
  }
  return Status::Ok();
}

Result<Json> NormalizeMessage(const Json& message, const std::string& where) {
  if (!message.is_object()) {
    return InvalidArgument(where + " must be an object, not " + JsonTypeName(message));
  }
  const auto role = message.find("role");
  if (role == message.end() || !role->is_string()) {
    return InvalidArgument(where + ".role must be a string");
  }
  std::string r = role->get<std::string>();
  if (r == "developer") r = "system";
  if (r != "system" && r != "user" && r != "assistant" && r != "tool") {
    return InvalidArgument(where + ".role must be one of system, user, assistant, tool, not '" +
                           r + "'");
  }
  const auto images = message.find("images");
  if (images != message.end() && images->is_array() && !images->empty()) {
    return InvalidArgument(where + ".images: images are not supported (no vision models yet)");
  }
  Json out = message;
  out.erase("images");
  out["role"] = r;
  HEARTH_ASSIGN_OR_RETURN(out["content"], NormalizeContent(message, where));
  HEARTH_RETURN_IF_ERROR(NormalizeToolCalls(out, where));
  return out;
}

}  // namespace

Result<Json> NormalizeChatMessages(const Json& messages) {
  if (!messages.is_array()) {
    return InvalidArgument("messages must be an array, not " + JsonTypeName(messages));
  }
  if (messages.empty()) return InvalidArgument("messages must not be empty");
  Json out = Json::array();
  for (size_t i = 0; i < messages.size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(Json message,
                            NormalizeMessage(messages[i], "messages[" + std::to_string(i) + "]"));
    out.push_back(std::move(message));
  }
  return out;
}

}  // namespace hearth::server
