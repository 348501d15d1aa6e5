// Chat templates: the Jinja template a model ships (GGUF `tokenizer.chat_template`) rendered
// with our own interpreter, the way Hugging Face transformers renders it: variables
// `messages`, `tools` (absent when there are none), `add_generation_prompt`, `bos_token`,
// `eos_token`; globals `raise_exception(msg)` (rendering fails with exactly that message) and
// `strftime_now(format)` (local time, injectable through ChatRenderInput::now).
//
// A model without a template gets Default(): ChatML, and is_default() says so.
//
// Thread-safety: a ChatTemplate is immutable; Render may run concurrently.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "jinja/template.h"

namespace hearth {

// What a default template is called (`hearth show`: "none embedded (default: chatml)").
inline constexpr std::string_view kDefaultChatTemplateName = "chatml";
inline constexpr std::string_view kChatTemplateKey = "tokenizer.chat_template";

struct ChatRenderInput {
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();  // [{role, content, ...}]
  nlohmann::ordered_json tools;  // null when none (then `tools` is undefined in the template)
  bool add_generation_prompt = true;
  std::string bos_token;
  std::string eos_token;
  std::optional<std::chrono::system_clock::time_point> now;  // for strftime_now; default: now
};

class ChatTemplate {
 public:
  // Parses Jinja source; `name` appears in errors ("model.gguf:tokenizer.chat_template:3:14:
  // ...").
  static Result<ChatTemplate> Parse(std::string source, std::string name);
  static ChatTemplate Default();  // ChatML
  // The model's embedded template (`tokenizer.chat_template`, or with `variant` the named one,
  // `tokenizer.chat_template.<variant>`), or Default() when the file has none.
  static Result<ChatTemplate> FromGguf(const GgufFile& file, std::string_view variant = {});

  // The prompt text. Fails with the template's own message for raise_exception(), and with
  // "NAME:LINE:COL: ..." for other errors; `messages` must be a JSON array.
  Result<std::string> Render(const ChatRenderInput& input) const;
  Result<std::string> Render(const ChatRenderInput& input, const jinja::RenderLimits& limits) const;

  bool is_default() const { return is_default_; }
  const std::string& source() const { return source_; }
  const std::string& name() const { return name_; }

 private:
  ChatTemplate(std::string source, std::string name, jinja::Template tmpl, bool is_default)
      : source_(std::move(source)),
        name_(std::move(name)),
        template_(std::move(tmpl)),
        is_default_(is_default) {}

  std::string source_;
  std::string name_;
  jinja::Template template_;
  bool is_default_;
};

// The text of a model's BOS and EOS tokens (tokenizer.ggml.bos_token_id / eos_token_id looked
// up in tokenizer.ggml.tokens); empty where the file names none. An id outside the vocabulary
// or a key of the wrong type is an error naming the file and key.
struct ChatSpecialTokens {
  std::string bos_token;
  std::string eos_token;
};
Result<ChatSpecialTokens> ChatSpecialTokensFromGguf(const GgufFile& file);

}  // namespace hearth
