// FakeModelServer: an in-process HTTP server for pull tests (cpp-httplib on 127.0.0.1, an
// ephemeral port) that speaks both protocols `hearth pull` uses, and can misbehave on demand.
//   Ollama registry:  GET /v2/<namespace>/<model>/manifests/<tag>, GET /v2/.../blobs/<digest>
//   Hugging Face:     GET /api/models/<org>/<repo>/tree/main   (paged when hf_page_size > 0)
//                     GET /<org>/<repo>/resolve/main/<path>    -> 302 to /cdn/<digest>
// Blobs honour "Range: bytes=a-b" with 206 (unless told to ignore it) and are sent chunked, so
// a fault can cut the body anywhere. Every request is recorded (path, Range, Authorization).
// Thread-safe: the server's threads and the test read and change it under one mutex.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "store/manifest.h"

namespace hearth::testing {

struct BlobFault {
  // Close the connection when a response reaches this byte of the blob (absolute offset),
  // for the next `drop_times` responses that reach it (-1: every one).
  std::optional<uint64_t> drop_at;
  int drop_times = -1;
  bool corrupt = false;        // serve the bytes with one of them changed
  bool ignore_range = false;   // answer 200 with every byte whatever Range says
  uint64_t bytes_per_second = 0;  // > 0: trickle at about this rate
  bool not_found = false;      // 404

  // Chainable setters: BlobFault().DropAt(1 << 20, 1).IgnoreRange().
  BlobFault& DropAt(uint64_t offset, int times = -1) {
    drop_at = offset;
    drop_times = times;
    return *this;
  }
  BlobFault& Corrupt() { corrupt = true; return *this; }
  BlobFault& IgnoreRange() { ignore_range = true; return *this; }
  BlobFault& Trickle(uint64_t rate) { bytes_per_second = rate; return *this; }
  BlobFault& NotFound() { not_found = true; return *this; }
};

struct SeenRequest {
  std::string path;
  std::string range;          // the Range header, "" when none
  std::string authorization;  // the Authorization header, "" when none
};

class FakeModelServer {
 public:
  FakeModelServer();  // listening when constructed
  ~FakeModelServer();
  FakeModelServer(const FakeModelServer&) = delete;
  FakeModelServer& operator=(const FakeModelServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // A blob served by digest (registry and CDN paths).
  store::BlobRef AddBlob(std::string media_type, std::string bytes);
  // A registry model: its manifest names `config` and `layers` (added with AddBlob).
  void AddRegistryModel(const std::string& repository, const std::string& tag,
                        const store::BlobRef& config, const std::vector<store::BlobRef>& layers);
  // A file of a Hugging Face repository ("org/repo"), stored with LFS (its sha256 listed).
  store::BlobRef AddHfFile(const std::string& repo, const std::string& path, std::string bytes);
  // A small file kept in git (no LFS entry), e.g. README.md.
  void AddHfGitFile(const std::string& repo, const std::string& path, const std::string& text);
  void set_hf_page_size(size_t entries) { hf_page_size_ = entries; }

  void SetFault(const std::string& digest, BlobFault fault);
  std::vector<SeenRequest> requests() const;
  // The Range headers of the requests for the blob's bytes (registry blob or CDN paths).
  std::vector<std::string> RangesFor(const std::string& digest) const;

 private:
  struct HfEntry {
    std::string path;
    std::string digest;  // "" for a git file
    std::string text;    // a git file's content
  };
  void Record(const httplib::Request& req);
  void ServeBlob(const std::string& digest, const httplib::Request& req, httplib::Response& res);
  void ServeTree(const std::string& repo, const httplib::Request& req, httplib::Response& res);
  void ServeResolve(const std::string& repo, const std::string& path, httplib::Response& res);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> hf_page_size_{0};

  mutable std::mutex mutex_;
  std::map<std::string, std::string> blobs_;  // digest -> bytes
  std::map<std::string, BlobFault> faults_;
  std::map<std::string, std::string> manifests_;  // "<repository>:<tag>" -> JSON
  std::map<std::string, std::vector<HfEntry>> hf_repos_;
  std::vector<SeenRequest> requests_;
};

// `size` deterministic pseudo-random bytes (different seeds give different bytes).
std::string TestBytes(size_t size, uint32_t seed);

// Passes when `text` contains `part`; the failure message shows both.
inline ::testing::AssertionResult Mentions(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\"\n does not mention \"" << part
                                       << "\"";
}

// A fresh folder under the system's temporary folder, removed with its content at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hearth::testing
