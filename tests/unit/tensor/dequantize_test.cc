// DequantizeRow against ggml: every element bit-identical to ggml's dequantization of a real
// tensor (../shared/fixtures/quant/pure-TYPE.gguf, blk.0.attn_q.weight, 256x256), plus
// hand-built blocks that pin individual bit positions.
#include "tensor/dequantize.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "shared_data.h"
#include "tensor/blocks.h"

namespace hearth {
namespace {

struct Fixture {
  const char* file_type;  // the llama.cpp file type in the name ("Q3_K_S")
  DType type;             // the tensor's type
};

constexpr Fixture kFixtures[] = {
    {"F16", DType::kF16},       {"BF16", DType::kBF16},     {"Q4_0", DType::kQ4_0},
    {"Q4_1", DType::kQ4_1},     {"Q5_0", DType::kQ5_0},     {"Q5_1", DType::kQ5_1},
    {"Q8_0", DType::kQ8_0},     {"Q2_K", DType::kQ2_K},     {"Q3_K_S", DType::kQ3_K},
    {"Q4_K_S", DType::kQ4_K},   {"Q5_K_S", DType::kQ5_K},   {"Q6_K", DType::kQ6_K},
    {"IQ4_NL", DType::kIQ4_NL}, {"IQ4_XS", DType::kIQ4_XS},
};

constexpr const char* kTensor = "blk.0.attn_q.weight";

std::vector<float> ReadFloats(const std::string& path) {
  std::vector<float> v;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return v;
  std::fseek(f, 0, SEEK_END);
  const long bytes = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  v.resize(size_t(bytes) / sizeof(float));
  const size_t got = std::fread(v.data(), sizeof(float), v.size(), f);
  std::fclose(f);
  v.resize(got);
  return v;
}

class DequantizeFixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(DequantizeFixtureTest, BitExactWithGgml) {
  const Fixture& fx = GetParam();
  const std::string stem = std::string("fixtures/quant/pure-") + fx.file_type;
  Result<GgufFile> file = GgufFile::Open(testing::SharedPath(stem + ".gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const GgufTensorInfo* t = file->FindTensor(kTensor);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->type, fx.type) << DTypeName(t->type);
  const std::vector<float> want = ReadFloats(testing::SharedPath(stem + "." + kTensor + ".f32"));
  ASSERT_EQ(int64_t(want.size()), t->num_elements());

  // Row by row, as the engine reads weights.
  const int64_t row = t->row_length();
  const size_t row_bytes = RowBytes(t->type, row);
  std::vector<float> got(want.size());
  for (int64_t r = 0; r < t->num_rows(); ++r) {
    DequantizeRow(t->type, t->data + r * row_bytes, got.data() + r * row, row);
  }
  int64_t mismatches = 0, first = -1;
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(float)) != 0) {
      if (first < 0) first = int64_t(i);
      ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0) << "first at " << first << ": got " << got[size_t(first)] << " want "
                           << want[size_t(first)];
  // The whole tensor in one call (a row is any multiple of the block size).
  std::vector<float> whole(want.size());
  DequantizeRow(t->type, t->data, whole.data(), t->num_elements());
  EXPECT_EQ(std::memcmp(whole.data(), want.data(), want.size() * sizeof(float)), 0);
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, DequantizeFixtureTest, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                           return std::string(info.param.file_type);
                         });

// ---- Hand-built blocks: one element at a time, so a wrong bit position fails by name. ----

TEST(DequantizeTest, Q4_0NibbleOrder) {
  BlockQ4_0 b{};
  b.d = F32ToF16(0.5f);
  for (int j = 0; j < 16; ++j) b.qs[j] = uint8_t(j | ((15 - j) << 4));
  float y[32];
  DequantizeRow(DType::kQ4_0, &b, y, 32);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(y[j], 0.5f * float(j - 8)) << j;
    EXPECT_EQ(y[j + 16], 0.5f * float(7 - j)) << j;
  }
}

TEST(DequantizeTest, Q5_1FifthBitAndMin) {
  BlockQ5_1 b{};
  b.d = F32ToF16(1.0f);
  b.m = F32ToF16(-3.0f);
  const uint32_t qh = 0x80000001u;  // elements 0 and 31 get +16
  std::memcpy(b.qh, &qh, 4);
  b.qs[0] = 0x21;   // element 0: 1, element 16: 2
  b.qs[15] = 0x70;  // element 15: 0, element 31: 7
  float y[32];
  DequantizeRow(DType::kQ5_1, &b, y, 32);
  EXPECT_EQ(y[0], 17.0f - 3.0f);
  EXPECT_EQ(y[16], 2.0f - 3.0f);
  EXPECT_EQ(y[15], -3.0f);
  EXPECT_EQ(y[31], 23.0f - 3.0f);
  EXPECT_EQ(y[1], -3.0f);
}

TEST(DequantizeTest, Q8_KUsesF32Scale) {
  BlockQ8_K b{};
  b.d = -0.25f;
  for (int j = 0; j < kQK_K; ++j) b.qs[j] = int8_t(j - 128);
  std::vector<float> y(kQK_K);
  DequantizeRow(DType::kQ8_K, &b, y.data(), kQK_K);
  for (int j = 0; j < kQK_K; ++j) ASSERT_EQ(y[size_t(j)], -0.25f * float(j - 128)) << j;
}

TEST(DequantizeTest, Q6_KElementPositions) {
  // Element e gets q = e % 64 - 32 (all 6 bits exercised), scale 1, d = 1.
  BlockQ6_K b{};
  b.d = F32ToF16(1.0f);
  for (int s = 0; s < 16; ++s) b.scales[s] = int8_t(s + 1);
  for (int e = 0; e < kQK_K; ++e) {
    const int v = e % 64, half = e / 128, quarter = (e % 128) / 32, l = e % 32;
    b.ql[64 * half + 32 * (quarter % 2) + l] |= uint8_t((v & 0xF) << (quarter < 2 ? 0 : 4));
    b.qh[32 * half + l] |= uint8_t((v >> 4) << (2 * quarter));
  }
  std::vector<float> y(kQK_K);
  DequantizeRow(DType::kQ6_K, &b, y.data(), kQK_K);
  for (int e = 0; e < kQK_K; ++e) {
    ASSERT_EQ(y[size_t(e)], float((e / 16 + 1) * (e % 64 - 32))) << e;
  }
}

}  // namespace
}  // namespace hearth
