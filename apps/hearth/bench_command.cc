// `hearth bench MODEL`: prompt processing (pp, one batch of -p tokens) and generation (tg, -n
// tokens one at a time) in tokens/s, for each thread count, as llama-bench measures them (random
// tokens, an empty context before each repetition), plus what generation achieves against the
// hardware: the weights streamed per token in GB/s and as a share of the memory bandwidth
// measured in the same run with the same threads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench_batched.h"
#include "commands.h"
#include "generation_flags.h"
#include "kernels/memory_bandwidth.h"
#include "llm/model.h"
#include "llm/session.h"
#include "tokenizer/tokenizer.h"

namespace hearth::cli {
namespace {

struct BenchArgs {
  std::string model;
  int n_prompt = 512;
  int n_gen = 128;
  std::vector<int> threads;
  int repetitions = 3;
  bool json = false;
  bool measure_bandwidth = true;
  std::vector<int> sequences;  // non-empty: the batched benchmark (bench_batched.h) instead
};

struct BenchResult {
  std::string test;  // "pp512", "tg128"
  int threads = 0;
  double tokens_per_second = 0;  // mean over repetitions
  double stddev = 0;
  double gb_per_second = 0;      // weights streamed per second (generation only)
  double bandwidth_gb_per_second = 0;
};

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<TokenId> RandomTokens(std::mt19937& rng, int n, int32_t n_vocab) {
  std::vector<TokenId> tokens(static_cast<size_t>(n));
  for (auto& t : tokens) t = TokenId(rng() % uint32_t(n_vocab));
  return tokens;
}

void MeanAndStddev(const std::vector<double>& rates, BenchResult& r) {
  double sum = 0, sq = 0;
  for (double x : rates) sum += x;
  r.tokens_per_second = sum / double(rates.size());
  for (double x : rates) sq += (x - r.tokens_per_second) * (x - r.tokens_per_second);
  r.stddev = rates.size() > 1 ? std::sqrt(sq / double(rates.size() - 1)) : 0;
}

Result<BenchResult> BenchPrompt(const BenchArgs& args, const Model& model, Session& session,
                                std::mt19937& rng) {
  const int32_t n_vocab = model.config().n_vocab;
  HEARTH_RETURN_IF_ERROR(session.Decode(RandomTokens(rng, std::min(args.n_prompt, 16), n_vocab))
                             .status());  // warm-up
  std::vector<double> rates;
  for (int rep = 0; rep < args.repetitions; ++rep) {
    session.TruncateTo(0);
    const std::vector<TokenId> tokens = RandomTokens(rng, args.n_prompt, n_vocab);
    const auto start = Clock::now();
    HEARTH_RETURN_IF_ERROR(session.Decode(tokens).status());
    rates.push_back(args.n_prompt / Seconds(start));
  }
  BenchResult r;
  r.test = "pp" + std::to_string(args.n_prompt);
  MeanAndStddev(rates, r);
  return r;
}

Result<BenchResult> BenchGeneration(const BenchArgs& args, const Model& model, Session& session,
                                    std::mt19937& rng) {
  const int32_t n_vocab = model.config().n_vocab;
  std::vector<double> rates;
  for (int rep = 0; rep < args.repetitions; ++rep) {
    session.TruncateTo(0);
    const std::vector<TokenId> tokens = RandomTokens(rng, args.n_gen, n_vocab);
    const auto start = Clock::now();
    for (int i = 0; i < args.n_gen; ++i) {
      HEARTH_RETURN_IF_ERROR(session.Decode(std::span(tokens).subspan(size_t(i), 1)).status());
    }
    rates.push_back(args.n_gen / Seconds(start));
  }
  BenchResult r;
  r.test = "tg" + std::to_string(args.n_gen);
  MeanAndStddev(rates, r);
  r.gb_per_second = r.tokens_per_second * double(model.bytes_per_token()) / 1e9;
  return r;
}

std::string HumanSize(double bytes) {
  char buf[32];
  if (bytes >= 1 << 30) std::snprintf(buf, sizeof(buf), "%.2f GiB", bytes / double(1 << 30));
  else std::snprintf(buf, sizeof(buf), "%.2f MiB", bytes / double(1 << 20));
  return buf;
}

std::string HumanCount(double n) {
  char buf[32];
  if (n >= 1e9) std::snprintf(buf, sizeof(buf), "%.2f B", n / 1e9);
  else if (n >= 1e6) std::snprintf(buf, sizeof(buf), "%.2f M", n / 1e6);
  else std::snprintf(buf, sizeof(buf), "%.1f K", n / 1e3);
  return buf;
}

double ParameterCount(const GgufFile& file) {
  double n = 0;
  for (const auto& t : file.tensors()) n += double(t.num_elements());
  return n;
}

std::string ModelName(const Model& model, const std::string& path) {
  Result<std::string_view> name = model.file().metadata().GetString("general.name");
  if (name.ok() && !name.value().empty()) return std::string(name.value());
  return path.substr(path.find_last_of('/') + 1);
}

void PrintTable(const BenchArgs& args, const Model& model, const std::vector<BenchResult>& rows) {
  const std::string name = ModelName(model, args.model);
  const std::string size = HumanSize(double(model.file().tensor_bytes()));
  const std::string params = HumanCount(ParameterCount(model.file()));
  std::printf("| model | size | params | threads | test | t/s | GB/s | %% of bandwidth |\n");
  std::printf("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |\n");
  for (const BenchResult& r : rows) {
    std::string gbs = "-", share = "-";
    if (r.gb_per_second > 0) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.1f", r.gb_per_second);
      gbs = buf;
      if (r.bandwidth_gb_per_second > 0) {
        std::snprintf(buf, sizeof(buf), "%.0f%% of %.1f", 100 * r.gb_per_second /
                      r.bandwidth_gb_per_second, r.bandwidth_gb_per_second);
        share = buf;
      }
    }
    std::printf("| %s | %s | %s | %d | %s | %.2f ± %.2f | %s | %s |\n", name.c_str(), size.c_str(),
                params.c_str(), r.threads, r.test.c_str(), r.tokens_per_second, r.stddev,
                gbs.c_str(), share.c_str());
  }
}

void PrintJson(const BenchArgs& args, const Model& model, const std::vector<BenchResult>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const BenchResult& r : rows) {
    out.push_back({{"model", args.model},
                   {"model_name", ModelName(model, args.model)},
                   {"size_bytes", model.file().tensor_bytes()},
                   {"params", ParameterCount(model.file())},
                   {"threads", r.threads},
                   {"test", r.test},
                   {"tokens_per_second", r.tokens_per_second},
                   {"stddev", r.stddev},
                   {"gb_per_second", r.gb_per_second},
                   {"bandwidth_gb_per_second", r.bandwidth_gb_per_second}});
  }
  std::printf("%s\n", out.dump(2).c_str());
}

