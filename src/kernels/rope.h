// Rotary position embedding (RoPE) over rows of attention heads, with the frequency options of
// the models Hearth runs: a frequency base, linear scaling, per-dimension frequency factors
// (Llama 3.1's `rope_freqs.weight`) and YaRN. Angles are computed exactly as ggml computes them
// (float arithmetic, theta advanced by repeated multiplication), so positions far into the
// context round the same way as in llama.cpp.
//
// For pair i (0 <= i < n_rot/2) at position p:
//   theta_extrap = p * freq_base^(-2i/n_rot) / freq_factors[i]
//   theta        = freq_scale * theta_extrap, blended towards theta_extrap by YaRN's ramp
//   (x_a, x_b)  -> (x_a cos - x_b sin, x_a sin + x_b cos), both scaled by YaRN's mscale
// where the pair is (2i, 2i+1) in the normal style (Llama) and (i, i + n_rot/2) in the NeoX
// style (GPT-NeoX, Qwen, Gemma, Phi). Dimensions from n_rot to head_dim pass through.
#pragma once

#include <cstdint>
#include <vector>

namespace hearth {

enum class RopeStyle {
  kNormal,  // rotate adjacent pairs (2i, 2i+1)
  kNeox,    // rotate (i, i + n_rot/2): the first half against the second
};

struct RopeParams {
  RopeStyle style = RopeStyle::kNormal;
  int n_rot = 0;                        // rotated dims per head: even, <= head_dim
  float freq_base = 10000.0f;           // theta base
  float freq_scale = 1.0f;              // position interpolation: 1 / context scale factor
  const float* freq_factors = nullptr;  // [n_rot / 2] or null; borrowed, must outlive use
  // YaRN (ggml's names and meaning). ext_factor = 0 turns the ramp off; attn_factor still
  // scales the result.
  float ext_factor = 0.0f;
  float attn_factor = 1.0f;
  float beta_fast = 32.0f;
  float beta_slow = 1.0f;
  int n_ctx_orig = 0;  // training context length (YaRN's correction dims)
};

// YaRN's correction range, in rotation-pair indices: pairs below `low` extrapolate, pairs above
// `high` interpolate, a linear ramp between (ggml_rope_yarn_corr_dims).
struct RopeCorrDims {
  float low = 0.0f;
  float high = 0.0f;
};
RopeCorrDims YarnCorrDims(int n_rot, int n_ctx_orig, float freq_base, float beta_fast,
                          float beta_slow);

// The rotation for one position: cos_sin[2i] = cos(theta_i) * mscale and
// cos_sin[2i + 1] = sin(theta_i) * mscale for i < n_rot/2.  cos_sin: [n_rot] f32.
void RopeCosSin(const RopeParams& params, int64_t pos, float* cos_sin);

// Rotates `n_rows` rows in place with one position's cos_sin (from RopeCosSin).
// x: [n_rows, row_stride] f32, each row a head of head_dim >= params.n_rot values.
void RopeRotate(const RopeParams& params, const float* cos_sin, float* x, int64_t n_rows,
                int64_t row_stride);

// Rotations for a range of positions, computed once and applied to every head of q and k of
// each token. Not thread-safe to Prepare while another thread Applies; Apply is const.
class RopeCache {
 public:
  explicit RopeCache(const RopeParams& params);

  // Computes positions [pos_begin, pos_begin + count); reuses its storage (allocates only when
  // count grows past every earlier count).
  void Prepare(int64_t pos_begin, int64_t count);

  // Rotates x: [n_rows, row_stride] at `pos`, which must be within the prepared range.
  void Apply(float* x, int64_t n_rows, int64_t row_stride, int64_t pos) const;

  const RopeParams& params() const { return params_; }

 private:
  RopeParams params_;
  int64_t pos_begin_ = 0;
  int64_t count_ = 0;
  std::vector<float> cos_sin_;  // [count_, n_rot]
};

}  // namespace hearth
