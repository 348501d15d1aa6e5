#include "llm/blocks.h"

#include <algorithm>
#include <cstring>

#include "base/check.h"
#include "kernels/matmul.h"
#include "llm/batch_attention.h"

namespace hearth {
namespace {

using Bias = WeightReader::Bias;

// Below this many elements an element-wise pass is cheaper than a parallel section.
constexpr int64_t kParallelElements = 1 << 14;

// Calls fn(row) for rows [0, n_rows), spread over the pool when the work is large enough.
template <typename Fn>
void ForEachRow(ForwardContext& ctx, int64_t n_rows, int64_t row_elements, Fn&& fn) {
  if (ctx.pool.size() == 1 || n_rows == 1 || n_rows * row_elements < kParallelElements) {
    for (int64_t r = 0; r < n_rows; ++r) fn(r);
    return;
  }
  ctx.pool.ParallelFor(0, n_rows, 1, [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) fn(r);
  });
}

// y[r] += bias for each of n_rows rows of `width`.
void AddBias(ForwardContext& ctx, float* y, const float* bias, int64_t n_rows, int64_t width) {
  ForEachRow(ctx, n_rows, width,
             [&](int64_t r) { ctx.kernels.ops.add(y + r * width, bias, y + r * width, width); });
}

// The input of several projections (q/k/v, gate/up), converted to each activation type only
// once: consecutive projections whose weights share an activation type reuse the conversion.
class ProjectionInput {
 public:
  ProjectionInput(ForwardContext& ctx, const float* x, int64_t n_rows, int64_t k)
      : ctx_(ctx), x_(x), n_rows_(n_rows), k_(k) {}

  // y: [n_rows, l.w.rows] = x l.w^T + l.bias.
  void Project(const Linear& l, float* y) {
    HEARTH_DCHECK(l.w.k == k_);
    const DType act = ActivationType(l.w.type);
    if (!converted_ || act != a_.type) {
      a_ = QuantizeActivations(ctx_.kernels, ctx_.pool, act, x_, n_rows_, k_, ctx_.scratch.matmul);
      converted_ = true;
    }
    MatMulQuantized(ctx_.kernels, ctx_.pool, l.w, a_, y);
    if (l.bias != nullptr) AddBias(ctx_, y, l.bias, n_rows_, l.w.rows);
  }

 private:
  ForwardContext& ctx_;
  const float* x_;
  int64_t n_rows_, k_;
  bool converted_ = false;
  QuantizedActivations a_;
};

// Rotates each entry's q and k heads, rounds q to f16, and writes k and v into the cache.
void RotateAndStore(ForwardContext& ctx, int layer, const RopeParams& rope) {
  const ModelConfig& c = ctx.config;
  ForwardScratch& s = ctx.scratch;
  const int64_t q_dim = c.q_dim(), kv_dim = c.kv_dim(), hd = c.head_dim;
  const int64_t capacity = ctx.kv.capacity();
  const QuantizeRowFn to_f16 = ctx.kernels.quant.quantize_row[Slot(DType::kF16)];
  ForEachRow(ctx, ctx.n_tokens(), q_dim + 2 * kv_dim, [&](int64_t t) {
    const float* cos_sin = s.rope.data() + t * rope.n_rot;
    float* q = s.q.data() + t * q_dim;
    float* k = s.k.data() + t * kv_dim;
    const float* v = s.v.data() + t * kv_dim;
    RopeRotate(rope, cos_sin, q, c.n_head, hd);
    RopeRotate(rope, cos_sin, k, c.n_head_kv, hd);
    RoundToF16(ctx.kernels.quant, q, q_dim);
    const int32_t seq = ctx.batch.seqs()[size_t(t)];
    const int64_t pos = ctx.batch.positions()[size_t(t)];
    f16* k_cache = ctx.kv.k(layer, seq);  // [n_head_kv][capacity][head_dim]
    f16* v_cache = ctx.kv.v(layer, seq);
    for (int64_t h = 0; h < c.n_head_kv; ++h) {
      to_f16(k + h * hd, k_cache + (h * capacity + pos) * hd, hd);
      to_f16(v + h * hd, v_cache + (h * capacity + pos) * hd, hd);
    }
  });
}

// scratch.attn = attention of each entry's query over its sequence in layer `layer`.
void Attend(ForwardContext& ctx, int layer, const AttentionSpec& spec) {
  const ModelConfig& c = ctx.config;
  AttentionParams p;
  p.n_heads = c.n_head;
  p.n_kv_heads = c.n_head_kv;
  p.head_dim = c.head_dim;
  p.kv_capacity = ctx.kv.capacity();
  p.scale = c.attn_scale;
  p.softcap = spec.softcap;
  BatchAttention(ctx.kernels, p, spec.window, ctx.batch, ctx.kv, layer, ctx.scratch.q.data(),
                 ctx.scratch.attn.data(), ctx.scratch.attention, ctx.pool);
}

}  // namespace

Result<AttentionWeights> LoadAttention(WeightReader& weights, const ModelConfig& c, int layer,
                                       Bias qkv_bias, Bias output_bias) {
  auto name = [&](const char* suffix) { return WeightReader::LayerName(layer, suffix); };
  AttentionWeights w;
  HEARTH_ASSIGN_OR_RETURN(w.q, weights.Projection(name("attn_q"), c.n_embd, c.q_dim(), qkv_bias));
  HEARTH_ASSIGN_OR_RETURN(w.k, weights.Projection(name("attn_k"), c.n_embd, c.kv_dim(), qkv_bias));
  HEARTH_ASSIGN_OR_RETURN(w.v, weights.Projection(name("attn_v"), c.n_embd, c.kv_dim(), qkv_bias));
  HEARTH_ASSIGN_OR_RETURN(
      w.o, weights.Projection(name("attn_output"), c.q_dim(), c.n_embd, output_bias));
  return w;
}

