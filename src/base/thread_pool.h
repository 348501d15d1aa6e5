// A fixed set of persistent worker threads for the per-layer parallel work of inference: a
// forward pass issues hundreds of short parallel sections (one per matrix product), so each
// dispatch must cost microseconds, not a thread start or an allocation.
//
// The thread that calls a Run* method takes part as thread 0; workers are threads 1..size()-1.
// Workers spin briefly after each section (a following section usually comes within
// microseconds) and then sleep on a futex, so an idle pool costs no CPU.
//
// Contract:
// - size() is fixed at construction (default: std::thread::hardware_concurrency()).
// - One section at a time: Run*, ParallelFor and RunTasks must not be called concurrently from
//   two threads, nor from inside a task (CHECK-fails). The engine thread owns the pool.
// - Every Run* call returns only after all threads finished their part; writes made by tasks
//   are visible to the caller afterwards.
// - Tasks must not throw. A callable is borrowed for the duration of the call (no copy, no
//   allocation).
// - Destruction wakes and joins the workers; it must not overlap a Run* call.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

namespace hearth {

class ThreadPool {
 public:
  // n_threads <= 0 means std::thread::hardware_concurrency() (at least 1).
  explicit ThreadPool(int n_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return n_threads_; }

  // Calls fn(thread_index) once on each of the size() threads, thread_index in [0, size()).
  template <typename Fn>
  void RunOnAll(Fn&& fn) {
    using F = std::remove_reference_t<Fn>;
    Dispatch([](void* ctx, int thread) { (*static_cast<F*>(ctx))(thread); },
             const_cast<void*>(static_cast<const void*>(&fn)));
  }

  // Splits [begin, end) into at most size() contiguous ranges, one per thread, and calls
  // fn(range_begin, range_end, thread_index) for each non-empty one. Range boundaries are at
  // begin + a multiple of `grain` (except the last end), so a thread's range can be aligned to
  // blocks or tiles. The split is static and balanced to within one grain.
  template <typename Fn>
  void ParallelFor(int64_t begin, int64_t end, int64_t grain, Fn&& fn) {
    if (end <= begin) return;
    RunOnAll([&](int thread) {
      const Range r = SplitRange(begin, end, grain, thread, n_threads_);
      if (r.begin < r.end) fn(r.begin, r.end, thread);
    });
  }

  // Calls fn(task, thread_index) for every task in [0, n_tasks); threads take tasks in order
  // from a shared counter (dynamic balance for uneven tasks, e.g. attention heads).
  template <typename Fn>
  void RunTasks(int64_t n_tasks, Fn&& fn) {
    if (n_tasks <= 0) return;
    next_task_.store(0, std::memory_order_relaxed);
    RunOnAll([&](int thread) {
      for (;;) {
        const int64_t task = next_task_.fetch_add(1, std::memory_order_relaxed);
        if (task >= n_tasks) break;
        fn(task, thread);
      }
    });
  }

  struct Range {
    int64_t begin, end;
  };
  // The range ParallelFor gives thread `index` of `n_parts` (exposed for tests and callers that
  // precompute per-thread work).
  static Range SplitRange(int64_t begin, int64_t end, int64_t grain, int index, int n_parts);

 private:
  using TaskFn = void (*)(void* ctx, int thread);

  void Dispatch(TaskFn fn, void* ctx);
  void WorkerLoop(int thread);
  // Spins, then sleeps, until `word` differs from `old`.
  static void AwaitChange(const std::atomic<uint32_t>& word, uint32_t old,
                          std::atomic<int>& sleepers);

  int n_threads_ = 1;
  std::vector<std::thread> workers_;

  // The current section, published by incrementing generation_ (release) and read by workers
  // after they observe the new generation (acquire).
  TaskFn task_fn_ = nullptr;
  void* task_ctx_ = nullptr;
  bool stop_ = false;

  alignas(64) std::atomic<uint32_t> generation_{0};
  alignas(64) std::atomic<int> worker_sleepers_{0};  // workers blocked on generation_
  alignas(64) std::atomic<uint32_t> done_epoch_{0};  // bumped by the last worker to finish
  alignas(64) std::atomic<int> pending_{0};          // workers still running this section
  alignas(64) std::atomic<int> caller_sleepers_{0};  // 1 while the caller blocks on done_epoch_
  alignas(64) std::atomic<int64_t> next_task_{0};
  std::atomic<bool> busy_{false};  // a section is running (catches concurrent or nested calls)
};

}  // namespace hearth
