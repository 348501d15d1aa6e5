#include "store/planner/plan_text.h"

#include <cstdarg>
#include <cstdio>

#include "gguf/model_summary.h"

namespace hearth::planner {
namespace {

using catalog::ModelKind;

std::string Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Printf(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof(buf), format, args);
  va_end(args);
  return buf;
}

// "4.92 GB", or "~28.3 GB" for a size computed from the parameter count.
std::string Size(const catalog::WeightSize& w) {
  return (w.published ? "" : "~") + FormatBytes(w.bytes);
}

std::string Ctx(int32_t n) { return n > 0 ? FormatContext(n) : "-"; }

bool IsLlm(const catalog::KnownModel& m) {
  return m.kind != ModelKind::kSpeechToText && m.kind != ModelKind::kTextToSpeech;
}

std::string Row(const ModelPlan& p) {
  const catalog::KnownModel& m = *p.model;
  const QuantFit* pref = p.preferred_fit();
  const QuantFit* best = p.best_fit();
  std::string pref_total = "-", pref_ctx = "-", pref_file = "-";
  if (pref != nullptr) {
    pref_file = Size(pref->weights);
    pref_total = FormatBytes(kRuntimeBytes + pref->estimate.model_bytes()) +
                 (pref->fits ? " ok" : " NO");
    pref_ctx = IsLlm(m) ? Ctx(pref->max_context) : (pref->fits ? "fixed" : "-");
  }
  std::string best_text = "none fits", best_ctx = "-";
  if (best != nullptr) {
    best_text = std::string(best->weights.quant->name) + " " +
                FormatBytes(kRuntimeBytes + best->estimate.model_bytes());
    best_ctx = IsLlm(m) ? Ctx(best->max_context) : "fixed";
  }
  return Printf("  %-25s %6s %10s %12s %7s   %-17s %6s\n", std::string(m.name).c_str(),
                FormatParams(m.params_b).c_str(), pref_file.c_str(), pref_total.c_str(),
                pref_ctx.c_str(), best_text.c_str(), best_ctx.c_str());
}

}  // namespace

std::string FormatParams(double billions) {
  if (billions >= 100) return Printf("%.0fB", billions);
  if (billions >= 1) return Printf("%.1fB", billions);
  return Printf("%.0fM", billions * 1000);
}

std::string RenderMachinePlan(const MachinePlan& plan, const PlanOptions& options) {
  std::string out;
  out += plan.title + ": " + plan.machine.source + "\n";
  out += Printf("  plans use %s; context %s per model, %d slot(s), KV %s\n\n",
                FormatBytes(plan.machine.usable_bytes).c_str(),
                FormatContext(options.n_ctx).c_str(), options.n_parallel,
                std::string(KvTypeName(options.kv_type)).c_str());
  const std::string at = "@" + FormatContext(options.n_ctx);
  out += Printf("  %-25s %6s %10s %12s %7s   %-17s %6s\n", "model", "params", "Q4_K_M file",
                ("Q4_K_M " + at).c_str(), "max ctx", ("best quant " + at).c_str(), "max");
  for (const ModelPlan& p : plan.models) out += Row(p);
  out += "\n  Kept loaded together (LLMs at the quant shown, " + FormatContext(options.n_ctx) +
         " context each; Whisper F16, TTS as published):\n";
  for (const SetFit& s : plan.sets) {
    std::string members;
    for (std::string_view name : s.set->models) {
      members += (members.empty() ? "" : " + ") + std::string(name);
    }
    const std::string verdict =
        s.fits ? Printf("fits at %s, %s", s.quant.c_str(), FormatBytes(s.bytes).c_str())
               : Printf("does not fit (%s at Q4_K_M)", FormatBytes(s.bytes).c_str());
    out += Printf("    %-27s %s\n", s.set->name.c_str(), verdict.c_str());
    out += "      " + members + "\n";
  }
  out += "\n";
  return out;
}

std::string RenderCorrections(const std::vector<SeedCorrection>& corrections,
                              const std::vector<MachinePlan>& machines) {
  if (corrections.empty()) return "";
  std::string out = "Corrections to the seed's figures:\n";
  for (const SeedCorrection& c : corrections) {
    const catalog::KnownModel& m = *c.model;
    out += Printf("  %s at Q4_K_M: the seed says %s; the true size is %s%s.\n",
                  std::string(m.display_name).c_str(), FormatBytes(c.claimed_bytes).c_str(),
                  Size(c.actual).c_str(),
                  c.actual.published ? (" (" + std::string(c.actual.where) + ")").c_str() : "");
    if (c.closest.quant != nullptr) {
      out += Printf("    %s is about its %s size (%s).\n", FormatBytes(c.claimed_bytes).c_str(),
                    std::string(c.closest.quant->name).c_str(), Size(c.closest).c_str());
    }
    for (const MachinePlan& mp : machines) {
      for (const ModelPlan& p : mp.models) {
        if (p.model != c.model) continue;
        const QuantFit* best = p.best_fit();
        if (best == nullptr) {
          const QuantFit& smallest = p.quants.back();
          out += Printf("    %s: does not fit at any quant (the smallest, %s, needs %s)\n",
                        mp.title.c_str(), std::string(smallest.weights.quant->name).c_str(),
                        FormatBytes(kRuntimeBytes + smallest.estimate.model_bytes()).c_str());
        } else {
          out += Printf("    %s: fits at %s (%s weights), up to %s context\n", mp.title.c_str(),
                        std::string(best->weights.quant->name).c_str(),
                        Size(best->weights).c_str(), Ctx(best->max_context).c_str());
        }
      }
    }
  }
  return out + "\n";
}

