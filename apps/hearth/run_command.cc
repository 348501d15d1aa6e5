// `hearth run MODEL [PROMPT]`: with a prompt (or text piped on stdin), streams the answer and
// exits; on a terminal without one, opens the chat REPL (chat_repl.h). `--raw` sends the prompt
// as is (a completion, no chat template); with `--temperature 0 --raw` stdout carries the greedy
// continuation and nothing else. Statistics (`--verbose`) and errors go to stderr.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_prompt.h"
#include "chat_repl.h"
#include "commands.h"
#include "model_reference.h"
#include "generation_flags.h"
#include "interrupt.h"
#include "text_generation.h"

namespace hearth::cli {
namespace {

struct RunArgs {
  std::string model;
  std::string home;  // the model store (--home)
  std::vector<std::string> prompt_words;
  bool raw = false;
  bool verbose = false;
  std::string system;
  GenerationFlags flags;
};

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
  return text;
}

Result<std::vector<TokenId>> PromptTokens(const RunArgs& args, const Model& model,
                                          const ChatTemplate& chat_template,
                                          const std::string& prompt) {
  if (args.raw) return TokenizePrompt(model.tokenizer(), prompt);
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  if (!args.system.empty()) messages.push_back({{"role", "system"}, {"content", args.system}});
  messages.push_back({{"role", "user"}, {"content", prompt}});
  HEARTH_ASSIGN_OR_RETURN(std::string text, RenderConversation(chat_template, model.tokenizer(),
                                                               messages));
  return TokenizePrompt(model.tokenizer(), text);
}

int RunOnce(const RunArgs& args, const Model& model, ThreadPool& pool,
            const ChatTemplate& chat_template, const std::string& prompt, double load_seconds) {
  Result<std::vector<TokenId>> tokens = PromptTokens(args, model, chat_template, prompt);
  if (!tokens.ok()) {
    std::fprintf(stderr, "hearth run: %s\n", tokens.status().message().c_str());
    return 1;
  }
  Session session(model, pool, MakeSessionOptions(args.flags));
  if (int64_t(tokens.value().size()) > session.n_ctx()) {
    std::fprintf(stderr, "hearth run: the prompt has %zu tokens, more than the context of %d "
                 "(raise --ctx-size)\n", tokens.value().size(), session.n_ctx());
    return 1;
  }
  Sampler sampler(args.flags.sampling, model.config().n_vocab);
  InterruptScope interrupt;
  GenerationLimits limits{args.flags.num_predict, &interrupt.flag()};
  Result<GenerationStats> stats =
      Generate(session, sampler, model.tokenizer(), tokens.value(), limits,
               [](std::string_view text) {
                 std::fwrite(text.data(), 1, text.size(), stdout);
                 std::fflush(stdout);
               });
  if (isatty(STDOUT_FILENO)) std::printf("\n");
  if (!stats.ok()) {
    std::fprintf(stderr, "hearth run: %s\n", stats.status().message().c_str());
    return 1;
  }
  if (args.verbose) PrintGenerationStats(stats.value(), load_seconds);
  return 0;
}

int Run(const RunArgs& args) {
  const auto load_start = std::chrono::steady_clock::now();
  Result<ModelReference> reference = ResolveModel(args.model, args.home);
  if (!reference.ok()) {
    std::fprintf(stderr, "hearth run: %s\n", reference.status().message().c_str());
    return 1;
  }
  LoadOptions load_options;
  load_options.more_parts = reference->more_parts;
  Result<std::unique_ptr<Model>> model = Model::Open(reference->path, load_options);
  if (!model.ok()) {
    std::fprintf(stderr, "hearth run: %s\n", model.status().message().c_str());
    return 1;
  }
  Result<ChatTemplate> chat_template = ChatTemplate::FromGguf(model.value()->file());
  if (!chat_template.ok()) {
    std::fprintf(stderr, "hearth run: %s\n", chat_template.status().message().c_str());
    return 1;
  }
  const double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  ThreadPool pool(args.flags.threads > 0 ? args.flags.threads : DefaultThreadCount());

  std::string prompt = JoinWords(args.prompt_words);
  if (prompt.empty() && !isatty(STDIN_FILENO)) {  // `echo hi | hearth run model`
    prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (!prompt.empty()) {
    return RunOnce(args, *model.value(), pool, chat_template.value(), prompt, load_seconds);
  }
  if (args.raw) {
    std::fprintf(stderr, "hearth run: --raw needs a prompt\n");
    return 1;
  }
  return RunChatRepl(*model.value(), pool, chat_template.value(), args.flags, args.verbose);
}

}  // namespace

void AddRunCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* command = app.add_subcommand("run", "Generate text from a model, or chat with it");
  command->add_option("model", args->model, "Model: a name in the store or a GGUF file")
      ->required();
  AddStoreHomeOption(*command, args->home);
  command->add_option("prompt", args->prompt_words, "Prompt; without one, an interactive chat");
  command->add_flag("--raw", args->raw, "Send the prompt as is, without the chat template");
  command->add_flag("--verbose", args->verbose, "Print prompt and generation rates to stderr");
  command->add_option("--system", args->system, "A system message for the conversation");
  AddGenerationFlags(*command, args->flags);
  command->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace hearth::cli
