// The store's core: names, manifests, content-addressed blobs, atomic manifests, copies,
// removal with garbage collection, and the write lease that keeps GC off a running pull.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/atomic_file.h"
#include "store/model_store.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

namespace fs = std::filesystem;

std::string ReadWholeFileOrEmpty(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  return text.ok() ? *text : "";
}

TEST(ModelNameTest, ParsesOllamaAndHuggingFaceForms) {
  const ModelName plain = *ModelName::Parse("llama3.1");
  EXPECT_EQ(plain.ToFullString(), "registry.ollama.ai/library/llama3.1:latest");
  EXPECT_EQ(plain.ToString(), "llama3.1:latest");
  EXPECT_EQ(ModelName::Parse("llama3.1:70b")->tag, "70b");
  EXPECT_EQ(ModelName::Parse("someone/model:v2")->ToString(), "someone/model:v2");
  const ModelName hf = *ModelName::Parse("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M");
  EXPECT_TRUE(hf.IsHuggingFace());
  EXPECT_EQ(hf.name_space, "bartowski");
  EXPECT_EQ(hf.model, "Llama-3.2-1B-Instruct-GGUF");
  EXPECT_EQ(hf.tag, "Q4_K_M");
  EXPECT_EQ(hf.ManifestRelativePath(),
            "manifests/hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M");
  const ModelName port = *ModelName::Parse("localhost:5000/ns/model:tag");
  EXPECT_EQ(port.host, "localhost:5000");
  EXPECT_EQ(port.tag, "tag");
  EXPECT_EQ(*ModelName::Parse("LLAMA3.1:LATEST"), plain);
}

TEST(ModelNameTest, RejectsBadNamesWithTheReason) {
  EXPECT_EQ(ModelName::Parse("").status().message(), "model name '': the model is empty");
  EXPECT_EQ(ModelName::Parse("a/b/c/d").status().message(),
            "model name 'a/b/c/d': too many '/' (the form is [host/][namespace/]model[:tag])");
  EXPECT_NE(ModelName::Parse("../etc").status().message().find("must start with"),
            std::string::npos);
  EXPECT_NE(ModelName::Parse("mo del").status().message().find("contains ' '"),
            std::string::npos);
  EXPECT_FALSE(ModelName::Parse("model:").ok());
  EXPECT_FALSE(ModelName::Parse(std::string(200, 'a')).ok());
}

TEST(ManifestTest, RoundTripsAndNamesBrokenFields) {
  Manifest manifest;
  manifest.config = {std::string(kConfigMediaType), Sha256Digest("config"), 6};
  manifest.layers.push_back({std::string(kModelMediaType), Sha256Digest("weights"), 7});
  const Result<Manifest> back = Manifest::FromJson(manifest.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->ToJson(), manifest.ToJson());
  EXPECT_EQ(back->TotalSize(), 13u);
  ASSERT_NE(back->FindLayer(kModelMediaType), nullptr);
  EXPECT_EQ(back->FindLayer(kSystemMediaType), nullptr);

  EXPECT_EQ(Manifest::FromJson("{", "m.json").status().message(), "m.json: not valid JSON");
  const std::string bad_digest =
      R"({"schemaVersion":2,"config":{"digest":"sha256:abc","size":1},"layers":[]})";
  EXPECT_EQ(Manifest::FromJson(bad_digest).status().message(),
            "manifest: config.digest is not a sha256 digest");
  EXPECT_EQ(Manifest::FromJson(R"({"schemaVersion":1})").status().code(),
            StatusCode::kUnimplemented);
}

TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Digest(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(IsValidDigest(Sha256Digest("x")));
  EXPECT_FALSE(IsValidDigest("sha256:ABC"));
}

class StoreFixture : public ::testing::Test {
 protected:
  StoreFixture()
      : home_(fs::path(::testing::TempDir()) /
              ("hearth-store-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(home_);
  }
  ~StoreFixture() override { fs::remove_all(home_); }

  ModelStore OpenStore() {
    Result<ModelStore> store = ModelStore::Open(home_.string());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(*store);
  }

  // A manifest of a config blob and a weights blob holding `weights`.
  Manifest AddModelBlobs(ModelStore& store, const std::string& weights) {
    Manifest manifest;
    manifest.config = *store.blobs().AddBytes(kConfigMediaType, ModelConfig{}.ToJson());
    manifest.layers.push_back(*store.blobs().AddBytes(kModelMediaType, weights));
    return manifest;
  }

  fs::path home_;
};

TEST_F(StoreFixture, PutGetListCopyRemove) {
  ModelStore store = OpenStore();
  const Manifest manifest = AddModelBlobs(store, "weights one");
  const ModelName name = *ModelName::Parse("tiny:1b");
  ASSERT_TRUE(store.Put(name, manifest).ok());
  const Result<StoredModel> model = store.Get(*ModelName::Parse("TINY:1B"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->name.ToString(), "tiny:1b");
  EXPECT_EQ(ReadWholeFileOrEmpty(model->model_path), "weights one");
  EXPECT_EQ(model->manifest_path, (home_ / "manifests/registry.ollama.ai/library/tiny/1b").string());

  ASSERT_TRUE(store.Copy(name, *ModelName::Parse("me/alias")).ok());
  ASSERT_EQ(store.List().size(), 2u);
  EXPECT_EQ(store.List()[0].name.ToString(), "me/alias:latest");

  // Removing one name keeps the blobs the other still uses.
  Result<GarbageReport> removed = store.Remove(name);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed->removed.empty());
  EXPECT_TRUE(store.Get(*ModelName::Parse("me/alias")).ok());
  EXPECT_EQ(store.Get(name).status().message(), "model 'tiny:1b' not found");
  EXPECT_FALSE(fs::exists(home_ / "manifests/registry.ollama.ai/library/tiny"));

  // Removing the last name frees both blobs.
  removed = store.Remove(*ModelName::Parse("me/alias"));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->removed.size(), 2u);
  EXPECT_TRUE(store.blobs().ListDigests().empty());
  EXPECT_EQ(store.Remove(name).status().code(), StatusCode::kNotFound);
}

