// DownloadBlob: one content-addressed blob from a URL into the BlobStore, resumable and
// verified.
//   1. Present already (right size): reported as completed, nothing fetched.
//   2. Else the blob's BlobLock is taken (a concurrent pull of it, in this process or another,
//      is waited for; then the blob is usually present).
//   3. The bytes go to the PartialFile (blobs/sha256-<hex>-partial + its ledger); the ranges
//      its ledger lacks are fetched with HTTP Range requests, over several connections at
//      once (curl multi, all on the calling thread) when the blob is large enough.
//   4. A dropped, stalled (low-speed limit) or 5xx transfer is resumed where it stopped, up to
//      PullOptions::max_retries times in a row; a server that ignores Range restarts from 0.
//   5. BlobStore::CommitPartial checks the SHA-256 and renames the file into place.
// Every failure keeps the bytes on disk (except a hash mismatch: those bytes are wrong) and
// says how many were kept and where.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/blob_store.h"
#include "store/pull/pull_options.h"
#include "store/pull/pull_progress.h"

namespace hearth::store {

struct BlobSource {
  std::string url;
  std::vector<std::string> headers;  // "Name: value", e.g. an Authorization header
};

struct BlobDownloadResult {
  bool already_present = false;
  uint64_t resumed_bytes = 0;     // bytes a previous, interrupted download had left
  uint64_t downloaded_bytes = 0;  // bytes received from the network this time
};

// Downloads `blob` (digest and size known beforehand) from `source`; see the file comment.
// Progress goes to `progress` (may be null) as PullProgress{"pulling <12 hex>", digest, size,
// completed}, then {"verifying sha256 digest"}. `cancel` (may be null) stops the download
// within about 100 ms (Unavailable "... cancelled", partial kept).
// Errors: NotFound (HTTP 404/410), InvalidArgument (HTTP 401/403, with the server's reason),
// Unavailable (retries exhausted, naming the last reason), IoError (disk full, naming the
// path), DataLoss (SHA-256 mismatch, naming both digests).
Result<BlobDownloadResult> DownloadBlob(BlobStore& blobs, const BlobRef& blob,
                                        const BlobSource& source, const PullOptions& options,
                                        const PullProgressCallback& progress,
                                        const std::atomic<bool>* cancel);

}  // namespace hearth::store
