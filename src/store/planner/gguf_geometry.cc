#include "store/planner/gguf_geometry.h"

#include <algorithm>

#include "gguf/model_summary.h"

namespace hearth::planner {
namespace {

Status Missing(const GgufFile& file, const std::string& arch, std::string_view key) {
  return InvalidArgument(file.path() + ": metadata key '" + arch + "." + std::string(key) +
                         "' not found");
}

int32_t Int(const std::optional<int64_t>& v) { return v.has_value() ? int32_t(*v) : 0; }

}  // namespace

Result<ModelGeometry> GeometryFromGguf(const GgufFile& file) {
  HEARTH_ASSIGN_OR_RETURN(ModelSummary s, SummarizeModel(file));
  if (s.architecture.empty()) {
    return InvalidArgument(file.path() + ": metadata key 'general.architecture' not found");
  }
  if (!s.block_count) return Missing(file, s.architecture, "block_count");
  if (!s.embedding_length) return Missing(file, s.architecture, "embedding_length");
  if (!s.head_count) return Missing(file, s.architecture, "attention.head_count");

  ModelGeometry g;
  g.name = s.name.empty() ? file.path() : s.name;
  catalog::TransformerShape& shape = g.shape;
  shape.n_layer = Int(s.block_count);
  shape.n_embd = Int(s.embedding_length);
  shape.n_head = Int(s.head_count);
  shape.n_head_kv = s.head_count_kv ? Int(s.head_count_kv) : shape.n_head;
  shape.head_dim = s.key_length ? Int(s.key_length) : shape.n_embd / std::max(shape.n_head, 1);
  shape.n_ff = Int(s.feed_forward_length);
  shape.n_vocab = Int(s.vocab_size);
  shape.n_ctx_train = Int(s.context_length);
  shape.n_expert = Int(s.expert_count);
  shape.n_expert_used = Int(s.expert_used_count);
  const GgufMetadata& md = file.metadata();
  const std::string prefix = s.architecture + ".";
  if (auto rank = md.GetInt(prefix + "attention.kv_lora_rank"); rank.ok() && *rank > 0) {
    shape.attention = catalog::AttentionKind::kLatent;
    shape.kv_lora_rank = int32_t(*rank);
    shape.rope_head_dim = Int(s.rope_dimension_count);
  } else if (s.sliding_window && *s.sliding_window > 0 && s.architecture == "gemma2") {
    shape.attention = catalog::AttentionKind::kSlidingAlternating;
    shape.sliding_window = Int(s.sliding_window);
  }
  g.weight_bytes = file.file_size();
  return g;
}

}  // namespace hearth::planner
