#include "store/pull/partial_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/atomic_file.h"

namespace hearth::store {
namespace {

bool IsDiskFull(int error) { return error == ENOSPC || error == EFBIG || error == EDQUOT; }

}  // namespace

PartialFile::PartialFile(std::string path, uint64_t size, int fd, RangeSet done)
    : path_(std::move(path)), size_(size), fd_(fd), done_(std::move(done)) {
  resumed_bytes_ = done_.CoveredBytes();
}

PartialFile::PartialFile(PartialFile&& other) noexcept
    : path_(std::move(other.path_)),
      size_(other.size_),
      fd_(other.fd_),
      done_(std::move(other.done_)),
      resumed_bytes_(other.resumed_bytes_),
      bytes_since_checkpoint_(other.bytes_since_checkpoint_) {
  other.fd_ = -1;
}

PartialFile::~PartialFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<PartialFile> PartialFile::Open(std::string path, uint64_t size) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(path + ": cannot open: " + std::strerror(errno));
  RangeSet done;
  bool trusted = false;
  if (Result<std::string> text = ReadWholeFile(LedgerPathOf(path)); text.ok()) {
    if (Result<RangeSet> parsed = RangeSet::Parse(*text, size); parsed.ok()) {
      done = std::move(parsed).value();
      trusted = true;
    }
  }
  PartialFile file(std::move(path), size, fd, std::move(done));
  if (!trusted) {
    if (::ftruncate(fd, 0) != 0) {
      return IoError(file.path_ + ": cannot truncate: " + std::strerror(errno));
    }
    HEARTH_RETURN_IF_ERROR(file.Checkpoint());
  }
  return file;
}

Status PartialFile::Write(uint64_t offset, std::string_view bytes) {
  if (offset + bytes.size() > size_) {
    return DataLoss(path_ + ": a write at byte " + std::to_string(offset) + " of " +
                    std::to_string(bytes.size()) + " bytes passes the blob's size " +
                    std::to_string(size_));
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::pwrite(fd_, bytes.data() + written, bytes.size() - written,
                               static_cast<off_t>(offset + written));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      done_.Add(offset, offset + written);
      bytes_since_checkpoint_ += written;
      const std::string where = " at byte " + std::to_string(offset + written) + " (" +
                                std::strerror(error) + ")";
      if (IsDiskFull(error)) return IoError(path_ + ": disk full: cannot write" + where);
      return IoError(path_ + ": cannot write" + where);
    }
    written += static_cast<size_t>(n);
  }
  done_.Add(offset, offset + written);
  bytes_since_checkpoint_ += written;
  return Status::Ok();
}

Status PartialFile::Checkpoint() {
  if (::fdatasync(fd_) != 0) {
    const int error = errno;
    return IoError(path_ + ": fsync failed" + (IsDiskFull(error) ? " (disk full)" : "") + ": " +
                   std::strerror(error));
  }
  HEARTH_RETURN_IF_ERROR(WriteFileAtomically(ledger_path(), done_.Serialize(size_)));
  bytes_since_checkpoint_ = 0;
  return Status::Ok();
}

void PartialFile::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void PartialFile::RemoveLedger() { ::unlink(ledger_path().c_str()); }

}  // namespace hearth::store
