// Reference dot products of the 256-element super-block formats with Q8_K activations.
//
// Integer parts are exact: per sub-block sum(q_w * q_a) times the sub-block scale. The min
// terms of Q2_K/Q4_K/Q5_K use the activations' bsums (sums of q_a per 16 elements), so they
// never touch the weights' levels. The float part follows ggml's generic code: Q2_K and IQ4_XS
// accumulate one f32 term per block / sub-block; Q3_K..Q6_K keep 8 f32 lane sums (lane = element
// index % 8) across blocks and add them at the end, after the min terms.
#include <array>

#include "kernels/reference/vec_dot_ref.h"
#include "tensor/blocks.h"
#include "tensor/kquant_scales.h"

// Clang would otherwise fuse a * b + c into one rounding (GCC does not in ISO C++ mode), and the
// results must match ggml's unfused arithmetic bit for bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace hearth::internal::ref {
namespace {

using Lanes = std::array<int32_t, 8>;

// lanes[e % 8] += scale(e / sub) * w[e] * a[e] over a 256-element block.
template <int kSub, typename ScaleFn>
void AccumulateLanes(const int8_t* w, const int8_t* a, ScaleFn scale, Lanes& lanes) {
  for (int s = 0; s < kQK_K / kSub; ++s) {
    const int32_t sc = scale(s);
    for (int e = kSub * s; e < kSub * (s + 1); ++e) lanes[e % 8] += sc * (w[e] * a[e]);
  }
}

void AddLanes(const Lanes& lanes, float d, std::array<float, 8>& sums) {
  for (int l = 0; l < 8; ++l) sums[l] += d * float(lanes[l]);
}

float Finish(float sum, const std::array<float, 8>& sums) {
  for (float s : sums) sum += s;
  return sum;
}

// Levels of a Q4_K/Q5_K block (0..31); `fifth` (Q5_K's qh) may be null.
void UnpackK4K5Levels(const uint8_t* qs, const uint8_t* fifth, int8_t* q) {
  for (int e = 0; e < kQK_K; ++e) {
    int v = (qs[32 * (e / 64) + e % 32] >> (e % 64 >= 32 ? 4 : 0)) & 0xF;
    if (fifth != nullptr && ((fifth[e % 32] >> (e / 32)) & 1)) v += 16;
    q[e] = int8_t(v);
  }
}

// Q4_K / Q5_K: d * sum_s(scale_s * dot_s) - dmin * sum_s(min_s * bsum_s).
template <typename Block>
float VecDotK4K5(int64_t n, const void* w, const void* a) {
  const Block* x = static_cast<const Block*>(w);
  const BlockQ8_K* y = static_cast<const BlockQ8_K*>(a);
  std::array<float, 8> sums{};
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int8_t q[kQK_K];
    if constexpr (sizeof(Block) == sizeof(BlockQ5_K)) {
      UnpackK4K5Levels(x[i].qs, x[i].qh, q);
    } else {
      UnpackK4K5Levels(x[i].qs, nullptr, q);
    }
    ScaleMin sm[8];
    for (int s = 0; s < 8; ++s) sm[s] = UnpackScaleMinK4(s, x[i].scales);
    int min_sum = 0;
    for (int j = 0; j < 16; ++j) min_sum += y[i].bsums[j] * sm[j / 2].min;
    Lanes lanes{};
    AccumulateLanes<32>(
        q, y[i].qs, [&](int s) { return int32_t(sm[s].scale); }, lanes);
    AddLanes(lanes, F16ToF32(x[i].d) * y[i].d, sums);
    sum -= F16ToF32(x[i].dmin) * y[i].d * float(min_sum);
  }
  return Finish(sum, sums);
}

}  // namespace

