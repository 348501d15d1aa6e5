#include "store/planner/memory_plan.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace hearth::planner {
namespace {

using catalog::AttentionKind;
using catalog::ModelKind;
using catalog::TransformerShape;

constexpr int32_t kContextStep = 256;
constexpr uint64_t kFloat = sizeof(float);
// Bytes per activation element in the matmul scratch: Q8_K rows (292 bytes per 256 values),
// the largest of the 8-bit activation types the quantized kernels use.
constexpr double kActivationBytes = 292.0 / 256.0;
// Whisper and TTS: buffers Hearth does not run yet, so estimated, not measured.
constexpr uint64_t kTtsComputeBytes = 64ull << 20;

bool IsAudio(ModelKind kind) {
  return kind == ModelKind::kSpeechToText || kind == ModelKind::kTextToSpeech;
}

// Values one token adds to one layer's cache (K and V together).
uint64_t KvValuesPerTokenLayer(const TransformerShape& s) {
  if (s.attention == AttentionKind::kLatent) return uint64_t(s.kv_lora_rank + s.rope_head_dim);
  return 2 * uint64_t(s.n_head_kv) * uint64_t(s.head_dim);
}

}  // namespace

Result<KvType> ParseKvType(std::string_view name) {
  const std::string n = AsciiLower(name);
  if (n == "f16") return KvType::kF16;
  if (n == "q8_0") return KvType::kQ8_0;
  if (n == "f32") return KvType::kF32;
  return InvalidArgument("unknown KV cache type '" + std::string(name) +
                         "': expected f16, q8_0 or f32");
}

std::string_view KvTypeName(KvType type) {
  switch (type) {
    case KvType::kF16: return "f16";
    case KvType::kQ8_0: return "q8_0";
    case KvType::kF32: return "f32";
  }
  return "?";
}

double KvBytesPerElement(KvType type) {
  switch (type) {
    case KvType::kF16: return 2.0;
    case KvType::kQ8_0: return 34.0 / 32.0;
    case KvType::kF32: return 4.0;
  }
  return 2.0;
}

uint64_t KvCacheBytes(const TransformerShape& s, const PlanOptions& o) {
  const double per_value = KvBytesPerElement(o.kv_type);
  const uint64_t slots = uint64_t(std::max(o.n_parallel, 1));
  if (s.n_audio_ctx > 0) {
    // Whisper's decoder: self-attention over the text context plus cross-attention over the
    // encoder's output, per layer.
    const uint64_t positions = uint64_t(s.n_ctx_train) + uint64_t(s.n_audio_ctx);
    return uint64_t(double(s.n_layer) * double(positions) * 2.0 * double(s.n_embd) * per_value) *
           slots;
  }
  const uint64_t ctx = uint64_t(std::max(o.n_ctx, 0));
  const uint64_t per_layer_token = KvValuesPerTokenLayer(s);
  uint64_t values = 0;
  if (s.attention == AttentionKind::kSlidingAlternating && o.sliding_window_cache &&
      s.sliding_window > 0) {
    const uint64_t n_sliding = uint64_t(s.n_layer + 1) / 2;  // layers 0, 2, 4, ...
    const uint64_t n_global = uint64_t(s.n_layer) - n_sliding;
    const uint64_t window = std::min<uint64_t>(ctx, uint64_t(s.sliding_window));
    values = (n_global * ctx + n_sliding * window) * per_layer_token;
  } else {
    values = uint64_t(s.n_layer) * ctx * per_layer_token;
  }
  return uint64_t(double(values) * per_value) * slots;
}

uint64_t ComputeBytes(const TransformerShape& s, const PlanOptions& o) {
  if (s.n_audio_ctx > 0) {
    // Whisper's encoder over 1500 frames: ~12 activation rows of n_embd per frame plus one
    // head's 1500 x 1500 attention scores per head.
    const uint64_t frames = uint64_t(s.n_audio_ctx);
    return frames * 12 * uint64_t(s.n_embd) * kFloat +
           uint64_t(s.n_head) * frames * frames * kFloat;
  }
  if (s.n_layer == 0) return kTtsComputeBytes;
  const uint64_t n_batch = uint64_t(std::max({o.n_batch, o.n_parallel, 1}));
  const uint64_t q_dim = uint64_t(s.n_head) * uint64_t(s.head_dim);
  const uint64_t kv_dim = uint64_t(s.n_head_kv) * uint64_t(s.head_dim);
  const uint64_t n_ff = uint64_t(s.n_ff) * uint64_t(std::max(s.n_expert_used, 1));
  // ForwardScratch: x, xn, out [n_embd]; q, attn [q_dim]; k, v [kv_dim]; gate, up [n_ff];
  // rope [head_dim] per batch entry, all f32.
  const uint64_t per_token =
      3 * uint64_t(s.n_embd) + 2 * q_dim + 2 * kv_dim + 2 * n_ff + uint64_t(s.head_dim);
  const uint64_t activations = n_batch * per_token * kFloat;
  // Logits: one row per slot that wants an output in a pass.
  const uint64_t logits = uint64_t(std::max(o.n_parallel, 1)) * uint64_t(s.n_vocab) * kFloat;
  // Attention scores: each thread holds one row per query head of a KV group over the context.
  const uint64_t group = s.n_head_kv > 0 ? uint64_t(s.n_head / s.n_head_kv) : 1;
  const uint64_t scores =
      uint64_t(std::max(o.n_threads, 1)) * group * uint64_t(std::max(o.n_ctx, 1)) * kFloat;
  // The widest matmul input (ffn_down reads n_ff) converted to 8-bit activations.
  const uint64_t widest = std::max({uint64_t(s.n_embd), q_dim, n_ff});
  const uint64_t matmul = uint64_t(double(n_batch * widest) * kActivationBytes);
  return activations + logits + scores + matmul;
}

MemoryEstimate EstimateMemory(const ModelGeometry& model, const PlanOptions& options) {
  MemoryEstimate e;
  e.weights = model.weight_bytes;
  e.kv_cache = KvCacheBytes(model.shape, options);
  e.compute = ComputeBytes(model.shape, options);
  e.vocabulary = uint64_t(std::max(model.shape.n_vocab, 0)) * kVocabularyBytesPerToken;
  if (!IsAudio(model.kind)) {
    e.threads = uint64_t(std::max(options.n_threads, 1)) * kThreadBytes;
    e.fixed = kModelFixedBytes;
  }
  return e;
}

bool Fits(const MemoryEstimate& estimate, uint64_t budget_bytes) {
  return kRuntimeBytes + estimate.model_bytes() <= budget_bytes;
}

int32_t LargestContext(const ModelGeometry& model, PlanOptions options, uint64_t budget_bytes) {
  const int32_t train = model.shape.n_ctx_train;
  if (IsAudio(model.kind) || train <= 0) {
    options.n_ctx = train;
    return Fits(EstimateMemory(model, options), budget_bytes) ? std::max(train, 1) : 0;
  }
  auto fits = [&](int32_t n_ctx) {
    options.n_ctx = n_ctx;
    return Fits(EstimateMemory(model, options), budget_bytes);
  };
  if (fits(train)) return train;
  if (!fits(kContextStep)) return 0;
  // Memory grows with n_ctx: binary search over multiples of the step.
  int32_t lo = 1, hi = (train + kContextStep - 1) / kContextStep;  // lo fits, hi does not
  while (hi - lo > 1) {
    const int32_t mid = lo + (hi - lo) / 2;
    if (fits(mid * kContextStep)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo * kContextStep;
}

}  // namespace hearth::planner
