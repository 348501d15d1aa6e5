// The store's commands as a user runs them: import, create, list, show, run by name, cp, rm.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_hearth.h"
#include "shared_data.h"
#include "split_gguf.h"
#include "store/model_store.h"

namespace hearth {
namespace {

namespace fs = std::filesystem;
using hearth::testing::RunHearth;

class StoreCommandsTest : public ::testing::Test {
 protected:
  StoreCommandsTest()
      : home_(fs::path(::testing::TempDir()) / ("hearth-cli-" + std::to_string(getpid()))) {
    fs::remove_all(home_);
  }
  ~StoreCommandsTest() override { fs::remove_all(home_); }
  std::string Home() const { return " --home " + home_.string(); }
  fs::path home_;
};

TEST_F(StoreCommandsTest, ImportListShowRunCopyRemove) {
  const std::string gguf = hearth::testing::SharedPath("models/stories260K.gguf");
  auto imported = RunHearth("import " + gguf + " --name tiny:f32" + Home());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "imported 'tiny:f32' (1.19 MB)\n");

  const fs::path modelfile = home_ / "Modelfile";
  std::ofstream(modelfile) << "FROM tiny:f32\nPARAMETER temperature 0\nSYSTEM \"Tell tales.\"\n";
  auto created = RunHearth("create tales -f " + modelfile.string() + Home());
  ASSERT_EQ(created.exit_code, 0) << created.err;

  auto listed = RunHearth("list" + Home());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("NAME"), std::string::npos);
  EXPECT_NE(listed.out.find("tales:latest"), std::string::npos);
  EXPECT_NE(listed.out.find("tiny:f32"), std::string::npos);

  auto shown = RunHearth("show tales" + Home());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Tell tales."), std::string::npos);
  EXPECT_NE(shown.out.find(R"({"temperature":0.0})"), std::string::npos) << shown.out;

  // A store name runs exactly like the file it holds.
  auto by_name = RunHearth("run tiny:f32 --raw --temperature 0 -n 12 Once" + Home());
  auto by_file = RunHearth("run " + gguf + " --raw --temperature 0 -n 12 Once");
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, by_file.out);

  ASSERT_EQ(RunHearth("cp tales me/tales:v2" + Home()).exit_code, 0);
  auto removed = RunHearth("rm tales tiny:f32" + Home());
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(removed.out, "deleted 'tales'\ndeleted 'tiny:f32'\n");  // me/tales:v2 holds the blobs
  auto last = RunHearth("rm me/tales:v2" + Home());
  EXPECT_NE(last.out.find("freed"), std::string::npos) << last.out;
  size_t blobs = 0;
  for (const auto& entry : fs::directory_iterator(home_ / "blobs")) blobs += entry.is_regular_file();
  EXPECT_EQ(blobs, 0u);
}

// A model split over several blobs (as a Hugging Face pull stores a split GGUF: one model
// layer per part) runs by name like the file it was cut from.
TEST_F(StoreCommandsTest, SplitModelRunsByName) {
  const std::string gguf = hearth::testing::SharedPath("models/random/llama-Q8_0.gguf");
  fs::create_directories(home_ / "parts");
  Result<std::vector<std::string>> parts =
      hearth::testing::SplitGguf(gguf, 3, (home_ / "parts").string());
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  store::ModelStore model_store = *store::ModelStore::Open(home_.string());
  store::Manifest manifest;
  manifest.config = *model_store.blobs().AddBytes(store::kConfigMediaType, "{}");
  for (const std::string& part : *parts) {
    manifest.layers.push_back(*model_store.blobs().AddFile(store::kModelMediaType, part));
  }
  ASSERT_TRUE(model_store.Put(*store::ModelName::Parse("split:q8"), manifest).ok());

  auto by_name = RunHearth("run split:q8 --raw --temperature 0 -n 10 Once" + Home());
  auto by_file = RunHearth("run " + gguf + " --raw --temperature 0 -n 10 Once");
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, by_file.out);
  auto shown = RunHearth("show split:q8" + Home());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("split:q8"), std::string::npos);
}

TEST_F(StoreCommandsTest, ErrorsSayWhatIsWrong) {
  auto unknown = RunHearth("run nothing:here" + Home());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("'nothing:here' is neither a file nor a model in"),
            std::string::npos)
      << unknown.err;
  auto bad_name = RunHearth("rm 'a b'" + Home());
  EXPECT_EQ(bad_name.exit_code, 1);
  EXPECT_NE(bad_name.err.find("contains ' '"), std::string::npos) << bad_name.err;
  const fs::path modelfile = home_ / "Modelfile";
  fs::create_directories(home_);
  std::ofstream(modelfile) << "FROM x\nPARAMETER temperature warm\n";
  auto bad_modelfile = RunHearth("create x -f " + modelfile.string() + Home());
  EXPECT_EQ(bad_modelfile.exit_code, 1);
  EXPECT_NE(bad_modelfile.err.find("Modelfile:2: PARAMETER temperature: 'warm' is not a number"),
            std::string::npos)
      << bad_modelfile.err;
}

}  // namespace
}  // namespace hearth
