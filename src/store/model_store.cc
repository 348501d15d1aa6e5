#include "store/model_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "store/atomic_file.h"
#include "store/sha256.h"

namespace hearth::store {
namespace fs = std::filesystem;
namespace {

constexpr auto kStaleTemporaryAge = std::chrono::hours(24);

std::chrono::system_clock::time_point ToSystemTime(fs::file_time_type t) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(t));
}

// The name a manifest file's path spells: manifests/<host>/<namespace>/<model>/<tag>.
Result<ModelName> NameFromManifestPath(const fs::path& manifests, const fs::path& file) {
  const fs::path relative = file.lexically_relative(manifests);
  std::vector<std::string> parts;
  for (const fs::path& part : relative) parts.push_back(part.string());
  if (parts.size() != 4) return InvalidArgument(file.string() + ": not <host>/<ns>/<model>/<tag>");
  return ModelName::Parse(parts[0] + "/" + parts[1] + "/" + parts[2] + ":" + parts[3]);
}

bool LessByName(const StoredModel& a, const StoredModel& b) {
  return a.name.ToString() < b.name.ToString();
}

}  // namespace

WriteLease::WriteLease(WriteLease&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

WriteLease::~WriteLease() {
  if (fd_ >= 0) ::close(fd_);  // releases the shared lock
}

ModelStore::ModelStore(std::string home)
    : home_(std::move(home)), blobs_((fs::path(home_) / "blobs").string()) {}

std::string ModelStore::DefaultHome() {
  if (const char* home = std::getenv("HEARTH_HOME"); home != nullptr && *home != '\0') return home;
  const char* user_home = std::getenv("HOME");
  return (fs::path(user_home != nullptr ? user_home : ".") / ".hearth").string();
}

Result<ModelStore> ModelStore::Open(std::string home) {
  std::error_code ec;
  for (const char* sub : {"blobs", "manifests"}) {
    fs::create_directories(fs::path(home) / sub, ec);
    if (ec) {
      return IoError("model store " + home + ": cannot create " + sub + ": " + ec.message());
    }
  }
  return ModelStore(std::move(home));
}

std::string ModelStore::ManifestPathOf(const ModelName& name) const {
  return (fs::path(home_) / name.ManifestRelativePath()).string();
}

std::string ModelStore::FindManifest(const ModelName& name) const {
  const std::string exact = ManifestPathOf(name);
  std::error_code ec;
  if (fs::is_regular_file(exact, ec)) return exact;
  const fs::path manifests = fs::path(home_) / "manifests";
  for (fs::recursive_directory_iterator it(manifests, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    Result<ModelName> found = NameFromManifestPath(manifests, it->path());
    if (found.ok() && *found == name) return it->path().string();
  }
  return "";
}

Result<StoredModel> ModelStore::ReadManifestFile(const std::string& path, ModelName name) const {
  HEARTH_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  HEARTH_ASSIGN_OR_RETURN(Manifest manifest, Manifest::FromJson(text, path));
  const BlobRef* weights = manifest.FindLayer(kModelMediaType);
  if (weights == nullptr) return DataLoss(path + ": no model layer (" +
                                          std::string(kModelMediaType) + ")");
  StoredModel model;
  model.name = std::move(name);
  model.manifest_path = path;
  model.manifest_digest = Sha256Digest(text);
  model.model_path = blobs_.PathOf(weights->digest);
  if (!blobs_.Has(weights->digest, weights->size)) {
    return DataLoss(path + ": the weights blob " + weights->digest + " is missing or has the " +
                    "wrong size (pull the model again)");
  }
  model.size_bytes = manifest.TotalSize();
  std::error_code ec;
  model.modified = ToSystemTime(fs::last_write_time(path, ec));
  model.manifest = std::move(manifest);
  return model;
}

Result<StoredModel> ModelStore::Get(const ModelName& name) const {
  const std::string path = FindManifest(name);
  if (path.empty()) return NotFound("model '" + name.ToString() + "' not found");
  Result<ModelName> stored_name =
      NameFromManifestPath(fs::path(home_) / "manifests", fs::path(path));
  return ReadManifestFile(path, stored_name.ok() ? *stored_name : name);
}

std::vector<StoredModel> ModelStore::List(std::vector<std::string>* problems) const {
  std::vector<StoredModel> out;
  const fs::path manifests = fs::path(home_) / "manifests";
  std::error_code ec;
  for (fs::recursive_directory_iterator it(manifests, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (it->path().filename().string().find(".tmp-") != std::string::npos) continue;
    Result<ModelName> name = NameFromManifestPath(manifests, it->path());
    Result<StoredModel> model = name.ok() ? ReadManifestFile(it->path().string(), *name)
                                          : Result<StoredModel>(name.status());
    if (model.ok()) {
      out.push_back(std::move(*model));
    } else if (problems != nullptr) {
      problems->push_back(model.status().message());
    }
  }
  std::sort(out.begin(), out.end(), LessByName);
  return out;
}

Status ModelStore::Put(const ModelName& name, const Manifest& manifest) {
  if (manifest.FindLayer(kModelMediaType) == nullptr) {
    return InvalidArgument("manifest for '" + name.ToString() + "' has no model layer");
  }
  for (const BlobRef& blob : manifest.AllBlobs()) {
    if (!blobs_.Has(blob.digest, blob.size)) {
      return NotFound("cannot write '" + name.ToString() + "': blob " + blob.digest + " (" +
                      std::to_string(blob.size) + " bytes) is not in the store");
    }
  }
  // A differently-cased manifest of the same name is replaced, not duplicated.
  const std::string existing = FindManifest(name);
  const std::string path = existing.empty() ? ManifestPathOf(name) : existing;
  return WriteFileAtomically(path, manifest.ToJson());
}

Status ModelStore::Copy(const ModelName& source, const ModelName& destination) {
  HEARTH_ASSIGN_OR_RETURN(StoredModel model, Get(source));
  HEARTH_ASSIGN_OR_RETURN(WriteLease lease, BeginWrite());
  return Put(destination, model.manifest);
}

Result<GarbageReport> ModelStore::Remove(const ModelName& name) {
  const std::string path = FindManifest(name);
  if (path.empty()) return NotFound("model '" + name.ToString() + "' not found");
  std::error_code ec;
  if (!fs::remove(path, ec) || ec) {
    return IoError(path + ": cannot remove: " + (ec ? ec.message() : "already gone"));
  }
  // Empty folders left behind (model and namespace folders) go too.
  const fs::path manifests = fs::path(home_) / "manifests";
  for (fs::path dir = fs::path(path).parent_path(); dir != manifests && dir.has_parent_path();
       dir = dir.parent_path()) {
    if (!fs::is_empty(dir, ec) || ec) break;
    fs::remove(dir, ec);
  }
  return CollectGarbage();
}

Result<WriteLease> ModelStore::BeginWrite() {
  const std::string lock_path = (fs::path(home_) / ".lock").string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(lock_path + ": cannot open: " + std::strerror(errno));
  while (::flock(fd, LOCK_SH) != 0) {
    if (errno == EINTR) continue;
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return IoError(lock_path + ": cannot lock: " + reason);
  }
  return WriteLease(fd);
}

Result<GarbageReport> ModelStore::CollectGarbage() {
  GarbageReport report;
  const std::string lock_path = (fs::path(home_) / ".lock").string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(lock_path + ": cannot open: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    report.skipped = true;
    return report;
  }
  std::set<std::string> referenced;
  std::vector<std::string> problems;
  for (const StoredModel& model : List(&problems)) {
    for (const BlobRef& blob : model.manifest.AllBlobs()) referenced.insert(blob.digest);
  }
  // A manifest that does not read still protects the blobs it names where it parses at all.
  const fs::path manifests = fs::path(home_) / "manifests";
  std::error_code ec;
  for (fs::recursive_directory_iterator it(manifests, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    Result<std::string> text = ReadWholeFile(it->path().string());
    if (!text.ok()) continue;
    Result<Manifest> manifest = Manifest::FromJson(*text);
    if (!manifest.ok()) continue;
    for (const BlobRef& blob : manifest->AllBlobs()) referenced.insert(blob.digest);
  }
  Status status = Status::Ok();
  for (const std::string& digest : blobs_.ListDigests()) {
    if (referenced.count(digest) != 0) continue;
    const uint64_t size = fs::file_size(blobs_.PathOf(digest), ec);
    Status removed = blobs_.Remove(digest);
    if (!removed.ok()) {
      status = removed;
      continue;
    }
    report.removed.push_back(digest);
    report.bytes_freed += ec ? 0 : size;
  }
  // Temporary files of writers that died (names contain ".tmp-"), once they are old.
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(blobs_.dir(), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().find(".tmp-") == std::string::npos) continue;
    std::error_code time_ec;
    const auto written = fs::last_write_time(it->path(), time_ec);
    if (!time_ec && now - written > kStaleTemporaryAge) fs::remove(it->path(), time_ec);
  }
  ::close(fd);
  if (!status.ok()) return status;
  return report;
}

std::vector<std::string> ModelStore::ModelPartPaths(const StoredModel& model) const {
  std::vector<std::string> paths;
  for (const BlobRef& layer : model.manifest.layers) {
    if (layer.media_type == kModelMediaType) paths.push_back(blobs_.PathOf(layer.digest));
  }
  return paths;
}

Result<std::string> ModelStore::ReadLayerText(const StoredModel& model,
                                              std::string_view media_type) const {
  const BlobRef* layer = model.manifest.FindLayer(media_type);
  if (layer == nullptr) return std::string();
  return ReadWholeFile(blobs_.PathOf(layer->digest));
}

}  // namespace hearth::store
