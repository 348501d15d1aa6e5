#include "server/models/model_manager.h"

#include <fmt/format.h>

namespace hearth::server {
namespace {

double Milliseconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

ModelLease::ModelLease(ModelManager* manager, std::shared_ptr<const LoadedModel> model,
                       std::string name, std::chrono::nanoseconds load_time)
    : manager_(manager), model_(std::move(model)), name_(std::move(name)), load_time_(load_time) {}

ModelLease::ModelLease(ModelLease&& other) noexcept
    : manager_(other.manager_),
      model_(std::move(other.model_)),
      name_(std::move(other.name_)),
      load_time_(other.load_time_),
      keep_alive_(other.keep_alive_) {
  other.manager_ = nullptr;
}

ModelLease::~ModelLease() {
  if (manager_ != nullptr) manager_->Release(model_->location().path, keep_alive_);
}

ModelManager::ModelManager(ModelManagerOptions options)
    : options_(std::move(options)),
      catalog_(options_.models_dir),
      unloader_([this] { UnloadLoop(); }) {
  HEARTH_CHECK(options_.loader != nullptr) << "ModelManager needs a loader";
}

ModelManager::~ModelManager() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  unloader_.join();
  std::map<std::string, Resident> residents;
  {
    std::lock_guard lock(mutex_);
    residents.swap(residents_);
  }
  for (auto& [path, resident] : residents) {
    HEARTH_CHECK(resident.leases == 0) << "a lease of " << path << " outlived the ModelManager";
    Log(fmt::format("event=unload model={} reason=shutdown", resident.model->location().name));
  }
}

void ModelManager::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Result<ModelLocation> ModelManager::Resolve(std::string_view name) const {
  std::lock_guard lock(mutex_);
  return catalog_.Resolve(name);
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
  auto lease_if_loaded = [&]() -> std::optional<ModelLease> {
    std::lock_guard lock(mutex_);
    auto it = residents_.find(location.path);
    if (it == residents_.end()) return std::nullopt;
    ++it->second.leases;
    it->second.expires_at.reset();
    return ModelLease(this, it->second.model, location.name, std::chrono::nanoseconds(0));
  };
  if (std::optional<ModelLease> lease = lease_if_loaded()) return std::move(*lease);
  std::lock_guard load_lock(load_mutex_);
  if (std::optional<ModelLease> lease = lease_if_loaded()) return std::move(*lease);

  const auto start = Clock::now();
  Result<std::unique_ptr<LoadedModel>> loaded = options_.loader(location);
  if (!loaded.ok()) {
    Log(fmt::format("event=load_failed model={} error=\"{}\"", location.name,
                    loaded.status().message()));
    return Internal("cannot load model '" + location.name + "': " + loaded.status().message());
  }
  std::shared_ptr<const LoadedModel> model = std::move(loaded).value();
  const std::chrono::nanoseconds load_time = Clock::now() - start;
  Log(fmt::format("event=load model={} path={} load_ms={:.1f} memory_bytes={}", location.name,
                  location.path, Milliseconds(load_time), model->memory_bytes()));
  std::lock_guard lock(mutex_);
  Resident& resident = residents_[location.path];
  resident.model = model;
  resident.leases = 1;
  return ModelLease(this, std::move(model), location.name, load_time);
}

Result<std::string> ModelManager::Preload(const std::string& path) {
  Result<ModelLocation> location = [&] {
    std::lock_guard lock(mutex_);
    return catalog_.AddFile(path);
  }();
  if (!location.ok()) return location.status();
  HEARTH_ASSIGN_OR_RETURN(ModelLease lease, AcquireLocation(*location));
  std::lock_guard lock(mutex_);
  residents_[location->path].pinned = true;
  return location->name;
}

void ModelManager::Release(const std::string& path,
                           std::optional<std::chrono::milliseconds> keep_alive) {
  std::shared_ptr<const LoadedModel> unloaded;
  {
    std::lock_guard lock(mutex_);
    auto it = residents_.find(path);
    HEARTH_CHECK(it != residents_.end() && it->second.leases > 0) << "unbalanced release";
    Resident& r = it->second;
    if (--r.leases > 0) return;
    const std::chrono::milliseconds keep = keep_alive.value_or(options_.default_keep_alive);
    if (r.unload_when_idle || keep.count() == 0) {
      unloaded = TakeResident(path);
    } else if (r.pinned || keep.count() < 0) {
      r.expires_at.reset();
    } else {
      r.expires_at = Clock::now() + keep;
    }
  }
  changed_.notify_all();
  if (unloaded) Log(fmt::format("event=unload model={} reason=keep_alive", unloaded->location().name));
}

std::shared_ptr<const LoadedModel> ModelManager::TakeResident(const std::string& path) {
  auto it = residents_.find(path);
  if (it == residents_.end()) return nullptr;
  std::shared_ptr<const LoadedModel> model = std::move(it->second.model);
  residents_.erase(it);
  return model;
}

bool ModelManager::Unload(std::string_view name) {
  Result<ModelLocation> location = Resolve(name);
  if (!location.ok()) return false;
  std::shared_ptr<const LoadedModel> unloaded;
  {
    std::lock_guard lock(mutex_);
    auto it = residents_.find(location->path);
    if (it == residents_.end()) return false;
    if (it->second.leases > 0) {
      it->second.unload_when_idle = true;
      return true;
    }
    unloaded = TakeResident(location->path);
  }
  Log(fmt::format("event=unload model={} reason=request", unloaded->location().name));
  return true;
}

void ModelManager::UnloadLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    std::optional<Clock::time_point> next;
    for (const auto& [path, r] : residents_) {
      if (r.leases == 0 && r.expires_at && (!next || *r.expires_at < *next)) next = r.expires_at;
    }
    if (next) {
      changed_.wait_until(lock, *next);
    } else {
      changed_.wait(lock);
    }
    if (stopping_) break;
    std::vector<std::shared_ptr<const LoadedModel>> expired;
    const auto now = Clock::now();
    for (auto it = residents_.begin(); it != residents_.end();) {
      const Resident& r = it->second;
      const bool due = r.leases == 0 && r.expires_at && *r.expires_at <= now;
      if (due) expired.push_back(std::move(it->second.model));
      it = due ? residents_.erase(it) : std::next(it);
    }
    lock.unlock();
    for (auto& model : expired) {
      Log(fmt::format("event=unload model={} reason=expired", model->location().name));
      model.reset();
    }
    lock.lock();
  }
}

std::vector<ResidentModel> ModelManager::ListResident() const {
  std::vector<ResidentModel> out;
  std::lock_guard lock(mutex_);
  const auto steady_now = Clock::now();
  const auto system_now = std::chrono::system_clock::now();
  for (const auto& [path, r] : residents_) {
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
