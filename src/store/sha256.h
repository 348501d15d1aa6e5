// SHA-256 digests as the store names blobs: "sha256:<64 lowercase hex>" (OpenSSL does the
// hashing). Sha256Hasher is incremental, for hashing a download as its bytes arrive.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hearth::store {

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;

  void Update(std::span<const uint8_t> bytes);
  void Update(std::string_view bytes);
  // "sha256:<hex>". The hasher must not be used after.
  std::string Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Sha256Digest(std::string_view bytes);
// The digest of a file's bytes. Errors name the file.
Result<std::string> Sha256OfFile(const std::string& path);

// True for "sha256:" followed by 64 lowercase hex digits.
bool IsValidDigest(std::string_view digest);

}  // namespace hearth::store
