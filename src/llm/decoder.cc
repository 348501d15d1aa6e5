#include "llm/decoder.h"

#include <vector>

#include "llm/blocks.h"

namespace hearth {
namespace {

class PreNormDecoder final : public ArchModel {
 public:
  struct Layer {
    const float* attn_norm = nullptr;  // [n_embd]
    AttentionWeights attn;
    const float* ffn_norm = nullptr;  // [n_embd]
    SwiGluWeights ffn;
  };

  EmbeddingTable token_embd;
  std::vector<Layer> layers;
  const float* output_norm = nullptr;  // [n_embd]
  Linear output;
  AttentionSpec attention;  // the same in every layer
  uint64_t weight_bytes_per_token = 0;

  void Forward(ForwardContext& ctx) const override {
    ForwardScratch& s = ctx.scratch;
    const int64_t n_embd = ctx.config.n_embd;
    float* x = s.x.data();
    EmbedTokens(ctx, token_embd, x);
    ComputeRopeRotations(ctx, attention.rope);
    int64_t n_rows = ctx.n_tokens();
    for (size_t il = 0; il < layers.size(); ++il) {
      const Layer& layer = layers[il];
      RmsNormRows(ctx, x, layer.attn_norm, s.xn.data(), n_rows);
      SelfAttention(ctx, int(il), layer.attn, attention, s.xn.data(), s.out.data());
      AddRows(ctx, x, s.out.data(), n_rows, n_embd);
      // The last layer's feed-forward only matters for the rows whose logits are wanted.
      if (il + 1 == layers.size()) n_rows = GatherOutputRows(ctx, x, n_embd);
      if (n_rows == 0) return;
      RmsNormRows(ctx, x, layer.ffn_norm, s.xn.data(), n_rows);
      SwiGluFfn(ctx, layer.ffn, s.xn.data(), s.out.data(), n_rows);
      AddRows(ctx, x, s.out.data(), n_rows, n_embd);
    }
    OutputLogits(ctx, output_norm, output, x, n_rows);
  }

  uint64_t bytes_per_token() const override { return weight_bytes_per_token; }
};

Result<PreNormDecoder::Layer> LoadLayer(WeightReader& weights, const ModelConfig& c, int il,
                                        const DecoderOptions& options) {
  PreNormDecoder::Layer layer;
  HEARTH_ASSIGN_OR_RETURN(
      layer.attn_norm, weights.Vector(WeightReader::LayerName(il, "attn_norm.weight"), c.n_embd));
  HEARTH_ASSIGN_OR_RETURN(
      layer.attn, LoadAttention(weights, c, il, options.qkv_bias, options.attn_output_bias));
  HEARTH_ASSIGN_OR_RETURN(layer.ffn_norm,
                          weights.Vector(WeightReader::LayerName(il, "ffn_norm.weight"), c.n_embd));
  HEARTH_ASSIGN_OR_RETURN(layer.ffn, LoadSwiGlu(weights, c, il, options.ffn_bias));
  return layer;
}

}  // namespace

Result<std::unique_ptr<ArchModel>> LoadPreNormDecoder(const ModelConfig& c, WeightReader& weights,
                                                      const DecoderOptions& options) {
  auto model = std::make_unique<PreNormDecoder>();
  HEARTH_ASSIGN_OR_RETURN(model->token_embd,
                          weights.Embedding("token_embd.weight", c.n_embd, c.n_vocab));
  const uint64_t embedding_bytes = weights.bytes_used();
  for (int il = 0; il < c.n_layer; ++il) {
    HEARTH_ASSIGN_OR_RETURN(PreNormDecoder::Layer layer, LoadLayer(weights, c, il, options));
    model->layers.push_back(layer);
  }
  HEARTH_ASSIGN_OR_RETURN(model->output_norm, weights.Vector("output_norm.weight", c.n_embd));
  const bool tied = !weights.Has("output.weight");
  HEARTH_ASSIGN_OR_RETURN(model->output, LoadOutputHead(weights, c, options.output_bias));
  model->attention.rope = c.rope_params();
  if (options.rope_freqs) {
    HEARTH_ASSIGN_OR_RETURN(model->attention.rope.freq_factors,
                            weights.OptionalVector("rope_freqs.weight", c.rope.n_rot / 2));
  }
  // A decoded token reads one row of the embedding table, the whole of everything else.
  model->weight_bytes_per_token = weights.bytes_used() - (tied ? 0 : embedding_bytes);
  return std::unique_ptr<ArchModel>(std::move(model));
}

}  // namespace hearth
