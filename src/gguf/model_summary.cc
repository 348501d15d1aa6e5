#include "gguf/model_summary.h"

#include <algorithm>
#include <cstdio>

#include "gguf/file_type.h"

namespace hearth {
namespace {

// Reads an optional integer that may also be a per-layer array (summarised by its maximum).
Result<std::optional<int64_t>> OptionalInt(const GgufMetadata& md, const std::string& key) {
  const GgufValue* v = md.Find(key);
  if (v == nullptr) return std::optional<int64_t>();
  if (const GgufArray* a = v->AsArray(); a != nullptr && !a->empty()) {
    std::optional<int64_t> best;
    for (size_t i = 0; i < a->size(); ++i) {
      std::optional<int64_t> x = a->IntAt(i);
      if (!x.has_value()) break;
      best = std::max(best.value_or(*x), *x);
    }
    if (best.has_value()) return best;
  }
  HEARTH_ASSIGN_OR_RETURN(int64_t i, md.GetInt(key));
  return std::optional<int64_t>(i);
}

Result<std::optional<double>> OptionalFloat(const GgufMetadata& md, const std::string& key) {
  if (!md.Contains(key)) return std::optional<double>();
  HEARTH_ASSIGN_OR_RETURN(double f, md.GetFloat(key));
  return std::optional<double>(f);
}

Result<std::string> OptionalString(const GgufMetadata& md, const std::string& key) {
  HEARTH_ASSIGN_OR_RETURN(std::string_view s, md.GetStringOr(key, ""));
  return std::string(s);
}

std::vector<DTypeShare> TypeMix(const GgufFile& file) {
  std::vector<DTypeShare> mix;
  for (const GgufTensorInfo& t : file.tensors()) {
    auto it =
        std::find_if(mix.begin(), mix.end(), [&](const DTypeShare& s) { return s.type == t.type; });
    if (it == mix.end()) it = mix.insert(mix.end(), DTypeShare{t.type});
    it->tensors += 1;
    it->elements += t.num_elements();
    it->bytes += t.size_bytes;
  }
  std::stable_sort(mix.begin(), mix.end(),
                   [](const DTypeShare& a, const DTypeShare& b) { return a.bytes > b.bytes; });
  return mix;
}

Status ReadHyperparameters(const GgufMetadata& md, const std::string& arch, ModelSummary* s) {
  const std::string p = arch + ".";
  HEARTH_ASSIGN_OR_RETURN(s->context_length, OptionalInt(md, p + "context_length"));
  HEARTH_ASSIGN_OR_RETURN(s->block_count, OptionalInt(md, p + "block_count"));
  HEARTH_ASSIGN_OR_RETURN(s->embedding_length, OptionalInt(md, p + "embedding_length"));
  HEARTH_ASSIGN_OR_RETURN(s->feed_forward_length, OptionalInt(md, p + "feed_forward_length"));
  HEARTH_ASSIGN_OR_RETURN(s->head_count, OptionalInt(md, p + "attention.head_count"));
  HEARTH_ASSIGN_OR_RETURN(s->head_count_kv, OptionalInt(md, p + "attention.head_count_kv"));
  HEARTH_ASSIGN_OR_RETURN(s->key_length, OptionalInt(md, p + "attention.key_length"));
  HEARTH_ASSIGN_OR_RETURN(s->value_length, OptionalInt(md, p + "attention.value_length"));
  HEARTH_ASSIGN_OR_RETURN(s->expert_count, OptionalInt(md, p + "expert_count"));
  HEARTH_ASSIGN_OR_RETURN(s->expert_used_count, OptionalInt(md, p + "expert_used_count"));
  HEARTH_ASSIGN_OR_RETURN(s->sliding_window, OptionalInt(md, p + "attention.sliding_window"));
  HEARTH_ASSIGN_OR_RETURN(s->vocab_size, OptionalInt(md, p + "vocab_size"));
  HEARTH_ASSIGN_OR_RETURN(s->norm_epsilon,
                          OptionalFloat(md, p + "attention.layer_norm_rms_epsilon"));
  if (!s->norm_epsilon.has_value()) {
    HEARTH_ASSIGN_OR_RETURN(s->norm_epsilon, OptionalFloat(md, p + "attention.layer_norm_epsilon"));
  }
  HEARTH_ASSIGN_OR_RETURN(s->rope_freq_base, OptionalFloat(md, p + "rope.freq_base"));
  HEARTH_ASSIGN_OR_RETURN(s->rope_dimension_count, OptionalInt(md, p + "rope.dimension_count"));
  HEARTH_ASSIGN_OR_RETURN(s->rope_scaling_type, OptionalString(md, p + "rope.scaling.type"));
  HEARTH_ASSIGN_OR_RETURN(s->rope_scaling_factor, OptionalFloat(md, p + "rope.scaling.factor"));
  if (!s->rope_scaling_factor.has_value()) {
    HEARTH_ASSIGN_OR_RETURN(s->rope_scaling_factor, OptionalFloat(md, p + "rope.scale_linear"));
    if (s->rope_scaling_factor.has_value() && s->rope_scaling_type.empty()) {
      s->rope_scaling_type = "linear";
    }
  }
  HEARTH_ASSIGN_OR_RETURN(s->rope_scaling_original_context,
                          OptionalInt(md, p + "rope.scaling.original_context_length"));
  return Status::Ok();
}

Status ReadTokenizer(const GgufMetadata& md, ModelSummary* s) {
  HEARTH_ASSIGN_OR_RETURN(s->tokenizer_model, OptionalString(md, "tokenizer.ggml.model"));
  HEARTH_ASSIGN_OR_RETURN(s->tokenizer_pre, OptionalString(md, "tokenizer.ggml.pre"));
  if (md.Contains("tokenizer.ggml.tokens")) {
    HEARTH_ASSIGN_OR_RETURN(const GgufArray* a, md.GetArray("tokenizer.ggml.tokens"));
    s->token_count = int64_t(a->size());
  }
  HEARTH_ASSIGN_OR_RETURN(s->bos_token_id, OptionalInt(md, "tokenizer.ggml.bos_token_id"));
  HEARTH_ASSIGN_OR_RETURN(s->eos_token_id, OptionalInt(md, "tokenizer.ggml.eos_token_id"));
  if (md.Contains("tokenizer.chat_template")) {
    HEARTH_ASSIGN_OR_RETURN(std::string_view t, md.GetString("tokenizer.chat_template"));
    s->has_chat_template = true;
    s->chat_template_bytes = t.size();
  }
  return Status::Ok();
}

std::string FormatScaled(double v, const char* unit, bool space) {
  char buf[64];
  const int decimals = v < 10 ? 2 : 1;
  std::snprintf(buf, sizeof(buf), "%.*f%s%s", decimals, v, space ? " " : "", unit);
  return buf;
}

}  // namespace

Result<ModelSummary> SummarizeModel(const GgufFile& file) {
  const GgufMetadata& md = file.metadata();
  ModelSummary s;
  s.path = file.path();
  s.gguf_version = file.version();
  s.file_size = file.file_size();
  s.tensor_bytes = file.tensor_bytes();
  s.tensor_count = file.tensors().size();
  s.metadata_count = md.size();
  HEARTH_ASSIGN_OR_RETURN(s.architecture, OptionalString(md, "general.architecture"));
  HEARTH_ASSIGN_OR_RETURN(s.name, OptionalString(md, "general.name"));
  HEARTH_ASSIGN_OR_RETURN(s.size_label, OptionalString(md, "general.size_label"));
  HEARTH_ASSIGN_OR_RETURN(s.license, OptionalString(md, "general.license"));
  if (md.Contains("general.file_type")) {
    HEARTH_ASSIGN_OR_RETURN(uint32_t ft, md.GetUint32("general.file_type"));
    s.file_type = std::string(FileTypeName(ft));
    if (s.file_type.empty()) s.file_type = "unknown (" + std::to_string(ft) + ")";
  }
  HEARTH_ASSIGN_OR_RETURN(s.quantization_version, OptionalInt(md, "general.quantization_version"));
  for (const GgufTensorInfo& t : file.tensors()) s.parameter_count += t.num_elements();

  if (!s.architecture.empty()) {
    HEARTH_RETURN_IF_ERROR(ReadHyperparameters(md, s.architecture, &s));
  }
  if (s.rope_scaling_type.empty() && file.FindTensor("rope_freqs.weight") != nullptr) {
    s.rope_scaling_type = "frequency factors (rope_freqs.weight)";
  }
  HEARTH_RETURN_IF_ERROR(ReadTokenizer(md, &s));
  if (!s.vocab_size.has_value()) s.vocab_size = s.token_count;
  s.type_mix = TypeMix(file);
  return s;
}

std::string FormatCount(int64_t n) {
  if (n < 1000) return std::to_string(n);  // including negatives, which no count should be
  const double v = double(n);
  if (v >= 1e12) return FormatScaled(v / 1e12, "T", false);
  if (v >= 1e9) return FormatScaled(v / 1e9, "B", false);
  if (v >= 1e6) return FormatScaled(v / 1e6, "M", false);
  return FormatScaled(v / 1e3, "K", false);
}

std::string FormatBytes(uint64_t n) {
  static const char* kUnits[] = {"KB", "MB", "GB", "TB", "PB"};
  if (n < 1000) return std::to_string(n) + " B";
  double v = double(n) / 1000;
  int unit = 0;
  while (v >= 1000 && unit < 4) {
    v /= 1000;
    ++unit;
  }
  char buf[64];
  const int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
  std::snprintf(buf, sizeof(buf), "%.*f %s", decimals, v, kUnits[unit]);
  return buf;
}

}  // namespace hearth
