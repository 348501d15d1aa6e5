// ModelManager: which models are loaded. A request names a model (ModelCatalog resolves the
// name); Acquire() loads it on first use and hands out a ModelLease that keeps it loaded while
// the request runs. When the last lease of a model ends, the model stays loaded for the
// keep-alive of the latest request (default 5 minutes; negative: until the server stops; zero:
// unloaded at once), then a background thread unloads it. Several models may be loaded at once;
// a model preloaded with Preload() stays until unloaded explicitly (keep_alive 0).
//
// Models are keyed by file, so two names of one file share one LoadedModel.
//
// Thread-safe. This is a stand-in for store/'s residency (the model library issue): it holds
// one of the few mutexes outside engine/.
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
#include "server/models/model_catalog.h"

namespace hearth::server {

struct ModelManagerOptions {
  std::string models_dir;  // "" for none
  std::chrono::milliseconds default_keep_alive = std::chrono::minutes(5);
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
  ModelLease(ModelLease&& other) noexcept;
  ModelLease& operator=(ModelLease&&) = delete;
  ModelLease(const ModelLease&) = delete;
  ~ModelLease();

  const LoadedModel& model() const { return *model_; }
  const std::string& name() const { return name_; }   // as the catalog resolved it
  // Time this Acquire() spent loading the model (zero when it was loaded already).
  std::chrono::nanoseconds load_time() const { return load_time_; }
  // The keep-alive applied when this lease ends (nullopt: the manager's default).
  void set_keep_alive(std::optional<std::chrono::milliseconds> keep_alive) {
    keep_alive_ = keep_alive;
  }

 private:
  friend class ModelManager;
  ModelLease(ModelManager* manager, std::shared_ptr<const LoadedModel> model, std::string name,
             std::chrono::nanoseconds load_time);

  ModelManager* manager_;
  std::shared_ptr<const LoadedModel> model_;
  std::string name_;
  std::chrono::nanoseconds load_time_;
  std::optional<std::chrono::milliseconds> keep_alive_;
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

  // The model named `name`, loaded now if it is not (one load at a time; concurrent requests
  // for a model being loaded wait for it). Errors: NotFound, or the load's error.
  Result<ModelLease> Acquire(std::string_view name);
  // Registers the file at `path` by its stem and loads it, to stay loaded until unloaded
  // explicitly. Returns its name.
  Result<std::string> Preload(const std::string& path);
  // Unloads `name` now, or as soon as its last lease ends. False when it is not loaded.
  bool Unload(std::string_view name);

  std::vector<ResidentModel> ListResident() const;

  Status Copy(std::string_view source, std::string_view destination);
  Status Delete(std::string_view name);  // a copy; unloads nothing

 private:
  friend class ModelLease;
  using Clock = std::chrono::steady_clock;

  struct Resident {
    std::shared_ptr<const LoadedModel> model;
    int leases = 0;
    bool pinned = false;           // preloaded: no expiry
    bool unload_when_idle = false;
    std::optional<Clock::time_point> expires_at;  // only while idle
  };

  Result<ModelLease> AcquireLocation(const ModelLocation& location);
  void Release(const std::string& path, std::optional<std::chrono::milliseconds> keep_alive);
  // Removes `path` from residents_ (under mutex_); the caller destroys the model unlocked.
  std::shared_ptr<const LoadedModel> TakeResident(const std::string& path);
  void UnloadLoop();
  void Log(const std::string& line) const;

  const ModelManagerOptions options_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  ModelCatalog catalog_;
  std::map<std::string, Resident> residents_;  // by file path
  bool stopping_ = false;
  std::mutex load_mutex_;  // one load at a time
  std::thread unloader_;
};

}  // namespace hearth::server
