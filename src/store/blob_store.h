// BlobStore: content-addressed files under <home>/blobs, named by their SHA-256 digest
// ("sha256:<hex>" is stored as blobs/sha256-<hex>, Ollama's layout). A blob appears under its
// final name only after its bytes were verified and fsynced, so a name always means its
// content. A download in progress keeps its bytes in blobs/sha256-<hex>-partial (see pull/),
// which survives crashes and is resumed, never thrown away, by the next pull.
//
// Thread-safe in the sense of the filesystem: every write goes through a temporary name and a
// rename; concurrent writers of one blob both produce the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/manifest.h"

namespace hearth::store {

class BlobStore {
 public:
  explicit BlobStore(std::string blobs_dir);

  const std::string& dir() const { return dir_; }
  std::string PathOf(std::string_view digest) const;         // blobs/sha256-<hex>
  std::string PartialPathOf(std::string_view digest) const;  // blobs/sha256-<hex>-partial

  // True when the blob exists with `size` bytes (its content was verified when it was added).
  bool Has(std::string_view digest, uint64_t size) const;

  // Stores `bytes` (a config, template, system prompt or params layer).
  Result<BlobRef> AddBytes(std::string_view media_type, std::string_view bytes);
  // Stores a copy of the file at `path`, hashing it on the way. `progress` (may be null) is
  // told the bytes copied so far.
  Result<BlobRef> AddFile(std::string_view media_type, const std::string& path,
                          const std::function<void(uint64_t)>& progress = nullptr);
  // Moves a finished download (PartialPathOf(digest)) to its final name after checking its
  // size and SHA-256. On a mismatch the partial file is deleted (its bytes are wrong) and the
  // error (DataLoss) gives both digests.
  Status CommitPartial(std::string_view digest, uint64_t size);

  // Every complete blob's digest, sorted.
  std::vector<std::string> ListDigests() const;
  // Removes a complete blob; OK when it does not exist.
  Status Remove(std::string_view digest);

 private:
  std::string dir_;
};

// "sha256:<hex>" -> "sha256-<hex>" (a file name) and back.
std::string DigestToFileName(std::string_view digest);
std::string FileNameToDigest(std::string_view file_name);

}  // namespace hearth::store
