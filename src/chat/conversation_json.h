// Reading a conversation file (what `hearth render` takes): a JSON object with `messages`
// (array), optional `tools` (array or null), `add_generation_prompt` (default true), and
// `bos_token` / `eos_token` (strings; for a bare template, since a model supplies its own).
#pragma once

#include <string_view>

#include "base/status.h"
#include "chat/chat_template.h"

namespace hearth {

// Errors name `source` and either the byte offset of bad JSON or the offending field:
// "conv.json: invalid JSON at byte 17 (line 2, column 4): ...",
// "conv.json: field 'messages' must be an array, not string".
Result<ChatRenderInput> ParseConversationJson(std::string_view text, std::string_view source);

}  // namespace hearth
