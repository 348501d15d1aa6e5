// ChatOutputParser: an OutputParser over src/chat's ToolCallParser: content, <think> reasoning
// and tool calls, read from the model's own syntax (chat_format.h) as the text streams.
#pragma once

#include <string_view>
#include <vector>

#include "chat/tool_call_parser.h"
#include "server/native/output_parser.h"

namespace hearth::server {

class ChatOutputParser final : public OutputParser {
 public:
  ChatOutputParser(ChatFormat format, const ToolCallParserOptions& options);

  OutputDelta Push(std::string_view text) override;
  OutputDelta Finish() override;
  bool saw_tool_calls() const override { return valid_calls_ > 0; }

 private:
  OutputDelta Convert(const std::vector<ChatDelta>& deltas);

  ToolCallParser parser_;
  int valid_calls_ = 0;  // begun and not withdrawn
};

}  // namespace hearth::server
