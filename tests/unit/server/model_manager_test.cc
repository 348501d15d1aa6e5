// Model names and residency: the catalog resolves names, paths, ":latest" and copies; the
// manager loads once, keeps a model for its keep-alive and unloads it after.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <unistd.h>

#include "server/models/model_manager.h"
#include "store/model_create.h"
#include "shared_data.h"

namespace hearth::server {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// A folder holding two copies of stories260K under other names.
class ModelFolder {
 public:
  ModelFolder() : dir_(fs::path(::testing::TempDir()) / ("hearth-models-" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
    const fs::path source = hearth::testing::SharedPath("models/stories260K.gguf");
    fs::copy_file(source, dir_ / "tiny.gguf", fs::copy_options::overwrite_existing);
    fs::copy_file(source, dir_ / "other.gguf", fs::copy_options::overwrite_existing);
    std::ofstream(dir_ / "notes.txt") << "not a model";
  }
  ~ModelFolder() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

TEST(ModelCatalogTest, NamesPathsTagsAndCopies) {
  ModelFolder folder;
  ModelCatalog catalog(folder.path());
  std::vector<std::string> names;
  for (const ModelLocation& m : catalog.List()) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"other", "tiny"}));
  EXPECT_EQ(catalog.Resolve("tiny")->path, folder.path() + "/tiny.gguf");
  EXPECT_EQ(catalog.Resolve("tiny:latest")->name, "tiny");
  EXPECT_EQ(catalog.Resolve(folder.path() + "/other.gguf")->name, folder.path() + "/other.gguf");
  const Result<ModelLocation> missing = catalog.Resolve("nothing");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "model 'nothing' not found");
  EXPECT_FALSE(catalog.Resolve("../tiny").ok());
  EXPECT_FALSE(catalog.Resolve("notes").ok());

  ASSERT_TRUE(catalog.Copy("tiny", "alias:latest").ok());
  EXPECT_TRUE(catalog.Resolve("alias")->is_copy);
  EXPECT_EQ(catalog.List().size(), 3u);
  EXPECT_EQ(catalog.Copy("tiny", "other").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog.Copy("nothing", "x").code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog.Copy("tiny", "a/b").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(catalog.Delete("alias").ok());
  EXPECT_FALSE(catalog.Resolve("alias").ok());
  EXPECT_EQ(catalog.Delete("tiny").code(), StatusCode::kUnimplemented);
  EXPECT_EQ(catalog.Delete("nothing").code(), StatusCode::kNotFound);
}

TEST(ModelCatalogTest, StoreModelsComeFirstAndCopyAndDeleteInTheStore) {
  ModelFolder folder;
  const std::string home = folder.path() + "/store";
  {
    store::ModelStore model_store = *store::ModelStore::Open(home);
    store::Modelfile modelfile;
    modelfile.from = folder.path() + "/other.gguf";
    ASSERT_TRUE(store::CreateModel(model_store, *store::ModelName::Parse("tiny:1b"), modelfile, "")
                    .ok());
  }
  ModelCatalog catalog(folder.path(), home);
  ASSERT_NE(catalog.model_store(), nullptr);
  const Result<ModelLocation> stored = catalog.Resolve("tiny:1b");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_TRUE(stored->in_store);
  EXPECT_EQ(stored->digest.substr(0, 7), "sha256:");
  EXPECT_EQ(stored->path.find(home + "/blobs/sha256-"), 0u);
  EXPECT_FALSE(catalog.Resolve("tiny")->in_store);  // the folder's tiny.gguf
  std::vector<std::string> names;
  for (const ModelLocation& m : catalog.List()) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"other", "tiny", "tiny:1b"}));

  ASSERT_TRUE(catalog.Copy("tiny:1b", "again").ok());
  EXPECT_TRUE(catalog.Resolve("again")->in_store);  // a manifest, kept across restarts
  EXPECT_TRUE(ModelCatalog(folder.path(), home).Resolve("again:latest").ok());
  ASSERT_TRUE(catalog.Delete("tiny:1b").ok());
  EXPECT_FALSE(catalog.Resolve("tiny:1b").ok());
  EXPECT_TRUE(catalog.Resolve("again").ok());
  ASSERT_TRUE(catalog.Delete("again").ok());
  EXPECT_TRUE(catalog.model_store()->blobs().ListDigests().empty());
}

class ModelManagerTest : public ::testing::Test {
 protected:
  ModelManagerOptions Options(milliseconds keep_alive) {
    ModelManagerOptions options;
    options.models_dir = folder_.path();
    options.default_keep_alive = keep_alive;
    options.loader = [this](const ModelLocation& location) {
      ++loads_;
      return LoadedModel::Load(location, {.n_parallel = 1, .n_ctx = 64, .n_threads = 1});
    };
    return options;
  }

