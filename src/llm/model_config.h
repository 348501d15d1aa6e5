// ModelConfig: the hyperparameters of a decoder-only transformer, read from a GGUF file's
// `{arch}.*` metadata keys (llama.cpp's names and defaults), validated so that the rest of
// llm/ can size buffers and index tensors without further checks.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "kernels/rope.h"

namespace hearth {

// How positions are stretched beyond the training context (`{arch}.rope.scaling.type`).
enum class RopeScaling {
  kNone,    // positions as they are (freq_scale forced to 1)
  kLinear,  // position interpolation: theta * freq_scale
  kYarn,    // YaRN: interpolation blended with extrapolation per frequency
};

struct RopeConfig {
  RopeStyle style = RopeStyle::kNormal;  // set by the architecture (llama normal, qwen2 NeoX)
  RopeScaling scaling = RopeScaling::kLinear;
  int32_t n_rot = 0;  // rotated dimensions per head (`rope.dimension_count`)
  float freq_base = 10000.0f;
  float freq_scale = 1.0f;   // 1 / `rope.scaling.factor`
  int32_t n_ctx_orig = 0;    // `rope.scaling.original_context_length`, else n_ctx_train
  float ext_factor = 0.0f;   // YaRN ramp weight: 1 for YaRN, else 0
  float attn_factor = 1.0f;  // magnitude scale of the rotated vectors (YaRN mscale correction)
  float beta_fast = 32.0f;
  float beta_slow = 1.0f;
};

struct ModelConfig {
  std::string arch;     // general.architecture: "llama", "qwen2"
  std::string name;     // general.name, or "" when absent
  int32_t n_vocab = 0;  // the tokenizer's vocabulary = rows of token_embd.weight
  int32_t n_embd = 0;   // residual stream width
  int32_t n_layer = 0;
  int32_t n_head = 0;       // query heads
  int32_t n_head_kv = 0;    // key/value heads (GQA); divides n_head
  int32_t head_dim = 0;     // `attention.key_length` (= value_length), else n_embd / n_head
  int32_t n_ff = 0;         // feed-forward hidden width
  int32_t n_ctx_train = 0;  // `context_length`
  float norm_eps = 1e-5f;   // `attention.layer_norm_rms_epsilon`
  float attn_scale = 0.0f;  // `attention.scale`, else 1 / sqrt(head_dim)
  RopeConfig rope;

  int64_t q_dim() const { return int64_t(n_head) * head_dim; }      // width of Q and attn out
  int64_t kv_dim() const { return int64_t(n_head_kv) * head_dim; }  // width of K and V
  // The kernel parameters for this rope (freq_factors left null: they are a tensor).
  RopeParams rope_params() const;
};

// Reads and validates the config of an `arch` model (general.architecture already read). The
// vocabulary size is left 0: it is the tokenizer's. Errors name
// the file and the key ("model.gguf: metadata key 'llama.block_count' not found",
// "model.gguf: metadata key 'llama.attention.head_count_kv' is 3, which does not divide
// llama.attention.head_count = 8").
Result<ModelConfig> ReadModelConfig(const GgufFile& file, const std::string& arch,
                                    RopeStyle rope_style);

}  // namespace hearth
