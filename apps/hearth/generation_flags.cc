#include "generation_flags.h"

#include <charconv>
#include <utility>

#include "base/cpu_cores.h"

namespace hearth::cli {
namespace {

template <typename T>
bool ParseNumber(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

void AddGenerationFlags(CLI::App& command, GenerationFlags& flags) {
  SamplingParams& s = flags.sampling;
  command.add_option("--temperature", s.temperature, "Sampling temperature; 0 = greedy")
      ->capture_default_str();
  command.add_option("--top-k", s.top_k, "Keep the k most likely tokens; 0 = off")
      ->capture_default_str();
  command.add_option("--top-p", s.top_p, "Nucleus sampling mass; 1 = off")->capture_default_str();
  command.add_option("--min-p", s.min_p, "Drop tokens below min-p times the best one's probability")
      ->capture_default_str();
  command.add_option("--repeat-penalty", s.repeat_penalty, "Penalty for repeated tokens; 1 = off")
      ->capture_default_str();
  command.add_option("--repeat-last-n", s.repeat_last_n, "Tokens of history the penalty sees")
      ->capture_default_str();
  command.add_option("--seed", s.seed, "Random seed (the same seed gives the same text)");
  command.add_option("-n,--num-predict", flags.num_predict, "Tokens to generate; -1 = until done")
      ->capture_default_str();
  command.add_option("-c,--ctx-size", flags.ctx_size, "Context length in tokens; 0 = model's")
      ->capture_default_str();
  command.add_option("-t,--threads", flags.threads, "Threads; 0 = one per physical core")
      ->check(CLI::NonNegativeNumber);
}

std::string SetParameter(GenerationFlags& flags, const std::string& name, const std::string& value) {
  SamplingParams& s = flags.sampling;
  bool ok = false;
  if (name == "temperature") ok = ParseNumber(value, s.temperature);
  else if (name == "top_k") ok = ParseNumber(value, s.top_k);
  else if (name == "top_p") ok = ParseNumber(value, s.top_p);
  else if (name == "min_p") ok = ParseNumber(value, s.min_p);
  else if (name == "repeat_penalty") ok = ParseNumber(value, s.repeat_penalty);
  else if (name == "repeat_last_n") ok = ParseNumber(value, s.repeat_last_n);
  else if (name == "seed") ok = ParseNumber(value, s.seed);
  else if (name == "num_predict") ok = ParseNumber(value, flags.num_predict);
  else if (name == "num_ctx") ok = ParseNumber(value, flags.ctx_size);
  else {
    return "unknown parameter '" + name +
           "' (known: temperature, top_k, top_p, min_p, repeat_penalty, repeat_last_n, seed, "
           "num_predict, num_ctx)";
  }
  return ok ? "" : "'" + value + "' is not a valid value for " + name;
}

SessionOptions MakeSessionOptions(const GenerationFlags& flags) {
  SessionOptions options;
  options.n_ctx = flags.ctx_size;
  return options;
}

int DefaultThreadCount() { return PhysicalCoreCount(); }

}  // namespace hearth::cli