void PrintBatchedTable(const std::vector<BatchedBenchResult>& rows) {
  std::printf("| threads | PP | TG | B | T_PP s | S_PP t/s | T_TG s | S_TG t/s | S t/s |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const BatchedBenchResult& r : rows) {
    std::printf("| %d | %d | %d | %d | %.3f | %.2f | %.3f | %.2f | %.2f |\n", r.threads, r.n_prompt,
                r.n_gen, r.n_seq, r.prompt_seconds, r.prompt_tokens_per_second,
                r.generation_seconds, r.generation_tokens_per_second, r.total_tokens_per_second);
  }
}

void PrintBatchedJson(const BenchArgs& args, const std::vector<BatchedBenchResult>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const BatchedBenchResult& r : rows) {
    out.push_back({{"model", args.model},
                   {"threads", r.threads},
                   {"n_prompt", r.n_prompt},
                   {"n_gen", r.n_gen},
                   {"sequences", r.n_seq},
                   {"prompt_seconds", r.prompt_seconds},
                   {"prompt_tokens_per_second", r.prompt_tokens_per_second},
                   {"generation_seconds", r.generation_seconds},
                   {"generation_tokens_per_second", r.generation_tokens_per_second},
                   {"total_tokens_per_second", r.total_tokens_per_second}});
  }
  std::printf("%s\n", out.dump(2).c_str());
}

