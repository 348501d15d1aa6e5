// A model split over several GGUF files (as llama.cpp's gguf-split writes them, and as Hugging
// Face publishes large quants) runs exactly like the single file it was cut from: found by
// its first part's name, or given its parts in order (the store's blobs).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "base/thread_pool.h"
#include "gguf/gguf_file.h"
#include "llm/model.h"
#include "llm/session.h"
#include "llm_test_util.h"
#include "shared_data.h"
#include "split_gguf.h"

namespace hearth {
namespace {

namespace fs = std::filesystem;

class SplitModelTest : public ::testing::Test {
 protected:
  SplitModelTest()
      : dir_(fs::path(::testing::TempDir()) / ("hearth-split-" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
  }
  ~SplitModelTest() override { fs::remove_all(dir_); }

  std::vector<std::string> Split(const std::string& source, int n, int64_t tensors_count = -1) {
    Result<std::vector<std::string>> parts =
        testing::SplitGguf(source, n, dir_.string(), tensors_count);
    EXPECT_TRUE(parts.ok()) << parts.status().ToString();
    return parts.ok() ? *parts : std::vector<std::string>{};
  }

  std::vector<TokenId> Greedy(const Model& model) {
    ThreadPool pool(1);
    Session session(model, pool, {.n_ctx = 64});
    const std::vector<TokenId> prompt = {1, 400, 30, 200};
    return *testing::GreedyTokens(session, prompt, 12);
  }

  fs::path dir_;
};

TEST_F(SplitModelTest, ThreePartsRunLikeTheWholeFile) {
  const std::string source = hearth::testing::SharedPath("models/random/llama-Q4_K_M.gguf");
  const std::vector<std::string> parts = Split(source, 3);
  const std::vector<TokenId> whole = Greedy(**Model::Open(source));

  // By the first part's name.
  Result<std::unique_ptr<Model>> by_name = Model::Open(parts[0]);
  ASSERT_TRUE(by_name.ok()) << by_name.status().ToString();
  EXPECT_EQ((*by_name)->file().tensors().size(), GgufFile::Open(source)->tensors().size());
  EXPECT_EQ(Greedy(**by_name), whole);

  // Parts whose names say nothing, given in order (the store's blobs).
  std::vector<std::string> blobs;
  for (size_t i = 0; i < parts.size(); ++i) {
    blobs.push_back((dir_ / ("blob" + std::to_string(i))).string());
    fs::copy_file(parts[i], blobs.back());
  }
  LoadOptions options;
  options.more_parts = {blobs[1], blobs[2]};
  Result<std::unique_ptr<Model>> by_list = Model::Open(blobs[0], options);
  ASSERT_TRUE(by_list.ok()) << by_list.status().ToString();
  EXPECT_EQ(Greedy(**by_list), whole);
  EXPECT_EQ((*by_list)->file().more_part_paths(), options.more_parts);
}

TEST_F(SplitModelTest, BrokenSplitsSayWhichPart) {
  const std::string source = hearth::testing::SharedPath("models/random/llama-Q8_0.gguf");
  std::vector<std::string> parts = Split(source, 2);
  // Parts out of order.
  Result<GgufFile> swapped = GgufFile::OpenSplit({parts[1], parts[0]});
  ASSERT_FALSE(swapped.ok());
  // A missing part.
  Result<GgufFile> one = GgufFile::OpenSplit({parts[0]});
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.status().message().find("split.count is 2 but 1 part(s) were given"),
            std::string::npos)
      << one.status().message();
  fs::remove(parts[1]);
  Result<GgufFile> gone = GgufFile::Open(parts[0]);
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("model-00002-of-00002.gguf"), std::string::npos)
      << gone.status().message();
  // A tensor count that does not add up.
  parts = Split(source, 2, /*tensors_count=*/5);
  Result<GgufFile> miscounted = GgufFile::Open(parts[0]);
  ASSERT_FALSE(miscounted.ok());
  EXPECT_NE(miscounted.status().message().find("split.tensors.count is 5"), std::string::npos)
      << miscounted.status().message();
  // A lone part with a file name that does not say which.
  const std::string renamed = (dir_ / "renamed.gguf").string();
  fs::copy_file(parts[0], renamed);
  EXPECT_NE(GgufFile::Open(renamed).status().message().find("not named like its first part"),
            std::string::npos);
}

}  // namespace
}  // namespace hearth
