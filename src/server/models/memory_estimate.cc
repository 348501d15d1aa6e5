#include "server/models/memory_estimate.h"

#include <algorithm>
#include <filesystem>

#include "base/cpu_cores.h"
#include "gguf/gguf_file.h"
#include "store/planner/gguf_geometry.h"
#include "store/planner/memory_plan.h"

namespace hearth::server {
namespace {

// The engine's defaults (engine.cc's ResolveEngineOptions), applied to the planner's options.
planner::PlanOptions PlanOptionsFor(const EngineOptions& engine, int32_t n_ctx_train) {
  planner::PlanOptions options;
  options.n_parallel = engine.n_parallel > 0 ? engine.n_parallel : 4;
  options.n_ctx = engine.n_ctx > 0 ? engine.n_ctx
                                   : (n_ctx_train > 0 ? std::min(n_ctx_train, 4096) : 4096);
  options.n_batch = std::max(engine.n_batch > 0 ? engine.n_batch : 512, options.n_parallel);
  options.n_threads = engine.n_threads > 0 ? engine.n_threads : PhysicalCoreCount();
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
