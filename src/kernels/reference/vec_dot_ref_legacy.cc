// Reference dot products of the 32-element block formats with Q8_0 / Q8_1 activations: an exact
// int32 sum per block, then one f32 scaling per block with ggml's operand order (the order
// changes the last bit, and the reference engine's numbers are what we compare with).
#include <cstring>

#include "kernels/reference/vec_dot_ref.h"
#include "tensor/blocks.h"

// Clang would otherwise fuse a * b + c into one rounding (GCC does not in ISO C++ mode), and the
// results must match ggml's unfused arithmetic bit for bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace hearth::internal::ref {
namespace {

// sum over the block of w_q[j] * a.qs[j], with w_q given by `weight(j)` (j in 0..31).
template <typename WeightFn>
int BlockSum(const int8_t* aq, WeightFn weight) {
  int sum = 0;
  for (int j = 0; j < 32; ++j) sum += weight(j) * aq[j];
  return sum;
}

// Nibble of element j (0..31): low nibble of qs[j] for j < 16, high nibble of qs[j - 16] after.
inline int Nibble(const uint8_t* qs, int j) { return j < 16 ? qs[j] & 0xF : qs[j - 16] >> 4; }

inline int FifthBit(const uint8_t qh_bytes[4], int j) {
  uint32_t qh;
  std::memcpy(&qh, qh_bytes, 4);
  return int((qh >> j) & 1u) << 4;
}

}  // namespace

float VecDotQ4_0(int64_t n, const void* w, const void* a) {
  const BlockQ4_0* x = static_cast<const BlockQ4_0*>(w);
  const BlockQ8_0* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK4_0; ++i) {
    const int s = BlockSum(y[i].qs, [&](int j) { return Nibble(x[i].qs, j) - 8; });
    sum += float(s) * F16ToF32(x[i].d) * F16ToF32(y[i].d);
  }
  return sum;
}

// The min term m * sum(a) comes from the activation block's s = d_a * sum(q_a).
float VecDotQ4_1(int64_t n, const void* w, const void* a) {
  const BlockQ4_1* x = static_cast<const BlockQ4_1*>(w);
  const BlockQ8_1* y = static_cast<const BlockQ8_1*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK4_1; ++i) {
    const int s = BlockSum(y[i].qs, [&](int j) { return Nibble(x[i].qs, j); });
    sum += (F16ToF32(x[i].d) * F16ToF32(y[i].d)) * float(s) + F16ToF32(x[i].m) * F16ToF32(y[i].s);
  }
  return sum;
}

float VecDotQ5_0(int64_t n, const void* w, const void* a) {
  const BlockQ5_0* x = static_cast<const BlockQ5_0*>(w);
  const BlockQ8_0* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK5_0; ++i) {
    const int s =
        BlockSum(y[i].qs, [&](int j) { return (Nibble(x[i].qs, j) | FifthBit(x[i].qh, j)) - 16; });
    sum += (F16ToF32(x[i].d) * F16ToF32(y[i].d)) * float(s);
  }
  return sum;
}

float VecDotQ5_1(int64_t n, const void* w, const void* a) {
  const BlockQ5_1* x = static_cast<const BlockQ5_1*>(w);
  const BlockQ8_1* y = static_cast<const BlockQ8_1*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK5_1; ++i) {
    const int s =
        BlockSum(y[i].qs, [&](int j) { return Nibble(x[i].qs, j) | FifthBit(x[i].qh, j); });
    sum += (F16ToF32(x[i].d) * F16ToF32(y[i].d)) * float(s) + F16ToF32(x[i].m) * F16ToF32(y[i].s);
  }
  return sum;
}

float VecDotQ8_0(int64_t n, const void* w, const void* a) {
  const BlockQ8_0* x = static_cast<const BlockQ8_0*>(w);
  const BlockQ8_0* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK8_0; ++i) {
    const int s = BlockSum(y[i].qs, [&](int j) { return int(x[i].qs[j]); });
    sum += float(s) * (F16ToF32(x[i].d) * F16ToF32(y[i].d));
  }
  return sum;
}

float VecDotIQ4_NL(int64_t n, const void* w, const void* a) {
  const BlockIQ4_NL* x = static_cast<const BlockIQ4_NL*>(w);
  const BlockQ8_0* y = static_cast<const BlockQ8_0*>(a);
  float sum = 0.0f;
  for (int64_t i = 0; i < n / kQK4_NL; ++i) {
    const float d = F16ToF32(y[i].d) * F16ToF32(x[i].d);
    const int s = BlockSum(y[i].qs, [&](int j) { return int(kIQ4NLValues[Nibble(x[i].qs, j)]); });
    sum += d * float(s);
  }
  return sum;
}

}  // namespace hearth::internal::ref
