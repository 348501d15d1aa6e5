// The pre-norm decoder that Llama and its relatives (Qwen2, Mistral, Yi, SmolLM, ...) share:
//
//   x = token_embd[tokens]
//   for each layer:
//     n = RMSNorm(x) * attn_norm;  x += Wo Attention(rope(Wq n + bq), rope(Wk n + bk), Wv n + bv)
//     n = RMSNorm(x) * ffn_norm;   x += Wdown (silu(Wgate n) * Wup n)
//   logits = Woutput (RMSNorm(x) * output_norm) + b
//
// The architectures differ in which biases they carry, their rope style and whether they
// read Llama 3.1's rope frequency factors; DecoderOptions says which.
#pragma once

#include <memory>

#include "llm/architecture.h"

namespace hearth {

struct DecoderOptions {
  WeightReader::Bias qkv_bias = WeightReader::Bias::kOptional;          // blk.N.attn_{q,k,v}.bias
  WeightReader::Bias attn_output_bias = WeightReader::Bias::kOptional;  // blk.N.attn_output.bias
  WeightReader::Bias ffn_bias = WeightReader::Bias::kOptional;  // blk.N.ffn_{gate,up,down}.bias
  WeightReader::Bias output_bias = WeightReader::Bias::kNone;   // output.bias
  bool rope_freqs = false;  // use rope_freqs.weight [n_rot / 2] (Llama 3.1) when present
};

// Finds and checks every tensor of a pre-norm decoder with `config`'s shape.
Result<std::unique_ptr<ArchModel>> LoadPreNormDecoder(const ModelConfig& config,
                                                      WeightReader& weights,
                                                      const DecoderOptions& options);

}  // namespace hearth
