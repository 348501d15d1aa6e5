#include "chat/chat_template.h"

#include "chat/chat_functions.h"

namespace hearth {
namespace {

// ChatML, for models that ship no template. Content that is not a string (a list of parts,
// null for a pure tool call) is written as JSON / left out rather than failing.
constexpr std::string_view kChatMlSource =
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' }}"
    "{%- if message['content'] is string %}{{- message['content'] }}"
    "{%- elif message['content'] is defined and message['content'] is not none %}"
    "{{- message['content'] | tojson }}{%- endif %}"
    "{{- '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

std::string DefaultName() { return "default:" + std::string(kDefaultChatTemplateName); }

// The text of token `id_key` in the vocabulary, or "" when the file names no such token.
Result<std::string> TokenText(const GgufFile& file, std::string_view id_key) {
  const GgufMetadata& metadata = file.metadata();
  if (!metadata.Contains(id_key)) return std::string();
  HEARTH_ASSIGN_OR_RETURN(int64_t id, metadata.GetInt(id_key));
  if (!metadata.Contains("tokenizer.ggml.tokens")) return std::string();
  HEARTH_ASSIGN_OR_RETURN(const std::vector<std::string>* tokens,
                          metadata.GetStringArray("tokenizer.ggml.tokens"));
  if (id < 0 || uint64_t(id) >= tokens->size()) {
    return InvalidArgument(file.path() + ": metadata key '" + std::string(id_key) + "' is " +
                           std::to_string(id) + ", outside the vocabulary of " +
                           std::to_string(tokens->size()) + " tokens");
  }
  return (*tokens)[size_t(id)];
}

}  // namespace

Result<ChatTemplate> ChatTemplate::Parse(std::string source, std::string name) {
  HEARTH_ASSIGN_OR_RETURN(jinja::Template tmpl, jinja::Template::Parse(source, name));
  return ChatTemplate(std::move(source), std::move(name), std::move(tmpl), /*is_default=*/false);
}

ChatTemplate ChatTemplate::Default() {
  Result<jinja::Template> tmpl = jinja::Template::Parse(kChatMlSource, DefaultName());
  HEARTH_CHECK(tmpl.ok()) << tmpl.status().ToString();
  return ChatTemplate(std::string(kChatMlSource), DefaultName(), std::move(*tmpl),
                      /*is_default=*/true);
}

Result<ChatTemplate> ChatTemplate::FromGguf(const GgufFile& file, std::string_view variant) {
  std::string key(kChatTemplateKey);
  if (!variant.empty()) key += "." + std::string(variant);
  if (!file.metadata().Contains(key)) {
    if (!variant.empty()) {
      return NotFound(file.path() + ": no chat template named '" + std::string(variant) + "'");
    }
    return Default();
  }
  HEARTH_ASSIGN_OR_RETURN(std::string_view source, file.metadata().GetString(key));
  return Parse(std::string(source), file.path() + ":" + key);
}

Result<std::string> ChatTemplate::Render(const ChatRenderInput& input) const {
  return Render(input, jinja::RenderLimits{});
}

Result<std::string> ChatTemplate::Render(const ChatRenderInput& input,
                                         const jinja::RenderLimits& limits) const {
  if (!input.messages.is_array()) {
    return InvalidArgument(name_ + ": messages must be a JSON array, not " +
                           std::string(input.messages.type_name()));
  }
  jinja::Context context;
  HEARTH_RETURN_IF_ERROR(context.SetJson("messages", input.messages));
  if (!input.tools.is_null()) HEARTH_RETURN_IF_ERROR(context.SetJson("tools", input.tools));
  context.Set("add_generation_prompt", jinja::Value::Bool(input.add_generation_prompt));
  context.Set("bos_token", jinja::Value::String(input.bos_token));
  context.Set("eos_token", jinja::Value::String(input.eos_token));
  context.SetFunction("raise_exception", MakeRaiseException());
  context.SetFunction("strftime_now",
                      MakeStrftimeNow(input.now.value_or(std::chrono::system_clock::now())));
  return template_.Render(context, limits);
}

Result<ChatSpecialTokens> ChatSpecialTokensFromGguf(const GgufFile& file) {
  ChatSpecialTokens tokens;
  HEARTH_ASSIGN_OR_RETURN(tokens.bos_token, TokenText(file, "tokenizer.ggml.bos_token_id"));
  HEARTH_ASSIGN_OR_RETURN(tokens.eos_token, TokenText(file, "tokenizer.ggml.eos_token_id"));
  return tokens;
}

}  // namespace hearth
