// forward_timing: speed of the forward pass on a model file, as llama-bench measures it:
// prompt processing (pp: a prompt of --pp tokens in passes of --n-batch) and generation (tg:
// --tg tokens decoded one at a time), in tokens/s and in GB/s of weights streamed.
//
//   forward_timing --model /work/models-bench/llama-3.2-1b-Q4_K_M.gguf --threads 1,2
//
// Each figure is the best of --reps runs after a warm-up (the machine is shared, so the best
// run is the one least disturbed). Tokens are fixed ids: speed does not depend on them.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "llm/model.h"
#include "llm/session.h"

namespace hearth {
namespace {

struct Options {
  std::string model;
  std::vector<int> threads = {1, 2};
  int pp = 512;
  int tg = 128;
  int n_batch = 512;
  int reps = 3;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Tokens/s of one prompt of `n` tokens from an empty context; 0 on error.
double PromptSpeed(Session& session, int n) {
  const std::vector<TokenId> prompt(size_t(n), 1);
  session.TruncateTo(0);
  const auto start = std::chrono::steady_clock::now();
  auto logits = session.Decode(prompt);
  if (!logits.ok()) {
    std::fprintf(stderr, "%s\n", logits.status().ToString().c_str());
    return 0.0;
  }
  return n / Seconds(start);
}

// Tokens/s of `n` single-token decodes from an empty context; 0 on error.
double GenerationSpeed(Session& session, int n) {
  session.TruncateTo(0);
  const TokenId token = 1;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto logits = session.Decode(std::span<const TokenId>(&token, 1));
    if (!logits.ok()) {
      std::fprintf(stderr, "%s\n", logits.status().ToString().c_str());
      return 0.0;
    }
  }
  return n / Seconds(start);
}

template <typename Fn>
double Best(int reps, Fn&& run) {
  run();  // warm-up: page in the weights, size the buffers
  double best = 0.0;
  for (int r = 0; r < reps; ++r) best = std::max(best, run());
  return best;
}

int Run(const Options& o) {
  auto model = Model::Open(o.model);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
    return 1;
  }
  const ModelConfig& c = (*model)->config();
  const double gb_per_token = double((*model)->bytes_per_token()) / 1e9;
  std::printf("model %s (%s, %d layers, dim %d, %d/%d heads, ff %d, vocab %d)\n", o.model.c_str(),
              c.arch.c_str(), c.n_layer, c.n_embd, c.n_head, c.n_head_kv, c.n_ff, c.n_vocab);
  std::printf("kernels %s; weights %.3f GB, %.3f GB read per generated token\n",
              std::string(IsaName((*model)->kernels().isa)).c_str(),
              double((*model)->weight_bytes()) / 1e9, gb_per_token);
  std::printf("| threads | pp%d t/s | tg%d t/s | tg GB/s |\n|---|---|---|---|\n", o.pp, o.tg);
  for (int n_threads : o.threads) {
    ThreadPool pool(n_threads);
    Session session(**model, pool, {.n_ctx = std::max(o.pp, o.tg) + 1, .n_batch = o.n_batch});
    const double pp = o.pp > 0 ? Best(o.reps, [&] { return PromptSpeed(session, o.pp); }) : 0.0;
    const double tg = o.tg > 0 ? Best(o.reps, [&] { return GenerationSpeed(session, o.tg); }) : 0.0;
    std::printf("| %d | %.2f | %.2f | %.1f |\n", n_threads, pp, tg, tg * gb_per_token);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace hearth

int main(int argc, char** argv) {
  hearth::Options o;
  CLI::App app{"Forward-pass speed: prompt processing and generation, tokens/s and GB/s"};
  app.add_option("--model", o.model, "GGUF model file")->required();
  app.add_option("--threads", o.threads, "Thread counts to measure")->delimiter(',');
  app.add_option("--pp", o.pp, "Prompt tokens (0 skips)");
  app.add_option("--tg", o.tg, "Generated tokens (0 skips)");
  app.add_option("--n-batch", o.n_batch, "Tokens per forward pass in prompt processing");
  app.add_option("--reps", o.reps, "Repetitions (the best is reported)");
  CLI11_PARSE(app, argc, argv);
  return hearth::Run(o);
}
