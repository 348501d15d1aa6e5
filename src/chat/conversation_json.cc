#include "chat/conversation_json.h"

#include <string>

namespace hearth {
namespace {

Status FieldError(std::string_view source, std::string_view field, std::string_view expected,
                  const nlohmann::ordered_json& value) {
  return InvalidArgument(std::string(source) + ": field '" + std::string(field) + "' must be " +
                         std::string(expected) + ", not " + value.type_name());
}

Status ReadString(const nlohmann::ordered_json& root, std::string_view source,
                  const char* field, std::string& out) {
  if (!root.contains(field)) return Status::Ok();
  const auto& value = root.at(field);
  if (value.is_null()) return Status::Ok();
  if (!value.is_string()) return FieldError(source, field, "a string", value);
  out = value.get<std::string>();
  return Status::Ok();
}

}  // namespace

Result<ChatRenderInput> ParseConversationJson(std::string_view text, std::string_view source) {
  nlohmann::ordered_json root;
  try {
    root = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 2, column 4: ...".
    std::string detail = e.what();
    const size_t at = detail.find("parse error");
    if (at != std::string::npos) detail = detail.substr(at);
    return InvalidArgument(std::string(source) + ": invalid JSON at byte " +
                           std::to_string(e.byte) + ": " + detail);
  }
  if (!root.is_object()) {
    return InvalidArgument(std::string(source) + ": expected a JSON object with 'messages', not " +
                           root.type_name());
  }
  ChatRenderInput input;
  if (!root.contains("messages")) {
    return InvalidArgument(std::string(source) + ": missing field 'messages'");
  }
  input.messages = root.at("messages");
  if (!input.messages.is_array()) return FieldError(source, "messages", "an array", input.messages);
  for (size_t i = 0; i < input.messages.size(); ++i) {
    if (!input.messages[i].is_object()) {
      return FieldError(source, "messages[" + std::to_string(i) + "]", "an object",
                        input.messages[i]);
    }
  }
  if (root.contains("tools")) {
    input.tools = root.at("tools");
    if (!input.tools.is_null() && !input.tools.is_array()) {
      return FieldError(source, "tools", "an array or null", input.tools);
    }
  }
  if (root.contains("add_generation_prompt")) {
    const auto& flag = root.at("add_generation_prompt");
    if (!flag.is_boolean()) return FieldError(source, "add_generation_prompt", "true or false", flag);
    input.add_generation_prompt = flag.get<bool>();
  }
  HEARTH_RETURN_IF_ERROR(ReadString(root, source, "bos_token", input.bos_token));
  HEARTH_RETURN_IF_ERROR(ReadString(root, source, "eos_token", input.eos_token));
  return input;
}

}  // namespace hearth
