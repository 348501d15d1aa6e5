// File sizes of catalog models per quant: the published figure where the catalog has one,
// otherwise computed as parameters x the quant's effective bits per weight / 8 (and said so),
// with a vision encoder's parameters (f16_params_b) at 16 bits whatever the quant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/catalog/known_models.h"
#include "store/catalog/quant_types.h"

namespace hearth::catalog {

struct WeightSize {
  const QuantType* quant = nullptr;
  uint64_t bytes = 0;
  bool published = false;  // false: computed from the parameter count
  std::string_view where;  // who publishes the figure, when published
};

// The quants a model is offered in, largest first: for LLMs F16 down to IQ1_S (Q4_0 only when
// asked for by name), for Whisper F16/Q8_0/Q5_0, for TTS voices the published files only.
std::vector<const QuantType*> QuantLadder(const KnownModel& model);

// The weights' size at `quant`.
WeightSize WeightBytes(const KnownModel& model, const QuantType& quant);

// The Ollama library tag for `model` at `quant` ("llama3.1:70b-instruct-q4_K_M"), or "" where
// Ollama does not publish it.
std::string OllamaTag(const KnownModel& model, const QuantType& quant);

}  // namespace hearth::catalog
