// PartialFile: a download in progress, blobs/sha256-<hex>-partial, and its ledger
// "<partial>.ranges" (RangeSet::Serialize) naming the byte ranges that are written and fsynced.
// Several connections write one file at their own offsets (pwrite), so the file's size says
// nothing about which bytes are there; the ledger does. A Checkpoint() fsyncs the data before
// it rewrites the ledger (atomically), so the ledger never names bytes a crash could lose.
//
// The ledger is written before the first byte: a partial file without a ledger is not one of
// ours (or predates it) and starts over. The caller holds the blob's BlobLock throughout.
// Not thread-safe (one downloading thread drives every connection).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/pull/range_set.h"

namespace hearth::store {

class PartialFile {
 public:
  // Opens (creating) `path` for a blob of `size` bytes and reads its ledger. A ledger that is
  // missing, unreadable or written for another size trusts nothing: the file is emptied and a
  // fresh ledger written. Errors name the path.
  static Result<PartialFile> Open(std::string path, uint64_t size);
  PartialFile(PartialFile&& other) noexcept;
  PartialFile& operator=(PartialFile&&) = delete;
  PartialFile(const PartialFile&) = delete;
  ~PartialFile();

  const std::string& path() const { return path_; }
  std::string ledger_path() const { return LedgerPathOf(path_); }
  uint64_t size() const { return size_; }
  // Bytes written so far (the checkpointed ones and those written since).
  const RangeSet& done() const { return done_; }
  // Bytes the ledger named when the file was opened (what a resume starts from).
  uint64_t resumed_bytes() const { return resumed_bytes_; }

  // Writes `bytes` at `offset` (within the size) and records them. A full disk (ENOSPC,
  // EFBIG, EDQUOT) gives IoError "<path>: disk full: ..."; the bytes written before stay.
  Status Write(uint64_t offset, std::string_view bytes);
  // fsyncs the file, then rewrites the ledger with done(). Errors name the path.
  Status Checkpoint();
  uint64_t bytes_since_checkpoint() const { return bytes_since_checkpoint_; }
  // Closes the file (before CommitPartial renames it); the ledger stays until RemoveLedger().
  void Close();
  // Removes the ledger (once the partial file is committed or discarded).
  void RemoveLedger();

  static std::string LedgerPathOf(const std::string& partial_path) {
    return partial_path + ".ranges";
  }

 private:
  PartialFile(std::string path, uint64_t size, int fd, RangeSet done);

  std::string path_;
  uint64_t size_;
  int fd_;
  RangeSet done_;
  uint64_t resumed_bytes_ = 0;
  uint64_t bytes_since_checkpoint_ = 0;
};

}  // namespace hearth::store
