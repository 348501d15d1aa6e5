// Where pulls download from, as the environment says: HEARTH_REGISTRY (the Ollama-protocol
// registry), HF_ENDPOINT and HF_TOKEN (Hugging Face, as its own tools read them). Shared by
// `hearth pull` and `hearth serve` (POST /api/pull).
#pragma once

#include "store/pull/pull_options.h"

namespace hearth::cli {

// `options` with the endpoints and token the environment sets (others left as they are).
void ApplyPullEnvironment(store::PullOptions& options);

}  // namespace hearth::cli
