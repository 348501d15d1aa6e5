// Plans for catalog models on a machine: for each model, every quant of its ladder with its
// memory at the asked context, whether it fits, and the largest context that fits; corrections
// of the seed's figures; and whether given sets of models can stay loaded together.
//
// Pure computation over the catalog (no I/O); plan_text.h and plan_json.h render the results.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/catalog/known_models.h"
#include "store/catalog/quant_sizes.h"
#include "store/planner/machine_memory.h"
#include "store/planner/memory_plan.h"

namespace hearth::planner {

// A catalog model as the planner sees it at one quant.
ModelGeometry GeometryOf(const catalog::KnownModel& model, const catalog::WeightSize& weights);

struct QuantFit {
  catalog::WeightSize weights;
  MemoryEstimate estimate;  // at the plan's n_ctx (capped at the model's training context)
  bool fits = false;        // runtime + estimate fits the budget
  int32_t max_context = 0;  // largest context that fits at this quant; 0 if none
};

struct ModelPlan {
  const catalog::KnownModel* model = nullptr;
  int32_t n_ctx = 0;              // the context planned for (options.n_ctx, capped)
  std::vector<QuantFit> quants;   // the model's quant ladder, largest first
  int best = -1;                  // index of the largest quant that fits; -1: none does
  int preferred = -1;             // index of the asked quant (default Q4_K_M), -1 if absent

  const QuantFit* best_fit() const { return best >= 0 ? &quants[size_t(best)] : nullptr; }
  const QuantFit* preferred_fit() const {
    return preferred >= 0 ? &quants[size_t(preferred)] : nullptr;
  }
};

// `quant`: the quant reported as preferred (Q4_K_M for the seed table).
ModelPlan PlanKnownModel(const catalog::KnownModel& model, const PlanOptions& options,
                         uint64_t budget_bytes, std::string_view quant = catalog::kDefaultQuant);

// A claimed Q4_K_M size (the seed's) that is off by more than 15% from the true one.
struct SeedCorrection {
  const catalog::KnownModel* model = nullptr;
  uint64_t claimed_bytes = 0;
  catalog::WeightSize actual;      // the true Q4_K_M size
  catalog::WeightSize closest;     // the quant whose size is nearest the claim
};
inline constexpr double kCorrectionThreshold = 0.15;
std::vector<SeedCorrection> SeedCorrections();

// Models meant to stay loaded together, each at its preferred quant (Q4_K_M for LLMs, the
// first ladder entry otherwise) with n_ctx each.
struct ModelSet {
  std::string name;
  std::vector<std::string_view> models;  // catalog names
};
// The sets `hearth plan` shows: a voice assistant, a coding station, two large chat models...
std::vector<ModelSet> SuggestedSets();

struct SetFit {
  const ModelSet* set = nullptr;
  std::string quant;      // the LLMs' quant that fits ("Q4_K_M"), or "" if none does
  uint64_t bytes = 0;     // runtime + every member's bytes at `quant` (at Q4_K_M if none fits)
  bool fits = false;
};
// The largest LLM quant, from Q4_K_M down, at which all of `set` fits in budget_bytes
// (non-LLM members keep their first quant). Unknown names are an InvalidArgument.
Result<SetFit> PlanSet(const ModelSet& set, const PlanOptions& options, uint64_t budget_bytes);

// "128K" for 131072, "4K", "11.2K" for 11520, "300" (positions).
std::string FormatContext(int32_t n_ctx);

}  // namespace hearth::planner
