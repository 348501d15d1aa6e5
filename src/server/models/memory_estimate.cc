#include "server/models/memory_estimate.h"

#include <filesystem>

#include "gguf/gguf_file.h"
#include "store/planner/gguf_geometry.h"
#include "store/planner/memory_plan.h"

namespace hearth::server {
namespace {

// The options the engine will run with, as the planner takes them.
planner::PlanOptions PlanOptionsFor(const EngineOptions& engine, int32_t n_ctx_train) {
  const EngineOptions resolved = ResolveEngineOptions(n_ctx_train, engine);
  planner::PlanOptions options;
  options.n_parallel = resolved.n_parallel;
  options.n_ctx = resolved.n_ctx;
  options.n_batch = resolved.n_batch;
  options.n_threads = resolved.n_threads;
  return options;
}

}  // namespace

std::function<uint64_t(const ModelLocation&)> PlannerMemoryEstimate(EngineOptions engine) {
  return [engine](const ModelLocation& location) -> uint64_t {
    Result<GgufFile> file = GgufFile::Open(location.path);
    if (!file.ok()) return location.size_bytes;
    Result<planner::ModelGeometry> geometry = planner::GeometryFromGguf(*file);
    if (!geometry.ok()) return location.size_bytes;
    for (const std::string& part : location.more_parts) {  // a split model's other files
      std::error_code ec;
      geometry->weight_bytes += std::filesystem::file_size(part, ec);
    }
    const planner::PlanOptions options = PlanOptionsFor(engine, geometry->shape.n_ctx_train);
    return planner::EstimateMemory(*geometry, options).model_bytes();
  };
}

}  // namespace hearth::server
