// Pulls from Hugging Face repositories: picking the GGUF file for a quant (and every part of a
// split GGUF), the Ollama-style manifest built for it, and the errors for unknown repositories
// and quants.
#include <gtest/gtest.h>

#include <filesystem>

#include "fake_model_server.h"
#include "shared_data.h"
#include "store/atomic_file.h"
#include "store/model_store.h"
#include "store/pull/hugging_face.h"
#include "store/pull/pull_model.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

using hearth::testing::FakeModelServer;
using hearth::testing::Mentions;
using hearth::testing::TempDir;
using hearth::testing::TestBytes;

ModelName Name(const std::string& text) { return *ModelName::Parse(text); }

HfFile File(const std::string& path) {
  return HfFile{path, 100, "sha256:" + std::string(64, 'a')};
}

std::vector<std::string> Paths(const Result<std::vector<HfFile>>& files) {
  std::vector<std::string> out;
  if (files.ok()) {
    for (const HfFile& f : *files) out.push_back(f.path);
  }
  return out;
}

TEST(PullHuggingFaceNames, QuantOfFileName) {
  EXPECT_EQ(QuantOfFileName("Llama-3.2-1B-Instruct-Q4_K_M.gguf"), "Q4_K_M");
  EXPECT_EQ(QuantOfFileName("tinyllama-1.1b-chat-v1.0.Q8_0.gguf"), "Q8_0");
  EXPECT_EQ(QuantOfFileName("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf"), "Q4_K_M");
  EXPECT_EQ(QuantOfFileName("Q4_K_M/model-IQ4_XS.gguf"), "IQ4_XS");
  EXPECT_EQ(QuantOfFileName("gemma-2b-it-f16.gguf"), "F16");
  EXPECT_EQ(QuantOfFileName("model-BF16.gguf"), "BF16");
  EXPECT_EQ(QuantOfFileName("stories260K.gguf"), "");
}

TEST(PullHuggingFaceNames, LatestPrefersQ4KMElseTheFirstGguf) {
  const ModelName name = Name("hf.co/org/repo");
  const std::vector<HfFile> files = {File("README.md"), File("model-Q8_0.gguf"),
                                     File("model-Q4_K_M.gguf"), File("mmproj-model-f16.gguf")};
  EXPECT_EQ(Paths(PickGgufFiles(files, "latest", name)),
            std::vector<std::string>{"model-Q4_K_M.gguf"});
  const std::vector<HfFile> without = {File("mmproj-model-f16.gguf"), File("model-Q8_0.gguf"),
                                       File("model-F16.gguf")};
  EXPECT_EQ(Paths(PickGgufFiles(without, "latest", name)),
            std::vector<std::string>{"model-F16.gguf"});
}

TEST(PullHuggingFaceNames, QuantMatchesCaseInsensitivelyAndExactly) {
  const ModelName name = Name("hf.co/org/repo:q4_k");
  const std::vector<HfFile> files = {File("m-Q4_K_M.gguf"), File("m-Q4_K_S.gguf"),
                                     File("m-Q4_K.gguf")};
  EXPECT_EQ(Paths(PickGgufFiles(files, "q4_k", name)), std::vector<std::string>{"m-Q4_K.gguf"});
  EXPECT_EQ(Paths(PickGgufFiles(files, "Q4_k_s", name)),
            std::vector<std::string>{"m-Q4_K_S.gguf"});
}

TEST(PullHuggingFaceNames, UnknownQuantListsTheAvailableOnes) {
  const std::vector<HfFile> files = {File("m-Q4_K_M.gguf"), File("m-Q8_0.gguf"),
                                     File("m-Q8_0-00001-of-00002.gguf")};
  Result<std::vector<HfFile>> picked = PickGgufFiles(files, "Q2_K", Name("hf.co/org/repo:Q2_K"));
  ASSERT_FALSE(picked.ok());
  EXPECT_EQ(picked.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Mentions(picked.status().message(),
                       "hf.co/org/repo has no GGUF file for the quant 'Q2_K'; available: "
                       "Q4_K_M, Q8_0"));
}