  ModelFolder folder_;
  std::atomic<int> loads_{0};
};

TEST_F(ModelManagerTest, ConcurrentRequestsLoadAModelOnce) {
  ModelManager manager(Options(std::chrono::minutes(5)));
  std::vector<std::future<bool>> leases;
  for (int i = 0; i < 4; ++i) {
    leases.push_back(std::async(std::launch::async, [&] { return manager.Acquire("tiny").ok(); }));
  }
  for (auto& l : leases) EXPECT_TRUE(l.get());
  EXPECT_EQ(loads_, 1);
  // Two names of one file share it.
  ASSERT_TRUE(manager.Copy("tiny", "same").ok());
  EXPECT_TRUE(manager.Acquire("same").ok());
  EXPECT_EQ(loads_, 1);
  EXPECT_TRUE(manager.Acquire("other").ok());
  EXPECT_EQ(loads_, 2);
  EXPECT_EQ(manager.ListResident().size(), 2u);
}

TEST_F(ModelManagerTest, KeepAliveUnloadsAfterTheLastLease) {
  ModelManager manager(Options(milliseconds(50)));
  {
    Result<ModelLease> lease = manager.Acquire("tiny");
    ASSERT_TRUE(lease.ok());
    EXPECT_GT(lease->load_time().count(), 0);
    std::this_thread::sleep_for(milliseconds(100));
    EXPECT_EQ(manager.ListResident().size(), 1u);  // in use: never unloaded
    EXPECT_FALSE(manager.ListResident()[0].expires_at.has_value());
  }
  EXPECT_TRUE(manager.ListResident()[0].expires_at.has_value());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!manager.ListResident().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(manager.ListResident().empty());
  EXPECT_EQ(manager.Acquire("tiny")->load_time().count() > 0, true);  // loaded again
  EXPECT_EQ(loads_, 2);
}

TEST_F(ModelManagerTest, KeepAliveZeroNegativeAndPreload) {
  ModelManager manager(Options(milliseconds(10)));
  {
    Result<ModelLease> lease = manager.Acquire("tiny");
    ASSERT_TRUE(lease.ok());
    lease->set_keep_alive(milliseconds(0));
  }
  EXPECT_TRUE(manager.ListResident().empty());
  {
    Result<ModelLease> lease = manager.Acquire("tiny");
    lease->set_keep_alive(milliseconds(-1));
  }
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(manager.ListResident().size(), 1u);
  EXPECT_TRUE(manager.Unload("tiny"));
  EXPECT_FALSE(manager.Unload("tiny"));
  const Result<std::string> name = manager.Preload(folder_.path() + "/other.gguf");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "other");
  EXPECT_TRUE(manager.Acquire("other").ok());
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(manager.ListResident().size(), 1u);  // preloaded: kept past the default keep-alive
}

// The budget holds one model's estimate but not another's beside a loaded one (loaded models
// count with their real memory, about 2.5 MB here): loading the other unloads the idle one.
TEST_F(ModelManagerTest, ALoadThatWouldNotFitUnloadsTheIdleModel) {
  ModelManagerOptions options = Options(std::chrono::minutes(5));
  options.estimate_bytes = [](const ModelLocation&) { return uint64_t{30} << 20; };
  options.memory_budget_bytes = uint64_t{31} << 20;
  ModelManager manager(std::move(options));
  ASSERT_TRUE(manager.Acquire("tiny").ok());
  ASSERT_EQ(manager.ListResident().size(), 1u);
  {
    Result<ModelLease> in_use = manager.Acquire("other");
    ASSERT_TRUE(in_use.ok()) << in_use.status().ToString();
    ASSERT_EQ(manager.ListResident().size(), 1u);
    EXPECT_EQ(manager.ListResident()[0].location.name, "other");
    // While "other" runs a request, "tiny" cannot take its place.
    const Result<ModelLease> refused = manager.Acquire("tiny");
    EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  }
  EXPECT_EQ(loads_, 2);
}

TEST_F(ModelManagerTest, LoadErrorsNameTheModel) {
  ModelManagerOptions options = Options(milliseconds(10));
  std::ofstream(folder_.path() + "/broken.gguf") << "not gguf";
  ModelManager manager(std::move(options));
  const Result<ModelLease> lease = manager.Acquire("broken");
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), StatusCode::kInternal);
  EXPECT_NE(lease.status().message().find("cannot load model 'broken'"), std::string::npos);
  EXPECT_EQ(manager.Acquire("missing").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace hearth::server
