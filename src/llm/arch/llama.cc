// Llama (1, 2, 3, 3.1) and the models converted as `llama`: Mistral, Codestral, CodeLlama, Yi,
// SmolLM. A pre-norm decoder with RMSNorm, SwiGLU and normal-style rope (the GGUF converter
// permutes q and k for it); biases are optional; Llama 3.1 scales rope frequencies with the
// rope_freqs.weight tensor.
#include "llm/arch/architectures.h"
#include "llm/decoder.h"

namespace hearth {

Result<std::unique_ptr<ArchModel>> LoadLlama(const ModelConfig& config, WeightReader& weights) {
  DecoderOptions options;
  options.qkv_bias = WeightReader::Bias::kOptional;
  options.attn_output_bias = WeightReader::Bias::kOptional;
  options.ffn_bias = WeightReader::Bias::kOptional;
  options.output_bias = WeightReader::Bias::kNone;
  options.rope_freqs = true;
  return LoadPreNormDecoder(config, weights, options);
}

}  // namespace hearth
