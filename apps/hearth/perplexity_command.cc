// `hearth perplexity MODEL TEXT_FILE [-c N]`: the number that compares quantizations of a model,
// computed the way the established tool computes it so figures are comparable: the text is
// tokenized once (BOS added when the model wants it), cut into consecutive chunks of n_ctx
// tokens (a partial last chunk is dropped), each chunk evaluated from an empty context with its
// first token replaced by BOS, and only the second half of each chunk scored: the negative
// log-likelihood of each next token. PPL = exp(mean NLL); the ± is the standard error of the
// mean NLL carried through exp (delta method).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "generation_flags.h"
#include "llm/model.h"
#include "llm/session.h"
#include "tokenizer/tokenizer.h"

namespace hearth::cli {
namespace {

struct PerplexityArgs {
  std::string model;
  std::string text_file;
  int32_t n_ctx = 512;
  int threads = 0;
  int64_t max_chunks = -1;
};

// -log softmax(logits)[target], in double as the sums get long.
double NegativeLogLikelihood(std::span<const float> logits, TokenId target) {
  float max_logit = logits[0];
  for (float x : logits) max_logit = std::max(max_logit, x);
  double sum = 0;
  for (float x : logits) sum += std::exp(double(x) - double(max_logit));
  return std::log(sum) - (double(logits[size_t(target)]) - double(max_logit));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open the text file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int Perplexity(const PerplexityArgs& args) {
  Result<std::unique_ptr<Model>> opened = Model::Open(args.model);
  if (!opened.ok()) {
    std::fprintf(stderr, "hearth perplexity: %s\n", opened.status().message().c_str());
    return 1;
  }
  const Model& model = *opened.value();
  Result<std::string> text = ReadFile(args.text_file);
  if (!text.ok()) {
    std::fprintf(stderr, "hearth perplexity: %s\n", text.status().message().c_str());
    return 1;
  }
  const Tokenizer& tokenizer = model.tokenizer();
  EncodeOptions encode;
  encode.add_special = true;
  const std::vector<TokenId> tokens = tokenizer.Encode(text.value(), encode);
  const int32_t n_ctx = args.n_ctx;
  int64_t n_chunks = int64_t(tokens.size()) / n_ctx;
  if (args.max_chunks >= 0) n_chunks = std::min(n_chunks, args.max_chunks);
  if (n_chunks == 0) {
    std::fprintf(stderr, "hearth perplexity: %s has %zu tokens, fewer than one chunk of %d "
                 "(use a longer text or a smaller --ctx-size)\n", args.text_file.c_str(),
                 tokens.size(), n_ctx);
    return 1;
  }

  ThreadPool pool(args.threads > 0 ? args.threads : DefaultThreadCount());
  SessionOptions options;
  options.n_ctx = n_ctx;
  options.n_batch = n_ctx;
  Session session(model, pool, options);
  std::fprintf(stderr, "perplexity: %zu tokens, %lld chunks of %d, scoring the second half of each\n",
               tokens.size(), (long long)n_chunks, n_ctx);

  const auto start = std::chrono::steady_clock::now();
  const int32_t first = n_ctx / 2;
  double nll_sum = 0, nll_sq_sum = 0;
  int64_t scored = 0;
  for (int64_t chunk = 0; chunk < n_chunks; ++chunk) {
    std::vector<TokenId> window(tokens.begin() + chunk * n_ctx,
                                tokens.begin() + (chunk + 1) * n_ctx);
    if (tokenizer.add_bos() && tokenizer.bos_id() >= 0) window[0] = tokenizer.bos_id();
    session.TruncateTo(0);
    Result<std::span<const float>> logits = session.Decode(window, /*all_logits=*/true);
    if (!logits.ok()) {
      std::fprintf(stderr, "hearth perplexity: %s\n", logits.status().message().c_str());
      return 1;
    }
    const size_t n_vocab = size_t(model.config().n_vocab);
    for (int32_t j = first; j < n_ctx - 1; ++j) {
      const double nll = NegativeLogLikelihood(logits.value().subspan(size_t(j) * n_vocab, n_vocab),
                                               tokens[size_t(chunk * n_ctx + j + 1)]);
      nll_sum += nll;
      nll_sq_sum += nll * nll;
      ++scored;
    }
    std::printf("[%lld]%.4f,", (long long)(chunk + 1), std::exp(nll_sum / double(scored)));
    std::fflush(stdout);
  }
  const double mean = nll_sum / double(scored);
  const double variance = std::max(0.0, nll_sq_sum / double(scored) - mean * mean);
  const double ppl = std::exp(mean);
  const double error = ppl * std::sqrt(variance / double(std::max<int64_t>(1, scored - 1)));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\nFinal estimate: PPL = %.4f +/- %.5f\n", ppl, error);
  std::fprintf(stderr, "scored %lld tokens in %.2f s (%.1f tokens/s evaluated)\n",
               (long long)scored, seconds, double(n_chunks * n_ctx) / seconds);
  return 0;
}

}  // namespace

void AddPerplexityCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PerplexityArgs>();
  CLI::App* command =
      app.add_subcommand("perplexity", "Perplexity of a model on a text (compares quantizations)");
  command->add_option("model", args->model, "Model: a GGUF file")->required();
  command->add_option("text", args->text_file, "A plain text file")->required();
  command->add_option("-c,--ctx-size", args->n_ctx, "Tokens per chunk")
      ->capture_default_str()->check(CLI::Range(4, 1 << 20));
  command->add_option("-t,--threads", args->threads, "Threads; 0 = one per physical core");
  command->add_option("--chunks", args->max_chunks, "Score at most this many chunks; -1 = all")
      ->capture_default_str();
  command->callback([args, &exit_code] { exit_code = Perplexity(*args); });
}

}  // namespace hearth::cli
