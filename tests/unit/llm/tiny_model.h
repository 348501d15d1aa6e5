// Builds small GGUF models for the llm tests with GgufWriter: a llama- or qwen2-shaped
// network of random F32 weights with the stories260K tokenizer (512 tokens), and hooks to
// break it (drop or reshape a tensor, change or drop a metadata key) for the error tests.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_writer.h"
#include "tensor/dtype.h"

namespace hearth::testing {

struct TinyModelSpec {
  std::string arch = "llama";
  int64_t n_embd = 32;
  int64_t n_layer = 2;
  int64_t n_head = 4;
  int64_t n_head_kv = 2;
  int64_t n_ff = 64;
  int64_t n_ctx_train = 128;
  bool qkv_bias = false;     // write blk.N.attn_{q,k,v}.bias
  bool tied_output = false;  // omit output.weight
  float rope_freqs = 0.0f;   // > 0: write rope_freqs.weight [head_dim / 2] filled with it
  uint32_t seed = 1;
  // Applied last: tensors to leave out, tensors written with another shape or type, and
  // metadata keys to change (nullopt removes the key).
  std::vector<std::string> drop_tensors;
  std::map<std::string, std::vector<int64_t>> reshape_tensors;
  std::map<std::string, DType> retype_tensors;  // F16 is supported besides F32
  std::map<std::string, std::optional<GgufValue>> metadata;
};

// The writer for `spec` (call WriteToFile on it).
Result<GgufWriter> BuildTinyModel(const TinyModelSpec& spec);

// Writes `spec` to a unique file under the system's temp folder and returns its path.
std::string WriteTinyModel(const TinyModelSpec& spec, const std::string& name);

}  // namespace hearth::testing
