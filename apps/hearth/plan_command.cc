// `hearth plan [MODEL] [--memory 192G] [--context N] [--parallel N] [--kv-type f16] [--quant Q]
//              [--json] [--measure]`: what fits in memory, before downloading anything.
//
// Without MODEL: the seed's table of models on the three Mac Studio M2 Ultra sizes (64, 128 and
// 192 GB, planned against macOS's default GPU working set of 75%), the corrections to the
// seed's figures, and sets of models that can stay loaded together. With MODEL (a catalog name
// or a .gguf file): every quant of it, or the file's estimate term by term, on this machine or
// on --memory. --measure (a .gguf file) also loads the model the way `hearth serve` does, fills
// every slot's context, and reports the growth of the process's resident memory beside the
// estimate (docs/planner.md).
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/cpu_cores.h"
#include "commands.h"
#include "engine/engine.h"
#include "gguf/gguf_file.h"
#include "gguf/model_summary.h"
#include "llm/model.h"
#include "server/models/loaded_model.h"
#include "store/catalog/known_models.h"
#include "store/planner/gguf_geometry.h"
#include "store/planner/machine_memory.h"
#include "store/planner/plan_json.h"
#include "store/planner/plan_report.h"
#include "store/planner/plan_text.h"

namespace hearth::cli {
namespace {

using planner::MachineMemory;
using planner::PlanOptions;

struct PlanArgs {
  std::string model;
  std::string memory;         // "192G"; "" = detect
  bool apple = false;         // plan --memory against Apple's GPU working set
  double gpu_fraction = planner::kAppleDefaultGpuFraction;
  int32_t n_ctx = 8192;
  int32_t n_parallel = 1;
  std::string kv_type = "f16";
  std::string quant = std::string(catalog::kDefaultQuant);
  int32_t n_batch = 512;
  int n_threads = 0;  // 0: 16 for the M2 Ultra table, this machine's cores otherwise
  bool json = false;
  bool measure = false;
};

// The seed's machines: Mac Studio M2 Ultra with 64, 128 or 192 GB.
constexpr int kM2UltraGb[] = {64, 128, 192};
constexpr int kM2UltraPerformanceCores = 16;

Result<MachineMemory> ChooseMachine(const PlanArgs& args) {
  if (args.memory.empty()) return planner::DetectMachineMemory(args.gpu_fraction);
  HEARTH_ASSIGN_OR_RETURN(uint64_t bytes, planner::ParseMemorySize(args.memory));
  MachineMemory m = planner::DescribeMachine(bytes, args.apple, args.gpu_fraction);
  m.source = "--memory " + args.memory + ": " + m.source;
  return m;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "hearth plan: %s\n", status.ToString().c_str());
  return 1;
}

int RunSeedTable(const PlanArgs& args, PlanOptions options) {
  if (args.n_threads <= 0) options.n_threads = kM2UltraPerformanceCores;
  static const std::vector<planner::ModelSet> sets = planner::SuggestedSets();
  std::vector<planner::MachinePlan> machines;
  for (int gb : kM2UltraGb) {
    planner::MachinePlan mp;
    mp.title = "M2 Ultra " + std::to_string(gb) + " GB";
    mp.machine = planner::DescribeMachine(uint64_t(gb) << 30, /*apple_gpu=*/true,
                                          args.gpu_fraction);
    for (const catalog::KnownModel& m : catalog::KnownModels()) {
      mp.models.push_back(
          planner::PlanKnownModel(m, options, mp.machine.usable_bytes, args.quant));
    }
    for (const planner::ModelSet& s : sets) {
      Result<planner::SetFit> fit = planner::PlanSet(s, options, mp.machine.usable_bytes);
      if (!fit.ok()) return Fail(fit.status());
      mp.sets.push_back(*fit);
    }
    machines.push_back(std::move(mp));
  }
  const std::vector<planner::SeedCorrection> corrections = planner::SeedCorrections();
  if (args.json) {
    nlohmann::json j = {{"options", planner::ToJson(options)},
                        {"machines", nlohmann::json::array()},
                        {"corrections", nlohmann::json::array()}};
    for (const auto& mp : machines) j["machines"].push_back(planner::ToJson(mp));
    for (const auto& c : corrections) j["corrections"].push_back(planner::ToJson(c));
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%s", planner::RenderCorrections(corrections, machines).c_str());
  for (const auto& mp : machines) {
    std::printf("%s", planner::RenderMachinePlan(mp, options).c_str());
  }
  std::printf(
      "Sizes with ~ are computed from the parameter count x the quant's bits per weight; the\n"
      "others are published file sizes. 'ok'/'NO': fits in the GPU working set at the context\n"
      "shown; 'max': the largest context that fits at that quant. More memory for the GPU:\n"
      "sudo sysctl iogpu.wired_limit_mb=N (e.g. 180000 on 192 GB), or plan with --gpu-fraction.\n");
  return 0;
}

int RunCatalogModel(const catalog::KnownModel& model, const PlanArgs& args,
                    const PlanOptions& options, const MachineMemory& machine) {
  const planner::ModelPlan plan =
      planner::PlanKnownModel(model, options, machine.usable_bytes, args.quant);
  if (args.json) {
    nlohmann::json j = planner::ToJson(plan);
    j["machine"] = planner::ToJson(machine);
    j["options"] = planner::ToJson(options);
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s", planner::RenderModelPlan(plan, machine, options).c_str());
  }
  return 0;
}

// Resident memory of this process (smaps_rollup Rss, else status VmRSS), in bytes.
Result<uint64_t> ResidentBytes() {
  for (const char* path : {"/proc/self/smaps_rollup", "/proc/self/status"}) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("Rss:", 0) == 0 || line.rfind("VmRSS:", 0) == 0) {
        return uint64_t(std::stoull(line.substr(line.find(':') + 1))) << 10;
      }
    }
  }
  return Unimplemented("resident memory is read from /proc/self (Linux only)");
}

