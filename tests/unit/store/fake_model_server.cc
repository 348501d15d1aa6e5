#include "fake_model_server.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/check.h"
#include "store/sha256.h"

namespace hearth::testing {
namespace {

constexpr size_t kChunk = 64 * 1024;

// "bytes=a-b" or "bytes=a-" -> [first, last] within `size`; false when absent or unusable.
bool ParseRange(const std::string& header, uint64_t size, uint64_t& first, uint64_t& last) {
  if (header.rfind("bytes=", 0) != 0) return false;
  const size_t dash = header.find('-', 6);
  if (dash == std::string::npos) return false;
  try {
    first = std::stoull(header.substr(6, dash - 6));
    last = dash + 1 < header.size() ? std::stoull(header.substr(dash + 1)) : size - 1;
  } catch (...) {
    return false;
  }
  last = std::min(last, size - 1);
  return first <= last;
}

}  // namespace

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "hearth-pull-test-XXXXXX").string();
  HEARTH_CHECK(::mkdtemp(pattern.data()) != nullptr) << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TestBytes(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  uint64_t state = 0x9E3779B97F4A7C15ull ^ seed;
  for (size_t i = 0; i < size; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    out[i] = static_cast<char>(state >> 24);
  }
  return out;
}

FakeModelServer::FakeModelServer() {
  server_.Get(R"(/v2/(.+)/manifests/([^/]+))", [this](const httplib::Request& req,
                                                       httplib::Response& res) {
    Record(req);
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = manifests_.find(req.matches[1].str() + ":" + req.matches[2].str());
    if (it == manifests_.end()) {
      res.status = 404;
      res.set_content(R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})",
                      "application/json");
      return;
    }
    res.set_content(it->second, std::string(store::kManifestMediaType));
  });
  server_.Get(R"(/v2/.+/blobs/(sha256:[0-9a-f]{64}))",
              [this](const httplib::Request& req, httplib::Response& res) {
                Record(req);
                ServeBlob(req.matches[1].str(), req, res);
              });
  server_.Get(R"(/cdn/(sha256:[0-9a-f]{64}))",
              [this](const httplib::Request& req, httplib::Response& res) {
                Record(req);
                ServeBlob(req.matches[1].str(), req, res);
              });
  server_.Get(R"(/api/models/([^/]+/[^/]+)/tree/main)",
              [this](const httplib::Request& req, httplib::Response& res) {
                Record(req);
                ServeTree(req.matches[1].str(), req, res);
              });
  server_.Get(R"(/([^/]+/[^/]+)/resolve/main/(.+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                Record(req);
                ServeResolve(req.matches[1].str(), req.matches[2].str(), res);
              });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // bind_to_any_port already listens: connections wait in the backlog until the loop runs.
}

FakeModelServer::~FakeModelServer() {
  stopping_ = true;
  server_.stop();
  thread_.join();
}

void FakeModelServer::Record(const httplib::Request& req) {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.push_back({req.path, req.get_header_value("Range"),
                       req.get_header_value("Authorization")});
}

store::BlobRef FakeModelServer::AddBlob(std::string media_type, std::string bytes) {
  store::BlobRef ref{std::move(media_type), store::Sha256Digest(bytes), bytes.size()};
  std::lock_guard<std::mutex> lock(mutex_);
  blobs_[ref.digest] = std::move(bytes);
  return ref;
}

void FakeModelServer::AddRegistryModel(const std::string& repository, const std::string& tag,
                                       const store::BlobRef& config,
                                       const std::vector<store::BlobRef>& layers) {
  store::Manifest manifest;
  manifest.config = config;
  manifest.layers = layers;
  std::lock_guard<std::mutex> lock(mutex_);
  manifests_[repository + ":" + tag] = manifest.ToJson();
}

store::BlobRef FakeModelServer::AddHfFile(const std::string& repo, const std::string& path,
                                          std::string bytes) {
  store::BlobRef ref = AddBlob(std::string(store::kModelMediaType), std::move(bytes));
  std::lock_guard<std::mutex> lock(mutex_);
  hf_repos_[repo].push_back({path, ref.digest, ""});
  return ref;
}

void FakeModelServer::AddHfGitFile(const std::string& repo, const std::string& path,
                                   const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  hf_repos_[repo].push_back({path, "", text});
}

void FakeModelServer::SetFault(const std::string& digest, BlobFault fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_[digest] = fault;
}

std::vector<SeenRequest> FakeModelServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<std::string> FakeModelServer::RangesFor(const std::string& digest) const {
  std::vector<std::string> out;
  for (const SeenRequest& r : requests()) {
    const bool blob_path = r.path.find("/blobs/" + digest) != std::string::npos ||
                           r.path == "/cdn/" + digest;
    if (blob_path) out.push_back(r.range);
  }
  return out;
}

