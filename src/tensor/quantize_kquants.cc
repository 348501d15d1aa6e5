// Weight quantizers for the 256-element super-block formats (Q2_K..Q6_K, IQ4_XS). Each one:
//   1. fits every sub-block on its own (quant_fit.cc);
//   2. quantizes the sub-block scales (and mins) against one super-block scale, as ggml does;
//   3. re-picks every level with the final, f16-rounded scales, then packs the bits (layouts in
//      dequantize_kquants.cc).
// The choice of scales is ours, not ggml's; the bytes are valid blocks of each format.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "tensor/blocks.h"
#include "tensor/kquant_scales.h"
#include "tensor/quant_common.h"
#include "tensor/quant_rows.h"

namespace hearth::rows {
namespace {

// Largest value of v[0..n), or 0 if all are <= 0.
float MaxOf(const float* v, int n) {
  float m = 0.0f;
  for (int j = 0; j < n; ++j) m = std::max(m, v[j]);
  return m;
}

// The value of v[0..n) with the largest magnitude, keeping its sign.
float SignedMaxOf(const float* v, int n) {
  float best = 0.0f;
  for (int j = 0; j < n; ++j) {
    if (std::fabs(v[j]) > std::fabs(best)) best = v[j];
  }
  return best;
}

// Affine formats: 16-element sub-blocks of Q2_K (nmax 3, 4-bit scales) and 32-element ones of
// Q4_K/Q5_K (nmax 15/31, 6-bit scales). Writes the quantized sub-block scales and mins
// (ls, lm < scale_levels), f16 d and dmin, and levels q[0..256).
void QuantizeAffineBlock(const float* x, int sub, int nmax, int scale_max, uint8_t* ls, uint8_t* lm,
                         f16* d, f16* dmin, uint8_t* q) {
  const int n_sub = kQK_K / sub;
  float scales[16], mins[16];
  for (int s = 0; s < n_sub; ++s) scales[s] = FitAffine(x + sub * s, sub, nmax, &mins[s], nullptr);
  const float max_scale = MaxOf(scales, n_sub), max_min = MaxOf(mins, n_sub);
  const float inv_scale = max_scale > 0 ? float(scale_max) / max_scale : 0.0f;
  const float inv_min = max_min > 0 ? float(scale_max) / max_min : 0.0f;
  *d = F32ToF16(max_scale / float(scale_max));
  *dmin = F32ToF16(max_min / float(scale_max));
  for (int s = 0; s < n_sub; ++s) {
    ls[s] = uint8_t(std::clamp(NearestInt(inv_scale * scales[s]), 0, scale_max));
    lm[s] = uint8_t(std::clamp(NearestInt(inv_min * mins[s]), 0, scale_max));
    const float dl = F16ToF32(*d) * float(ls[s]);
    const float ml = F16ToF32(*dmin) * float(lm[s]);
    for (int j = sub * s; j < sub * (s + 1); ++j) {
      q[j] = dl > 0 ? uint8_t(std::clamp(NearestInt((x[j] + ml) / dl), 0, nmax)) : 0;
    }
  }
}

// Symmetric formats: 16-element sub-blocks with x ~= d * ls * q, q in [-nneg, npos], and
// signed sub-block scales ls in [-scale_neg, scale_neg - 1]. Returns d; writes ls and q.
float QuantizeSymmetricBlock(const float* x, int nneg, int npos, int scale_neg, int8_t* ls,
                             int8_t* q, f16* d_out) {
  float scales[16];
  for (int s = 0; s < 16; ++s) scales[s] = FitSymmetric(x + 16 * s, 16, nneg, npos, nullptr);
  const float max_scale = SignedMaxOf(scales, 16);
  if (max_scale == 0.0f) {
    std::memset(ls, 0, 16);
    std::memset(q, 0, kQK_K);
    *d_out = F32ToF16(0.0f);
    return 0.0f;
  }
  const float iscale = -float(scale_neg) / max_scale;
  *d_out = F32ToF16(1.0f / iscale);
  const float d = F16ToF32(*d_out);
  for (int s = 0; s < 16; ++s) {
    ls[s] = int8_t(std::clamp(NearestInt(iscale * scales[s]), -scale_neg, scale_neg - 1));
    const float dl = d * float(ls[s]);
    for (int j = 16 * s; j < 16 * s + 16; ++j) {
      q[j] = dl != 0 ? int8_t(std::clamp(NearestInt(x[j] / dl), -nneg, npos)) : 0;
    }
  }
  return d;
}

// Stores 2-bit values (q & 3) at the Q2_K/Q3_K positions (kquant_scales.h: Q2BitsAt).
void PackTwoBits(const uint8_t* q, uint8_t* qs) {
  std::memset(qs, 0, kQK_K / 4);
  for (int e = 0; e < kQK_K; ++e) {
    qs[32 * (e / 128) + e % 32] |= uint8_t((q[e] & 3) << (2 * ((e % 128) / 32)));
  }
}

// Stores 4-bit values at the Q4_K/Q5_K positions: qs[32*(e/64) + e%32], high nibble if e%64>=32.
void PackNibblesK(const uint8_t* q, uint8_t* qs) {
  std::memset(qs, 0, kQK_K / 2);
  for (int e = 0; e < kQK_K; ++e) {
    qs[32 * (e / 64) + e % 32] |= uint8_t((q[e] & 0xF) << (e % 64 >= 32 ? 4 : 0));
  }
}

}  // namespace

void QuantizeQ2_K(const float* x, void* y, int64_t n) {
  BlockQ2_K* b = static_cast<BlockQ2_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    uint8_t ls[16], lm[16], q[kQK_K];
    QuantizeAffineBlock(x, 16, 3, 15, ls, lm, &b[i].d, &b[i].dmin, q);
    for (int s = 0; s < 16; ++s) b[i].scales[s] = uint8_t(ls[s] | (lm[s] << 4));
    PackTwoBits(q, b[i].qs);
  }
}

