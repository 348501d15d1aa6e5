// Creating a named model in the store from a Modelfile (or a bare GGUF file): the weights are
// copied into the store as a blob (hashed on the way), the template, system prompt, default
// parameters, licenses and messages become layers, and the manifest is written last, so an
// interrupted import leaves no model behind (only a temporary file that garbage collection
// removes).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "store/model_name.h"
#include "store/model_store.h"
#include "store/modelfile.h"

namespace hearth::store {

inline constexpr std::string_view kMessagesMediaType = "application/vnd.ollama.image.messages";

// Told the bytes of the weights copied so far and their total.
using CopyProgress = std::function<void(uint64_t done, uint64_t total)>;

// The config blob's description of a GGUF file (family, parameter count, quant), from its
// header. Errors are the GGUF reader's.
Result<ModelConfig> DescribeGguf(const std::string& path);

// Creates `name` from `modelfile`. FROM is a GGUF file (a relative path is taken from
// `base_dir`, the Modelfile's folder) or the name of a model in the store, whose layers are
// kept except where the Modelfile replaces them. Errors: FROM neither an existing file nor a
// stored model (NotFound), a file that is not a valid GGUF (the reader's message), I/O errors
// naming the path.
Result<StoredModel> CreateModel(ModelStore& store, const ModelName& name,
                                const Modelfile& modelfile, const std::string& base_dir,
                                const CopyProgress& progress = nullptr);

}  // namespace hearth::store
