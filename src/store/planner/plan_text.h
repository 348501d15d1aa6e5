// Text renderings of plans for `hearth plan`, laid out for a 100-column terminal.
#pragma once

#include <string>
#include <vector>

#include "store/planner/machine_memory.h"
#include "store/planner/memory_plan.h"
#include "store/planner/plan_report.h"

namespace hearth::planner {

struct MachinePlan {
  std::string title;  // "M2 Ultra 192 GB"
  MachineMemory machine;
  std::vector<ModelPlan> models;
  std::vector<SetFit> sets;
};

// "8.03B", "671B", "39M": a parameter count given in billions.
std::string FormatParams(double billions);

// One machine's table: a row per catalog model (the preferred quant at n_ctx, its largest
// context, the best quant that fits and its largest context), then the model sets.
std::string RenderMachinePlan(const MachinePlan& plan, const PlanOptions& options);

// The seed's figures that are wrong, the true ones, and what fits instead on each machine.
std::string RenderCorrections(const std::vector<SeedCorrection>& corrections,
                              const std::vector<MachinePlan>& machines);

// One model on one machine, every quant of its ladder (`hearth plan MODEL`).
std::string RenderModelPlan(const ModelPlan& plan, const MachineMemory& machine,
                            const PlanOptions& options);

// A local file's estimate, term by term.
std::string RenderEstimate(const ModelGeometry& model, const MemoryEstimate& estimate,
                           const MachineMemory& machine, const PlanOptions& options,
                           int32_t max_context);

}  // namespace hearth::planner
