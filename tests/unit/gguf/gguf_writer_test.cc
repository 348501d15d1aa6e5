// Writer -> reader round trips.
#include "gguf/gguf_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "gguf/gguf_file.h"
#include "gguf_test_util.h"
#include "tensor/random_blocks.h"

namespace hearth {
namespace {

using ::hearth::testing::Serialize;

std::vector<uint8_t> Iota(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 7 + 3);
  return v;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "." + std::to_string(::testing::UnitTest::GetInstance()->random_seed())))
      .string();
}

TEST(GgufWriterTest, EveryMetadataTypeRoundTrips) {
  GgufWriter w;
  GgufMetadata expected;
  auto add = [&](const std::string& key, GgufValue v) {
    w.Set(key, v);
    expected.Set(key, std::move(v));
  };
  add("u8", GgufValue(uint8_t{200}));
  add("i8", GgufValue(int8_t{-100}));
  add("u16", GgufValue(uint16_t{60000}));
  add("i16", GgufValue(int16_t{-30000}));
  add("u32", GgufValue(uint32_t{4000000000u}));
  add("i32", GgufValue(int32_t{-2000000000}));
  add("f32", GgufValue(0.1f));
  add("bool", GgufValue(true));
  add("str", GgufValue(std::string("h\0llo", 5)));
  add("empty.str", GgufValue(""));
  add("u64", GgufValue(std::numeric_limits<uint64_t>::max()));
  add("i64", GgufValue(std::numeric_limits<int64_t>::min()));
  add("f64", GgufValue(1e300));
  add("arr.f32", GgufValue(GgufArray(std::vector<float>{1.5f, -2.0f})));
  add("arr.bool", GgufValue(GgufArray(std::vector<bool>{true, false, true})));
  add("arr.str", GgufValue(GgufArray(std::vector<std::string>{"a", "", "ccc"})));
  add("arr.empty", GgufValue(GgufArray(std::vector<int64_t>{})));
  add("arr.nested.str",
      GgufValue(GgufArray(std::vector<GgufArray>{
          GgufArray(std::vector<std::string>{"x", "y"}),
          GgufArray(std::vector<GgufArray>{GgufArray(std::vector<std::string>{"deep"})}),
          GgufArray(std::vector<uint16_t>{7})})));

  const std::vector<uint8_t> bytes = Serialize(w);
  Result<GgufFile> file = GgufFile::Parse(bytes, "roundtrip");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->version(), 3u);
  EXPECT_TRUE(file->tensors().empty());
  ASSERT_EQ(file->metadata().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const GgufKeyValue& got = file->metadata().entries()[i];
    SCOPED_TRACE(got.key);
    EXPECT_EQ(got.key, expected.entries()[i].key);
    EXPECT_EQ(got.value, expected.entries()[i].value);
  }
  EXPECT_EQ(*file->metadata().GetString("str"), std::string_view("h\0llo", 5));
}

TEST(GgufWriterTest, TensorsRoundTripAligned) {
  GgufWriter w;
  w.SetString("general.architecture", "test");
  ASSERT_TRUE(w.AddTensor("a", DType::kF32, {3}, Iota(12)).ok());  // 12 bytes: needs padding
  ASSERT_TRUE(w.AddTensor("b.q8", DType::kQ8_0, {64, 2}, Iota(4 * 34)).ok());
  ASSERT_TRUE(w.AddTensor("c.q4k", DType::kQ4_K, {256, 1, 1, 2}, Iota(2 * 144)).ok());
  ASSERT_TRUE(w.AddTensor("d.f16", DType::kF16, {5, 3}, Iota(30)).ok());
  const std::vector<uint8_t> bytes = Serialize(w);
  EXPECT_EQ(bytes.size(), w.FileSize());
  Result<GgufFile> file = GgufFile::Parse(bytes);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->data_offset() % 32, 0u);
  ASSERT_EQ(file->tensors().size(), 4u);
  const std::vector<std::pair<std::string, size_t>> sizes = {
      {"a", 12}, {"b.q8", 136}, {"c.q4k", 288}, {"d.f16", 30}};
  for (const auto& [name, size] : sizes) {
    const GgufTensorInfo* t = file->FindTensor(name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ(t->offset % 32, 0u);
    ASSERT_EQ(t->size_bytes, size);
    const std::vector<uint8_t> want = Iota(size);
    EXPECT_EQ(std::vector<uint8_t>(t->data, t->data + size), want) << name;
  }
  EXPECT_EQ(file->FindTensor("c.q4k")->shape, (std::vector<int64_t>{256, 1, 1, 2}));
  EXPECT_EQ(file->FindTensor("b.q8")->type, DType::kQ8_0);
}

