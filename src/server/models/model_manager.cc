#include "server/models/model_manager.h"

#include <fmt/format.h>

namespace hearth::server {
namespace {

double Milliseconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

store::ResidencyOptions ResidencyOptionsOf(const ModelManagerOptions& options) {
  store::ResidencyOptions out;
  out.memory_budget_bytes = options.memory_budget_bytes;
  out.max_loaded = options.max_loaded_models;
  out.default_keep_alive = options.default_keep_alive;
  return out;
}

}  // namespace

ModelManager::ModelManager(ModelManagerOptions options)
    : options_(std::move(options)),
      catalog_(options_.models_dir, options_.store_home),
      residency_(ResidencyOptionsOf(options_)) {
  HEARTH_CHECK(options_.loader != nullptr) << "ModelManager needs a loader";
  residency_.set_on_release([this](const std::string&, const LoadedModel* unloaded) {
    if (unloaded != nullptr) {
      Log(fmt::format("event=unload model={} reason=keep_alive", unloaded->location().name));
    }
    // Under mutex_: UnloadLoop reads the next expiry and starts waiting without releasing it,
    // so this wake-up cannot fall between the two.
    std::lock_guard lock(mutex_);
    changed_.notify_all();
  });
  unloader_ = std::thread([this] { UnloadLoop(); });
}

ModelManager::~ModelManager() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  unloader_.join();
  for (auto& [path, model] : residency_.TakeAll()) {
    Log(fmt::format("event=unload model={} reason=shutdown", model->location().name));
    model.reset();
  }
}

void ModelManager::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Result<ModelLocation> ModelManager::Resolve(std::string_view name) const {
  std::lock_guard lock(mutex_);
  return catalog_.Resolve(name);
}

ModelDefaults ModelManager::Defaults(std::string_view name) const {
  Result<ModelLocation> location = Resolve(name);
  return location.ok() ? location->defaults : ModelDefaults{};
}

std::vector<ModelLocation> ModelManager::ListAvailable() const {
  std::lock_guard lock(mutex_);
  return catalog_.List();
}

Result<ModelLease> ModelManager::Acquire(std::string_view name) {
  HEARTH_ASSIGN_OR_RETURN(ModelLocation location, Resolve(name));
  return AcquireLocation(location);
}

Result<ModelLease> ModelManager::AcquireLocation(const ModelLocation& location) {
  const uint64_t estimate =
      options_.estimate_bytes ? options_.estimate_bytes(location) : location.size_bytes;
  std::vector<std::string> evicted;
  auto load = [&]() -> Result<std::unique_ptr<LoadedModel>> {
    for (const std::string& path : evicted) {
      Log(fmt::format("event=unload path={} reason=evicted for={}", path, location.name));
    }
    Result<std::unique_ptr<LoadedModel>> loaded = options_.loader(location);
    if (!loaded.ok()) {
      Log(fmt::format("event=load_failed model={} error=\"{}\"", location.name,
                      loaded.status().message()));
      return Internal("cannot load model '" + location.name + "': " +
                      loaded.status().message());
    }
    return loaded;
  };
  HEARTH_ASSIGN_OR_RETURN(store::Residency<LoadedModel>::Lease lease,
                          residency_.Acquire(location.ResidencyKey(), estimate, load, &evicted));
  if (lease.load_time().count() > 0) {
    Log(fmt::format("event=load model={} path={} load_ms={:.1f} memory_bytes={} "
                    "estimated_bytes={}",
                    location.name, location.path, Milliseconds(lease.load_time()),
                    lease.model().memory_bytes(), estimate));
  }
  return ModelLease(std::move(lease), location.name);
}

Result<std::string> ModelManager::Preload(const std::string& path) {
  Result<ModelLocation> location = [&] {
    std::lock_guard lock(mutex_);
    return catalog_.AddFile(path);
  }();
  if (!location.ok()) return location.status();
  HEARTH_ASSIGN_OR_RETURN(ModelLease lease, AcquireLocation(*location));
  residency_.Pin(location->ResidencyKey());
  return location->name;
}

bool ModelManager::Unload(std::string_view name) {
  Result<ModelLocation> location = Resolve(name);
  if (!location.ok()) return false;
  std::shared_ptr<const LoadedModel> unloaded;
  if (!residency_.Unload(location->ResidencyKey(), &unloaded)) return false;
  if (unloaded) {
    Log(fmt::format("event=unload model={} reason=request", unloaded->location().name));
  }
  return true;
}

void ModelManager::UnloadLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (const auto next = residency_.NextExpiry()) {
      changed_.wait_until(lock, *next);
    } else {
      changed_.wait(lock);
    }
    if (stopping_) break;
    lock.unlock();
    for (auto& [path, model] : residency_.CollectExpired()) {
      Log(fmt::format("event=unload model={} reason=expired", model->location().name));
      model.reset();
    }
    lock.lock();
  }
}

std::vector<ResidentModel> ModelManager::ListResident() const {
  std::vector<ResidentModel> out;
  const auto steady_now = std::chrono::steady_clock::now();
  const auto system_now = std::chrono::system_clock::now();
  for (const auto& r : residency_.List()) {
    ResidentModel info;
    info.location = r.model->location();
    info.memory_bytes = r.model->memory_bytes();
    info.stats = r.model->engine().Stats();
    info.active_requests = r.leases;
    if (r.expires_at) {
      info.expires_at = system_now + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                         *r.expires_at - steady_now);
    }
    out.push_back(std::move(info));
  }
  return out;
}

Status ModelManager::Copy(std::string_view source, std::string_view destination) {
  std::lock_guard lock(mutex_);
  return catalog_.Copy(source, destination);
}

Status ModelManager::Delete(std::string_view name) {
  std::lock_guard lock(mutex_);
  return catalog_.Delete(name);
}

}  // namespace hearth::server