Result<SwiGluWeights> LoadSwiGlu(WeightReader& weights, const ModelConfig& c, int layer,
                                 Bias bias) {
  auto name = [&](const char* suffix) { return WeightReader::LayerName(layer, suffix); };
  SwiGluWeights w;
  HEARTH_ASSIGN_OR_RETURN(w.gate, weights.Projection(name("ffn_gate"), c.n_embd, c.n_ff, bias));
  HEARTH_ASSIGN_OR_RETURN(w.up, weights.Projection(name("ffn_up"), c.n_embd, c.n_ff, bias));
  HEARTH_ASSIGN_OR_RETURN(w.down, weights.Projection(name("ffn_down"), c.n_ff, c.n_embd, bias));
  return w;
}

Result<Linear> LoadOutputHead(WeightReader& weights, const ModelConfig& c, Bias bias) {
  if (!weights.Has("output.weight")) {  // tied to the embedding
    Linear head;
    HEARTH_ASSIGN_OR_RETURN(head.w, weights.Matrix("token_embd.weight", c.n_embd, c.n_vocab));
    if (bias != Bias::kNone) {
      HEARTH_ASSIGN_OR_RETURN(head.bias, weights.OptionalVector("output.bias", c.n_vocab));
    }
    return head;
  }
  return weights.Projection("output", c.n_embd, c.n_vocab, bias);
}

void EmbedTokens(ForwardContext& ctx, const EmbeddingTable& table, float* x) {
  const DequantizeRowFn dequantize = ctx.kernels.quant.dequantize_row[Slot(table.type)];
  const int64_t dim = table.dim;
  ForEachRow(ctx, ctx.n_tokens(), dim, [&](int64_t t) {
    const TokenId token = ctx.batch.tokens()[size_t(t)];
    dequantize(table.data + size_t(token) * table.row_bytes, x + t * dim, dim);
  });
}

void ComputeRopeRotations(ForwardContext& ctx, const RopeParams& rope) {
  float* cos_sin = ctx.scratch.rope.data();  // [n_tokens, n_rot]
  for (int64_t t = 0; t < ctx.n_tokens(); ++t) {
    RopeCosSin(rope, ctx.batch.positions()[size_t(t)], cos_sin + t * rope.n_rot);
  }
}

void RmsNormRows(ForwardContext& ctx, const float* x, const float* weight, float* y,
                 int64_t n_rows) {
  const int64_t n = ctx.config.n_embd;
  const float eps = ctx.config.norm_eps;
  ForEachRow(ctx, n_rows, n,
             [&](int64_t r) { ctx.kernels.ops.rms_norm(x + r * n, weight, y + r * n, n, eps); });
}

void AddRows(ForwardContext& ctx, float* x, const float* y, int64_t n_rows, int64_t width) {
  ForEachRow(ctx, n_rows, width, [&](int64_t r) {
    ctx.kernels.ops.add(x + r * width, y + r * width, x + r * width, width);
  });
}

void SelfAttention(ForwardContext& ctx, int layer, const AttentionWeights& w,
                   const AttentionSpec& spec, const float* xn, float* out) {
  ForwardScratch& s = ctx.scratch;
  const int64_t n = ctx.n_tokens();
  ProjectionInput input(ctx, xn, n, ctx.config.n_embd);
  input.Project(w.q, s.q.data());
  input.Project(w.k, s.k.data());
  input.Project(w.v, s.v.data());
  RotateAndStore(ctx, layer, spec.rope);
  Attend(ctx, layer, spec);
  ProjectionInput(ctx, s.attn.data(), n, ctx.config.q_dim()).Project(w.o, out);
}

void SwiGluFfn(ForwardContext& ctx, const SwiGluWeights& w, const float* xn, float* out,
               int64_t n_rows) {
  ForwardScratch& s = ctx.scratch;
  const int64_t n_ff = ctx.config.n_ff;
  ProjectionInput input(ctx, xn, n_rows, ctx.config.n_embd);
  input.Project(w.gate, s.gate.data());
  input.Project(w.up, s.up.data());
  ForEachRow(ctx, n_rows, n_ff, [&](int64_t r) {
    float* gate = s.gate.data() + r * n_ff;
    ctx.kernels.ops.swiglu(gate, s.up.data() + r * n_ff, gate, n_ff);
  });
  ProjectionInput(ctx, s.gate.data(), n_rows, n_ff).Project(w.down, out);
}

int64_t GatherOutputRows(ForwardContext& ctx, float* x, int64_t width) {
  const std::vector<int32_t>& rows = ctx.scratch.output_rows;  // ascending
  for (size_t i = 0; i < rows.size(); ++i) {
    if (size_t(rows[i]) != i) {
      std::memcpy(x + int64_t(i) * width, x + int64_t(rows[i]) * width, size_t(width) * 4);
    }
  }
  return int64_t(rows.size());
}

void OutputLogits(ForwardContext& ctx, const float* norm, const Linear& head, const float* x,
                  int64_t n_rows) {
  ForwardScratch& s = ctx.scratch;
  RmsNormRows(ctx, x, norm, s.xn.data(), n_rows);
  float* logits = s.ReserveLogits(int32_t(n_rows));
  ProjectionInput(ctx, s.xn.data(), n_rows, ctx.config.n_embd).Project(head, logits);
}

}  // namespace hearth
