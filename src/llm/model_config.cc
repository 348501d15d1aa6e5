#include "llm/model_config.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace hearth {
namespace {

// Sizes above this are not a real model (and would overflow buffer arithmetic).
constexpr int64_t kMaxDimension = int64_t{1} << 20;

// Reads `{arch}.{suffix}` with the file's path and the full key in every error.
class ConfigReader {
 public:
  ConfigReader(const GgufFile& file, const std::string& arch) : file_(file), arch_(arch) {}

  std::string Key(std::string_view suffix) const { return arch_ + "." + std::string(suffix); }

  // A required positive size in [1, max].
  Result<int32_t> Size(std::string_view suffix, int64_t max = kMaxDimension) const {
    HEARTH_ASSIGN_OR_RETURN(int64_t v, file_.metadata().GetInt(Key(suffix)));
    return CheckSize(suffix, v, max);
  }
  // An optional positive size; `fallback` when absent.
  Result<int32_t> SizeOr(std::string_view suffix, int64_t fallback) const {
    HEARTH_ASSIGN_OR_RETURN(int64_t v, file_.metadata().GetIntOr(Key(suffix), fallback));
    return CheckSize(suffix, v, kMaxDimension);
  }
  Result<float> FloatOr(std::string_view suffix, double fallback) const {
    HEARTH_ASSIGN_OR_RETURN(double v, file_.metadata().GetFloatOr(Key(suffix), fallback));
    if (!std::isfinite(v)) return Invalid(suffix, "is not a finite number");
    return float(v);
  }
  Result<std::string_view> StringOr(std::string_view suffix, std::string_view fallback) const {
    return file_.metadata().GetStringOr(Key(suffix), fallback);
  }
  bool Has(std::string_view suffix) const { return file_.metadata().Contains(Key(suffix)); }

  // "model.gguf: metadata key 'llama.block_count'" for error messages.
  std::string Describe(std::string_view suffix) const {
    return file_.path() + ": metadata key '" + Key(suffix) + "'";
  }
  Status Invalid(std::string_view suffix, const std::string& what) const {
    return InvalidArgument(Describe(suffix) + " " + what);
  }

 private:
  Result<int32_t> CheckSize(std::string_view suffix, int64_t v, int64_t max) const {
    if (v < 1 || v > max) {
      return Invalid(suffix, "is " + std::to_string(v) + ", expected a value in [1, " +
                                 std::to_string(max) + "]");
    }
    return int32_t(v);
  }

