#include "base/thread_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <numeric>
#include <thread>
#include <vector>

namespace hearth {
namespace {

TEST(ThreadPoolTest, DefaultSizeIsHardwareThreads) {
  ThreadPool pool;
  EXPECT_EQ(pool.size(), int(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(ThreadPoolTest, RunOnAllCallsEveryThreadOnceAndCallerIsThreadZero) {
  for (int n : {1, 2, 3, 5}) {
    ThreadPool pool(n);
    ASSERT_EQ(pool.size(), n);
    std::vector<int> calls(static_cast<size_t>(n), 0);
    std::vector<std::thread::id> ids(static_cast<size_t>(n));
    pool.RunOnAll([&](int thread) {
      ++calls[size_t(thread)];
      ids[size_t(thread)] = std::this_thread::get_id();
    });
    for (int t = 0; t < n; ++t) EXPECT_EQ(calls[size_t(t)], 1) << "n=" << n << " t=" << t;
    EXPECT_EQ(ids[0], std::this_thread::get_id());
  }
}

TEST(ThreadPoolTest, SplitRangeCoversEverythingOnceWithAlignedBoundaries) {
  for (int n_parts : {1, 2, 3, 7}) {
    for (int64_t size : {0, 1, 5, 16, 17, 100, 1001}) {
      for (int64_t grain : {1, 4, 16}) {
        int64_t expected_begin = 10;
        for (int i = 0; i < n_parts; ++i) {
          const ThreadPool::Range r = ThreadPool::SplitRange(10, 10 + size, grain, i, n_parts);
          EXPECT_EQ(r.begin, expected_begin);
          EXPECT_LE(r.begin, r.end);
          if (r.end != 10 + size) {
            EXPECT_EQ((r.end - 10) % grain, 0);
          }
          // Balanced to within one grain.
          EXPECT_LE(r.end - r.begin, (size / grain / n_parts + 1) * grain);
          expected_begin = r.end;
        }
        EXPECT_EQ(expected_begin, 10 + size) << n_parts << " " << size << " " << grain;
      }
    }
  }
}

TEST(ThreadPoolTest, ParallelForVisitsEachIndexOnce) {
  for (int n : {1, 2, 3}) {
    ThreadPool pool(n);
    std::vector<std::atomic<int>> hits(1000);
    std::vector<int> ranges_per_thread(size_t(n), 0);
    pool.ParallelFor(0, 1000, 8, [&](int64_t begin, int64_t end, int thread) {
      ++ranges_per_thread[size_t(thread)];
      for (int64_t i = begin; i < end; ++i) hits[size_t(i)]++;
    });
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
    for (int c : ranges_per_thread) EXPECT_EQ(c, 1);
  }
}

TEST(ThreadPoolTest, ParallelForSkipsEmptyRanges) {
  ThreadPool pool(3);
  std::atomic<int> calls{0};
  pool.ParallelFor(0, 1, 1, [&](int64_t begin, int64_t end, int) {
    EXPECT_EQ(begin, 0);
    EXPECT_EQ(end, 1);
    ++calls;
  });
  EXPECT_EQ(calls.load(), 1);
  pool.ParallelFor(5, 5, 1, [&](int64_t, int64_t, int) { ++calls; });
  EXPECT_EQ(calls.load(), 1);
}

TEST(ThreadPoolTest, RunTasksRunsEveryTaskOnce) {
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(257);
  pool.RunTasks(257, [&](int64_t task, int thread) {
    EXPECT_GE(thread, 0);
    EXPECT_LT(thread, 3);
    hits[size_t(task)]++;
  });
  for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
}

// Many back-to-back sections (the per-layer pattern); each must see the previous one's writes.
TEST(ThreadPoolTest, ManySectionsSeeEachOthersWrites) {
  ThreadPool pool(3);
  std::vector<int64_t> data(3000, 0);
  for (int round = 0; round < 2000; ++round) {
    pool.ParallelFor(0, int64_t(data.size()), 1, [&](int64_t begin, int64_t end, int) {
      for (int64_t i = begin; i < end; ++i) data[size_t(i)] += 1;
    });
    // The caller reads what workers wrote, then the next section reads what the caller wrote.
    data[size_t(round % 3000)] += 0;
  }
  for (int64_t v : data) ASSERT_EQ(v, 2000);
}

// Sections after the workers went to sleep (past the spin time) still run and complete.
TEST(ThreadPoolTest, WakesSleepingWorkers) {
  ThreadPool pool(2);
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::atomic<int> sum{0};
    pool.RunOnAll([&](int thread) { sum += thread + 1; });
    EXPECT_EQ(sum.load(), 3);
  }
}

// The caller sleeps too when a worker's part is slow.
TEST(ThreadPoolTest, CallerWaitsForSlowWorker) {
  ThreadPool pool(2);
  std::atomic<bool> worker_done{false};
  pool.RunOnAll([&](int thread) {
    if (thread == 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      worker_done = true;
    }
  });
  EXPECT_TRUE(worker_done.load());
}

TEST(ThreadPoolTest, DestroyRightAfterConstructionAndAfterUse) {
  { ThreadPool pool(4); }
  {
    ThreadPool pool(4);
    int64_t total = 0;
    std::vector<int64_t> partial(4, 0);
    pool.ParallelFor(0, 100, 1, [&](int64_t b, int64_t e, int t) {
      for (int64_t i = b; i < e; ++i) partial[size_t(t)] += i;
    });
    total = std::accumulate(partial.begin(), partial.end(), int64_t{0});
    EXPECT_EQ(total, 4950);
  }
}

TEST(ThreadPoolDeathTest, NestedSectionIsABug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        ThreadPool pool(1);
        pool.RunOnAll([&](int) { pool.RunOnAll([](int) {}); });
      },
      "must not nest");
}

}  // namespace
}  // namespace hearth
