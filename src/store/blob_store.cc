#include "store/blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "store/atomic_file.h"
#include "store/sha256.h"

namespace hearth::store {
namespace fs = std::filesystem;

std::string DigestToFileName(std::string_view digest) {
  std::string out(digest);
  if (const size_t colon = out.find(':'); colon != std::string::npos) out[colon] = '-';
  return out;
}

std::string FileNameToDigest(std::string_view file_name) {
  std::string out(file_name);
  if (const size_t dash = out.find('-'); dash != std::string::npos) out[dash] = ':';
  return out;
}

BlobStore::BlobStore(std::string blobs_dir) : dir_(std::move(blobs_dir)) {}

std::string BlobStore::PathOf(std::string_view digest) const {
  return (fs::path(dir_) / DigestToFileName(digest)).string();
}

std::string BlobStore::PartialPathOf(std::string_view digest) const {
  return PathOf(digest) + "-partial";
}

bool BlobStore::Has(std::string_view digest, uint64_t size) const {
  std::error_code ec;
  const uint64_t actual = fs::file_size(PathOf(digest), ec);
  return !ec && actual == size;
}

Result<BlobRef> BlobStore::AddBytes(std::string_view media_type, std::string_view bytes) {
  BlobRef ref{std::string(media_type), Sha256Digest(bytes), bytes.size()};
  if (Has(ref.digest, ref.size)) return ref;
  HEARTH_RETURN_IF_ERROR(WriteFileAtomically(PathOf(ref.digest), bytes));
  return ref;
}

Result<BlobRef> BlobStore::AddFile(std::string_view media_type, const std::string& path,
                                   const std::function<void(uint64_t)>& progress) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return IoError(dir_ + ": " + ec.message());
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return IoError(path + ": cannot open: " + std::strerror(errno));
  const std::string temporary = TemporaryPathBeside((fs::path(dir_) / "import").string());
  const int out = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    const std::string reason = std::strerror(errno);
    ::close(in);
    return IoError(temporary + ": cannot create: " + reason);
  }
  auto fail = [&](std::string message) {
    ::close(in);
    ::close(out);
    ::unlink(temporary.c_str());
    return IoError(std::move(message));
  };
  Sha256Hasher hasher;
  std::vector<char> buffer(size_t{4} << 20);
  uint64_t copied = 0;
  while (true) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(path + ": read failed at byte " + std::to_string(copied) + ": " +
                  std::strerror(errno));
    }
    if (n == 0) break;
    hasher.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0) {
        if (errno == EINTR) continue;
        return fail("cannot copy " + path + " into the store (" + dir_ + "): " +
                    std::strerror(errno));
      }
      done += w;
    }
    copied += static_cast<uint64_t>(n);
    if (progress) progress(copied);
  }
  if (::fsync(out) != 0) return fail(temporary + ": fsync failed: " + std::strerror(errno));
  ::close(in);
  ::close(out);
  BlobRef ref{std::string(media_type), hasher.Finish(), copied};
  if (Has(ref.digest, ref.size)) {
    ::unlink(temporary.c_str());
    return ref;
  }
  Status renamed = RenameDurably(temporary, PathOf(ref.digest));
  if (!renamed.ok()) {
    ::unlink(temporary.c_str());
    return renamed;
  }
  return ref;
}

Status BlobStore::CommitPartial(std::string_view digest, uint64_t size) {
  const std::string partial = PartialPathOf(digest);
  std::error_code ec;
  const uint64_t actual = fs::file_size(partial, ec);
  if (ec) return IoError(partial + ": " + ec.message());
  if (actual != size) {
    return DataLoss(partial + ": " + std::to_string(actual) + " bytes, expected " +
                    std::to_string(size));
  }
  HEARTH_ASSIGN_OR_RETURN(std::string actual_digest, Sha256OfFile(partial));
  if (actual_digest != digest) {
    fs::remove(partial, ec);
    return DataLoss("blob " + std::string(digest) + ": downloaded bytes hash to " +
                    actual_digest + " (the download was discarded)");
  }
  HEARTH_RETURN_IF_ERROR(SyncPath(partial));
  return RenameDurably(partial, PathOf(digest));
}

std::vector<std::string> BlobStore::ListDigests() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string digest = FileNameToDigest(name);
    if (IsValidDigest(digest)) out.push_back(digest);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status BlobStore::Remove(std::string_view digest) {
  std::error_code ec;
  fs::remove(PathOf(digest), ec);
  if (ec) return IoError(PathOf(digest) + ": " + ec.message());
  return Status::Ok();
}

}  // namespace hearth::store
