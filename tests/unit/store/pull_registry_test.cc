// PullModel against an Ollama-protocol registry (FakeModelServer): a clean pull, and each way a
// download fails, each time with a clear message and without losing downloaded bytes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "fake_model_server.h"
#include "shared_data.h"
#include "store/model_store.h"
#include "store/pull/partial_file.h"
#include "store/pull/pull_model.h"
#include "store/atomic_file.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

using hearth::testing::BlobFault;
using hearth::testing::FakeModelServer;
using hearth::testing::TempDir;
using hearth::testing::TestBytes;
using hearth::testing::Mentions;

constexpr uint64_t kMiB = uint64_t{1} << 20;

class PullRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ModelStore> opened = ModelStore::Open(home_.path());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_.emplace(std::move(opened).value());
    options_.registry_endpoint = server_.url();
    options_.hf_endpoint = server_.url();
    options_.retry_delay = std::chrono::milliseconds(10);
    options_.max_retries = 2;
    options_.multi_connection_min_bytes = uint64_t{1} << 40;  // one connection unless a test says
    options_.progress_interval = std::chrono::milliseconds(20);
  }

  // A model "library/tiny:latest" whose weights are `weights`; returns the weights' ref.
  BlobRef AddModel(const std::string& weights, const std::string& repository = "library/tiny") {
    const BlobRef config =
        server_.AddBlob(std::string(kConfigMediaType), R"({"model_format":"gguf"})");
    const BlobRef model = server_.AddBlob(std::string(kModelMediaType), weights);
    const BlobRef templ = server_.AddBlob(std::string(kTemplateMediaType), "{{ .Prompt }}");
    server_.AddRegistryModel(repository, "latest", config, {model, templ});
    return model;
  }

  ModelName Name(const std::string& text) { return *ModelName::Parse(text); }

  Result<PullResult> Pull(const std::string& name, const std::atomic<bool>* cancel = nullptr) {
    statuses_.clear();
    return PullModel(*store_, Name(name), options_,
                     [this](const PullProgress& p) {
                       if (statuses_.empty() || statuses_.back() != p.status) {
                         statuses_.push_back(p.status);
                       }
                     },
                     cancel);
  }

  std::string PartialOf(const BlobRef& blob) { return store_->blobs().PartialPathOf(blob.digest); }

  // The bytes the partial's ledger says are done.
  uint64_t LedgerBytes(const BlobRef& blob) {
    Result<std::string> text = ReadWholeFile(PartialFile::LedgerPathOf(PartialOf(blob)));
    if (!text.ok()) return 0;
    Result<RangeSet> ranges = RangeSet::Parse(*text, blob.size);
    return ranges.ok() ? ranges->CoveredBytes() : 0;
  }

  std::string FilePrefix(const std::string& path, size_t n) {
    Result<std::string> text = ReadWholeFile(path);
    return text.ok() ? text->substr(0, n) : "";
  }

  TempDir home_;
  FakeModelServer server_;
  std::optional<ModelStore> store_;
  PullOptions options_;
  std::vector<std::string> statuses_;
};

TEST_F(PullRegistryTest, PullsEveryBlobAndWritesTheManifestLast) {
  Result<std::string> gguf = ReadWholeFile(testing::SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(gguf.ok()) << gguf.status().ToString();
  const BlobRef weights = AddModel(*gguf);
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->downloaded_bytes, pulled->manifest.TotalSize());

  Result<StoredModel> stored = store_->Get(Name("tiny"));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->model_path, store_->blobs().PathOf(weights.digest));
  EXPECT_EQ(*Sha256OfFile(stored->model_path), weights.digest);
  EXPECT_EQ(*store_->ReadLayerText(*stored, kTemplateMediaType), "{{ .Prompt }}");
  ASSERT_GE(statuses_.size(), 5u);
  EXPECT_EQ(statuses_.front(), "pulling manifest");
  EXPECT_NE(std::find(statuses_.begin(), statuses_.end(), PullingStatus(weights.digest)),
            statuses_.end());
  EXPECT_NE(std::find(statuses_.begin(), statuses_.end(), "verifying sha256 digest"),
            statuses_.end());
  EXPECT_EQ(statuses_[statuses_.size() - 2], "writing manifest");
  EXPECT_EQ(statuses_.back(), "success");
  EXPECT_FALSE(std::filesystem::exists(PartialOf(weights)));
  EXPECT_FALSE(std::filesystem::exists(PartialFile::LedgerPathOf(PartialOf(weights))));

  // Pulled again: every blob is present, nothing is fetched.
  const size_t requests_before = server_.RangesFor(weights.digest).size();
  Result<PullResult> again = Pull("tiny");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->downloaded_bytes, 0u);
  EXPECT_EQ(again->present_bytes, again->manifest.TotalSize());
  EXPECT_EQ(server_.RangesFor(weights.digest).size(), requests_before);
}

