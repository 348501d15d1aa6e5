// The planner's view of a local GGUF file, read from its header alone (no tensor data is
// touched): the shape from the `{arch}.*` metadata and the weights as the file's size, since
// loading maps the whole file and reads every page of it (header and tokenizer included).
#pragma once

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "store/planner/memory_plan.h"

namespace hearth::planner {

// Errors (InvalidArgument) name the file and the missing or malformed key, e.g.
// "m.gguf: metadata key 'llama.block_count' not found".
Result<ModelGeometry> GeometryFromGguf(const GgufFile& file);

}  // namespace hearth::planner