TEST(PullHuggingFaceNames, SplitGgufGivesEveryPartInOrder) {
  const ModelName name = Name("hf.co/org/repo:Q8_0");
  const std::vector<HfFile> files = {File("Q8_0/m-Q8_0-00003-of-00003.gguf"),
                                     File("Q8_0/m-Q8_0-00001-of-00003.gguf"),
                                     File("Q8_0/m-Q8_0-00002-of-00003.gguf"),
                                     File("m-Q4_K_M.gguf")};
  EXPECT_EQ(Paths(PickGgufFiles(files, "Q8_0", name)),
            (std::vector<std::string>{"Q8_0/m-Q8_0-00001-of-00003.gguf",
                                      "Q8_0/m-Q8_0-00002-of-00003.gguf",
                                      "Q8_0/m-Q8_0-00003-of-00003.gguf"}));
  const std::vector<HfFile> incomplete = {files[0], files[1]};
  Result<std::vector<HfFile>> picked = PickGgufFiles(incomplete, "Q8_0", name);
  ASSERT_FALSE(picked.ok());
  EXPECT_TRUE(Mentions(picked.status().message(), "lacks part 2 of 3"));
}

TEST(PullHuggingFaceNames, ListingEntriesAreChecked) {
  Result<std::vector<HfFile>> files = ParseHfTree(
      R"([{"type":"directory","path":"d"},{"type":"file","path":"README.md","size":5},
          {"type":"file","path":"m.gguf","size":9,"lfs":{"oid":")" + std::string(64, 'c') +
          R"(","size":7}}])",
      "listing");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].digest, "");
  EXPECT_EQ((*files)[1].digest, "sha256:" + std::string(64, 'c'));
  EXPECT_EQ((*files)[1].size, 7u);
  Result<std::vector<HfFile>> bad =
      ParseHfTree(R"([{"type":"file","path":"m.gguf","lfs":{"oid":"xyz"}}])", "listing");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Mentions(bad.status().message(), "listing: entry 0: m.gguf: lfs.oid"));
}

class PullHuggingFaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ModelStore> opened = ModelStore::Open(home_.path());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_.emplace(std::move(opened).value());
    options_.hf_endpoint = server_.url();
    options_.registry_endpoint = server_.url();
    options_.retry_delay = std::chrono::milliseconds(10);
    options_.hf_token = "secret-token";
  }

  Result<PullResult> Pull(const std::string& name) {
    return PullModel(*store_, Name(name), options_, nullptr, nullptr);
  }

  TempDir home_;
  FakeModelServer server_;
  std::optional<ModelStore> store_;
  PullOptions options_;
};