int BenchSequences(const BenchArgs& args, const Model& model) {
  std::vector<BatchedBenchResult> rows;
  for (int threads : args.threads) {
    Result<std::vector<BatchedBenchResult>> r =
        BenchBatched(model, threads, args.n_prompt, args.n_gen, args.sequences);
    if (!r.ok()) {
      std::fprintf(stderr, "hearth bench: %s\n", r.status().message().c_str());
      return 1;
    }
    rows.insert(rows.end(), r->begin(), r->end());
  }
  if (args.json)
    PrintBatchedJson(args, rows);
  else
    PrintBatchedTable(rows);
  return 0;
}

int Bench(BenchArgs& args) {
  Result<std::unique_ptr<Model>> model = Model::Open(args.model);
  if (!model.ok()) {
    std::fprintf(stderr, "hearth bench: %s\n", model.status().message().c_str());
    return 1;
  }
  if (args.threads.empty()) args.threads.push_back(DefaultThreadCount());
  if (!args.sequences.empty()) return BenchSequences(args, *model.value());
  std::unique_ptr<BandwidthBuffer> probe;
  if (args.measure_bandwidth) probe = std::make_unique<BandwidthBuffer>(kBandwidthProbeBytes);
  std::mt19937 rng(42);
  std::vector<BenchResult> rows;
  for (int threads : args.threads) {
    ThreadPool pool(threads);
    SessionOptions options;
    options.n_ctx = std::max(args.n_prompt, args.n_gen) + 16;
    options.n_batch = std::max(args.n_prompt, 1);
    Session session(*model.value(), pool, options);
    const double bandwidth = probe ? MeasureReadBandwidth(pool, *probe, 3) / 1e9 : 0;
    for (bool prompt : {true, false}) {
      if ((prompt ? args.n_prompt : args.n_gen) <= 0) continue;
      Result<BenchResult> r = prompt ? BenchPrompt(args, *model.value(), session, rng)
                                     : BenchGeneration(args, *model.value(), session, rng);
      if (!r.ok()) {
        std::fprintf(stderr, "hearth bench: %s\n", r.status().message().c_str());
        return 1;
      }
      r.value().threads = threads;
      r.value().bandwidth_gb_per_second = bandwidth;
      rows.push_back(r.value());
    }
  }
  if (args.json) PrintJson(args, *model.value(), rows);
  else PrintTable(args, *model.value(), rows);
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* command = app.add_subcommand(
      "bench", "Measure prompt processing and generation speed (tokens/s, GB/s)");
  command->add_option("model", args->model, "Model: a GGUF file")->required();
  command->add_option("-p,--n-prompt", args->n_prompt, "Prompt tokens per pp test")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  command->add_option("-n,--n-gen", args->n_gen, "Generated tokens per tg test")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  command->add_option("-t,--threads", args->threads, "Thread counts, e.g. -t 1,2")
      ->delimiter(',')->check(CLI::PositiveNumber);
  command->add_option("-r,--repetitions", args->repetitions, "Repetitions of each test")
      ->capture_default_str()->check(CLI::PositiveNumber);
  command
      ->add_option("-s,--sequences", args->sequences,
                   "Batched test instead: for each count, that many sequences of -p prompt "
                   "and -n generated tokens decode together (as llama-batched-bench)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", args->json, "Print the results as JSON");
  command->add_flag("!--no-bandwidth", args->measure_bandwidth,
                    "Skip measuring the memory bandwidth (1 GiB probe)");
  command->callback([args, &exit_code] { exit_code = Bench(*args); });
}

}  // namespace hearth::cli