TEST(GgufWriterTest, CustomAlignment) {
  GgufWriter w;
  ASSERT_TRUE(w.SetAlignment(256).ok());
  ASSERT_TRUE(w.AddTensor("x", DType::kF32, {1}, Iota(4)).ok());
  ASSERT_TRUE(w.AddTensor("y", DType::kF32, {1}, Iota(4)).ok());
  Result<GgufFile> file = GgufFile::Parse(Serialize(w));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->alignment(), 256u);
  EXPECT_EQ(file->data_offset() % 256, 0u);
  EXPECT_EQ(file->FindTensor("y")->offset, 256u);
  EXPECT_FALSE(w.SetAlignment(64).ok());  // after tensors
  GgufWriter bad;
  EXPECT_FALSE(bad.SetAlignment(48).ok());
}

// Found by gguf_fuzzer: a metadata-only file with general.alignment = 2^31 made the writer
// pad the header with 2 GB of zeros.
TEST(GgufWriterTest, HugeAlignmentWithoutTensorsAddsNoPadding) {
  GgufWriter w;
  ASSERT_TRUE(w.SetAlignment(uint32_t{1} << 31).ok());
  const std::vector<uint8_t> bytes = Serialize(w);
  EXPECT_LT(bytes.size(), 100u);
  Result<GgufFile> file = GgufFile::Parse(bytes);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->alignment(), uint32_t{1} << 31);
}

TEST(GgufWriterTest, RefusesInvalidTensors) {
  GgufWriter w;
  EXPECT_FALSE(w.AddTensor("", DType::kF32, {1}, Iota(4)).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {}, std::vector<uint8_t>()).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {1, 1, 1, 1, 1}, Iota(4)).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {0}, std::vector<uint8_t>()).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kQ4_0, {16}, Iota(9)).ok());  // half a block
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {2}, Iota(4)).ok());    // wrong size
  EXPECT_FALSE(w.AddTensor("t", DType(16), {256}, Iota(66)).ok());   // IQ2_XXS: unsupported
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {int64_t(1) << 62, 4}, Iota(4)).ok());
  ASSERT_TRUE(w.AddTensor("t", DType::kF32, {1}, Iota(4)).ok());
  Status dup = w.AddTensor("t", DType::kF32, {1}, Iota(4));
  EXPECT_NE(dup.message().find("'t' was already added"), std::string::npos) << dup.message();
}

TEST(GgufWriterTest, StreamedFileEqualsInMemoryBytes) {
  GgufWriter w;
  w.SetString("general.name", "streamed");
  int fill_calls = 0;
  // 40 rows of Q8_0 (34 bytes per row of 32): with 100-byte chunks the fill runs in pieces.
  ASSERT_TRUE(w.AddTensor("big", DType::kQ8_0, {32, 40},
                          [&fill_calls](int64_t first, int64_t n, std::span<uint8_t> dst) {
                            ++fill_calls;
                            ASSERT_EQ(dst.size(), size_t(n) * 34);
                            FillRandomBlocks(DType::kQ8_0, dst.data(), n * 32, 99 + first);
                          })
                  .ok());
  ASSERT_TRUE(w.AddTensor("small", DType::kF32, {2}, Iota(8)).ok());
  const std::string path = TempPath("hearth_writer_test.gguf");
  ASSERT_TRUE(w.WriteToFile(path, 100).ok());
  const int calls_streamed = fill_calls;
  EXPECT_EQ(calls_streamed, 20);  // 2 rows (68 bytes) per 100-byte chunk
  Result<GgufFile> file = GgufFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->file_size(), w.FileSize());
  // Same fill per row range regardless of chunking, because the seed depends on `first`;
  // compare against a write with the same chunking.
  GgufWriter again;
  again.SetString("general.name", "streamed");
  std::vector<uint8_t> data(40 * 34);
  for (int64_t r = 0; r < 40; r += 2) {
    FillRandomBlocks(DType::kQ8_0, data.data() + r * 34, 64, 99 + r);
  }
  ASSERT_TRUE(again.AddTensor("big", DType::kQ8_0, {32, 40}, data).ok());
  ASSERT_TRUE(again.AddTensor("small", DType::kF32, {2}, Iota(8)).ok());
  const std::vector<uint8_t> expected = Serialize(again);
  EXPECT_EQ(std::vector<uint8_t>(file->bytes().begin(), file->bytes().end()), expected);
  std::filesystem::remove(path);
}

TEST(GgufWriterTest, AlignmentKeyMustMatchLayout) {
  GgufWriter w;
  w.SetUint32("general.alignment", 64);  // set directly, not through SetAlignment
  Result<std::vector<uint8_t>> bytes = w.WriteToBytes();
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("SetAlignment"), std::string::npos);
}

TEST(GgufWriterTest, WriteToUnwritablePathFails) {
  GgufWriter w;
  Status s = w.WriteToFile("/nonexistent-dir/x.gguf");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent-dir/x.gguf"), std::string::npos);
}

}  // namespace
}  // namespace hearth