TEST_F(PullHuggingFaceTest, PullsTheQuantAndBuildsAManifest) {
  Result<std::string> gguf = ReadWholeFile(testing::SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(gguf.ok()) << gguf.status().ToString();
  server_.AddHfGitFile("org/Tiny-GGUF", "README.md", "# tiny");
  const BlobRef q8 = server_.AddHfFile("org/Tiny-GGUF", "tiny-Q8_0.gguf", *gguf);
  server_.AddHfFile("org/Tiny-GGUF", "tiny-Q4_K_M.gguf", TestBytes(5000, 1));
  Result<PullResult> pulled = Pull("hf.co/org/Tiny-GGUF:q8_0");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();

  Result<StoredModel> stored = store_->Get(Name("hf.co/org/Tiny-GGUF:q8_0"));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->manifest.layers.size(), 1u);
  EXPECT_EQ(stored->manifest.layers[0].digest, q8.digest);
  EXPECT_EQ(stored->manifest.layers[0].media_type, kModelMediaType);
  EXPECT_EQ(*Sha256OfFile(stored->model_path), q8.digest);
  Result<std::string> config =
      ReadWholeFile(store_->blobs().PathOf(stored->manifest.config.digest));
  ASSERT_TRUE(config.ok());
  // Described from the downloaded header (stories260K: llama, all F32), as an import would.
  EXPECT_EQ(ModelConfig::FromJson(*config).file_type, "F32");
  EXPECT_EQ(ModelConfig::FromJson(*config).model_family, "llama");
  EXPECT_EQ(ModelConfig::FromJson(*config).model_format, "gguf");

  // The token went to the listing and the download; the download followed a redirect.
  bool listed = false, resolved = false, from_cdn = false;
  for (const testing::SeenRequest& r : server_.requests()) {
    if (r.path == "/api/models/org/Tiny-GGUF/tree/main") {
      listed = true;
      EXPECT_EQ(r.authorization, "Bearer secret-token");
    }
    if (r.path == "/org/Tiny-GGUF/resolve/main/tiny-Q8_0.gguf") {
      resolved = true;
      EXPECT_EQ(r.authorization, "Bearer secret-token");
    }
    from_cdn = from_cdn || r.path == "/cdn/" + q8.digest;
  }
  EXPECT_TRUE(listed && resolved && from_cdn);
}

TEST_F(PullHuggingFaceTest, LatestPullsQ4KM) {
  server_.AddHfFile("org/repo", "m-Q8_0.gguf", TestBytes(3000, 2));
  const BlobRef q4 = server_.AddHfFile("org/repo", "m-Q4_K_M.gguf", TestBytes(2000, 3));
  Result<PullResult> pulled = Pull("hf.co/org/repo");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->manifest.layers.size(), 1u);
  EXPECT_EQ(pulled->manifest.layers[0].digest, q4.digest);
  EXPECT_TRUE(store_->Get(Name("hf.co/org/repo:latest")).ok());
}

TEST_F(PullHuggingFaceTest, SplitGgufDownloadsEveryPartFromAPagedListing) {
  server_.set_hf_page_size(2);
  server_.AddHfFile("org/big", "m-Q4_K_M.gguf", TestBytes(1000, 4));
  std::vector<BlobRef> parts;
  for (int i = 1; i <= 3; ++i) {
    parts.push_back(server_.AddHfFile(
        "org/big", "Q8_0/m-Q8_0-0000" + std::to_string(i) + "-of-00003.gguf",
        TestBytes(300000 + i, 10 + i)));
  }
  Result<PullResult> pulled = Pull("hf.co/org/big:Q8_0");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->manifest.layers.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(pulled->manifest.layers[i].digest, parts[i].digest);
    EXPECT_EQ(pulled->manifest.layers[i].media_type, kModelMediaType);
    EXPECT_TRUE(store_->blobs().Has(parts[i].digest, parts[i].size));
  }
  EXPECT_TRUE(store_->Get(Name("hf.co/org/big:Q8_0")).ok());
}

TEST_F(PullHuggingFaceTest, UnknownQuantSaysWhichOnesExist) {
  server_.AddHfFile("org/repo", "m-Q8_0.gguf", TestBytes(3000, 5));
  server_.AddHfFile("org/repo", "m-Q4_K_M.gguf", TestBytes(2000, 6));
  Result<PullResult> pulled = Pull("hf.co/org/repo:Q2_K");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Mentions(pulled.status().message(),
                       "hf.co/org/repo has no GGUF file for the quant 'Q2_K'; available: "
                       "Q4_K_M, Q8_0"));
  EXPECT_TRUE(store_->List().empty());
}

TEST_F(PullHuggingFaceTest, UnknownRepositoryIsNotFound) {
  Result<PullResult> pulled = Pull("hf.co/org/nope:Q4_K_M");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Mentions(pulled.status().message(),
                       "Hugging Face repository 'org/nope' not found"));
  EXPECT_TRUE(Mentions(pulled.status().message(), "HTTP 404"));
}

}  // namespace
}  // namespace hearth::store
