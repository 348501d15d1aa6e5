// The blocks transformer architectures are built from: token embedding, RMSNorm, residual
// add, self-attention over the KV cache (projections, rope, GQA), the SwiGLU feed-forward
// network and the output head. Architectures (llm/arch/) compose them; each block states
// which ForwardContext buffers it reads and writes.
//
// Row conventions: activations are [n_batch, width] f32 buffers of ForwardScratch and a block
// works on their first n_rows rows; row t belongs to batch entry t (until GatherOutputRows
// compacts the output entries to the front). Parallel sections run on ctx.pool; small
// element-wise work stays on the calling thread.
//
// Numerics follow the reference engine (llama.cpp, CPU): matrix products quantize their input
// to the weight type's activation format (kernels/matmul.h); keys and values are stored as
// f16; queries are rounded to f16 before Q·K; softmax in f32.
#pragma once

#include <cstdint>

#include "kernels/rope.h"
#include "llm/architecture.h"
#include "llm/weights.h"

namespace hearth {

struct AttentionWeights {
  Linear q;  // [n_embd -> n_head * head_dim]
  Linear k;  // [n_embd -> n_head_kv * head_dim]
  Linear v;  // [n_embd -> n_head_kv * head_dim]
  Linear o;  // [n_head * head_dim -> n_embd]
};

// out = down(silu(gate(x)) * up(x))
struct SwiGluWeights {
  Linear gate;  // [n_embd -> n_ff]
  Linear up;    // [n_embd -> n_ff]
  Linear down;  // [n_ff -> n_embd]
};

// How a layer attends: its rope and the optional variations later architectures need.
struct AttentionSpec {
  RopeParams rope;       // freq_factors may point at a rope_freqs tensor
  float softcap = 0.0f;  // > 0: cap attention logits with tanh (Gemma 2)
  int64_t window = 0;    // > 0: sliding window of this many positions
};

// Loading: the tensors "blk.{layer}.attn_{q,k,v,output}.{weight,bias}" and
// "blk.{layer}.ffn_{gate,up,down}.{weight,bias}" with the shapes `config` implies.
Result<AttentionWeights> LoadAttention(WeightReader& weights, const ModelConfig& config, int layer,
                                       WeightReader::Bias qkv_bias, WeightReader::Bias output_bias);
Result<SwiGluWeights> LoadSwiGlu(WeightReader& weights, const ModelConfig& config, int layer,
                                 WeightReader::Bias bias);
// "output.weight", or "token_embd.weight" when the file ties the head to the embedding.
Result<Linear> LoadOutputHead(WeightReader& weights, const ModelConfig& config,
                              WeightReader::Bias bias);

// x: [n_tokens, n_embd] = the embedding row of each batch entry's token.
void EmbedTokens(ForwardContext& ctx, const EmbeddingTable& table, float* x);

// scratch.rope: [n_tokens, n_rot] = RopeCosSin of each entry's position. Once per pass when
// every layer shares `rope`.
void ComputeRopeRotations(ForwardContext& ctx, const RopeParams& rope);

// y = RMSNorm(x) * weight row by row (eps = config.norm_eps); x, y: [n_rows, n_embd]; y may
// alias x.
void RmsNormRows(ForwardContext& ctx, const float* x, const float* weight, float* y,
                 int64_t n_rows);

// x += y; x, y: [n_rows, width].
void AddRows(ForwardContext& ctx, float* x, const float* y, int64_t n_rows, int64_t width);

// Self-attention of every batch entry: projects xn into scratch.q/k/v, rotates q and k by
// scratch.rope (ComputeRopeRotations first), appends k and v to layer `layer` of the KV cache
// at each entry's slot and position, attends (each entry to its sequence's positions 0..pos)
// into scratch.attn, and projects that into out.
// xn, out: [n_tokens, n_embd]; out must not alias xn.
void SelfAttention(ForwardContext& ctx, int layer, const AttentionWeights& w,
                   const AttentionSpec& spec, const float* xn, float* out);

// out = SwiGLU FFN of xn; uses scratch.gate/up. xn, out: [n_rows, n_embd], distinct.
void SwiGluFfn(ForwardContext& ctx, const SwiGluWeights& w, const float* xn, float* out,
               int64_t n_rows);

// Moves the rows of the output entries (scratch.output_rows) of x: [n_tokens, width] to the
// front, in batch order; returns their count. Lets the last layer skip the rows whose logits
// nobody asked for.
int64_t GatherOutputRows(ForwardContext& ctx, float* x, int64_t width);

// scratch.logits: [n_rows, n_vocab] = head(RMSNorm(x) * norm); x: [n_rows, n_embd]. Uses
// scratch.xn.
void OutputLogits(ForwardContext& ctx, const float* norm, const Linear& head, const float* x,
                  int64_t n_rows);

}  // namespace hearth
