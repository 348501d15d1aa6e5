// The sampler on full-size vocabularies (Llama 3: 128,256; Qwen2: 152,064): one Sample() call
// per iteration, the logits row copied and every stage run as in generation. Logits are
// N(0, 2.5) noise, which makes the nucleus wide (about 2-3 thousand tokens for top_p 0.95
// without top-k): harder than a trained model's peaked rows. Counter GB/s: logits bytes read.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "sampling/sampler.h"

namespace hearth::bench {
namespace {

constexpr int32_t kVocabSizes[] = {128256, 152064};

std::vector<float> NoiseLogits(int32_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, 2.5f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

void SetBytes(benchmark::State& state, int32_t n_vocab) {
  state.counters["GB/s"] =
      benchmark::Counter(double(n_vocab) * sizeof(float) * double(state.iterations()) / 1e9,
                         benchmark::Counter::kIsRate);
}

// n_top_logprobs < 0: Sample(); else SampleWithLogprobs(n_top_logprobs).
void RunSampler(benchmark::State& state, const SamplingParams& params, int n_top_logprobs) {
  const auto n_vocab = static_cast<int32_t>(state.range(0));
  const std::vector<float> logits = NoiseLogits(n_vocab, 1);
  Sampler sampler(params, n_vocab);
  std::mt19937 history_rng(2);
  for (int i = 0; i < 64; ++i) sampler.Accept(static_cast<int32_t>(history_rng() % n_vocab));
  for (auto _ : state) {
    if (n_top_logprobs < 0) {
      benchmark::DoNotOptimize(sampler.Sample(logits));
    } else {
      benchmark::DoNotOptimize(sampler.SampleWithLogprobs(logits, n_top_logprobs));
    }
  }
  SetBytes(state, n_vocab);
}

void RegisterAll() {
  struct Case {
    const char* name;
    SamplingParams params;
    int n_top_logprobs;
  };
  const Case cases[] = {
      {"Greedy", {.temperature = 0.0f}, -1},
      {"Defaults", {.seed = 1}, -1},  // top_k 40, top_p 0.95, min_p 0.05, temperature 0.8
      {"DefaultsPenalties",
       {.repeat_penalty = 1.1f, .presence_penalty = 0.5f, .frequency_penalty = 0.5f, .seed = 1},
       -1},
      {"NoTopK", {.top_k = 0, .seed = 1}, -1},  // top_p 0.95 + min_p 0.05 over the whole row
      {"TopPOnly", {.top_k = 0, .min_p = 0.0f, .seed = 1}, -1},
      {"MinPOnly", {.top_k = 0, .top_p = 1.0f, .seed = 1}, -1},
      {"FullSoftmax",
       {.temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .min_p = 0.0f, .seed = 1},
       -1},
      {"DefaultsLogprobs5", {.seed = 1}, 5},
      {"GreedyLogprobs5", {.temperature = 0.0f}, 5},
  };
  for (const Case& c : cases) {
    auto* b = benchmark::RegisterBenchmark(
        (std::string("Sampler/") + c.name).c_str(),
        [c](benchmark::State& state) { RunSampler(state, c.params, c.n_top_logprobs); });
    for (int32_t n : kVocabSizes) b->Arg(n);
    b->ArgName("vocab")->Unit(benchmark::kMicrosecond);
  }
}

const bool kRegistered = (RegisterAll(), true);

}  // namespace
}  // namespace hearth::bench