TEST_F(PullRegistryTest, UnknownModelOrTagIsNotFound) {
  AddModel(TestBytes(1000, 1));
  Result<PullResult> pulled = Pull("tiny:7b");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Mentions(pulled.status().message(), "model 'tiny:7b' not found"));
  EXPECT_TRUE(Mentions(pulled.status().message(), "library/tiny with the tag '7b'"));
  EXPECT_TRUE(store_->List().empty());
}

TEST_F(PullRegistryTest, MissingBlobIsNotFoundAndNoModelAppears) {
  const BlobRef weights = AddModel(TestBytes(1000, 2));
  server_.SetFault(weights.digest, BlobFault().NotFound());
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Mentions(pulled.status().message(), "blob " + weights.digest + " not found"));
  EXPECT_TRUE(Mentions(pulled.status().message(), "HTTP 404"));
  EXPECT_TRUE(store_->List().empty());
}

TEST_F(PullRegistryTest, ResumesWithRangeAfterADroppedConnection) {
  const std::string bytes = TestBytes(4 * kMiB, 3);
  const BlobRef weights = AddModel(bytes);
  const uint64_t cut = 3 * kMiB / 2;
  server_.SetFault(weights.digest, BlobFault().DropAt(cut, 1));
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(server_.RangesFor(weights.digest),
            (std::vector<std::string>{"", "bytes=" + std::to_string(cut) + "-" +
                                              std::to_string(bytes.size() - 1)}));
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
}

TEST_F(PullRegistryTest, GivesUpAfterRetriesKeepingTheBytesThenResumes) {
  const std::string bytes = TestBytes(4 * kMiB, 4);
  const BlobRef weights = AddModel(bytes);
  server_.SetFault(weights.digest, BlobFault().DropAt(kMiB));
  Result<PullResult> failed = Pull("tiny");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(Mentions(failed.status().message(), "failed 3 times in a row at byte 1048576"));
  EXPECT_TRUE(Mentions(failed.status().message(), "connection dropped"));
  EXPECT_TRUE(Mentions(failed.status().message(), "1048576 of 4194304 bytes are kept in " +
                                                   PartialOf(weights)));
  EXPECT_TRUE(store_->List().empty());
  EXPECT_EQ(LedgerBytes(weights), kMiB);
  EXPECT_EQ(FilePrefix(PartialOf(weights), kMiB), bytes.substr(0, kMiB));

  server_.SetFault(weights.digest, BlobFault{});
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->resumed_bytes, kMiB);
  EXPECT_EQ(server_.RangesFor(weights.digest).back(), "bytes=1048576-4194303");
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
}

TEST_F(PullRegistryTest, WrongBytesAreDiscardedNamingBothDigests) {
  const BlobRef weights = AddModel(TestBytes(2 * kMiB, 5));
  server_.SetFault(weights.digest, BlobFault().Corrupt());
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(Mentions(pulled.status().message(), "blob " + weights.digest));
  EXPECT_TRUE(Mentions(pulled.status().message(), "hash to sha256:"));
  EXPECT_TRUE(Mentions(pulled.status().message(), "discarded"));
  EXPECT_FALSE(std::filesystem::exists(PartialOf(weights)));
  EXPECT_FALSE(std::filesystem::exists(PartialFile::LedgerPathOf(PartialOf(weights))));
  EXPECT_FALSE(store_->blobs().Has(weights.digest, weights.size));
  EXPECT_TRUE(store_->List().empty());
}

TEST_F(PullRegistryTest, SlowServerTimesOutAndKeepsWhatArrived) {
  const BlobRef weights = AddModel(TestBytes(2 * kMiB, 6));
  server_.SetFault(weights.digest, BlobFault().Trickle(20 * 1024));
  options_.low_speed_bytes_per_second = 200 * 1024;
  options_.low_speed_seconds = 1;
  options_.max_retries = 1;
  const auto start = std::chrono::steady_clock::now();
  Result<PullResult> pulled = Pull("tiny");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(pulled.ok());
  EXPECT_TRUE(
      Mentions(pulled.status().message(), "timed out: slower than 204800 bytes/s for 1 s"));
  EXPECT_TRUE(Mentions(pulled.status().message(), "are kept in " + PartialOf(weights)));
  EXPECT_LT(elapsed, std::chrono::seconds(8));
  EXPECT_GT(LedgerBytes(weights), 0u);
  EXPECT_EQ(server_.RangesFor(weights.digest).size(), 2u);  // the first try and one retry
  EXPECT_EQ(server_.RangesFor(weights.digest)[1].rfind("bytes=", 0), 0u);
}

