// Residency with a fake loader and a fake clock: keep-alive, LRU eviction order, in-flight
// protection, the budget never exceeded, model-count limit, pinning.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "store/residency.h"

namespace hearth::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

struct FakeModel {
  std::string name;
  uint64_t bytes = 0;
  std::atomic<int>* alive = nullptr;
  FakeModel(std::string n, uint64_t b, std::atomic<int>* a) : name(std::move(n)), bytes(b), alive(a) {
    ++*alive;
  }
  ~FakeModel() { --*alive; }
  uint64_t memory_bytes() const { return bytes; }
};

class ResidencyTest : public ::testing::Test {
 protected:
  ResidencyOptions Options(uint64_t budget, size_t max_loaded = 0) {
    ResidencyOptions options;
    options.memory_budget_bytes = budget;
    options.max_loaded = max_loaded;
    options.default_keep_alive = minutes(5);
    options.now = [this] { return now_; };
    return options;
  }
  Residency<FakeModel>::Loader Loader(const std::string& name, uint64_t bytes) {
    return [this, name, bytes]() -> Result<std::unique_ptr<FakeModel>> {
      ++loads_;
      return std::make_unique<FakeModel>(name, bytes, &alive_);
    };
  }
  std::vector<std::string> Keys(const Residency<FakeModel>& residency) {
    std::vector<std::string> keys;
    for (const auto& entry : residency.List()) keys.push_back(entry.key);
    return keys;
  }
  void Advance(std::chrono::milliseconds d) { now_ += d; }

  std::chrono::steady_clock::time_point now_{};
  std::atomic<int> alive_{0};
  int loads_ = 0;
};

