#include "kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/check.h"

namespace hearth {

float* AttentionScratch::Reserve(int n_threads, int64_t n_scores) {
  const size_t needed = size_t(std::max(n_threads, 1)) * size_t(std::max<int64_t>(n_scores, 1));
  if (scores_.size() < needed) scores_.resize(needed);
  return scores_.data();
}

void AttendGroup(const KernelSet& kernels, const AttentionParams& p, const f16* k, const f16* v,
                 int64_t n, int n_q, const float* q, float* out, float* scores,
                 bool round_probabilities) {
  HEARTH_DCHECK(n >= 0 && n_q > 0 && p.head_dim > 0);
  const OpKernels& ops = kernels.ops;
  const int64_t d = p.head_dim;
  if (n == 0) {
    std::memset(out, 0, size_t(n_q) * size_t(d) * sizeof(float));
    return;
  }
  ops.attn_scores(q, n_q, k, n, d, p.scale, scores);
  for (int g = 0; g < n_q; ++g) {
    float* s = scores + g * n;
    if (p.softcap > 0.0f) {
      const float inv_cap = 1.0f / p.softcap;
      for (int64_t j = 0; j < n; ++j) s[j] = p.softcap * std::tanh(s[j] * inv_cap);
    }
    ops.softmax(s, n);
    if (round_probabilities) RoundToF16(kernels.quant, s, n);
  }
  ops.attn_values(scores, n_q, v, n, d, out);
}

void RoundToF16(const QuantKernels& kernels, float* x, int64_t n) {
  const QuantizeRowFn to_f16 = kernels.quantize_row[Slot(DType::kF16)];
  const DequantizeRowFn from_f16 = kernels.dequantize_row[Slot(DType::kF16)];
  constexpr int64_t kChunk = 256;
  f16 buf[kChunk];
  for (int64_t i = 0; i < n; i += kChunk) {
    const int64_t len = std::min(kChunk, n - i);
    to_f16(x + i, buf, len);
    from_f16(buf, x + i, len);
  }
}

}  // namespace hearth
