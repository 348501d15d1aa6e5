// BlobLock: one writer per blob across threads and processes, an exclusive flock(2) on
// "<partial>.lock". A second pull of the same blob waits for the first, then (holding the lock)
// finds the blob complete or resumes its partial file.
//
// The holder removes the lock file before unlocking (no litter); a waiter that then gets the
// lock on the removed file notices (the path no longer names the inode it locked) and locks
// the path afresh, so two holders never coexist.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "base/status.h"

namespace hearth::store {

class BlobLock {
 public:
  // Waits until the lock at `path` is ours, polling every 100 ms so that `cancel` (may be
  // null) ends the wait (Unavailable "... cancelled"); `waiting` (may be null) is called at
  // each poll while another holder has it. Errors name the path.
  static Result<BlobLock> Acquire(const std::string& path, const std::atomic<bool>* cancel,
                                  const std::function<void()>& waiting);
  BlobLock(BlobLock&& other) noexcept;
  BlobLock& operator=(BlobLock&&) = delete;
  BlobLock(const BlobLock&) = delete;
  ~BlobLock();  // removes the file, then unlocks

 private:
  BlobLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
};

}  // namespace hearth::store