  const GgufFile& file_;
  const std::string& arch_;
};

Status ReadShape(const ConfigReader& r, ModelConfig& c) {
  HEARTH_ASSIGN_OR_RETURN(c.n_embd, r.Size("embedding_length"));
  HEARTH_ASSIGN_OR_RETURN(c.n_layer, r.Size("block_count", 4096));
  HEARTH_ASSIGN_OR_RETURN(c.n_ff, r.Size("feed_forward_length"));
  HEARTH_ASSIGN_OR_RETURN(c.n_head, r.Size("attention.head_count", 4096));
  HEARTH_ASSIGN_OR_RETURN(c.n_head_kv, r.SizeOr("attention.head_count_kv", c.n_head));
  HEARTH_ASSIGN_OR_RETURN(c.n_ctx_train, r.Size("context_length", int64_t{1} << 24));
  if (c.n_head % c.n_head_kv != 0) {
    return r.Invalid("attention.head_count_kv",
                     "is " + std::to_string(c.n_head_kv) + ", which does not divide " +
                         r.Key("attention.head_count") + " = " + std::to_string(c.n_head));
  }
  const int64_t default_head = c.n_embd / c.n_head;
  HEARTH_ASSIGN_OR_RETURN(c.head_dim,
                          r.SizeOr("attention.key_length", std::max<int64_t>(default_head, 1)));
  HEARTH_ASSIGN_OR_RETURN(int32_t head_dim_v, r.SizeOr("attention.value_length", c.head_dim));
  if (head_dim_v != c.head_dim) {
    return Unimplemented(r.Describe("attention.value_length") + " is " +
                         std::to_string(head_dim_v) + ", unlike the key head size " +
                         std::to_string(c.head_dim) + "; Hearth needs equal key and value heads");
  }
  HEARTH_ASSIGN_OR_RETURN(c.norm_eps, r.FloatOr("attention.layer_norm_rms_epsilon", 1e-5));
  if (!(c.norm_eps > 0.0f)) return r.Invalid("attention.layer_norm_rms_epsilon", "must be > 0");
  HEARTH_ASSIGN_OR_RETURN(c.attn_scale, r.FloatOr("attention.scale", 0.0));
  if (c.attn_scale == 0.0f) c.attn_scale = 1.0f / std::sqrt(float(c.head_dim));
  return Status::Ok();
}

Result<RopeScaling> ParseRopeScaling(const ConfigReader& r) {
  HEARTH_ASSIGN_OR_RETURN(std::string_view type, r.StringOr("rope.scaling.type", "linear"));
  if (type == "none") return RopeScaling::kNone;
  if (type == "linear") return RopeScaling::kLinear;
  if (type == "yarn") return RopeScaling::kYarn;
  return Unimplemented(r.Describe("rope.scaling.type") + " is '" + std::string(type) +
                       "'; Hearth supports none, linear and yarn");
}

// YaRN's magnitude correction as the reference computes it: the ramp in the kernel multiplies
// by 1 + 0.1 ln(factor); attn_factor cancels that and applies mscale(factor) (or the
// log-multiplier form) instead, times any `rope.scaling.attn_factor` from the file.
float YarnAttnFactor(float factor, float log_multiplier) {
  auto mscale = [](float scale, float m) {
    return scale <= 1.0f ? 1.0f : 0.1f * m * std::log(scale) + 1.0f;
  };
  const float base = log_multiplier != 0.0f ? mscale(factor, 1.0f) / mscale(factor, log_multiplier)
                                            : mscale(factor, 1.0f);
  return base * (1.0f / (1.0f + 0.1f * std::log(factor)));
}

Status ReadRope(const ConfigReader& r, ModelConfig& c) {
  RopeConfig& rope = c.rope;
  HEARTH_ASSIGN_OR_RETURN(rope.n_rot, r.SizeOr("rope.dimension_count", c.head_dim));
  if (rope.n_rot > c.head_dim || rope.n_rot % 2 != 0) {
    return r.Invalid("rope.dimension_count", "is " + std::to_string(rope.n_rot) +
                                                 ", expected an even number <= the head size " +
                                                 std::to_string(c.head_dim));
  }
  HEARTH_ASSIGN_OR_RETURN(rope.freq_base, r.FloatOr("rope.freq_base", 10000.0));
  if (!(rope.freq_base > 0.0f)) return r.Invalid("rope.freq_base", "must be > 0");
  HEARTH_ASSIGN_OR_RETURN(rope.scaling, ParseRopeScaling(r));
  // The factor has two spellings; the older one is `rope.scale_linear`.
  const std::string_view factor_key =
      r.Has("rope.scaling.factor") ? "rope.scaling.factor" : "rope.scale_linear";
  HEARTH_ASSIGN_OR_RETURN(float factor, r.FloatOr(factor_key, 0.0));
  if (factor < 0.0f) return r.Invalid(factor_key, "must be >= 0");
  rope.freq_scale = factor == 0.0f ? 1.0f : 1.0f / factor;
  if (rope.scaling == RopeScaling::kNone) rope.freq_scale = 1.0f;
  HEARTH_ASSIGN_OR_RETURN(rope.n_ctx_orig,
                          r.SizeOr("rope.scaling.original_context_length", c.n_ctx_train));
  HEARTH_ASSIGN_OR_RETURN(float file_attn_factor, r.FloatOr("rope.scaling.attn_factor", 1.0));
  rope.attn_factor = 1.0f;
  if (rope.scaling == RopeScaling::kYarn) {
    rope.ext_factor = 1.0f;
    HEARTH_ASSIGN_OR_RETURN(float log_mul, r.FloatOr("rope.scaling.yarn_log_multiplier", 0.0));
    rope.attn_factor = YarnAttnFactor(1.0f / rope.freq_scale, log_mul);
  }
  rope.attn_factor *= file_attn_factor;
  return Status::Ok();
}

}  // namespace

RopeParams ModelConfig::rope_params() const {
  RopeParams p;
  p.style = rope.style;
  p.n_rot = rope.n_rot;
  p.freq_base = rope.freq_base;
  p.freq_scale = rope.freq_scale;
  p.ext_factor = rope.ext_factor;
  p.attn_factor = rope.attn_factor;
  p.beta_fast = rope.beta_fast;
  p.beta_slow = rope.beta_slow;
  p.n_ctx_orig = rope.n_ctx_orig;
  return p;
}

Result<ModelConfig> ReadModelConfig(const GgufFile& file, const std::string& arch,
                                    RopeStyle rope_style) {
  ModelConfig c;
  c.arch = arch;
  HEARTH_ASSIGN_OR_RETURN(std::string_view name, file.metadata().GetStringOr("general.name", ""));
  c.name = std::string(name);
  c.rope.style = rope_style;
  const ConfigReader reader(file, arch);
  HEARTH_RETURN_IF_ERROR(ReadShape(reader, c));
  HEARTH_RETURN_IF_ERROR(ReadRope(reader, c));
  return c;
}

}  // namespace hearth
