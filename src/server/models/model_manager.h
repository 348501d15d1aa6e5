// ModelManager: which models are loaded. A request names a model (ModelCatalog resolves the
// name: the model store, the models folder, or a path); Acquire() loads it on first use and
// hands out a ModelLease that keeps it loaded while the request runs. Residency (store/)
// decides the rest: keep-alive after the last lease (the request's, else the default: 5
// minutes; negative: for ever; zero: at once), LRU eviction of idle models when a load would
// exceed the memory budget or the model-count limit, never evicting a model in use, one load at
// a time without blocking requests for loaded models. A background thread unloads models whose
// keep-alive ran out.
//
// Models are keyed by file, so two names of one file share one LoadedModel.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/status.h"
#include "engine/engine.h"
#include "server/models/loaded_model.h"
#include "store/residency.h"
#include "server/models/model_catalog.h"

namespace hearth::server {

struct ModelManagerOptions {
  std::string models_dir;  // "" for none
  std::string store_home;  // the model store (HEARTH_HOME); "" for none
  std::chrono::milliseconds default_keep_alive = std::chrono::minutes(5);
  uint64_t memory_budget_bytes = 0;  // for all loaded models together; 0: no limit
  size_t max_loaded_models = 0;      // 0: no limit
  // The memory a model will take once loaded, known before loading it (weights, KV cache,
  // compute buffers); null: the file's size.
  std::function<uint64_t(const ModelLocation&)> estimate_bytes;
  ModelLoader loader;                            // required
  std::function<void(const std::string&)> log;  // one line per load and unload; may be null
};

// A loaded model as /api/ps and /metrics show it.
struct ResidentModel {
  ModelLocation location;
  uint64_t memory_bytes = 0;
  EngineStats stats;
  int active_requests = 0;
  // When it will be unloaded; nullopt while in use or when kept for ever.
  std::optional<std::chrono::system_clock::time_point> expires_at;
};

class ModelManager;

// Keeps one model loaded while alive. Move-only; must not outlive its ModelManager.
class ModelLease {
 public:
  const LoadedModel& model() const { return lease_.model(); }
  const std::string& name() const { return name_; }   // as the catalog resolved it
  // Time this Acquire() spent loading the model (zero when it was loaded already).
  std::chrono::nanoseconds load_time() const { return lease_.load_time(); }
  // The keep-alive applied when this lease ends (nullopt: the manager's default).
  void set_keep_alive(std::optional<std::chrono::milliseconds> keep_alive) {
    lease_.set_keep_alive(keep_alive);
  }

 private:
  friend class ModelManager;
  ModelLease(store::Residency<LoadedModel>::Lease lease, std::string name)
      : lease_(std::move(lease)), name_(std::move(name)) {}

  store::Residency<LoadedModel>::Lease lease_;
  std::string name_;
};

class ModelManager {
 public:
  explicit ModelManager(ModelManagerOptions options);
  // Stops the unloading thread and unloads every model. Every lease must have ended.
  ~ModelManager();
  ModelManager(const ModelManager&) = delete;
  ModelManager& operator=(const ModelManager&) = delete;

  Result<ModelLocation> Resolve(std::string_view name) const;
  std::vector<ModelLocation> ListAvailable() const;
  // The Modelfile defaults of `name` (empty when it is no store model or has none).
  ModelDefaults Defaults(std::string_view name) const;

  // The model named `name`, loaded now if it is not (one load at a time; concurrent requests
  // for a model being loaded wait for it). Errors: NotFound, or the load's error.
  Result<ModelLease> Acquire(std::string_view name);
  // Registers the file at `path` by its stem and loads it, to stay loaded until unloaded
  // explicitly. Returns its name.
  Result<std::string> Preload(const std::string& path);
  // Unloads `name` now, or as soon as its last lease ends. False when it is not loaded.
  bool Unload(std::string_view name);
  // The catalog's store, or nullptr when the server has none.
  const store::ModelStore* model_store() const { return catalog_.model_store(); }

  std::vector<ResidentModel> ListResident() const;

  Status Copy(std::string_view source, std::string_view destination);
  Status Delete(std::string_view name);  // a copy; unloads nothing

 private:
  Result<ModelLease> AcquireLocation(const ModelLocation& location);
  void UnloadLoop();
  void Log(const std::string& line) const;

  const ModelManagerOptions options_;
  mutable std::mutex mutex_;  // guards catalog_ and stopping_
  std::condition_variable changed_;
  ModelCatalog catalog_;
  bool stopping_ = false;
  store::Residency<LoadedModel> residency_;
  std::thread unloader_;
};

}  // namespace hearth::server