TEST_F(PullRegistryTest, ServerThatIgnoresRangeStartsOverFromZero) {
  const std::string bytes = TestBytes(3 * kMiB, 7);
  const BlobRef weights = AddModel(bytes);
  server_.SetFault(weights.digest,
                   BlobFault().DropAt(kMiB, 1).IgnoreRange());
  options_.connections = 3;
  options_.multi_connection_min_bytes = kMiB;
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
}

TEST_F(PullRegistryTest, LargeBlobsUseSeveralConnections) {
  const std::string bytes = TestBytes(4 * kMiB, 8);
  const BlobRef weights = AddModel(bytes);
  options_.connections = 4;
  options_.multi_connection_min_bytes = 2 * kMiB;
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  std::vector<std::string> ranges = server_.RangesFor(weights.digest);
  std::sort(ranges.begin(), ranges.end());
  EXPECT_EQ(ranges, (std::vector<std::string>{"bytes=0-1048575", "bytes=1048576-2097151",
                                              "bytes=2097152-3145727", "bytes=3145728-4194303"}));
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
}

TEST_F(PullRegistryTest, LedgerRemembersTheRangesOfSeveralConnections) {
  const std::string bytes = TestBytes(4 * kMiB, 9);
  const BlobRef weights = AddModel(bytes);
  options_.connections = 4;
  options_.multi_connection_min_bytes = 2 * kMiB;
  options_.max_retries = 1;
  const uint64_t cut = 2 * kMiB + kMiB / 2;  // inside the third range
  server_.SetFault(weights.digest, BlobFault().DropAt(cut));
  Result<PullResult> failed = Pull("tiny");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(LedgerBytes(weights), 4 * kMiB - kMiB / 2);

  server_.SetFault(weights.digest, BlobFault{});
  const size_t before = server_.RangesFor(weights.digest).size();
  Result<PullResult> pulled = Pull("tiny");
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  // Only the hole [cut, 3 MiB) is fetched (in two pieces: none is smaller than 256 KiB).
  std::vector<std::string> ranges = server_.RangesFor(weights.digest);
  ASSERT_GE(ranges.size(), before);
  ranges.erase(ranges.begin(), ranges.begin() + before);
  std::sort(ranges.begin(), ranges.end());
  EXPECT_EQ(ranges, (std::vector<std::string>{"bytes=2621440-2883583", "bytes=2883584-3145727"}));
  EXPECT_EQ(pulled->resumed_bytes, 4 * kMiB - kMiB / 2);
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
}

TEST_F(PullRegistryTest, ConcurrentPullsOfOneModelFetchItOnce) {
  const BlobRef weights = AddModel(TestBytes(4 * kMiB, 10));
  server_.SetFault(weights.digest, BlobFault().Trickle(16 * kMiB));
  Result<PullResult> results[2] = {Internal("not run"), Internal("not run")};
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      results[i] = PullModel(*store_, Name("tiny"), options_, nullptr, nullptr);
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  ASSERT_TRUE(results[1].ok()) << results[1].status().ToString();
  EXPECT_EQ(results[0]->downloaded_bytes + results[1]->downloaded_bytes,
            results[0]->manifest.TotalSize());
  EXPECT_EQ(server_.RangesFor(weights.digest).size(), 1u);
  EXPECT_EQ(store_->List().size(), 1u);
  EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights.digest)), weights.digest);
  EXPECT_FALSE(std::filesystem::exists(PartialOf(weights) + ".lock"));
}

TEST_F(PullRegistryTest, CancelStopsSoonAndKeepsTheBytes) {
  const BlobRef weights = AddModel(TestBytes(4 * kMiB, 11));
  server_.SetFault(weights.digest, BlobFault().Trickle(2 * kMiB));
  std::atomic<bool> cancel{false};
  const auto start = std::chrono::steady_clock::now();
  Result<PullResult> pulled =
      PullModel(*store_, Name("tiny"), options_,
                [&](const PullProgress& p) {
                  if (p.digest == weights.digest && p.completed >= kMiB / 2) cancel = true;
                },
                &cancel);
  ASSERT_FALSE(pulled.ok());
  EXPECT_TRUE(Mentions(pulled.status().message(), "cancelled"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_GE(LedgerBytes(weights), kMiB / 2);
  EXPECT_TRUE(store_->List().empty());
}

}  // namespace
}  // namespace hearth::store
