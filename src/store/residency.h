// Residency: which models stay loaded, within a memory budget. The server asks for a model by
// key (its file) and gets a Lease that keeps it loaded while a request runs. When the last
// lease ends the model stays for its keep-alive (the request's, else the default: 5 minutes;
// negative: for ever; zero: unloaded at once), then CollectExpired() unloads it.
//
// Loading a model that would not fit first evicts idle models, least recently used first. A
// model with leases (requests in flight) is never evicted: when only such models hold the
// memory, Acquire fails with ResourceExhausted (the server answers 503 + Retry-After) instead
// of exceeding the budget. Loads run one at a time, without holding the lock that requests
// for models already loaded take, so those keep running while another model loads.
//
// `Model` needs `uint64_t memory_bytes() const`. The clock is injected so tests can drive
// expiry; Residency starts no thread (the owner calls CollectExpired when NextExpiry() comes).
// Thread-safe. Models are destroyed outside the lock, by whoever took the last reference.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace hearth::store {

struct ResidencyOptions {
  uint64_t memory_budget_bytes = 0;  // 0: no limit
  size_t max_loaded = 0;             // 0: no limit
  std::chrono::milliseconds default_keep_alive = std::chrono::minutes(5);
  // The time; std::chrono::steady_clock::now when null.
  std::function<std::chrono::steady_clock::time_point()> now;
};

// "12.3 GB" (or "512.0 MB" below a gigabyte) for messages.
std::string FormatGigabytes(uint64_t bytes);

template <typename Model>
class Residency {
 public:
  using Clock = std::chrono::steady_clock;
  using Loader = std::function<Result<std::unique_ptr<Model>>()>;

  // Keeps one model loaded while alive. Move-only; must not outlive its Residency.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : residency_(std::exchange(other.residency_, nullptr)),
          key_(std::move(other.key_)),
          model_(std::move(other.model_)),
          load_time_(other.load_time_),
          keep_alive_(other.keep_alive_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (residency_ != nullptr) residency_->Release(key_, keep_alive_);
    }

    const Model& model() const { return *model_; }
    const std::shared_ptr<const Model>& shared_model() const { return model_; }
    const std::string& key() const { return key_; }
    // Time Acquire() spent loading (zero when the model was loaded already).
    std::chrono::nanoseconds load_time() const { return load_time_; }
    // Applied when this lease ends; nullopt: the default.
    void set_keep_alive(std::optional<std::chrono::milliseconds> keep_alive) {
      keep_alive_ = keep_alive;
    }

   private:
    friend class Residency;
    Lease(Residency* residency, std::string key, std::shared_ptr<const Model> model,
          std::chrono::nanoseconds load_time)
        : residency_(residency),
          key_(std::move(key)),
          model_(std::move(model)),
          load_time_(load_time) {}

