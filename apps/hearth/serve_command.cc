// `hearth serve`: the OpenAI- and Ollama-compatible HTTP API (src/server). Flags win over the
// environment (HEARTH_HOST "host:port", HEARTH_MODELS, HEARTH_HOME, HEARTH_API_KEY, and for
// /api/pull HEARTH_REGISTRY, HF_ENDPOINT, HF_TOKEN), which wins over the
// defaults (127.0.0.1:11434, no models folder, no API key). Runs until SIGINT or SIGTERM, then
// stops accepting, cancels running generations and exits 0.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "pull_environment.h"
#include "server/http/api_key_auth.h"
#include "server/http/listen_address.h"
#include "server/models/duration.h"
#include "server/server.h"
#include "store/planner/machine_memory.h"
#include "store/model_store.h"
#include "store/pull/http_fetch.h"

namespace hearth::cli {
namespace {

struct ServeArgs {
  std::string host;
  int port = -1;  // < 0: from HEARTH_HOST or the default
  std::string models_dir;
  std::string home;  // the model store; "" for HEARTH_HOME or ~/.hearth
  std::string memory_budget;  // "" for 90% of the machine's memory
  size_t max_loaded = 0;
  std::vector<std::string> preload;
  EngineOptions engine;
  std::string keep_alive = "5m";
  std::vector<std::string> api_keys;
  std::string api_key_file;
  std::vector<std::string> cors_origins;
  size_t max_body_bytes = size_t{16} << 20;
  int http_threads = 64;
};

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// What loaded models may use together: on Apple Silicon the GPU working-set limit, elsewhere
// 90% of the RAM (the rest for the OS and the process); 0 (no limit) when unknown.
uint64_t DefaultMemoryBudget() {
  Result<planner::MachineMemory> machine = planner::DetectMachineMemory();
  if (!machine.ok()) return 0;
  return machine->apple_gpu_limit ? machine->usable_bytes : machine->usable_bytes / 10 * 9;
}

// The server's options from the flags and the environment.
Result<server::ServerOptions> MakeOptions(const ServeArgs& args) {
  server::ServerOptions options;
  HEARTH_ASSIGN_OR_RETURN(server::ListenAddress address,
                          server::ParseListenAddress(Env("HEARTH_HOST")));
  options.http.host = args.host.empty() ? address.host : args.host;
  options.http.port = args.port >= 0 ? args.port : address.port;
  options.http.api_keys = args.api_keys;
  if (const std::string key = Env("HEARTH_API_KEY"); !key.empty()) {
    options.http.api_keys.push_back(key);
  }
  if (!args.api_key_file.empty()) {
    HEARTH_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                            server::ReadApiKeyFile(args.api_key_file));
    options.http.api_keys.insert(options.http.api_keys.end(), keys.begin(), keys.end());
  }
  options.http.cors_origins = args.cors_origins;
  options.http.max_body_bytes = args.max_body_bytes;
  options.http.threads = args.http_threads;
  options.models_dir = args.models_dir.empty() ? Env("HEARTH_MODELS") : args.models_dir;
  options.preload = args.preload;
  options.store_home = args.home.empty() ? store::ModelStore::DefaultHome() : args.home;
  if (!args.memory_budget.empty()) {
    HEARTH_ASSIGN_OR_RETURN(options.memory_budget_bytes,
                            planner::ParseMemorySize(args.memory_budget));
  } else {
    options.memory_budget_bytes = DefaultMemoryBudget();
  }
  options.max_loaded_models = args.max_loaded;
  ApplyPullEnvironment(options.pull);
  options.engine = args.engine;
  HEARTH_ASSIGN_OR_RETURN(options.keep_alive, server::ParseDuration(args.keep_alive));
  options.version = HEARTH_VERSION;
  return options;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after, so that WaitForStop
// receives them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int Serve(const ServeArgs& args) {
  Result<server::ServerOptions> options = MakeOptions(args);
  if (!options.ok()) {
    std::fprintf(stderr, "hearth serve: %s\n", options.status().message().c_str());
    return 2;
  }
  if (options->models_dir.empty() && options->preload.empty()) {
    std::fprintf(stderr, "hearth serve: serving the models of %s (hearth list); add a folder of "
                         "GGUF files with --models DIR (or HEARTH_MODELS)\n",
                 options->store_home.c_str());
  }
  if (std::error_code ec; !options->models_dir.empty() &&
                          !std::filesystem::is_directory(options->models_dir, ec)) {
    std::fprintf(stderr, "hearth serve: warning: the models folder %s does not exist (yet); "
                         "its GGUF files are listed once it does\n",
                 options->models_dir.c_str());
  }
  store::EnsureCurlInitialized();  // before any thread starts
  const sigset_t signals = BlockStopSignals();
  server::Server server(std::move(options).value());
  if (const Status status = server.Start(); !status.ok()) {
    std::fprintf(stderr, "hearth serve: %s\n", status.message().c_str());
    return 1;
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server.Stop();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the OpenAI- and Ollama-compatible API (default 127.0.0.1:11434)");
  cmd->add_option("--host", args->host, "Address to listen on (default: HEARTH_HOST or 127.0.0.1)");
  cmd->add_option("--port", args->port, "Port (default: HEARTH_HOST's or 11434)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--models", args->models_dir,
                  "Folder of GGUF files, served by file name without .gguf (or HEARTH_MODELS)");
  cmd->add_option("--home", args->home,
                  "Model store whose models are served by name (default HEARTH_HOME or ~/.hearth)");
  cmd->add_option("--memory-budget", args->memory_budget,
                  "Memory for all loaded models together, e.g. 100G (default: 90% of RAM); "
                  "idle models are unloaded, least recently used first, to stay within it");
  cmd->add_option("--max-loaded", args->max_loaded, "Most models loaded at once; 0 = no limit")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--model", args->preload, "GGUF file to load at start and keep loaded")
      ->check(CLI::ExistingFile);
  cmd->add_option("--parallel", args->engine.n_parallel,
                  "Sequences generated at once per model; 0 = automatic (4)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-c,--ctx-size", args->engine.n_ctx,
                  "Context per sequence in tokens; 0 = the model's, at most 4096")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-t,--threads", args->engine.n_threads, "Threads; 0 = one per physical core")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-b,--batch-size", args->engine.n_batch, "Tokens per forward pass; 0 = 512")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--prompt-chunk", args->engine.prompt_chunk,
                  "Prompt tokens per pass while other streams generate; 0 = automatic (a pass "
                  "of about 250 ms at the measured prompt speed)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-queue", args->engine.max_queue,
                  "Requests waiting for a sequence before 503; 0 = 64")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-alive", args->keep_alive,
                  "How long an idle model stays loaded (5m, 1h, -1 = for ever)")
      ->capture_default_str();
  cmd->add_option("--api-key", args->api_keys,
                  "Require \"Authorization: Bearer KEY\" (repeatable; also HEARTH_API_KEY)");
  cmd->add_option("--api-key-file", args->api_key_file, "File of API keys, one per line")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cors-origin", args->cors_origins,
                  "Origin allowed to call from a browser (repeatable; * = any)");
  cmd->add_option("--max-body-bytes", args->max_body_bytes, "Largest request body")
      ->capture_default_str();
  cmd->add_option("--http-threads", args->http_threads,
                  "HTTP worker threads (concurrent requests and idle connections)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &exit_code] { exit_code = Serve(*args); });
}

}  // namespace hearth::cli
