#include "server/native/chat_output_parser.h"

namespace hearth::server {

ChatOutputParser::ChatOutputParser(ChatFormat format, const ToolCallParserOptions& options)
    : parser_(format, options) {}

OutputDelta ChatOutputParser::Push(std::string_view text) { return Convert(parser_.Feed(text)); }

OutputDelta ChatOutputParser::Finish() { return Convert(parser_.Finish()); }

OutputDelta ChatOutputParser::Convert(const std::vector<ChatDelta>& deltas) {
  OutputDelta out;
  for (const ChatDelta& d : deltas) {
    ToolCallDelta call;
    call.index = int(d.tool_call_index);
    switch (d.kind) {
      case ChatDeltaKind::kContent:
        out.content += d.text;
        continue;
      case ChatDeltaKind::kReasoning:
        out.reasoning += d.text;
        continue;
      case ChatDeltaKind::kToolCallBegin:
        call.id = d.tool_call_id;
        call.name = d.function_name;
        ++valid_calls_;
        break;
      case ChatDeltaKind::kToolCallArguments:
        call.arguments = d.text;
        break;
      case ChatDeltaKind::kToolCallInvalid:
        call.invalid = true;
        --valid_calls_;
        break;
    }
    out.tool_calls.push_back(std::move(call));
  }
  return out;
}

}  // namespace hearth::server
