// `hearth bench --sequences 1,4,8`: continuous batching measured as llama-batched-bench measures
// it. For each level, that many sequences start together, each with its own random prompt of
// n_prompt tokens, and each generates n_gen tokens greedily. They go through the server's
// engine (continuous batching, sampling, detokenizing), so the figures are what `hearth serve`
// can give before HTTP.
#pragma once

#include <vector>

#include "base/status.h"

namespace hearth {
class Model;
}

namespace hearth::cli {

struct BatchedBenchResult {
  int threads = 0;
  int n_prompt = 0;  // per sequence
  int n_gen = 0;     // per sequence
  int n_seq = 0;
  double prompt_seconds = 0;                // until every sequence has its first token
  double generation_seconds = 0;            // from then until the last sequence ends
  double prompt_tokens_per_second = 0;      // S_PP: all prompt tokens / prompt_seconds
  double generation_tokens_per_second = 0;  // S_TG: tokens from decode passes / generation_seconds
  double total_tokens_per_second = 0;       // S: prompt and generated tokens / whole time
};

// One engine of max(sequences) slots on `threads` threads; the levels run one after another.
Result<std::vector<BatchedBenchResult>> BenchBatched(const Model& model, int threads, int n_prompt,
                                                     int n_gen, const std::vector<int>& sequences);

}  // namespace hearth::cli