// Per block: (d_a * d) * sum_s(scale_s * dot_s) - (d_a * dmin) * sum_s(min_s * bsum_s).
float VecDotQ2_K(int64_t n, const void* w, const void* a) {
  const BlockQ2_K* x = static_cast<const BlockQ2_K*>(w);
  const BlockQ8_K* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int min_sum = 0, dot_sum = 0;
    for (int s = 0; s < 16; ++s) {
      min_sum += y[i].bsums[s] * (x[i].scales[s] >> 4);
      int dot = 0;
      for (int e = 16 * s; e < 16 * s + 16; ++e) dot += y[i].qs[e] * Q2BitsAt(x[i].qs, e);
      dot_sum += (x[i].scales[s] & 0xF) * dot;
    }
    const float dall = y[i].d * F16ToF32(x[i].d);
    const float dmin = y[i].d * F16ToF32(x[i].dmin);
    sum += dall * float(dot_sum) - dmin * float(min_sum);
  }
  return sum;
}

float VecDotQ3_K(int64_t n, const void* w, const void* a) {
  const BlockQ3_K* x = static_cast<const BlockQ3_K*>(w);
  const BlockQ8_K* y = static_cast<const BlockQ8_K*>(a);
  std::array<float, 8> sums{};
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int8_t q[kQK_K];
    for (int e = 0; e < kQK_K; ++e) {
      const bool high = (x[i].hmask[e % 32] >> (e / 32)) & 1;
      q[e] = int8_t(Q2BitsAt(x[i].qs, e) - (high ? 0 : 4));
    }
    int8_t scales[16];
    UnpackQ3KScales(x[i].scales, scales);
    Lanes lanes{};
    AccumulateLanes<16>(
        q, y[i].qs, [&](int s) { return int32_t(scales[s]); }, lanes);
    AddLanes(lanes, F16ToF32(x[i].d) * y[i].d, sums);
  }
  return Finish(0.0f, sums);
}

float VecDotQ4_K(int64_t n, const void* w, const void* a) { return VecDotK4K5<BlockQ4_K>(n, w, a); }

float VecDotQ5_K(int64_t n, const void* w, const void* a) { return VecDotK4K5<BlockQ5_K>(n, w, a); }

float VecDotQ6_K(int64_t n, const void* w, const void* a) {
  const BlockQ6_K* x = static_cast<const BlockQ6_K*>(w);
  const BlockQ8_K* y = static_cast<const BlockQ8_K*>(a);
  std::array<float, 8> sums{};
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    int8_t q[kQK_K];
    for (int e = 0; e < kQK_K; ++e) {
      const int half = e / 128, quarter = (e % 128) / 32, l = e % 32;
      const uint8_t low_byte = x[i].ql[64 * half + 32 * (quarter % 2) + l];
      const int low = quarter < 2 ? low_byte & 0xF : low_byte >> 4;
      const int high = (x[i].qh[32 * half + l] >> (2 * quarter)) & 3;
      q[e] = int8_t((low | (high << 4)) - 32);
    }
    Lanes lanes{};
    AccumulateLanes<16>(
        q, y[i].qs, [&](int s) { return int32_t(x[i].scales[s]); }, lanes);
    AddLanes(lanes, F16ToF32(x[i].d) * y[i].d, sums);
  }
  return Finish(0.0f, sums);
}

// One f32 term per 32-element sub-block: (d * d_a * (scale - 32)) * dot.
float VecDotIQ4_XS(int64_t n, const void* w, const void* a) {
  const BlockIQ4_XS* x = static_cast<const BlockIQ4_XS*>(w);
  const BlockQ8_K* y = static_cast<const BlockQ8_K*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK_K; ++i) {
    const float d4d8 = F16ToF32(x[i].d) * y[i].d;
    for (int s = 0; s < 8; ++s) {
      const uint8_t* qs = x[i].qs + 16 * s;
      const int8_t* aq = y[i].qs + 32 * s;
      int dot = 0;
      for (int j = 0; j < 16; ++j) {
        dot += aq[j] * kIQ4NLValues[qs[j] & 0xF] + aq[j + 16] * kIQ4NLValues[qs[j] >> 4];
      }
      sum += (d4d8 * float(IQ4XSScale(x[i], s))) * float(dot);
    }
  }
  return sum;
}

}  // namespace hearth::internal::ref
