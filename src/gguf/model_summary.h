// ModelSummary: what `hearth show` prints about a GGUF model, computed from its metadata
// ("general.*", "<arch>.*", "tokenizer.*") and its tensor table. Fields the file does not
// state are left empty (nullopt / ""), never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "tensor/dtype.h"

namespace hearth {

// Tensors of one type: how many, how many elements (parameters) and bytes.
struct DTypeShare {
  DType type;
  int64_t tensors = 0;
  int64_t elements = 0;
  uint64_t bytes = 0;
};

struct ModelSummary {
  // The file.
  std::string path;
  uint32_t gguf_version = 0;
  uint64_t file_size = 0;
  uint64_t tensor_bytes = 0;
  size_t tensor_count = 0;
  size_t metadata_count = 0;

  // general.*
  std::string architecture;  // general.architecture
  std::string name;          // general.name
  std::string size_label;    // general.size_label ("8B")
  std::string license;       // general.license
  std::string file_type;     // general.file_type as a name ("Q4_K_M"); "" if absent
  std::optional<int64_t> quantization_version;
  int64_t parameter_count = 0;  // sum of tensor elements

  // <arch>.*: per-layer arrays are summarised by their largest value.
  std::optional<int64_t> context_length;
  std::optional<int64_t> block_count;
  std::optional<int64_t> embedding_length;
  std::optional<int64_t> feed_forward_length;
  std::optional<int64_t> head_count;
  std::optional<int64_t> head_count_kv;
  std::optional<int64_t> key_length;  // per-head sizes where stated
  std::optional<int64_t> value_length;
  std::optional<int64_t> expert_count;
  std::optional<int64_t> expert_used_count;
  std::optional<int64_t> sliding_window;
  std::optional<int64_t> vocab_size;   // <arch>.vocab_size, else the tokenizer's token count
  std::optional<double> norm_epsilon;  // RMS norm epsilon, else layer norm epsilon
  std::optional<double> rope_freq_base;
  std::optional<int64_t> rope_dimension_count;
  std::string rope_scaling_type;  // "linear", "yarn", "llama3" (rope_freqs tensor), ...
  std::optional<double> rope_scaling_factor;
  std::optional<int64_t> rope_scaling_original_context;

  // tokenizer.*
  std::string tokenizer_model;  // tokenizer.ggml.model ("llama", "gpt2")
  std::string tokenizer_pre;    // tokenizer.ggml.pre
  std::optional<int64_t> token_count;
  std::optional<int64_t> bos_token_id;
  std::optional<int64_t> eos_token_id;
  bool has_chat_template = false;
  size_t chat_template_bytes = 0;

  // Bytes per tensor type, largest first.
  std::vector<DTypeShare> type_mix;
};

// Summarises an opened file. Errors (InvalidArgument) name the key whose value has a type that
// cannot mean what the key says, e.g. a string block count.
Result<ModelSummary> SummarizeModel(const GgufFile& file);

// "1.24B", "8.03B", "494.0M", "293.1K", "512": a count in thousands (K), millions (M),
// billions (B) or trillions (T), two decimals below 10 and one above.
std::string FormatCount(int64_t n);
// "1.19 MB", "4.92 GB", "512 B": decimal units, three significant digits.
std::string FormatBytes(uint64_t n);

}  // namespace hearth
