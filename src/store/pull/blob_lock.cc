#include "store/pull/blob_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace hearth::store {
namespace {

// True when `path` still names the file open as `fd`.
bool StillNamed(const std::string& path, int fd) {
  struct stat by_fd {}, by_path {};
  if (::fstat(fd, &by_fd) != 0 || ::stat(path.c_str(), &by_path) != 0) return false;
  return by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

}  // namespace

Result<BlobLock> BlobLock::Acquire(const std::string& path, const std::atomic<bool>* cancel,
                                   const std::function<void()>& waiting) {
  while (true) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return IoError(path + ": cannot open the lock file: " + std::strerror(errno));
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno != EWOULDBLOCK) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        return IoError(path + ": cannot lock: " + reason);
      }
      if (cancel != nullptr && cancel->load()) {
        ::close(fd);
        return Unavailable("cancelled while waiting for another pull of the same blob (" +
                           path + ")");
      }
      if (waiting) waiting();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (StillNamed(path, fd)) return BlobLock(path, fd);
    ::close(fd);  // the previous holder removed it: lock the current file
  }
}

BlobLock::BlobLock(BlobLock&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

BlobLock::~BlobLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace hearth::store
