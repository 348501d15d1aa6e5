// Qwen2 / Qwen2.5: the Llama decoder with biases on the q, k and v projections (required),
// NeoX-style rope (set in the registry), and an optional output bias.
#include "llm/arch/architectures.h"
#include "llm/decoder.h"

namespace hearth {

Result<std::unique_ptr<ArchModel>> LoadQwen2(const ModelConfig& config, WeightReader& weights) {
  DecoderOptions options;
  options.qkv_bias = WeightReader::Bias::kRequired;
  options.attn_output_bias = WeightReader::Bias::kNone;
  options.ffn_bias = WeightReader::Bias::kNone;
  options.output_bias = WeightReader::Bias::kOptional;
  options.rope_freqs = false;
  return LoadPreNormDecoder(config, weights, options);
}

}  // namespace hearth
