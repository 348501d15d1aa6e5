#include "store/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hearth::store {
namespace fs = std::filesystem;
namespace {

std::string Reason() { return std::strerror(errno); }

}  // namespace

std::string TemporaryPathBeside(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  return path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

Status SyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError(path + ": cannot open to sync: " + Reason());
  const int rc = ::fsync(fd);
  const std::string reason = rc != 0 ? Reason() : "";
  ::close(fd);
  if (rc != 0) return IoError(path + ": fsync failed: " + reason);
  return Status::Ok();
}

Status RenameDurably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return IoError("cannot rename " + from + " to " + to + ": " + Reason());
  }
  return SyncPath(fs::path(to).parent_path().string());
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) return IoError(fs::path(path).parent_path().string() + ": " + ec.message());
  const std::string temporary = TemporaryPathBeside(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(temporary + ": cannot create: " + Reason());
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = Reason();
      ::close(fd);
      ::unlink(temporary.c_str());
      return IoError(path + ": write failed: " + reason);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string reason = Reason();
    ::close(fd);
    ::unlink(temporary.c_str());
    return IoError(path + ": fsync failed: " + reason);
  }
  ::close(fd);
  Status renamed = RenameDurably(temporary, path);
  if (!renamed.ok()) ::unlink(temporary.c_str());
  return renamed;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return NotFound(path + ": no such file");
    return IoError(path + ": cannot open: " + Reason());
  }
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return IoError(path + ": read failed");
  return out.str();
}

}  // namespace hearth::store
