// Cuts a GGUF file into a split model, as llama.cpp's gguf-split does: n parts named
// <dir>/model-0000i-of-0000n.gguf, the first holding the metadata, each about the same number
// of tensors, every part carrying split.no / split.count / split.tensors.count.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

namespace hearth::testing {

// Returns the parts' paths in order, or a status naming what failed. `tensors_count` (>= 0)
// writes a wrong split.tensors.count, for error tests.
inline Result<std::vector<std::string>> SplitGguf(const std::string& source, int n,
                                                  const std::string& dir,
                                                  int64_t tensors_count = -1) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(source));
  const size_t per_part = (file.tensors().size() + n - 1) / n;
  std::vector<std::string> paths;
  for (int part = 0; part < n; ++part) {
    GgufWriter writer;
    if (part == 0) {
      for (const GgufKeyValue& kv : file.metadata().entries()) {
        if (kv.key != "general.alignment") writer.Set(kv.key, kv.value);
      }
    }
    writer.Set("split.no", GgufValue(uint16_t(part)));
    writer.Set("split.count", GgufValue(uint16_t(n)));
    writer.Set("split.tensors.count",
               GgufValue(int32_t(tensors_count >= 0 ? tensors_count : file.tensors().size())));
    for (size_t i = part * per_part; i < std::min(file.tensors().size(), (part + 1) * per_part);
         ++i) {
      const GgufTensorInfo& t = file.tensors()[i];
      HEARTH_RETURN_IF_ERROR(writer.AddTensor(
          t.name, t.type, t.shape, std::vector<uint8_t>(t.data, t.data + t.size_bytes)));
    }
    char name[64];
    std::snprintf(name, sizeof(name), "/model-%05d-of-%05d.gguf", part + 1, n);
    paths.push_back(dir + name);
    HEARTH_RETURN_IF_ERROR(writer.WriteToFile(paths.back()));
  }
  return paths;
}

}  // namespace hearth::testing
