#include "store/catalog/quant_sizes.h"

#include <algorithm>
#include <cmath>

namespace hearth::catalog {
namespace {

std::vector<const QuantType*> Named(std::initializer_list<std::string_view> names) {
  std::vector<const QuantType*> out;
  for (std::string_view n : names) out.push_back(FindQuant(n));
  return out;
}

}  // namespace

std::vector<const QuantType*> QuantLadder(const KnownModel& model) {
  switch (model.kind) {
    case ModelKind::kSpeechToText:
      return Named({"F16", "Q8_0", "Q5_0"});
    case ModelKind::kTextToSpeech: {
      std::vector<const QuantType*> out;
      for (const PublishedSize& p : model.published) out.push_back(FindQuant(p.quant));
      return out;
    }
    default:
      return Named({"F16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q3_K_M", "Q2_K", "IQ2_XXS",
                    "IQ1_S"});
  }
}

WeightSize WeightBytes(const KnownModel& model, const QuantType& quant) {
  for (const PublishedSize& p : model.published) {
    if (p.quant == quant.name) return {&quant, p.bytes, true, p.where};
  }
  // The image encoder stays at F16 (or the quant, if that is larger: F32).
  const double f16 = std::min(model.f16_params_b, model.params_b);
  const double bytes = (model.params_b - f16) * 1e9 * quant.bits_per_weight / 8.0 +
                       f16 * 1e9 * std::max(quant.bits_per_weight, 16.0) / 8.0;
  return {&quant, uint64_t(std::llround(bytes)), false, {}};
}

std::string OllamaTag(const KnownModel& model, const QuantType& quant) {
  if (model.ollama_tag_prefix.empty() || quant.ollama_tag.empty()) return "";
  return std::string(model.ollama_tag_prefix) + std::string(quant.ollama_tag);
}

}  // namespace hearth::catalog