void FakeModelServer::ServeTree(const std::string& repo, const httplib::Request& req,
                                httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = hf_repos_.find(repo);
  if (it == hf_repos_.end()) {
    res.status = 404;
    res.set_content(R"({"error":"Repository not found"})", "application/json");
    return;
  }
  nlohmann::json entries = nlohmann::json::array();
  entries.push_back({{"type", "directory"}, {"oid", std::string(40, 'd')}, {"size", 0},
                     {"path", "extras"}});
  for (const HfEntry& e : it->second) {
    if (e.digest.empty()) {
      entries.push_back({{"type", "file"}, {"oid", std::string(40, 'a')}, {"size", e.text.size()},
                         {"path", e.path}});
      continue;
    }
    const uint64_t size = blobs_.at(e.digest).size();
    entries.push_back({{"type", "file"},
                       {"oid", std::string(40, 'b')},
                       {"size", size},
                       {"path", e.path},
                       {"lfs",
                        {{"oid", e.digest.substr(7)}, {"size", size}, {"pointerSize", 134}}}});
  }
  const size_t page = hf_page_size_.load();
  size_t begin = 0;
  if (req.has_param("cursor")) begin = std::stoul(req.get_param_value("cursor"));
  if (page > 0) {
    nlohmann::json slice = nlohmann::json::array();
    for (size_t i = begin; i < std::min(entries.size(), begin + page); ++i) {
      slice.push_back(entries[i]);
    }
    if (begin + page < entries.size()) {
      // Built with append: GCC's -Wrestrict misfires on "<" + ... (GCC bug 105329).
      std::string link = "<";
      link.append(url()).append("/api/models/").append(repo);
      link.append("/tree/main?recursive=true&cursor=").append(std::to_string(begin + page));
      link.append(">; rel=\"next\"");
      res.set_header("Link", link);
    }
    entries = std::move(slice);
  }
  res.set_content(entries.dump(), "application/json");
}

void FakeModelServer::ServeResolve(const std::string& repo, const std::string& path,
                                   httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = hf_repos_.find(repo);
  if (it != hf_repos_.end()) {
    for (const HfEntry& e : it->second) {
      if (e.path != path) continue;
      if (e.digest.empty()) {
        res.set_content(e.text, "text/plain");
      } else {
        res.set_redirect("/cdn/" + e.digest, 302);
      }
      return;
    }
  }
  res.status = 404;
  res.set_content("Entry not found", "text/plain");
}

void FakeModelServer::ServeBlob(const std::string& digest, const httplib::Request& req,
                                httplib::Response& res) {
  std::string bytes;
  BlobFault fault;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = blobs_.find(digest);
    if (const auto f = faults_.find(digest); f != faults_.end()) fault = f->second;
    if (it == blobs_.end() || fault.not_found) {
      res.status = 404;
      res.set_content(R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]})",
                      "application/json");
      return;
    }
    bytes = it->second;
  }
  if (fault.corrupt && !bytes.empty()) bytes[bytes.size() / 2] ^= 0x5a;
  uint64_t first = 0, last = bytes.empty() ? 0 : bytes.size() - 1;
  const bool ranged = !fault.ignore_range &&
                      ParseRange(req.get_header_value("Range"), bytes.size(), first, last);
  if (ranged) {
    res.status = 206;
    res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" +
                                        std::to_string(last) + "/" +
                                        std::to_string(bytes.size()));
  } else {
    res.status = 200;
  }
  const uint64_t end = bytes.empty() ? 0 : last + 1;
  auto shared = std::make_shared<std::string>(std::move(bytes));
  res.set_chunked_content_provider(
      "application/octet-stream",
      [this, shared, first, end, fault, digest](size_t offset, httplib::DataSink& sink) {
        const uint64_t position = first + offset;
        if (position >= end || stopping_) {
          if (position >= end) sink.done();
          return position >= end;
        }
        uint64_t chunk = std::min<uint64_t>(kChunk, end - position);
        if (fault.bytes_per_second > 0) {  // a 20th of the rate every 50 ms
          chunk = std::min<uint64_t>(end - position,
                                     std::max<uint64_t>(1, fault.bytes_per_second / 20));
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        // A response that covers the drop byte is cut there (at once when it starts there).
        if (fault.drop_at && first <= *fault.drop_at && *fault.drop_at < end &&
            position + chunk >= *fault.drop_at) {
          std::lock_guard<std::mutex> lock(mutex_);
          BlobFault& live = faults_[digest];
          if (live.drop_times != 0) {
            if (live.drop_times > 0) --live.drop_times;
            if (*fault.drop_at > position) {
              sink.write(shared->data() + position, *fault.drop_at - position);
            }
            return false;  // closes the connection mid-body
          }
        }
        return sink.write(shared->data() + position, chunk);
      });
}

}  // namespace hearth::testing
