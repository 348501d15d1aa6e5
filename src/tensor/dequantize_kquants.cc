// Dequantization of the 256-element super-block formats (K-quants, Q8_K, IQ4_XS). As in
// dequantize.cc, each formula repeats ggml's float operations in ggml's order, so results are
// bit-identical to dequantize_row_*.
//
// Element e (0..255) of a block lives at:
//   Q2_K/Q3_K  low 2 bits: qs[32*(e/128) + e%32], bit pair (e%128)/32   (Q2BitsAt)
//   Q3_K       high bit:   hmask[e%32], bit e/32 (set: q - 0, clear: q - 4)
//   Q4_K/Q5_K  nibble:     qs[32*(e/64) + e%32], low nibble if e%64 < 32
//   Q5_K       5th bit:    qh[e%32], bit e/32
//   Q6_K       low 4 bits: ql[64*(e/128) + 32*((e/32)%2) + e%32], high nibble if (e%128) >= 64
//              high 2:     qh[32*(e/128) + e%32], bit pair (e%128)/32
//   IQ4_XS     nibble:     qs[16*(e/32) + e%16], high nibble if e%32 >= 16
#include "tensor/blocks.h"
#include "tensor/kquant_scales.h"
#include "tensor/quant_rows.h"

// Clang would otherwise fuse a * b + c into one rounding (GCC does not in ISO C++ mode), and the
// results must match ggml's unfused arithmetic bit for bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace hearth::rows {

// x = (d * (scale & 0xF)) * q - dmin * (scale >> 4), per 16-element sub-block.
void DequantizeQ2_K(const void* x, float* y, int64_t n) {
  const BlockQ2_K* b = static_cast<const BlockQ2_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    const float d = F16ToF32(b[i].d);
    const float dmin = F16ToF32(b[i].dmin);
    for (int s = 0; s < kQK_K / 16; ++s) {
      const uint8_t sc = b[i].scales[s];
      const float dl = d * float(sc & 0xF);
      const float ml = dmin * float(sc >> 4);
      for (int e = 16 * s; e < 16 * s + 16; ++e) y[e] = dl * float(Q2BitsAt(b[i].qs, e)) - ml;
    }
  }
}

// x = (d * (scale - 32)) * (q - 4 * !hbit), per 16-element sub-block.
void DequantizeQ3_K(const void* x, float* y, int64_t n) {
  const BlockQ3_K* b = static_cast<const BlockQ3_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    const float d = F16ToF32(b[i].d);
    int8_t scales[16];
    UnpackQ3KScales(b[i].scales, scales);
    for (int s = 0; s < kQK_K / 16; ++s) {
      const float dl = d * float(scales[s]);
      for (int e = 16 * s; e < 16 * s + 16; ++e) {
        const bool high = (b[i].hmask[e % 32] >> (e / 32)) & 1;
        y[e] = dl * float(Q2BitsAt(b[i].qs, e) - (high ? 0 : 4));
      }
    }
  }
}

// x = (d * scale) * q - dmin * min, per 32-element sub-block; `fifth` (Q5_K's qh) may be null.
static void DequantizeK4K5(const uint8_t* packed_scales, float d, float dmin, const uint8_t* qs,
                           const uint8_t* fifth, float* y) {
  for (int s = 0; s < kQK_K / 32; ++s) {
    const ScaleMin sm = UnpackScaleMinK4(s, packed_scales);
    const float dl = d * float(sm.scale);
    const float ml = dmin * float(sm.min);
    const uint8_t* q = qs + 32 * (s / 2);
    const int shift = 4 * (s % 2);
    for (int l = 0; l < 32; ++l) {
      int v = (q[l] >> shift) & 0xF;
      if (fifth != nullptr && ((fifth[l] >> s) & 1)) v += 16;
      y[32 * s + l] = dl * float(v) - ml;
    }
  }
}

void DequantizeQ4_K(const void* x, float* y, int64_t n) {
  const BlockQ4_K* b = static_cast<const BlockQ4_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    DequantizeK4K5(b[i].scales, F16ToF32(b[i].d), F16ToF32(b[i].dmin), b[i].qs, nullptr, y);
  }
}

void DequantizeQ5_K(const void* x, float* y, int64_t n) {
  const BlockQ5_K* b = static_cast<const BlockQ5_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    DequantizeK4K5(b[i].scales, F16ToF32(b[i].d), F16ToF32(b[i].dmin), b[i].qs, b[i].qh, y);
  }
}

// x = (d * scale) * (q - 32), q = 4 low bits | 2 high bits << 4, per 16-element sub-block.
void DequantizeQ6_K(const void* x, float* y, int64_t n) {
  const BlockQ6_K* b = static_cast<const BlockQ6_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    const float d = F16ToF32(b[i].d);
    for (int e = 0; e < kQK_K; ++e) {
      const int half = e / 128, quarter = (e % 128) / 32, l = e % 32;
      const uint8_t low_byte = b[i].ql[64 * half + 32 * (quarter % 2) + l];
      const int low = quarter < 2 ? low_byte & 0xF : low_byte >> 4;
      const int high = (b[i].qh[32 * half + l] >> (2 * quarter)) & 3;
      const int q = (low | (high << 4)) - 32;
      y[e] = d * float(b[i].scales[e / 16]) * float(q);
    }
  }
}

void DequantizeQ8_K(const void* x, float* y, int64_t n) {
  const BlockQ8_K* b = static_cast<const BlockQ8_K*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    for (int e = 0; e < kQK_K; ++e) y[e] = b[i].d * float(b[i].qs[e]);
  }
}

// x = (d * (scale - 32)) * kIQ4NLValues[nibble], per 32-element sub-block.
void DequantizeIQ4_XS(const void* x, float* y, int64_t n) {
  const BlockIQ4_XS* b = static_cast<const BlockIQ4_XS*>(x);
  for (int64_t i = 0; i < n / kQK_K; ++i, y += kQK_K) {
    const float d = F16ToF32(b[i].d);
    for (int s = 0; s < kQK_K / 32; ++s) {
      const float dl = d * float(IQ4XSScale(b[i], s));
      const uint8_t* q = b[i].qs + 16 * s;
      for (int j = 0; j < 16; ++j) {
        y[32 * s + j] = dl * float(kIQ4NLValues[q[j] & 0xF]);
        y[32 * s + j + 16] = dl * float(kIQ4NLValues[q[j] >> 4]);
      }
    }
  }
}

}  // namespace hearth::rows