TEST_F(StoreFixture, ManifestNamingAMissingBlobIsRefusedAndReported) {
  ModelStore store = OpenStore();
  Manifest manifest = AddModelBlobs(store, "weights");
  manifest.layers.push_back({std::string(kSystemMediaType), Sha256Digest("absent"), 6});
  const Status put = store.Put(*ModelName::Parse("broken"), manifest);
  EXPECT_EQ(put.code(), StatusCode::kNotFound);
  EXPECT_NE(put.message().find("is not in the store"), std::string::npos);
  EXPECT_TRUE(store.List().empty());

  // A manifest whose weights vanished lists as a problem, not as a model.
  const Manifest good = AddModelBlobs(store, "other weights");
  ASSERT_TRUE(store.Put(*ModelName::Parse("gone"), good).ok());
  ASSERT_TRUE(store.blobs().Remove(good.layers[0].digest).ok());
  std::vector<std::string> problems;
  EXPECT_TRUE(store.List(&problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("is missing"), std::string::npos);
}

TEST_F(StoreFixture, GarbageCollectionWaitsForWritersAndKeepsPartials) {
  ModelStore store = OpenStore();
  const BlobRef orphan = *store.blobs().AddBytes(kModelMediaType, "orphan");
  std::ofstream(store.blobs().PartialPathOf(Sha256Digest("downloading"))) << "half";
  {
    Result<WriteLease> lease = store.BeginWrite();
    ASSERT_TRUE(lease.ok());
    const Result<GarbageReport> report = store.CollectGarbage();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->skipped);
    EXPECT_TRUE(store.blobs().Has(orphan.digest, orphan.size));
  }
  const Result<GarbageReport> report = store.CollectGarbage();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->skipped);
  EXPECT_EQ(report->removed, std::vector<std::string>{orphan.digest});
  EXPECT_EQ(report->bytes_freed, 6u);
  EXPECT_TRUE(fs::exists(store.blobs().PartialPathOf(Sha256Digest("downloading"))));
}

TEST_F(StoreFixture, CommitPartialVerifiesTheDigest) {
  ModelStore store = OpenStore();
  const std::string digest = Sha256Digest("good bytes");
  std::ofstream(store.blobs().PartialPathOf(digest)) << "good bytes";
  ASSERT_TRUE(store.blobs().CommitPartial(digest, 10).ok());
  EXPECT_TRUE(store.blobs().Has(digest, 10));

  const std::string other = Sha256Digest("expected!!");
  std::ofstream(store.blobs().PartialPathOf(other)) << "corrupted!";
  const Status status = store.blobs().CommitPartial(other, 10);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_NE(status.message().find(Sha256Digest("corrupted!")), std::string::npos);
  EXPECT_FALSE(fs::exists(store.blobs().PartialPathOf(other)));
  EXPECT_FALSE(store.blobs().Has(other, 10));
}

TEST_F(StoreFixture, AddFileHashesWhileCopying) {
  ModelStore store = OpenStore();
  const fs::path source = home_ / "source.bin";
  std::ofstream(source) << std::string(5 << 20, 'x');
  uint64_t last_progress = 0;
  const Result<BlobRef> blob = store.blobs().AddFile(
      kModelMediaType, source.string(), [&](uint64_t done) { last_progress = done; });
  ASSERT_TRUE(blob.ok()) << blob.status().ToString();
  EXPECT_EQ(blob->size, uint64_t{5} << 20);
  EXPECT_EQ(last_progress, blob->size);
  EXPECT_EQ(blob->digest, *Sha256OfFile(source.string()));
  EXPECT_EQ(store.blobs().AddFile(kModelMediaType, (home_ / "nope").string()).status().code(),
            StatusCode::kIoError);
}

}  // namespace
}  // namespace hearth::store
