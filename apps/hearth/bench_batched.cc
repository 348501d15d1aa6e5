#include "bench_batched.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "engine/engine.h"
#include "llm/model.h"

namespace hearth::cli {
namespace {

std::vector<TokenId> RandomPrompt(std::mt19937& rng, int n, int32_t n_vocab) {
  std::vector<TokenId> tokens(static_cast<size_t>(n));
  for (auto& t : tokens) t = TokenId(rng() % uint32_t(n_vocab));
  return tokens;
}

GenerationRequest GreedyRequest(std::vector<TokenId> prompt, int n_gen) {
  GenerationRequest request;
  request.prompt = std::move(prompt);
  request.sampling.temperature = 0;
  request.max_tokens = n_gen;
  request.ignore_eos = true;  // every sequence generates exactly n_gen tokens
  return request;
}

// Waits for the stream's end and returns its result (tokens are dropped as they come).
Result<GenerationResult> Drain(GenerationStream& stream) {
  GenerationStream::Event event;
  while (true) {
    if (!stream.Next(event, std::chrono::milliseconds(60'000))) {
      return Internal("a benchmark sequence produced nothing for 60 s");
    }
    if (event.done) break;
  }
  if (event.result.reason == FinishReason::kError) return event.result.error;
  return event.result;
}

double Seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

// One level: `n_seq` prompts submitted together, each generating n_gen tokens.
Result<BatchedBenchResult> RunLevel(Engine& engine, std::mt19937& rng, int n_prompt, int n_gen,
                                    int n_seq) {
  const int32_t n_vocab = engine.model().config().n_vocab;
  std::vector<std::shared_ptr<GenerationStream>> streams;
  for (int s = 0; s < n_seq; ++s) {
    auto stream = engine.Submit(GreedyRequest(RandomPrompt(rng, n_prompt, n_vocab), n_gen));
    if (!stream.ok()) return stream.status();
    streams.push_back(std::move(stream).value());
  }
  // Every time is measured from its own request's submission, and the requests were submitted
  // together: the prompts are read once the last first token is out, the run ends with the
  // last sequence.
  double prompt_end = 0, end = 0;
  int64_t generated = 0;
  for (auto& stream : streams) {
    Result<GenerationResult> r = Drain(*stream);
    if (!r.ok()) return r.status();
    prompt_end = std::max(prompt_end, Seconds(r->queue_time + r->prompt_time));
    end = std::max(end, Seconds(r->total_time));
    generated += r->generated_tokens;
  }
  BatchedBenchResult result;
  result.n_prompt = n_prompt;
  result.n_gen = n_gen;
  result.n_seq = n_seq;
  result.prompt_seconds = prompt_end;
  result.generation_seconds = end - prompt_end;
  result.prompt_tokens_per_second = double(n_prompt) * n_seq / prompt_end;
  // Each sequence's first token comes from its prompt pass; the rest from decode passes.
  result.generation_tokens_per_second = double(generated - n_seq) / result.generation_seconds;
  result.total_tokens_per_second = (double(n_prompt) * n_seq + double(generated)) / end;
  return result;
}

}  // namespace

Result<std::vector<BatchedBenchResult>> BenchBatched(const Model& model, int threads, int n_prompt,
                                                     int n_gen, const std::vector<int>& sequences) {
  if (n_prompt <= 0 || n_gen <= 1) {
    return InvalidArgument("the batched benchmark needs a prompt and at least 2 generated tokens");
  }
  const int max_seq = *std::max_element(sequences.begin(), sequences.end());
  EngineOptions options;
  options.n_threads = threads;
  options.n_parallel = max_seq;
  options.n_ctx = n_prompt + n_gen + 1;
  // All prompts in one pass when they fit in 4096 tokens, as llama-batched-bench reads them.
  options.n_batch = std::clamp(n_prompt * max_seq, 512, 4096);
  options.max_queue = max_seq;
  // Whole prompts per pass even while a sequence already generates (one submitted a moment
  // before the others), as llama-batched-bench reads them.
  options.prompt_chunk = options.n_batch;
  Engine engine(model, options);
  std::mt19937 rng(7);
  {  // warm-up: page in the weights, size the buffers
    auto stream = engine.Submit(
        GreedyRequest(RandomPrompt(rng, std::min(n_prompt, 16), model.config().n_vocab), 2));
    if (!stream.ok()) return stream.status();
    HEARTH_RETURN_IF_ERROR(Drain(**stream).status());
  }
  std::vector<BatchedBenchResult> results;
  for (int n_seq : sequences) {
    Result<BatchedBenchResult> r = RunLevel(engine, rng, n_prompt, n_gen, n_seq);
    if (!r.ok()) return r.status();
    r->threads = threads;
    results.push_back(*r);
  }
  return results;
}

}  // namespace hearth::cli
