// The memory a model will take once the server loads it, known before loading: the planner's
// estimate (store/planner) from the GGUF header and the engine options the server uses.
// Residency makes room for this figure before the load starts.
#pragma once

#include <cstdint>
#include <functional>

#include "engine/engine.h"
#include "server/models/model_catalog.h"

namespace hearth::server {

// Weights + KV cache + compute buffers + vocabulary tables + fixed per-model costs, for the
// options the engine will resolve from `engine` (ResolveEngineOptions). A file whose header cannot be read is estimated at its
// size (its load will fail and say why).
std::function<uint64_t(const ModelLocation&)> PlannerMemoryEstimate(EngineOptions engine);

}  // namespace hearth::server
