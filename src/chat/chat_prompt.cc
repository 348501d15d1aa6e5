#include "chat/chat_prompt.h"

namespace hearth {
namespace {

std::string TokenTextOrEmpty(const Tokenizer& tokenizer, TokenId id) {
  return id >= 0 ? std::string(tokenizer.TokenText(id)) : std::string();
}

}  // namespace

Result<std::string> RenderConversation(const ChatTemplate& chat_template, const Tokenizer& tokenizer,
                                       const nlohmann::ordered_json& messages,
                                       const nlohmann::ordered_json& tools) {
  ChatRenderInput input;
  input.messages = messages;
  input.tools = tools;
  input.add_generation_prompt = true;
  input.bos_token = TokenTextOrEmpty(tokenizer, tokenizer.bos_id());
  input.eos_token = TokenTextOrEmpty(tokenizer, tokenizer.eos_id());
  return chat_template.Render(input);
}

std::vector<TokenId> TokenizePrompt(const Tokenizer& tokenizer, std::string_view prompt) {
  EncodeOptions options;
  options.add_special = false;
  options.parse_special = true;
  std::vector<TokenId> tokens = tokenizer.Encode(prompt, options);
  const TokenId bos = tokenizer.bos_id();
  if (tokenizer.add_bos() && bos >= 0 && (tokens.empty() || tokens.front() != bos)) {
    tokens.insert(tokens.begin(), bos);
  }
  return tokens;
}

}  // namespace hearth
