// Progress of a pull, as Ollama's POST /api/pull streams it:
//   {"status":"pulling manifest"}
//   {"status":"pulling <12 hex>","digest":"sha256:...","total":N,"completed":M}  (repeated)
//   {"status":"verifying sha256 digest"}
//   {"status":"writing manifest"}
//   {"status":"success"}
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hearth::store {

struct PullProgress {
  std::string status;
  std::string digest;      // "sha256:<hex>" for a blob's progress, else empty
  uint64_t total = 0;      // the blob's size (bytes), when `digest` is set
  uint64_t completed = 0;  // bytes of it present so far
};

// Called on the pulling thread, often (see PullOptions::progress_interval); must not block
// for long.
using PullProgressCallback = std::function<void(const PullProgress&)>;

// "pulling 3f4a5b6c7d8e" for "sha256:3f4a5b6c7d8e...".
inline std::string PullingStatus(std::string_view digest) {
  const size_t colon = digest.find(':');
  const std::string_view hex = colon == std::string_view::npos ? digest : digest.substr(colon + 1);
  return "pulling " + std::string(hex.substr(0, 12));
}

}  // namespace hearth::store
