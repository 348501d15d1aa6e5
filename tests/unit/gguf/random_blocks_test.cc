// tensor/random_blocks: lives here because the random-model writer is its main user.
#include "tensor/random_blocks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tensor/blocks.h"
#include "tensor/dequantize.h"

namespace hearth {
namespace {

TEST(RandomBlocksTest, EveryTypeDequantizesToSmallFiniteValues) {
  for (const DTypeTraits& t : AllDTypes()) {
    if (t.type == DType::kI8 || t.type == DType::kI16 || t.type == DType::kI32) continue;
    SCOPED_TRACE(t.name);
    const int64_t n = 4 * 256;
    std::vector<uint8_t> blocks(RowBytes(t.type, n));
    FillRandomBlocks(t.type, blocks.data(), n, 7);
    std::vector<float> values(n);
    DequantizeRow(t.type, blocks.data(), values.data(), n);
    double sum_sq = 0;
    float max_abs = 0;
    for (float v : values) {
      ASSERT_TRUE(std::isfinite(v));
      max_abs = std::max(max_abs, std::fabs(v));
      sum_sq += double(v) * v;
    }
    EXPECT_LT(max_abs, 0.5f);
    EXPECT_GT(sum_sq, 0.0);  // not all zero
  }
}

TEST(RandomBlocksTest, DeterministicPerSeed) {
  std::vector<uint8_t> a(RowBytes(DType::kQ4_K, 512)), b(a.size()), c(a.size());
  FillRandomBlocks(DType::kQ4_K, a.data(), 512, 1);
  FillRandomBlocks(DType::kQ4_K, b.data(), 512, 1);
  FillRandomBlocks(DType::kQ4_K, c.data(), 512, 2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(RandomBlocksTest, ActivationSumsAreConsistent) {
  std::vector<uint8_t> q8k(RowBytes(DType::kQ8_K, 256));
  FillRandomBlocks(DType::kQ8_K, q8k.data(), 256, 3);
  const auto* blk = reinterpret_cast<const BlockQ8_K*>(q8k.data());
  for (int g = 0; g < 16; ++g) {
    int sum = 0;
    for (int j = 0; j < 16; ++j) sum += blk->qs[16 * g + j];
    EXPECT_EQ(blk->bsums[g], sum);
  }
}

}  // namespace
}  // namespace hearth
