#include "store/planner/plan_json.h"

#include <string>

namespace hearth::planner {
namespace {

nlohmann::json ToJson(const catalog::WeightSize& w) {
  nlohmann::json j = {{"quant", std::string(w.quant ? w.quant->name : "")},
                      {"bytes", w.bytes},
                      {"published", w.published}};
  if (w.published) j["source"] = std::string(w.where);
  return j;
}

}  // namespace

nlohmann::json ToJson(const MemoryEstimate& e) {
  return {{"weights", e.weights},       {"kv_cache", e.kv_cache},
          {"compute", e.compute},       {"vocabulary", e.vocabulary},
          {"threads", e.threads},       {"fixed", e.fixed},
          {"model_bytes", e.model_bytes()},
          {"runtime", kRuntimeBytes},   {"total", kRuntimeBytes + e.model_bytes()}};
}

nlohmann::json ToJson(const MachineMemory& m) {
  return {{"total_bytes", m.total_bytes},
          {"available_bytes", m.available_bytes},
          {"usable_bytes", m.usable_bytes},
          {"apple_gpu_limit", m.apple_gpu_limit},
          {"source", m.source}};
}

nlohmann::json ToJson(const PlanOptions& o) {
  return {{"n_ctx", o.n_ctx},
          {"n_parallel", o.n_parallel},
          {"kv_type", std::string(KvTypeName(o.kv_type))},
          {"n_batch", o.n_batch},
          {"n_threads", o.n_threads},
          {"sliding_window_cache", o.sliding_window_cache}};
}

nlohmann::json ToJson(const ModelPlan& p) {
  const catalog::KnownModel& m = *p.model;
  nlohmann::json quants = nlohmann::json::array();
  for (const QuantFit& q : p.quants) {
    nlohmann::json j = ToJson(q.weights);
    j["estimate"] = ToJson(q.estimate);
    j["fits"] = q.fits;
    j["max_context"] = q.max_context;
    const std::string tag = catalog::OllamaTag(m, *q.weights.quant);
    if (!tag.empty()) j["ollama_tag"] = tag;
    quants.push_back(std::move(j));
  }
  nlohmann::json j = {
      {"name", std::string(m.name)},
      {"display_name", std::string(m.display_name)},
      {"kind", std::string(catalog::ModelKindName(m.kind))},
      {"params_b", m.params_b},
      {"active_params_b", m.active_params_b},
      {"hf_repo", std::string(m.hf_repo)},
      {"n_ctx", p.n_ctx},
      {"quants", std::move(quants)},
      {"best_quant", p.best >= 0 ? nlohmann::json(std::string(p.best_fit()->weights.quant->name))
                                 : nlohmann::json(nullptr)},
  };
  if (!m.note.empty()) j["note"] = std::string(m.note);
  return j;
}

nlohmann::json ToJson(const MachinePlan& p) {
  nlohmann::json models = nlohmann::json::array();
  for (const ModelPlan& m : p.models) models.push_back(ToJson(m));
  nlohmann::json sets = nlohmann::json::array();
  for (const SetFit& s : p.sets) {
    nlohmann::json names = nlohmann::json::array();
    for (std::string_view n : s.set->models) names.push_back(std::string(n));
    sets.push_back({{"name", s.set->name},
                    {"models", std::move(names)},
                    {"fits", s.fits},
                    {"quant", s.quant},
                    {"bytes", s.bytes}});
  }
  return {{"title", p.title},
          {"machine", ToJson(p.machine)},
          {"models", std::move(models)},
          {"sets", std::move(sets)}};
}

nlohmann::json ToJson(const SeedCorrection& c) {
  nlohmann::json j = {{"model", std::string(c.model->name)},
                      {"claimed_q4_k_m_bytes", c.claimed_bytes},
                      {"actual", ToJson(c.actual)}};
  if (c.closest.quant != nullptr) j["claim_matches"] = ToJson(c.closest);
  return j;
}

}  // namespace hearth::planner