void QuantizeQ4_K(const float* x, void* y, int64_t n) {
  BlockQ4_K* b = static_cast<BlockQ4_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    uint8_t ls[8], lm[8], q[kQK_K];
    QuantizeAffineBlock(x, 32, 15, 63, ls, lm, &b[i].d, &b[i].dmin, q);
    PackScaleMinK4(ls, lm, b[i].scales);
    PackNibblesK(q, b[i].qs);
  }
}

void QuantizeQ5_K(const float* x, void* y, int64_t n) {
  BlockQ5_K* b = static_cast<BlockQ5_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    uint8_t ls[8], lm[8], q[kQK_K];
    QuantizeAffineBlock(x, 32, 31, 63, ls, lm, &b[i].d, &b[i].dmin, q);
    PackScaleMinK4(ls, lm, b[i].scales);
    PackNibblesK(q, b[i].qs);
    std::memset(b[i].qh, 0, sizeof(b[i].qh));
    for (int e = 0; e < kQK_K; ++e) b[i].qh[e % 32] |= uint8_t((q[e] >> 4) << (e / 32));
  }
}

// q in [-4, 3] stored as q + 4: 2 low bits in qs, bit 2 in hmask[e%32] bit e/32.
void QuantizeQ3_K(const float* x, void* y, int64_t n) {
  BlockQ3_K* b = static_cast<BlockQ3_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    int8_t ls[16], q[kQK_K];
    QuantizeSymmetricBlock(x, 4, 3, 32, ls, q, &b[i].d);
    PackQ3KScales(ls, b[i].scales);
    uint8_t biased[kQK_K];
    std::memset(b[i].hmask, 0, sizeof(b[i].hmask));
    for (int e = 0; e < kQK_K; ++e) {
      biased[e] = uint8_t(q[e] + 4);
      b[i].hmask[e % 32] |= uint8_t((biased[e] >> 2) << (e / 32));
    }
    PackTwoBits(biased, b[i].qs);
  }
}

// q in [-32, 31] stored as q + 32: low 4 bits in ql, top 2 bits in qh (dequantize_kquants.cc).
void QuantizeQ6_K(const float* x, void* y, int64_t n) {
  BlockQ6_K* b = static_cast<BlockQ6_K*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    int8_t q[kQK_K];
    QuantizeSymmetricBlock(x, 32, 31, 128, b[i].scales, q, &b[i].d);
    std::memset(b[i].ql, 0, sizeof(b[i].ql));
    std::memset(b[i].qh, 0, sizeof(b[i].qh));
    for (int e = 0; e < kQK_K; ++e) {
      const int v = q[e] + 32, half = e / 128, quarter = (e % 128) / 32, l = e % 32;
      b[i].ql[64 * half + 32 * (quarter % 2) + l] |= uint8_t((v & 0xF) << (quarter < 2 ? 0 : 4));
      b[i].qh[32 * half + l] |= uint8_t((v >> 4) << (2 * quarter));
    }
  }
}

// 8 sub-blocks of 32: non-linear levels, signed 6-bit sub-block scales against f16 d.
void QuantizeIQ4_XS(const float* x, void* y, int64_t n) {
  BlockIQ4_XS* b = static_cast<BlockIQ4_XS*>(y);
  for (int64_t i = 0; i < n / kQK_K; ++i, x += kQK_K) {
    float scales[8];
    for (int s = 0; s < 8; ++s) scales[s] = FitNonLinear(x + 32 * s, 32, nullptr);
    const float max_scale = SignedMaxOf(scales, 8);
    const float iscale = max_scale != 0.0f ? -32.0f / max_scale : 0.0f;
    b[i].d = F32ToF16(max_scale != 0.0f ? 1.0f / iscale : 0.0f);
    const float d = F16ToF32(b[i].d);
    b[i].scales_h = 0;
    std::memset(b[i].scales_l, 0, sizeof(b[i].scales_l));
    for (int s = 0; s < 8; ++s) {
      const int ls = std::clamp(NearestInt(iscale * scales[s]), -32, 31);
      b[i].scales_l[s / 2] |= uint8_t(((ls + 32) & 0xF) << (4 * (s % 2)));
      b[i].scales_h |= uint16_t(((ls + 32) >> 4) << (2 * s));
      const float dl = d * float(ls);
      const float id = dl != 0.0f ? 1.0f / dl : 0.0f;
      uint8_t* qs = b[i].qs + 16 * s;
      for (int j = 0; j < 16; ++j) {
        const int lo = NearestIQ4Level(x[32 * s + j] * id);
        const int hi = NearestIQ4Level(x[32 * s + j + 16] * id);
        qs[j] = uint8_t(lo | (hi << 4));
      }
    }
  }
}

}  // namespace hearth::rows
