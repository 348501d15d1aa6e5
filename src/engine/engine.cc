#include "engine/engine.h"

#include <algorithm>

#include "base/cpu_cores.h"
#include "engine/engine_loop.h"
#include "llm/model.h"

namespace hearth {
namespace {

constexpr int32_t kDefaultParallel = 4;
constexpr int32_t kDefaultContext = 4096;
constexpr int32_t kDefaultBatch = 512;
constexpr int32_t kDefaultQueue = 64;

}  // namespace

EngineOptions ResolveEngineOptions(const Model& model, EngineOptions options) {
  return ResolveEngineOptions(model.config().n_ctx_train, options);
}

EngineOptions ResolveEngineOptions(int32_t n_ctx_train, EngineOptions options) {
  if (options.n_parallel <= 0) options.n_parallel = kDefaultParallel;
  if (options.n_ctx <= 0) {
    options.n_ctx = n_ctx_train > 0 ? std::min(n_ctx_train, kDefaultContext) : kDefaultContext;
  }
  if (options.n_batch <= 0) options.n_batch = kDefaultBatch;
  // Every generating slot's token fits in one pass.
  options.n_batch = std::max(options.n_batch, options.n_parallel);
  if (options.max_queue <= 0) options.max_queue = kDefaultQueue;
  if (options.prompt_chunk > 0)
    options.prompt_chunk = std::min(options.prompt_chunk, options.n_batch);
  if (options.n_threads <= 0) options.n_threads = PhysicalCoreCount();
  return options;
}

Engine::Engine(const Model& model, const EngineOptions& options)
    : model_(model),
      options_(ResolveEngineOptions(model, options)),
      loop_(std::make_unique<Loop>(model, options_)),
      thread_([this] { loop_->Run(); }) {}

Engine::~Engine() {
  loop_->RequestStop();
  thread_.join();
}

Result<std::shared_ptr<GenerationStream>> Engine::Submit(GenerationRequest request) {
  return loop_->Enqueue(std::move(request));
}

EngineStats Engine::Stats() const { return loop_->Stats(); }

}  // namespace hearth
