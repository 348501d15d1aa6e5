// Internal to src/gguf: the validating GGUF header parser behind GgufFile::Open and Parse.
#pragma once

#include "base/status.h"

namespace hearth {

class GgufFile;

class GgufParser {
 public:
  // Reads file->bytes_ and fills the file's version, alignment, data offset, metadata and
  // tensors. Error messages start with file->path_.
  static Status Run(GgufFile* file);
};

}  // namespace hearth
