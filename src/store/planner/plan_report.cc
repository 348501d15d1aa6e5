#include "store/planner/plan_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hearth::planner {
namespace {

using catalog::KnownModel;
using catalog::ModelKind;
using catalog::QuantType;

bool IsLlm(const KnownModel& m) {
  return m.kind != ModelKind::kSpeechToText && m.kind != ModelKind::kTextToSpeech;
}

int32_t CappedContext(const KnownModel& m, int32_t n_ctx) {
  if (!IsLlm(m)) return m.shape.n_ctx_train;
  return m.shape.n_ctx_train > 0 ? std::min(n_ctx, m.shape.n_ctx_train) : n_ctx;
}

}  // namespace

ModelGeometry GeometryOf(const KnownModel& model, const catalog::WeightSize& weights) {
  ModelGeometry g;
  g.name = std::string(model.name);
  g.kind = model.kind;
  g.shape = model.shape;
  g.weight_bytes = weights.bytes;
  return g;
}

ModelPlan PlanKnownModel(const KnownModel& model, const PlanOptions& options,
                         uint64_t budget_bytes, std::string_view quant) {
  ModelPlan plan;
  plan.model = &model;
  plan.n_ctx = CappedContext(model, options.n_ctx);
  PlanOptions at = options;
  at.n_ctx = plan.n_ctx;
  for (const QuantType* q : catalog::QuantLadder(model)) {
    QuantFit fit;
    fit.weights = catalog::WeightBytes(model, *q);
    const ModelGeometry g = GeometryOf(model, fit.weights);
    fit.estimate = EstimateMemory(g, at);
    fit.fits = Fits(fit.estimate, budget_bytes);
    fit.max_context = LargestContext(g, options, budget_bytes);
    if (fit.fits && plan.best < 0) plan.best = int(plan.quants.size());
    if (q->name == quant) plan.preferred = int(plan.quants.size());
    plan.quants.push_back(fit);
  }
  if (plan.preferred < 0 && !IsLlm(model) && !plan.quants.empty()) plan.preferred = 0;
  return plan;
}

std::vector<SeedCorrection> SeedCorrections() {
  std::vector<SeedCorrection> out;
  const QuantType* q4 = catalog::FindQuant("Q4_K_M");
  for (const KnownModel& m : catalog::KnownModels()) {
    if (!m.seed_q4km_bytes) continue;
    SeedCorrection c;
    c.model = &m;
    c.claimed_bytes = *m.seed_q4km_bytes;
    c.actual = catalog::WeightBytes(m, *q4);
    const double off = std::fabs(double(c.actual.bytes) - double(c.claimed_bytes)) /
                       double(c.claimed_bytes);
    if (off <= kCorrectionThreshold) continue;
    double nearest = INFINITY;
    for (const QuantType* q : catalog::QuantLadder(m)) {
      const catalog::WeightSize w = catalog::WeightBytes(m, *q);
      const double d = std::fabs(double(w.bytes) - double(c.claimed_bytes));
      if (d < nearest) {
        nearest = d;
        c.closest = w;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<ModelSet> SuggestedSets() {
  return {
      {"voice assistant", {"llama3.1:8b", "whisper:large-v3-turbo", "piper:en_US-lessac-medium"}},
      {"coding station", {"qwen2.5-coder:32b", "codestral:22b", "llama3.1:8b"}},
      {"70B chat + coder + voice",
       {"llama3.1:70b", "qwen2.5-coder:32b", "whisper:large-v3-turbo", "kokoro:82m"}},
      {"two 70B-class chat models", {"llama3.1:70b", "qwen2.5:72b"}},
      {"vision + chat", {"llama3.2-vision:90b", "llama3.1:8b", "whisper:large-v3-turbo"}},
      {"MoE pair", {"mixtral:8x22b", "mixtral:8x7b"}},
      {"DeepSeek-Coder-V2 + voice",
       {"deepseek-coder-v2:236b", "whisper:large-v3-turbo", "kokoro:82m"}},
      {"Llama 3.1 405B alone", {"llama3.1:405b"}},
  };
}

Result<SetFit> PlanSet(const ModelSet& set, const PlanOptions& options, uint64_t budget_bytes) {
  std::vector<const KnownModel*> members;
  for (std::string_view name : set.models) {
    const KnownModel* m = catalog::FindKnownModel(name);
    if (m == nullptr) {
      return InvalidArgument("model set '" + set.name + "': '" + std::string(name) +
                             "' is not in the catalog");
    }
    members.push_back(m);
  }
  auto bytes_at = [&](const QuantType& llm_quant) {
    uint64_t total = kRuntimeBytes;
    for (const KnownModel* m : members) {
      const QuantType* q = IsLlm(*m) ? &llm_quant : catalog::QuantLadder(*m).front();
      PlanOptions at = options;
      at.n_ctx = CappedContext(*m, options.n_ctx);
      total += EstimateMemory(GeometryOf(*m, catalog::WeightBytes(*m, *q)), at).model_bytes();
    }
    return total;
  };
  SetFit fit;
  fit.set = &set;
  const QuantType* q4 = catalog::FindQuant(catalog::kDefaultQuant);
  fit.bytes = bytes_at(*q4);
  bool below_default = false;
  for (const QuantType& q : catalog::KnownQuants()) {
    if (&q == q4) below_default = true;
    if (!below_default || q.name == "Q4_0") continue;
    const uint64_t bytes = bytes_at(q);
    if (bytes <= budget_bytes) {
      fit.quant = std::string(q.name);
      fit.bytes = bytes;
      fit.fits = true;
      break;
    }
  }
  return fit;
}

std::string FormatContext(int32_t n_ctx) {
  if (n_ctx < 1024) return std::to_string(n_ctx);
  if (n_ctx % 1024 == 0) return std::to_string(n_ctx / 1024) + "K";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1fK", double(n_ctx) / 1024);
  return buf;
}

}  // namespace hearth::planner
