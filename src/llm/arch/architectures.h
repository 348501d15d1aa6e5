// Loaders of the architectures under llm/arch/, one per file; listed in architecture.cc.
#pragma once

#include "llm/architecture.h"

namespace hearth {

// Llama 1/2/3/3.1 and everything converted as `llama` (Mistral, Codestral, CodeLlama, Yi,
// SmolLM, ...).
Result<std::unique_ptr<ArchModel>> LoadLlama(const ModelConfig& config, WeightReader& weights);
// Qwen2 / Qwen2.5: Llama with QKV biases and NeoX rope.
Result<std::unique_ptr<ArchModel>> LoadQwen2(const ModelConfig& config, WeightReader& weights);

}  // namespace hearth
