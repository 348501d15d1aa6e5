// Where tests find ../shared (models and reference outputs of the established tools).
#pragma once

#include <cstdlib>
#include <string>

namespace hearth::testing {

// The shared data folder: $HEARTH_SHARED_DIR if set, else the path configured at build time.
inline std::string SharedDir() {
  if (const char* dir = std::getenv("HEARTH_SHARED_DIR")) return dir;
  return HEARTH_SHARED_DIR;
}

inline std::string SharedPath(const std::string& relative) { return SharedDir() + "/" + relative; }

}  // namespace hearth::testing
