#include "base/fp16.h"

#include <gtest/gtest.h>

#include <cmath>

#if defined(__F16C__)
#include <immintrin.h>
#endif

namespace hearth {
namespace {

TEST(Fp16Test, EveryHalfRoundTripsThroughFloat) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    const f16 h{uint16_t(bits)};
    const float f = F16ToF32(h);
    if (std::isnan(f)) continue;
    EXPECT_EQ(F32ToF16(f).bits, h.bits) << "bits " << bits;
  }
}

TEST(Fp16Test, KnownValues) {
  EXPECT_EQ(F16ToF32(f16{0x3C00}), 1.0f);
  EXPECT_EQ(F16ToF32(f16{0xC000}), -2.0f);
  EXPECT_EQ(F16ToF32(f16{0x0001}), std::ldexp(1.0f, -24));
  EXPECT_EQ(F32ToF16(65504.0f).bits, 0x7BFF);
  EXPECT_EQ(F32ToF16(1e6f).bits, 0x7C00);
  EXPECT_EQ(F32ToF16(1.0f + std::ldexp(1.0f, -11)).bits, 0x3C00);  // tie rounds to even
  EXPECT_EQ(F32ToF16(1.0f + 3 * std::ldexp(1.0f, -11)).bits, 0x3C02);
}

TEST(Fp16Test, Bf16RoundsToNearestEven) {
  EXPECT_EQ(F32ToBf16(1.0f).bits, 0x3F80);
  EXPECT_EQ(Bf16ToF32(bf16{0x3F80}), 1.0f);
  EXPECT_EQ(F32ToBf16(BitsToFloat(0x3F808000u)).bits, 0x3F80);  // tie, even stays
  EXPECT_EQ(F32ToBf16(BitsToFloat(0x3F818000u)).bits, 0x3F82);  // tie, odd rounds up
  EXPECT_TRUE(std::isnan(Bf16ToF32(F32ToBf16(NAN))));
}

}  // namespace
}  // namespace hearth
