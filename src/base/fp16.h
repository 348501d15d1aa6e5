// IEEE half (f16) and bfloat16 (bf16) storage types with exact scalar conversions.
// f16/bf16 -> f32 is exact; f32 -> f16/bf16 rounds to nearest even (as F16C and ggml do).
#pragma once

#include <cstdint>
#include <cstring>

namespace hearth {

struct f16 {
  uint16_t bits;
};
struct bf16 {
  uint16_t bits;
};
static_assert(sizeof(f16) == 2 && sizeof(bf16) == 2);

inline uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float BitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

inline float F16ToF32(f16 h) {
  const uint32_t sign = uint32_t(h.bits & 0x8000u) << 16;
  const uint32_t exp = (h.bits >> 10) & 0x1Fu;
  const uint32_t mant = h.bits & 0x3FFu;
  if (exp == 0x1F) return BitsToFloat(sign | 0x7F800000u | (mant << 13));  // inf / nan
  if (exp != 0) return BitsToFloat(sign | ((exp + 112u) << 23) | (mant << 13));
  if (mant == 0) return BitsToFloat(sign);
  // Subnormal half: value = mant * 2^-24, exactly representable in f32.
  const float magnitude = float(mant) * BitsToFloat(0x33800000u);  // 2^-24
  return BitsToFloat(sign | FloatBits(magnitude));
}

inline f16 F32ToF16(float f) {
  const uint32_t x = FloatBits(f);
  const uint16_t sign = uint16_t((x >> 16) & 0x8000u);
  const uint32_t abs = x & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) {  // inf or nan (keep nan quiet)
    return f16{uint16_t(sign | 0x7C00u | (abs > 0x7F800000u ? 0x200u | ((abs >> 13) & 0x3FFu) : 0u))};
  }
  if (abs >= 0x477FF000u) return f16{uint16_t(sign | 0x7C00u)};  // rounds to >= 65536: inf
  if (abs < 0x38800000u) {  // below the smallest normal half (2^-14): subnormal or zero
    // Adding 0.5 (as a float) aligns the mantissa so that the FPU rounds to nearest even.
    const float sub = BitsToFloat(abs) + 0.5f;
    return f16{uint16_t(sign | uint16_t(FloatBits(sub) - FloatBits(0.5f)))};
  }
  const uint32_t mant_odd = (abs >> 13) & 1u;
  const uint32_t rounded = abs + 0xC8000FFFu + mant_odd;  // rebias exponent (-112<<23) + round
  return f16{uint16_t(sign | uint16_t(rounded >> 13))};
}

inline float Bf16ToF32(bf16 b) { return BitsToFloat(uint32_t(b.bits) << 16); }

inline bf16 F32ToBf16(float f) {
  const uint32_t x = FloatBits(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return bf16{uint16_t((x >> 16) | 64u)};  // quiet nan
  return bf16{uint16_t((x + (0x7FFFu + ((x >> 16) & 1u))) >> 16)};
}

}  // namespace hearth
