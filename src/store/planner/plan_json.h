// Machine-readable plans (`hearth plan --json`). Sizes are bytes; contexts are positions.
#pragma once

#include <nlohmann/json.hpp>

#include "store/planner/plan_text.h"

namespace hearth::planner {

nlohmann::json ToJson(const MemoryEstimate& estimate);
nlohmann::json ToJson(const MachineMemory& machine);
nlohmann::json ToJson(const PlanOptions& options);
nlohmann::json ToJson(const ModelPlan& plan);
nlohmann::json ToJson(const MachinePlan& plan);
nlohmann::json ToJson(const SeedCorrection& correction);

}  // namespace hearth::planner
