// The conversation of a chat request, checked and put in the shape chat templates expect
// (the Hugging Face convention), whichever API it came from:
//   - role: system, user, assistant or tool ("developer" becomes "system");
//   - content: a string; OpenAI's array of text parts is joined with newlines; null or absent
//     becomes "" (an assistant message that only calls tools);
//   - tool_calls[].function.arguments: OpenAI sends a JSON string, templates index into an
//     object, so a string that parses as a JSON object becomes that object;
//   - other fields (name, tool_call_id, ...) pass through; image parts and Ollama's `images`
//     are refused (no vision models yet).
#pragma once

#include "base/status.h"
#include "server/native/json_fields.h"

namespace hearth::server {

// Errors (InvalidArgument) name the message index and field: "messages[2].role must be one of
// system, user, assistant, tool, not 'robot'".
Result<Json> NormalizeChatMessages(const Json& messages);

}  // namespace hearth::server
