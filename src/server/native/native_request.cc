#include "server/native/native_request.h"

namespace hearth::server {

bool ToolRequest::active() const {
  const bool has_tools = tools.is_array() && !tools.empty();
  return has_tools && !(tool_choice.is_string() && tool_choice.get<std::string>() == "none");
}

}  // namespace hearth::server