TEST_F(ResidencyTest, KeepAliveDefaultPerRequestForeverAndZero) {
  Residency<FakeModel> residency(Options(0));
  {
    auto lease = residency.Acquire("a", 10, Loader("a", 10));
    ASSERT_TRUE(lease.ok());
    Advance(minutes(60));
    EXPECT_TRUE(residency.CollectExpired().empty());  // in use: never expires
  }
  EXPECT_EQ(residency.NextExpiry(), now_ + minutes(5));
  Advance(minutes(4));
  EXPECT_TRUE(residency.CollectExpired().empty());
  Advance(minutes(1));
  EXPECT_EQ(residency.CollectExpired().size(), 1u);
  EXPECT_EQ(alive_, 0);

  {
    auto lease = residency.Acquire("a", 10, Loader("a", 10));
    lease->set_keep_alive(milliseconds(-1));
  }
  Advance(minutes(10'000));
  EXPECT_TRUE(residency.CollectExpired().empty());
  EXPECT_FALSE(residency.NextExpiry().has_value());
  {
    auto lease = residency.Acquire("a", 10, Loader("a", 10));
    EXPECT_EQ(lease->load_time().count(), 0);  // still loaded
    lease->set_keep_alive(milliseconds(0));
  }
  EXPECT_TRUE(residency.List().empty());  // zero: unloaded at once
  EXPECT_EQ(alive_, 0);
  EXPECT_EQ(loads_, 2);
}

TEST_F(ResidencyTest, EvictsLeastRecentlyUsedIdleModelsAndNeverExceedsTheBudget) {
  Residency<FakeModel> residency(Options(100));
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_TRUE(residency.Acquire(key, 30, Loader(key, 30)).ok());
    Advance(milliseconds(10));
  }
  ASSERT_TRUE(residency.Acquire("a", 30, Loader("a", 30)).ok());  // a is now the most recent
  Advance(milliseconds(10));
  std::vector<std::string> evicted;
  ASSERT_TRUE(residency.Acquire("d", 50, Loader("d", 50), &evicted).ok());
  EXPECT_EQ(evicted, (std::vector<std::string>{"b", "c"}));  // oldest first, until 50 fit
  EXPECT_EQ(Keys(residency), (std::vector<std::string>{"a", "d"}));
  EXPECT_LE(residency.MemoryInUse(), 100u);
  EXPECT_EQ(alive_, 2);
}

TEST_F(ResidencyTest, ModelsInUseAreNeverEvicted) {
  Residency<FakeModel> residency(Options(100));
  auto busy = residency.Acquire("busy", 60, Loader("busy", 60));
  ASSERT_TRUE(busy.ok());
  auto refused = residency.Acquire("big", 50, Loader("big", 50));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("held by models in use"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(loads_, 1);
  EXPECT_EQ(Keys(residency), std::vector<std::string>{"busy"});
  // Once the request ends, the idle model makes way.
  { auto done = std::move(*busy); }
  EXPECT_TRUE(residency.Acquire("big", 50, Loader("big", 50)).ok());
  EXPECT_EQ(Keys(residency), std::vector<std::string>{"big"});
}

TEST_F(ResidencyTest, ModelLargerThanTheBudgetIsRefusedWithTheFigures) {
  Residency<FakeModel> residency(Options(1'000'000'000));
  auto lease = residency.Acquire("huge", 2'500'000'000, Loader("huge", 2'500'000'000));
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().message(),
            "model 'huge' needs 2.5 GB, more than the memory budget of 1.0 GB");
  EXPECT_EQ(loads_, 0);
}

TEST_F(ResidencyTest, MaxLoadedModelsAndPinning) {
  Residency<FakeModel> residency(Options(0, 2));
  ASSERT_TRUE(residency.Acquire("pinned", 1, Loader("pinned", 1)).ok());
  residency.Pin("pinned");
  Advance(milliseconds(1));
  ASSERT_TRUE(residency.Acquire("b", 1, Loader("b", 1)).ok());
  Advance(milliseconds(1));
  std::vector<std::string> evicted;
  ASSERT_TRUE(residency.Acquire("c", 1, Loader("c", 1), &evicted).ok());
  EXPECT_EQ(evicted, std::vector<std::string>{"b"});  // the pinned one is older but kept
  EXPECT_EQ(Keys(residency), (std::vector<std::string>{"c", "pinned"}));
  Advance(minutes(60));
  residency.CollectExpired();
  EXPECT_EQ(Keys(residency), std::vector<std::string>{"pinned"});
  EXPECT_TRUE(residency.Unload("pinned"));
  EXPECT_TRUE(residency.List().empty());
  EXPECT_FALSE(residency.Unload("pinned"));
}

TEST_F(ResidencyTest, UnloadOfAModelInUseWaitsForItsLastLease) {
  Residency<FakeModel> residency(Options(0));
  auto lease = residency.Acquire("a", 1, Loader("a", 1));
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE(residency.Unload("a"));
  EXPECT_EQ(alive_, 1);
  { auto done = std::move(*lease); }
  EXPECT_TRUE(residency.List().empty());
  EXPECT_EQ(alive_, 0);
}

TEST_F(ResidencyTest, LoadsAreSerializedButResidentModelsStayAvailable) {
  ResidencyOptions options;  // real clock
  Residency<FakeModel> residency(options);
  ASSERT_TRUE(residency.Acquire("ready", 1, Loader("ready", 1)).ok());
  std::promise<void> release_load;
  std::shared_future<void> released = release_load.get_future().share();
  std::atomic<int> loading{0};
  auto slow_loader = [&]() -> Result<std::unique_ptr<FakeModel>> {
    ++loading;
    released.wait();
    return std::make_unique<FakeModel>("slow", 1, &alive_);
  };
  auto slow = std::async(std::launch::async,
                         [&] { return residency.Acquire("slow", 1, slow_loader).ok(); });
  while (loading == 0) std::this_thread::yield();
  // The loaded model answers while the other one loads.
  EXPECT_TRUE(residency.Acquire("ready", 1, Loader("ready", 1)).ok());
  // A second request for the loading model waits for that load instead of loading again.
  auto second = std::async(std::launch::async,
                           [&] { return residency.Acquire("slow", 1, slow_loader).ok(); });
  std::this_thread::sleep_for(milliseconds(20));
  release_load.set_value();
  EXPECT_TRUE(slow.get());
  EXPECT_TRUE(second.get());
  EXPECT_EQ(loading, 1);
}

}  // namespace
}  // namespace hearth::store
