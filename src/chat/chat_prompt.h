// Turning a conversation into the prompt tokens a chat model expects: the model's chat template
// (or the default) rendered with the tokenizer's BOS/EOS texts, then tokenized with special
// tokens recognised. Shared by `hearth run` (one-shot and REPL) and `hearth serve`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "chat/chat_template.h"
#include "tokenizer/tokenizer.h"

namespace hearth {

// The prompt text for `messages` ([{role, content, ...}, ...]) with the generation prompt
// added. `tools` (an array, or null for none) is passed to the template as `tools`. Errors are
// the template's (a raise_exception message, or "NAME:LINE:COL: ...").
Result<std::string> RenderConversation(const ChatTemplate& chat_template, const Tokenizer& tokenizer,
                                       const nlohmann::ordered_json& messages,
                                       const nlohmann::ordered_json& tools = nullptr);

// Tokens of a prompt (rendered by a template, or raw): special-token texts become their ids; a
// BOS is added when the model wants one and the text did not already begin with it (never two).
std::vector<TokenId> TokenizePrompt(const Tokenizer& tokenizer, std::string_view prompt);

}  // namespace hearth