struct Measurement {
  uint64_t baseline = 0;  // the process before loading: the runtime term
  uint64_t loaded = 0;    // after loading and filling every slot
  EngineOptions engine;   // as resolved by the engine
};

// Loads the model as the server does (LoadedModel: model, chat template, engine), fills every
// slot with a prompt of n_ctx - 1 random tokens and one generated token, and reads the RSS.
Result<Measurement> Measure(const std::string& path, const PlanOptions& options) {
  Measurement m;
  HEARTH_ASSIGN_OR_RETURN(m.baseline, ResidentBytes());
  EngineOptions engine_options;
  engine_options.n_ctx = options.n_ctx;
  engine_options.n_parallel = options.n_parallel;
  engine_options.n_batch = options.n_batch;
  engine_options.n_threads = options.n_threads;
  server::ModelLocation location;
  location.name = path;
  location.path = path;
  HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<server::LoadedModel> loaded,
                          server::LoadedModel::Load(location, engine_options));
  m.engine = loaded->engine().options();
  const int32_t n_vocab = loaded->model().config().n_vocab;
  std::mt19937 rng(1234);
  std::vector<std::shared_ptr<GenerationStream>> streams;
  for (int32_t s = 0; s < m.engine.n_parallel; ++s) {
    GenerationRequest request;
    request.prompt.resize(size_t(std::max(m.engine.n_ctx - 1, 1)));
    for (TokenId& t : request.prompt) t = TokenId(rng() % uint32_t(n_vocab));
    request.sampling.temperature = 0.0f;
    request.max_tokens = 1;
    request.ignore_eos = true;
    HEARTH_ASSIGN_OR_RETURN(std::shared_ptr<GenerationStream> stream,
                            loaded->engine().Submit(std::move(request)));
    streams.push_back(std::move(stream));
  }
  for (auto& stream : streams) {
    GenerationStream::Event event;
    do {
      if (!stream->Next(event, std::chrono::minutes(10))) {
        return Internal(path + ": the measuring request did not finish");
      }
    } while (!event.done);
    if (event.result.reason == FinishReason::kError) return event.result.error;
  }
  HEARTH_ASSIGN_OR_RETURN(m.loaded, ResidentBytes());
  return m;
}