std::string RenderModelPlan(const ModelPlan& plan, const MachineMemory& machine,
                            const PlanOptions& options) {
  const catalog::KnownModel& m = *plan.model;
  std::string out = Printf("%s (%s, %s parameters", std::string(m.display_name).c_str(),
                           std::string(m.name).c_str(), FormatParams(m.params_b).c_str());
  if (m.active_params_b < m.params_b) out += ", " + FormatParams(m.active_params_b) + " active";
  out += ")\n";
  const catalog::TransformerShape& s = m.shape;
  if (s.n_layer > 0) {
    out += Printf("  %d layers, embd %d, %d heads (%d KV) x %d, ff %d, vocab %d, context %s",
                  s.n_layer, s.n_embd, s.n_head, s.n_head_kv, s.head_dim, s.n_ff, s.n_vocab,
                  FormatContext(s.n_ctx_train).c_str());
    if (s.n_expert > 0) out += Printf(", %d experts (%d used)", s.n_expert, s.n_expert_used);
    if (s.attention == catalog::AttentionKind::kLatent) {
      out += Printf(", MLA cache %d+%d", s.kv_lora_rank, s.rope_head_dim);
    }
    if (s.attention == catalog::AttentionKind::kSlidingAlternating) {
      out += Printf(", sliding window %d on alternate layers", s.sliding_window);
    }
    out += "\n";
  }
  if (!m.note.empty()) out += "  note: " + std::string(m.note) + "\n";
  out += "  published: " + std::string(m.hf_repo);
  if (!m.ollama_tag_prefix.empty()) out += ", ollama " + std::string(m.ollama_tag_prefix) + "*";
  out += "\n  machine: " + machine.source + "\n";
  if (machine.apple_gpu_limit) {
    out += "  (raise the GPU limit with sudo sysctl iogpu.wired_limit_mb=N)\n";
  }
  out += Printf("  planning %s context x %d slot(s), KV %s, batch %d, %d threads\n\n",
                FormatContext(plan.n_ctx).c_str(), options.n_parallel,
                std::string(KvTypeName(options.kv_type)).c_str(), options.n_batch,
                options.n_threads);
  out += Printf("  %-8s %11s %10s %10s %10s %11s %5s %8s\n", "quant", "weights", "KV", "compute",
                "other", "total", "fits", "max ctx");
  for (const QuantFit& q : plan.quants) {
    const MemoryEstimate& e = q.estimate;
    out += Printf("  %-8s %11s %10s %10s %10s %11s %5s %8s\n",
                  std::string(q.weights.quant->name).c_str(), Size(q.weights).c_str(),
                  FormatBytes(e.kv_cache).c_str(), FormatBytes(e.compute).c_str(),
                  FormatBytes(e.vocabulary + e.threads + e.fixed + kRuntimeBytes).c_str(),
                  FormatBytes(kRuntimeBytes + e.model_bytes()).c_str(), q.fits ? "yes" : "no",
                  Ctx(q.max_context).c_str());
  }
  out += "  (~: computed from parameters x bits per weight; other sizes are published)\n";
  return out;
}

std::string RenderEstimate(const ModelGeometry& model, const MemoryEstimate& e,
                           const MachineMemory& machine, const PlanOptions& options,
                           int32_t max_context) {
  std::string out = model.name + "\n";
  const catalog::TransformerShape& s = model.shape;
  out += Printf("  %d layers, embd %d, %d heads (%d KV) x %d, ff %d, vocab %d, context %s\n",
                s.n_layer, s.n_embd, s.n_head, s.n_head_kv, s.head_dim, s.n_ff, s.n_vocab,
                FormatContext(s.n_ctx_train).c_str());
  out += "  machine: " + machine.source + "\n";
  if (machine.apple_gpu_limit) {
    out += "  (raise the GPU limit with sudo sysctl iogpu.wired_limit_mb=N)\n";
  }
  out += Printf("  planning %s context x %d slot(s), KV %s, batch %d, %d threads\n",
                FormatContext(options.n_ctx).c_str(), options.n_parallel,
                std::string(KvTypeName(options.kv_type)).c_str(), options.n_batch,
                options.n_threads);
  out += Printf("    weights      %12s  (the file, mapped)\n", FormatBytes(e.weights).c_str());
  out += Printf("    KV cache     %12s\n", FormatBytes(e.kv_cache).c_str());
  out += Printf("    compute      %12s\n", FormatBytes(e.compute).c_str());
  out += Printf("    vocabulary   %12s\n", FormatBytes(e.vocabulary).c_str());
  out += Printf("    threads      %12s\n", FormatBytes(e.threads).c_str());
  out += Printf("    engine       %12s  (fixed per model)\n", FormatBytes(e.fixed).c_str());
  out += Printf("    runtime      %12s  (the process before any model)\n",
                FormatBytes(kRuntimeBytes).c_str());
  const uint64_t total = kRuntimeBytes + e.model_bytes();
  out += Printf("    total        %12s  of %s usable: %s\n", FormatBytes(total).c_str(),
                FormatBytes(machine.usable_bytes).c_str(),
                total <= machine.usable_bytes ? "fits" : "does NOT fit");
  out += "  largest context that fits: " +
         (max_context > 0 ? FormatContext(max_context) : std::string("none")) + "\n";
  return out;
}

}  // namespace hearth::planner
