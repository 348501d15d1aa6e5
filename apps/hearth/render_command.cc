// `hearth render MODEL.gguf|TEMPLATE.jinja CONVERSATION.json`: prints exactly the prompt the
// chat template makes of a conversation (no newline added). For a model, the template is its
// embedded one (or the ChatML default) and bos/eos are its tokens; for a bare template they
// come from the conversation file.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "chat/chat_template.h"
#include "chat/conversation_json.h"
#include "commands.h"
#include "gguf/gguf_file.h"

namespace hearth::cli {
namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError(path + ": read failed");
  return text.str();
}

bool LooksLikeGguf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::string_view(magic, 4) == "GGUF";
}

// "YYYY-MM-DD" as noon local time (for strftime_now).
Result<std::chrono::system_clock::time_point> ParseDate(const std::string& date) {
  std::tm day{};
  int year = 0, month = 0, mday = 0;
  char tail = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &year, &month, &mday, &tail) != 3 ||
      month < 1 || month > 12 || mday < 1 || mday > 31) {
    return InvalidArgument("--date must be YYYY-MM-DD, got '" + date + "'");
  }
  day.tm_year = year - 1900;
  day.tm_mon = month - 1;
  day.tm_mday = mday;
  day.tm_hour = 12;
  day.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&day));
}

Result<std::string> RenderPrompt(const std::string& template_path,
                                 const std::string& conversation_path, const std::string& date) {
  HEARTH_ASSIGN_OR_RETURN(std::string conversation_text, ReadWholeFile(conversation_path));
  HEARTH_ASSIGN_OR_RETURN(ChatRenderInput input,
                          ParseConversationJson(conversation_text, conversation_path));
  if (!date.empty()) {
    HEARTH_ASSIGN_OR_RETURN(input.now, ParseDate(date));
  }
  if (LooksLikeGguf(template_path)) {
    HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(template_path));
    HEARTH_ASSIGN_OR_RETURN(ChatTemplate chat_template, ChatTemplate::FromGguf(file));
    HEARTH_ASSIGN_OR_RETURN(ChatSpecialTokens tokens, ChatSpecialTokensFromGguf(file));
    input.bos_token = tokens.bos_token;
    input.eos_token = tokens.eos_token;
    return chat_template.Render(input);
  }
  HEARTH_ASSIGN_OR_RETURN(std::string source, ReadWholeFile(template_path));
  HEARTH_ASSIGN_OR_RETURN(ChatTemplate chat_template,
                          ChatTemplate::Parse(std::move(source), template_path));
  return chat_template.Render(input);
}

}  // namespace

void AddRenderCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string template_path;
    std::string conversation_path;
    std::string date;
  };
  static Options options;  // CLI11 binds to storage that outlives parsing
  CLI::App* cmd = app.add_subcommand(
      "render", "Print the prompt a model's chat template makes of a conversation");
  cmd->add_option("model", options.template_path, "GGUF model or .jinja chat template")
      ->required();
  cmd->add_option("conversation", options.conversation_path,
                  "JSON: {messages, tools?, add_generation_prompt?, bos_token?, eos_token?}")
      ->required();
  cmd->add_option("--date", options.date, "Date strftime_now() sees (YYYY-MM-DD; default: today)");
  cmd->callback([&exit_code] {
    Result<std::string> prompt =
        RenderPrompt(options.template_path, options.conversation_path, options.date);
    if (!prompt.ok()) {
      std::fprintf(stderr, "hearth render: %s\n", prompt.status().message().c_str());
      exit_code = 1;
      return;
    }
    std::fwrite(prompt->data(), 1, prompt->size(), stdout);
    exit_code = 0;
  });
}

}  // namespace hearth::cli
