#include "chat_repl.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "chat/chat_prompt.h"
#include "interrupt.h"
#include "text_generation.h"

namespace hearth::cli {
namespace {

constexpr const char* kHelp =
    "Available commands:\n"
    "  /set parameter NAME VALUE   temperature, top_k, top_p, min_p, repeat_penalty,\n"
    "                              repeat_last_n, seed, num_predict, num_ctx\n"
    "  /set system TEXT            set the system message\n"
    "  /show parameters            show the current settings\n"
    "  /clear                      forget the conversation\n"
    "  /bye                        exit (or Ctrl-D)\n"
    "  /?, /help                   this help\n"
    "Use \"\"\" to begin and end a multi-line message.\n";

class ChatRepl {
 public:
  ChatRepl(const Model& model, ThreadPool& pool, const ChatTemplate& chat_template,
           GenerationFlags flags, bool verbose)
      : model_(model), pool_(pool), template_(chat_template), flags_(std::move(flags)),
        verbose_(verbose) {}

  int Run() {
    NewSession();
    for (;;) {
      std::string input;
      switch (ReadMessage(input)) {
        case ReadStatus::kEndOfInput:
          std::printf("\n");
          return 0;
        case ReadStatus::kInterrupted:
          interrupt_.Reset();
          std::printf("\nUse Ctrl + d or /bye to exit.\n");
          continue;
        case ReadStatus::kLine:
          break;
      }
      if (input.empty()) continue;
      if (input[0] == '/') {
        if (!HandleCommand(input)) return 0;
        continue;
      }
      Answer(input);
    }
  }

 private:
  // Reads a message: one line, or everything between a pair of """.
  ReadStatus ReadMessage(std::string& message) {
    std::printf(">>> ");
    std::fflush(stdout);
    std::string line;
    ReadStatus status = ReadLine(line);
    if (status != ReadStatus::kLine || line.rfind("\"\"\"", 0) != 0) {
      message = line;
      return status;
    }
    message = line.substr(3);
    while (message.size() < 3 || message.compare(message.size() - 3, 3, "\"\"\"") != 0) {
      std::printf("... ");
      std::fflush(stdout);
      status = ReadLine(line);
      if (status != ReadStatus::kLine) return status;
      message += "\n" + line;
    }
    message.resize(message.size() - 3);
    return ReadStatus::kLine;
  }

  // Returns false on /bye.
  bool HandleCommand(const std::string& input) {
    std::istringstream words(input);
    std::string command, what;
    words >> command >> what;
    if (command == "/bye" || command == "/exit") return false;
    if (command == "/clear") {
      messages_ = nlohmann::ordered_json::array();
      session_->TruncateTo(0);
      cached_.clear();
      std::printf("Cleared session context\n");
    } else if (command == "/set" && what == "parameter") {
      std::string name, value;
      words >> name >> value;
      const std::string error = SetParameter(flags_, name, value);
      if (!error.empty()) {
        std::printf("%s\n", error.c_str());
      } else {
        std::printf("Set parameter '%s' to '%s'\n", name.c_str(), value.c_str());
        if (name == "num_ctx") NewSession();
      }
    } else if (command == "/set" && what == "system") {
      std::string text;
      std::getline(words >> std::ws, text);
      system_ = text;
      std::printf("Set system message.\n");
    } else if (command == "/show" && what == "parameters") {
      ShowParameters();
    } else if (command == "/?" || command == "/help") {
      std::printf("%s", kHelp);
    } else {
      std::printf("Unknown command '%s'. Type /? for help\n", command.c_str());
    }
    return true;
  }

  void ShowParameters() const {
    const SamplingParams& s = flags_.sampling;
    std::printf("temperature     %g\ntop_k           %d\ntop_p           %g\nmin_p           %g\n"
                "repeat_penalty  %g\nrepeat_last_n   %d\nnum_predict     %lld\nnum_ctx         %d\n",
                s.temperature, s.top_k, s.top_p, s.min_p, s.repeat_penalty, s.repeat_last_n,
                (long long)flags_.num_predict, session_->n_ctx());
  }

  void NewSession() {
    session_ = std::make_unique<Session>(model_, pool_, MakeSessionOptions(flags_));
    cached_.clear();
  }

  nlohmann::ordered_json Conversation(const std::string& user_message) const {
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    if (!system_.empty()) messages.push_back({{"role", "system"}, {"content", system_}});
    for (const auto& m : messages_) messages.push_back(m);
    messages.push_back({{"role", "user"}, {"content", user_message}});
    return messages;
  }

  void Answer(const std::string& user_message) {
    const nlohmann::ordered_json messages = Conversation(user_message);
    Result<std::string> prompt = RenderConversation(template_, model_.tokenizer(), messages);
    if (!prompt.ok()) {
      std::printf("error: %s\n", prompt.status().message().c_str());
      return;
    }
    const std::vector<TokenId> tokens = TokenizePrompt(model_.tokenizer(), prompt.value());
    if (int64_t(tokens.size()) >= session_->n_ctx()) {
      std::printf("error: the conversation (%zu tokens) no longer fits the context of %d tokens; "
                  "/clear it or /set parameter num_ctx to more\n", tokens.size(), session_->n_ctx());
      return;
    }
    // Keep the evaluated tokens the new prompt starts with; evaluate the rest. At least one
    // token is evaluated so there are logits to sample from.
    size_t keep = std::mismatch(cached_.begin(), cached_.end(), tokens.begin(), tokens.end()).first -
                  cached_.begin();
    keep = std::min(keep, tokens.size() - 1);
    session_->TruncateTo(int32_t(keep));
    cached_.resize(keep);

    Sampler sampler(flags_.sampling, model_.config().n_vocab);
    for (size_t i = 0; i < keep; ++i) sampler.Accept(tokens[i]);
    std::vector<TokenId> generated;
    std::string answer;
    GenerationLimits limits{flags_.num_predict, &interrupt_.flag()};
    Result<GenerationStats> stats = Generate(
        *session_, sampler, model_.tokenizer(), std::span(tokens).subspan(keep), limits,
        [&](std::string_view text) {
          answer += text;
          std::fwrite(text.data(), 1, text.size(), stdout);
          std::fflush(stdout);
        },
        &generated);
    std::printf("\n\n");
    interrupt_.Reset();
    if (!stats.ok()) {
      std::printf("error: %s\n", stats.status().message().c_str());
      session_->TruncateTo(0);
      cached_.clear();
      return;
    }
    cached_ = tokens;
    cached_.insert(cached_.end(), generated.begin(), generated.end());
    cached_.resize(std::min(cached_.size(), size_t(session_->n_past())));  // last may be unevaluated
    messages_.push_back({{"role", "user"}, {"content", user_message}});
    messages_.push_back({{"role", "assistant"}, {"content", answer}});
    if (verbose_) PrintGenerationStats(stats.value(), 0.0);
  }

  const Model& model_;
  ThreadPool& pool_;
  const ChatTemplate& template_;
  GenerationFlags flags_;
  bool verbose_;
  InterruptScope interrupt_;
  std::unique_ptr<Session> session_;
  std::vector<TokenId> cached_;  // the tokens whose keys and values the session holds
  nlohmann::ordered_json messages_ = nlohmann::ordered_json::array();  // user/assistant turns
  std::string system_;
};

}  // namespace

int RunChatRepl(const Model& model, ThreadPool& pool, const ChatTemplate& chat_template,
                GenerationFlags flags, bool verbose) {
  ChatRepl repl(model, pool, chat_template, std::move(flags), verbose);
  return repl.Run();
}

}  // namespace hearth::cli
