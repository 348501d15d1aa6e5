#include "base/thread_pool.h"

#include <algorithm>
#include <chrono>

#include "base/check.h"

namespace hearth {
namespace {

// How long a thread polls before it sleeps. Sections of a forward pass follow each other within
// tens of microseconds, so polling this long keeps the wake-up latency off the critical path;
// an idle pool stops burning CPU after it.
constexpr auto kSpinTime = std::chrono::microseconds(200);
constexpr int kPollsPerClockRead = 64;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

ThreadPool::ThreadPool(int n_threads) {
  if (n_threads <= 0) n_threads = int(std::thread::hardware_concurrency());
  n_threads_ = std::max(1, n_threads);
  workers_.reserve(size_t(n_threads_ - 1));
  for (int t = 1; t < n_threads_; ++t) workers_.emplace_back([this, t] { WorkerLoop(t); });
}

ThreadPool::~ThreadPool() {
  HEARTH_CHECK(!busy_.load()) << "ThreadPool destroyed during a parallel section";
  stop_ = true;
  generation_.fetch_add(1, std::memory_order_seq_cst);
  generation_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

ThreadPool::Range ThreadPool::SplitRange(int64_t begin, int64_t end, int64_t grain, int index,
                                         int n_parts) {
  if (end <= begin) return {begin, begin};
  grain = std::max<int64_t>(grain, 1);
  const int64_t units = (end - begin + grain - 1) / grain;
  const int64_t per = units / n_parts, extra = units % n_parts;
  const int64_t u0 = index * per + std::min<int64_t>(index, extra);
  const int64_t u1 = u0 + per + (index < extra ? 1 : 0);
  return {std::min(end, begin + u0 * grain), std::min(end, begin + u1 * grain)};
}

void ThreadPool::AwaitChange(const std::atomic<uint32_t>& word, uint32_t old,
                             std::atomic<int>& sleepers) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < kPollsPerClockRead; ++i) {
      if (word.load(std::memory_order_acquire) != old) return;
      CpuRelax();
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // Lets a descheduled thread of this pool run when there are more threads than cores.
    std::this_thread::yield();
  }
  // Announce the sleeper before the final check; the notifier changes `word` and then reads
  // `sleepers` (both sequentially consistent), so one of the two sees the other.
  sleepers.fetch_add(1, std::memory_order_seq_cst);
  while (word.load(std::memory_order_seq_cst) == old) word.wait(old, std::memory_order_seq_cst);
  sleepers.fetch_sub(1, std::memory_order_relaxed);
}

void ThreadPool::Dispatch(TaskFn fn, void* ctx) {
  const bool was_busy = busy_.exchange(true, std::memory_order_acquire);
  HEARTH_CHECK(!was_busy) << "ThreadPool sections must not nest or run concurrently";
  if (n_threads_ == 1) {
    fn(ctx, 0);
    busy_.store(false, std::memory_order_release);
    return;
  }
  task_fn_ = fn;
  task_ctx_ = ctx;
  const uint32_t epoch = done_epoch_.load(std::memory_order_relaxed);
  pending_.store(n_threads_ - 1, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_seq_cst);  // publishes the fields above
  if (worker_sleepers_.load(std::memory_order_seq_cst) > 0) generation_.notify_all();

  fn(ctx, 0);

  AwaitChange(done_epoch_, epoch, caller_sleepers_);
  busy_.store(false, std::memory_order_release);
}

void ThreadPool::WorkerLoop(int thread) {
  uint32_t seen = 0;
  for (;;) {
    AwaitChange(generation_, seen, worker_sleepers_);
    ++seen;  // the caller waits for every worker, so no generation is ever skipped
    if (stop_) return;
    task_fn_(task_ctx_, thread);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      done_epoch_.fetch_add(1, std::memory_order_seq_cst);
      if (caller_sleepers_.load(std::memory_order_seq_cst) > 0) done_epoch_.notify_all();
    }
  }
}

}  // namespace hearth
