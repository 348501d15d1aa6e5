// `hearth pull` as a process, for what only a process shows: a full disk (RLIMIT_FSIZE, so that
// write(2) fails with EFBIG) and a pull killed mid-blob (SIGKILL). In both the model stays
// invisible, the downloaded bytes stay on disk, and the next pull resumes from them.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "fake_model_server.h"
#include "store/atomic_file.h"
#include "store/model_store.h"
#include "store/pull/partial_file.h"
#include "store/pull/pull_model.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

using hearth::testing::BlobFault;
using hearth::testing::FakeModelServer;
using hearth::testing::Mentions;
using hearth::testing::TempDir;
using hearth::testing::TestBytes;

constexpr uint64_t kMiB = uint64_t{1} << 20;

// Starts `hearth ARGS` with exactly `env`, stderr to `stderr_path`, and (when > 0) a limit on
// the size of the files it writes.
pid_t SpawnHearth(const std::vector<std::string>& args, const std::vector<std::string>& env,
                  const std::string& stderr_path, rlim_t file_size_limit = 0) {
  std::vector<std::string> argv_strings = {HEARTH_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv, envp;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = env;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until exec.
  const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int null = ::open("/dev/null", O_RDWR);
  if (err < 0 || null < 0) _exit(120);
  dup2(null, STDIN_FILENO);
  dup2(null, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  if (file_size_limit > 0) {
    signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead of killing us
    const rlimit limit{file_size_limit, file_size_limit};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(121);
  }
  execve(argv[0], argv.data(), envp.data());
  _exit(122);
}

int WaitForExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class PullProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ModelStore> opened = ModelStore::Open(home_.path() + "/store");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_.emplace(std::move(opened).value());
    bytes_ = TestBytes(4 * kMiB, 42);
    const BlobRef config =
        server_.AddBlob(std::string(kConfigMediaType), R"({"model_format":"gguf"})");
    weights_ = server_.AddBlob(std::string(kModelMediaType), bytes_);
    server_.AddRegistryModel("library/tiny", "latest", config, {weights_});
  }

  std::vector<std::string> Env() const {
    return {"HEARTH_REGISTRY=" + server_.url(), "HOME=" + home_.path(), "PATH=/usr/bin:/bin"};
  }
  std::vector<std::string> Args() const {
    return {"pull", "tiny", "--home", store_->home(), "--connections", "1", "--retries", "1"};
  }
  std::string Partial() const { return store_->blobs().PartialPathOf(weights_.digest); }
  uint64_t LedgerBytes() const {
    Result<std::string> text = ReadWholeFile(PartialFile::LedgerPathOf(Partial()));
    if (!text.ok()) return 0;
    Result<RangeSet> ranges = RangeSet::Parse(*text, weights_.size);
    return ranges.ok() ? ranges->CoveredBytes() : 0;
  }

  // Pulls in this process (no limits, the fault cleared) and checks that it resumed at byte
  // `from` and produced the right blob.
  void ResumeFrom(uint64_t from) {
    server_.SetFault(weights_.digest, BlobFault());
    PullOptions options;
    options.registry_endpoint = server_.url();
    Result<PullResult> pulled =
        PullModel(*store_, *ModelName::Parse("tiny"), options, nullptr, nullptr);
    ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
    EXPECT_EQ(pulled->resumed_bytes, from);
    EXPECT_EQ(server_.RangesFor(weights_.digest).back(),
              "bytes=" + std::to_string(from) + "-" + std::to_string(weights_.size - 1));
    EXPECT_EQ(*Sha256OfFile(store_->blobs().PathOf(weights_.digest)), weights_.digest);
    EXPECT_EQ(store_->List().size(), 1u);
    EXPECT_FALSE(std::filesystem::exists(Partial()));
  }

  TempDir home_;
  FakeModelServer server_;
  std::optional<ModelStore> store_;
  std::string bytes_;
  BlobRef weights_;
};

TEST_F(PullProcessTest, DiskFullFailsNamingThePathAndKeepsTheBytes) {
  const std::string err = home_.path() + "/err";
  const pid_t pid = SpawnHearth(Args(), Env(), err, kMiB);
  ASSERT_EQ(WaitForExit(pid), 1);
  const std::string message = *ReadWholeFile(err);
  EXPECT_TRUE(Mentions(message, "hearth pull: " + Partial() + ": disk full: cannot write at "
                                "byte 1048576 (File too large)"));
  EXPECT_TRUE(Mentions(message, "1048576 of 4194304 bytes are kept in " + Partial()));
  EXPECT_TRUE(store_->List().empty());
  EXPECT_EQ(std::filesystem::file_size(Partial()), kMiB);
  EXPECT_EQ(ReadWholeFile(Partial())->substr(0, kMiB), bytes_.substr(0, kMiB));
  EXPECT_EQ(LedgerBytes(), kMiB);
  ResumeFrom(kMiB);
}

TEST_F(PullProcessTest, KilledPullLeavesNoModelAndResumes) {
  server_.SetFault(weights_.digest, BlobFault().Trickle(kMiB));  // about 4 s for the blob
  const std::string err = home_.path() + "/err";
  const pid_t pid = SpawnHearth(Args(), Env(), err);
  // Wait for the first checkpoint (PullOptions::checkpoint_interval, 1 s), then kill.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (LedgerBytes() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  WaitForExit(pid);
  const uint64_t kept = LedgerBytes();
  ASSERT_GT(kept, 0u) << *ReadWholeFile(err);
  ASSERT_LT(kept, weights_.size);
  EXPECT_TRUE(store_->List().empty());
  EXPECT_FALSE(store_->Get(*ModelName::Parse("tiny")).ok());
  EXPECT_GE(std::filesystem::file_size(Partial()), kept);
  EXPECT_EQ(ReadWholeFile(Partial())->substr(0, kept), bytes_.substr(0, kept));
  ResumeFrom(kept);
}

TEST_F(PullProcessTest, CommandReportsAnUnknownModel) {
  const std::string err = home_.path() + "/err";
  const pid_t pid = SpawnHearth({"pull", "nosuch", "--home", store_->home()}, Env(), err);
  EXPECT_EQ(WaitForExit(pid), 1);
  EXPECT_TRUE(Mentions(*ReadWholeFile(err), "hearth pull: model 'nosuch:latest' not found"));
}

}  // namespace
}  // namespace hearth::store
