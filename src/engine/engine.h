// Engine: continuous batching of many generations over one Model.
//
// One engine thread owns the KV cache (n_parallel sequence slots) and runs forward passes.
// Each pass carries one token of every generating slot plus prompt chunks of slots still
// reading their prompt, up to n_batch tokens, so a new request joins the running ones at the
// next pass and a long prompt is read a chunk per pass without stalling the streams already
// generating: while any slot generates, a pass takes at most prompt_chunk prompt tokens, by
// default as many as the engine has measured it reads in about a quarter of a second. A slot
// keeps its tokens after its request ends; a new request goes to the free slot sharing the
// longest prefix with its prompt and skips recomputing that prefix.
//
// Submit() is thread-safe; everything else the engine does happens on its own thread.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "base/status.h"
#include "engine/generation.h"

namespace hearth {

class Model;

struct EngineOptions {
  int32_t n_parallel = 0;  // sequence slots; <= 0: automatic (see ResolveEngineOptions)
  int32_t n_ctx = 0;       // positions per slot; <= 0: min(training context, 4096)
  int32_t n_batch = 0;     // tokens per forward pass; <= 0: 512
  int32_t max_queue = 0;   // requests waiting for a slot before Submit refuses; <= 0: 64
  // Prompt tokens per pass while other slots are generating (their next token waits for the
  // pass); <= 0: automatic, from the measured prompt speed (a pass of about 250 ms, at least
  // 32 tokens), n_batch until it is measured.
  int32_t prompt_chunk = 0;
  int n_threads = 0;       // <= 0: one per physical core
};

// The options with every automatic value resolved for `model`.
EngineOptions ResolveEngineOptions(const Model& model, EngineOptions options);
// The same for a model trained on `n_ctx_train` positions (<= 0: unknown), before it is
// loaded (the memory planner's estimate).
EngineOptions ResolveEngineOptions(int32_t n_ctx_train, EngineOptions options);

struct EngineStats {
  int32_t n_parallel = 0;
  int32_t n_ctx = 0;              // per slot
  int32_t active = 0;             // slots holding a request
  int32_t queued = 0;             // requests waiting for a slot
  int64_t kv_tokens_used = 0;     // positions holding cached tokens, all slots
  int64_t kv_tokens_capacity = 0;
  uint64_t kv_bytes = 0;          // the cache's memory
  uint64_t prompt_tokens_total = 0;     // computed (not reused) prompt tokens since start
  uint64_t cached_tokens_total = 0;     // prompt tokens reused from the cache since start
  uint64_t generated_tokens_total = 0;
  uint64_t forward_passes_total = 0;
};

class Engine {
 public:
  // Starts the engine thread. The model must outlive the engine.
  Engine(const Model& model, const EngineOptions& options);
  ~Engine();  // ends every request (kCancelled) and joins the thread
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues a request. Errors, nothing queued: InvalidArgument (empty prompt, a token outside
  // the vocabulary, invalid sampling values), OutOfRange (the prompt does not fit in a slot:
  // the message gives both numbers), ResourceExhausted (the queue is full).
  Result<std::shared_ptr<GenerationStream>> Submit(GenerationRequest request);

  EngineStats Stats() const;
  const EngineOptions& options() const { return options_; }
  const Model& model() const { return model_; }

 private:
  class Loop;  // the engine thread's state (engine_loop.cc)

  const Model& model_;
  EngineOptions options_;
  std::unique_ptr<Loop> loop_;
  std::thread thread_;
};

}  // namespace hearth
