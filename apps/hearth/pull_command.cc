// `hearth pull NAME`: downloads a model into the store (src/store/pull): from an Ollama
// registry ("llama3.2", "someone/model:tag") or a Hugging Face repository
// ("hf.co/ORG/REPO:Q4_K_M"). Endpoints come from the environment: HEARTH_REGISTRY (default
// https://registry.ollama.ai), HF_ENDPOINT (default https://huggingface.co), HF_TOKEN. Progress
// goes to stderr (a bar on a terminal, plain lines otherwise). Ctrl-C stops the pull and keeps
// what was downloaded; pulling again resumes. Exit status: 0 pulled, 1 failed, 2 bad arguments.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.h"
#include "interrupt.h"
#include "pull_environment.h"
#include "store/model_store.h"
#include "store/pull/http_fetch.h"
#include "store/pull/progress_bar.h"
#include "store/pull/pull_model.h"

namespace hearth::cli {
namespace {

struct PullArgs {
  std::string name;
  std::string home;
  store::PullOptions options;
};

int Pull(PullArgs args) {
  store::EnsureCurlInitialized();  // before any thread starts
  Result<store::ModelName> name = store::ModelName::Parse(args.name);
  if (!name.ok()) {
    std::fprintf(stderr, "hearth pull: %s\n", name.status().message().c_str());
    return 2;
  }
  store::PullOptions& options = args.options;
  ApplyPullEnvironment(options);
  const std::string home = args.home.empty() ? store::ModelStore::DefaultHome() : args.home;
  Result<store::ModelStore> model_store = store::ModelStore::Open(home);
  if (!model_store.ok()) {
    std::fprintf(stderr, "hearth pull: %s\n", model_store.status().message().c_str());
    return 1;
  }
  InterruptScope interrupt;
  store::ProgressBar bar(stderr, isatty(STDERR_FILENO) != 0);
  Result<store::PullResult> pulled = store::PullModel(
      *model_store, *name, options, [&bar](const store::PullProgress& p) { bar.Update(p); },
      &interrupt.flag());
  bar.Finish();
  if (!pulled.ok()) {
    std::fprintf(stderr, "hearth pull: %s\n", pulled.status().message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void AddPullCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PullArgs>();
  CLI::App* cmd = app.add_subcommand(
      "pull",
      "Download a model (llama3.2, someone/model:tag, hf.co/ORG/REPO:Q4_K_M) into the store");
  cmd->add_option("name", args->name, "Model name")->required();
  cmd->add_option("--home", args->home, "Model store (default: HEARTH_HOME or ~/.hearth)");
  cmd->add_option("--connections", args->options.connections,
                  "HTTP connections per large blob")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--low-speed-limit", args->options.low_speed_bytes_per_second,
                  "Abort (then retry) a transfer slower than this many bytes/s ...")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--low-speed-time", args->options.low_speed_seconds,
                  "... for this many seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--retries", args->options.max_retries,
                  "Resumes of a failed transfer in a row before giving up")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args, &exit_code] { exit_code = Pull(*args); });
}

}  // namespace hearth::cli