int RunLocalFile(const PlanArgs& args, PlanOptions options, const MachineMemory& machine) {
  // Measure first: nothing of the file (mapping, parsed header, freed heap) may be in the
  // baseline. The engine runs the context asked for, even past the training context.
  std::optional<Measurement> measured;
  if (args.measure) {
    Result<Measurement> m = Measure(args.model, options);
    if (!m.ok()) return Fail(m.status());
    measured = *m;
    // Plan exactly what the engine allocated.
    options.n_ctx = m->engine.n_ctx;
    options.n_parallel = m->engine.n_parallel;
    options.n_batch = m->engine.n_batch;
    options.n_threads = m->engine.n_threads;
  }
  Result<GgufFile> file = GgufFile::Open(args.model);
  if (!file.ok()) return Fail(file.status());
  Result<planner::ModelGeometry> geometry = planner::GeometryFromGguf(*file);
  if (!geometry.ok()) return Fail(geometry.status());
  if (!measured && geometry->shape.n_ctx_train > 0) {
    options.n_ctx = std::min(options.n_ctx, geometry->shape.n_ctx_train);
  }
  const planner::MemoryEstimate estimate = planner::EstimateMemory(*geometry, options);
  const int32_t max_ctx = planner::LargestContext(*geometry, options, machine.usable_bytes);
  if (args.json) {
    nlohmann::json j = {{"model", geometry->name},
                        {"path", args.model},
                        {"machine", planner::ToJson(machine)},
                        {"options", planner::ToJson(options)},
                        {"estimate", planner::ToJson(estimate)},
                        {"max_context", max_ctx}};
    if (measured) {
      j["measured"] = {{"baseline_rss", measured->baseline},
                       {"loaded_rss", measured->loaded},
                       {"growth", measured->loaded - measured->baseline}};
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%s",
              planner::RenderEstimate(*geometry, estimate, machine, options, max_ctx).c_str());
  if (measured) {
    const uint64_t growth = measured->loaded - measured->baseline;
    const double error = (double(estimate.model_bytes()) - double(growth)) / double(growth);
    std::printf("  measured: RSS %s before loading (runtime), +%s after loading and filling the\n"
                "  context (estimate %s, %+.1f%%)\n",
                FormatBytes(measured->baseline).c_str(), FormatBytes(growth).c_str(),
                FormatBytes(estimate.model_bytes()).c_str(), 100 * error);
  }
  return 0;
}

int RunPlan(const PlanArgs& args) {
  Result<planner::KvType> kv = planner::ParseKvType(args.kv_type);
  if (!kv.ok()) return Fail(kv.status());
  if (args.n_ctx < 1 || args.n_parallel < 1 || args.n_batch < 1) {
    return Fail(InvalidArgument("--context, --parallel and --batch must be at least 1"));
  }
  if (!(args.gpu_fraction > 0 && args.gpu_fraction <= 1)) {
    return Fail(InvalidArgument("--gpu-fraction must be in (0, 1]"));
  }
  if (catalog::FindQuant(args.quant) == nullptr) {
    return Fail(InvalidArgument("unknown quant '" + args.quant + "'"));
  }
  PlanArgs a = args;
  a.quant = std::string(catalog::FindQuant(args.quant)->name);
  PlanOptions options;
  options.n_ctx = args.n_ctx;
  options.n_parallel = args.n_parallel;
  options.kv_type = *kv;
  options.n_batch = args.n_batch;
  options.n_threads = args.n_threads > 0 ? args.n_threads : PhysicalCoreCount();
  if (a.model.empty()) return RunSeedTable(a, options);
  Result<MachineMemory> machine = ChooseMachine(a);
  if (!machine.ok()) return Fail(machine.status());
  if (const catalog::KnownModel* m = catalog::FindKnownModel(a.model)) {
    if (a.measure) return Fail(InvalidArgument("--measure needs a local .gguf file"));
    return RunCatalogModel(*m, a, options, *machine);
  }
  std::ifstream probe(a.model);
  if (!probe) {
    return Fail(NotFound("'" + a.model +
                         "' is neither a catalog model (see `hearth plan`) nor a readable file"));
  }
  return RunLocalFile(a, options, *machine);
}

}  // namespace

void AddPlanCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "What fits in memory: the seed's models on 64/128/192 GB M2 Ultra, or one model");
  cmd->add_option("model", args->model, "A catalog name (llama3.1:70b) or a .gguf file");
  cmd->add_option("--memory", args->memory,
                  "Plan for this much memory (192G, 64GiB) instead of this machine's");
  cmd->add_flag("--apple", args->apple,
                "With --memory: plan against Apple's GPU working set (--gpu-fraction of it)");
  cmd->add_option("--gpu-fraction", args->gpu_fraction,
                  "Share of RAM the GPU may wire on Apple Silicon (default 0.75)");
  cmd->add_option("-c,--context", args->n_ctx, "Context positions per slot (default 8192)");
  cmd->add_option("--parallel", args->n_parallel, "Sequence slots (default 1)");
  cmd->add_option("--kv-type", args->kv_type, "KV cache type: f16, q8_0 or f32 (default f16)");
  cmd->add_option("--quant", args->quant, "Quant of a catalog model (default Q4_K_M)");
  cmd->add_option("--batch", args->n_batch, "Tokens per forward pass (default 512)");
  cmd->add_option("-t,--threads", args->n_threads, "Compute threads (default: cores)");
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->add_flag("--measure", args->measure,
                "Load a .gguf file, fill its context, and compare measured RSS with the estimate");
  cmd->callback([args, &exit_code] { exit_code = RunPlan(*args); });
}

}  // namespace hearth::cli