    Residency* residency_;
    std::string key_;
    std::shared_ptr<const Model> model_;
    std::chrono::nanoseconds load_time_;
    std::optional<std::chrono::milliseconds> keep_alive_;
  };

  struct Entry {
    std::string key;
    std::shared_ptr<const Model> model;
    int leases = 0;
    bool pinned = false;
    bool unload_when_idle = false;                // Unload() came while it was in use
    std::optional<Clock::time_point> expires_at;  // only while idle
    Clock::time_point last_used;
  };

  explicit Residency(ResidencyOptions options) : options_(std::move(options)) {
    if (!options_.now) options_.now = [] { return Clock::now(); };
  }
  Residency(const Residency&) = delete;
  Residency& operator=(const Residency&) = delete;
  ~Residency() {
    for (auto& [key, r] : residents_) {
      HEARTH_CHECK(r.leases == 0) << "a lease of " << key << " outlived its Residency";
    }
  }

  // The model `key`, loaded by `load` when it is not resident. `estimated_bytes` is what the
  // load will take (the planner's figure); room is made for it before loading. `evicted` (may
  // be null) receives the keys unloaded to make room. Errors: the loader's, or
  // ResourceExhausted when the model cannot fit (it is larger than the budget, or models in
  // use hold the memory), naming the figures.
  Result<Lease> Acquire(const std::string& key, uint64_t estimated_bytes, const Loader& load,
                        std::vector<std::string>* evicted = nullptr) {
    if (std::optional<Lease> lease = LeaseIfResident(key)) return std::move(*lease);
    std::lock_guard load_lock(load_mutex_);
    if (std::optional<Lease> lease = LeaseIfResident(key)) return std::move(*lease);
    std::vector<std::shared_ptr<const Model>> unloaded;
    {
      std::lock_guard lock(mutex_);
      HEARTH_RETURN_IF_ERROR(MakeRoom(key, estimated_bytes, unloaded, evicted));
    }
    unloaded.clear();  // frees the evicted models' memory before the load takes its own
    const auto start = Clock::now();
    Result<std::unique_ptr<Model>> loaded = load();
    if (!loaded.ok()) return loaded.status();
    std::shared_ptr<const Model> model = std::move(loaded).value();
    const std::chrono::nanoseconds load_time = Clock::now() - start;
    std::lock_guard lock(mutex_);
    Entry& entry = residents_[key];
    entry.key = key;
    entry.model = model;
    entry.leases = 1;
    entry.last_used = options_.now();
    return Lease(this, key, std::move(model), load_time);
  }

  // Keeps `key` (resident) loaded until Unload or a keep-alive of zero; other keep-alives and
  // eviction leave it alone.
  void Pin(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = residents_.find(key); it != residents_.end()) {
      it->second.pinned = true;
      it->second.expires_at.reset();
    }
  }

  // Unloads `key` now, or when its last lease ends. False when it is not resident. The model
  // is returned so the caller destroys it outside any lock (null when it is still in use).
  bool Unload(const std::string& key, std::shared_ptr<const Model>* unloaded = nullptr) {
    std::lock_guard lock(mutex_);
    auto it = residents_.find(key);
    if (it == residents_.end()) return false;
    if (it->second.leases > 0) {
      it->second.unload_when_idle = true;
      return true;
    }
    std::shared_ptr<const Model> model = Take(it);
    if (unloaded != nullptr) *unloaded = std::move(model);
    return true;
  }

  // Removes the models whose keep-alive has run out and returns them (with their keys).
  std::vector<std::pair<std::string, std::shared_ptr<const Model>>> CollectExpired() {
    std::vector<std::pair<std::string, std::shared_ptr<const Model>>> out;
    std::lock_guard lock(mutex_);
    const auto now = options_.now();
    for (auto it = residents_.begin(); it != residents_.end();) {
      const Entry& r = it->second;
      if (r.leases == 0 && r.expires_at && *r.expires_at <= now) {
        std::string key = it->first;
        out.emplace_back(std::move(key), std::move(it->second.model));
        it = residents_.erase(it);
      } else {
        ++it;
      }
    }
    return out;
  }

  // When the next idle model expires; nullopt when none will.
  std::optional<Clock::time_point> NextExpiry() const {
    std::lock_guard lock(mutex_);
    std::optional<Clock::time_point> next;
    for (const auto& [key, r] : residents_) {
      if (r.leases == 0 && r.expires_at && (!next || *r.expires_at < *next)) next = r.expires_at;
    }
    return next;
  }

  std::vector<Entry> List() const {
    std::lock_guard lock(mutex_);
    std::vector<Entry> out;
    for (const auto& [key, r] : residents_) out.push_back(r);
    return out;
  }

  uint64_t MemoryInUse() const {
    std::lock_guard lock(mutex_);
    return MemoryInUseLocked();
  }

  // Removes every model (at shutdown: no lease may remain).
  std::vector<std::pair<std::string, std::shared_ptr<const Model>>> TakeAll() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::shared_ptr<const Model>>> out;
    for (auto& [key, r] : residents_) {
      HEARTH_CHECK(r.leases == 0) << "a lease of " << key << " outlived its Residency";
      out.emplace_back(key, std::move(r.model));
    }
    residents_.clear();
    return out;
  }

  const ResidencyOptions& options() const { return options_; }

  // Told after a lease ends (the key, and the model when that unloaded it, else null; it is
  // destroyed after the call): the owner wakes its expiry thread and logs unloads. Set once,
  // before the first Acquire.
  void set_on_release(std::function<void(const std::string&, const Model*)> on_release) {
    on_release_ = std::move(on_release);
  }

 private:
  using Map = std::map<std::string, Entry>;

  std::optional<Lease> LeaseIfResident(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = residents_.find(key);
    if (it == residents_.end()) return std::nullopt;
    ++it->second.leases;
    it->second.expires_at.reset();
    it->second.last_used = options_.now();
    return Lease(this, key, it->second.model, std::chrono::nanoseconds(0));
  }

  uint64_t MemoryInUseLocked() const {
    uint64_t total = 0;
    for (const auto& [key, r] : residents_) total += r.model->memory_bytes();
    return total;
  }

  // Evicts idle models, least recently used first, until `bytes` more fit and one more model
  // is allowed. Under mutex_.
  Status MakeRoom(const std::string& key, uint64_t bytes,
                  std::vector<std::shared_ptr<const Model>>& unloaded,
                  std::vector<std::string>* evicted) {
    const uint64_t budget = options_.memory_budget_bytes;
    if (budget != 0 && bytes > budget) {
      return ResourceExhausted("model '" + key + "' needs " + FormatGigabytes(bytes) +
                               ", more than the memory budget of " + FormatGigabytes(budget));
    }
    auto fits = [&] {
      const bool memory_ok = budget == 0 || MemoryInUseLocked() + bytes <= budget;
      const bool count_ok = options_.max_loaded == 0 || residents_.size() < options_.max_loaded;
      return memory_ok && count_ok;
    };
    while (!fits()) {
      auto victim = residents_.end();
      for (auto it = residents_.begin(); it != residents_.end(); ++it) {
        if (it->second.leases > 0 || it->second.pinned) continue;
        if (victim == residents_.end() || it->second.last_used < victim->second.last_used) {
          victim = it;
        }
      }
      if (victim == residents_.end()) {
        std::string in_use;
        for (const auto& [k, r] : residents_) in_use += (in_use.empty() ? "" : ", ") + k;
        return ResourceExhausted(
            "cannot load '" + key + "' (" + FormatGigabytes(bytes) + "): " +
            FormatGigabytes(MemoryInUseLocked()) + " of the " +
            (budget == 0 ? std::string("unlimited") : FormatGigabytes(budget)) +
            " budget and " + std::to_string(residents_.size()) + " of " +
            (options_.max_loaded == 0 ? std::string("unlimited")
                                      : std::to_string(options_.max_loaded)) +
            " model slots are held by models in use or kept loaded (" + in_use + ")");
      }
      if (evicted != nullptr) evicted->push_back(victim->first);
      unloaded.push_back(Take(victim));
    }
    return Status::Ok();
  }

  std::shared_ptr<const Model> Take(typename Map::iterator it) {
    std::shared_ptr<const Model> model = std::move(it->second.model);
    residents_.erase(it);
    return model;
  }

  void Release(const std::string& key, std::optional<std::chrono::milliseconds> keep_alive) {
    std::shared_ptr<const Model> unloaded;
    {
      std::lock_guard lock(mutex_);
      auto it = residents_.find(key);
      HEARTH_CHECK(it != residents_.end() && it->second.leases > 0) << "unbalanced release";
      Entry& r = it->second;
      r.last_used = options_.now();
      if (--r.leases > 0) return;
      const std::chrono::milliseconds keep = keep_alive.value_or(options_.default_keep_alive);
      if (r.unload_when_idle || keep.count() == 0) {
        unloaded = Take(it);
      } else if (r.pinned || keep.count() < 0) {
        r.expires_at.reset();
      } else {
        r.expires_at = options_.now() + keep;
      }
    }
    if (on_release_) on_release_(key, unloaded.get());
  }

  ResidencyOptions options_;
  mutable std::mutex mutex_;  // guards residents_
  Map residents_;
  std::mutex load_mutex_;  // one load at a time
  std::function<void(const std::string&, const Model*)> on_release_;
};

}  // namespace hearth::store
