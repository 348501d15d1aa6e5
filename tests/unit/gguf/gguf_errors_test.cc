// Every way a GGUF file can be bad gets a precise error naming the file, the field or tensor,
// and the byte offset; never a crash.
#include <gtest/gtest.h>

#include <limits>

#include "gguf/gguf_file.h"
#include "gguf_test_util.h"
#include "shared_data.h"

namespace hearth {
namespace {

using ::hearth::testing::FindBytes;
using ::hearth::testing::FindTensorInfo;
using ::hearth::testing::Patch;
using ::hearth::testing::RawGguf;
using ::hearth::testing::Serialize;

constexpr const char* kName = "bad.gguf";

// Parses `bytes` expecting failure with `code`; returns the message.
std::string ExpectError(const std::vector<uint8_t>& bytes, StatusCode code) {
  Result<GgufFile> file = GgufFile::Parse(bytes, kName);
  EXPECT_FALSE(file.ok());
  if (file.ok()) return "";
  EXPECT_EQ(file.status().code(), code) << file.status().ToString();
  const std::string& msg = file.status().message();
  EXPECT_EQ(msg.rfind(std::string(kName) + ": ", 0), 0u) << "message must name the file: " << msg;
  return msg;
}

#define EXPECT_HAS(msg, text) EXPECT_NE((msg).find(text), std::string::npos) << (msg)

// A small valid file: two tensors after a few metadata keys.
GgufWriter TwoTensorWriter() {
  GgufWriter w;
  w.SetString("general.architecture", "llama");
  w.SetUint32("llama.block_count", 1);
  std::vector<uint8_t> f32(8 * 4, 0), q8(2 * 34, 0);
  EXPECT_TRUE(w.AddTensor("t.one", DType::kF32, {8}, f32).ok());
  EXPECT_TRUE(w.AddTensor("t.two", DType::kQ8_0, {32, 2}, q8).ok());
  return w;
}

TEST(GgufErrorsTest, BadMagic) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  bytes[0] = 'X';
  const std::string msg = ExpectError(bytes, StatusCode::kInvalidArgument);
  EXPECT_HAS(msg, "bad magic 'XGUF' at byte offset 0");
}

TEST(GgufErrorsTest, EmptyAndTinyFiles) {
  EXPECT_HAS(ExpectError({}, StatusCode::kDataLoss), "0 bytes");
  EXPECT_HAS(ExpectError({'G', 'G'}, StatusCode::kDataLoss), "byte offset 0");
  const std::vector<uint8_t> magic_only = {'G', 'G', 'U', 'F'};
  EXPECT_HAS(ExpectError(magic_only, StatusCode::kDataLoss),
             "the version needs 4 bytes at byte offset 4");
}

TEST(GgufErrorsTest, UnsupportedVersions) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  Patch<uint32_t>(&bytes, 4, 1);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kUnimplemented), "GGUF version 1 at byte offset 4");
  Patch<uint32_t>(&bytes, 4, 4);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kUnimplemented), "GGUF version 4 at byte offset 4");
  Patch<uint32_t>(&bytes, 4, 0x03000000);  // a big-endian file read little-endian
  EXPECT_HAS(ExpectError(bytes, StatusCode::kUnimplemented), "big-endian");
  Patch<uint32_t>(&bytes, 4, 2);  // version 2 has the same layout as 3
  Result<GgufFile> v2 = GgufFile::Parse(bytes, kName);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version(), 2u);
}

TEST(GgufErrorsTest, VersionOneFixture) {
  Result<GgufFile> file =
      GgufFile::Open(::hearth::testing::SharedPath("fixtures/tinyllamas-stories-260k-f32.gguf.v1"));
  ASSERT_FALSE(file.ok());
  EXPECT_HAS(file.status().message(), "unsupported GGUF version 1 at byte offset 4");
}

// Every prefix of a valid file is refused cleanly, and messages name what was cut.
TEST(GgufErrorsTest, EveryTruncationIsRefused) {
  const std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  Result<GgufFile> whole = GgufFile::Parse(bytes, kName);
  ASSERT_TRUE(whole.ok());
  const GgufTensorInfo& last = whole->tensors().back();
  const size_t end = whole->data_offset() + last.offset + last.size_bytes;  // padding follows
  for (size_t n = 0; n < end; ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + std::ptrdiff_t(n));
    Result<GgufFile> file = GgufFile::Parse(cut, kName);
    ASSERT_FALSE(file.ok()) << "prefix of " << n << " bytes parsed";
    EXPECT_EQ(file.status().code(), StatusCode::kDataLoss) << file.status().ToString();
    EXPECT_HAS(file.status().message(), "byte offset");
  }
}

TEST(GgufErrorsTest, TruncatedHeaderNamesTheField) {
  GgufWriter meta_only;  // no tensors, so the counts check cannot fire first
  meta_only.SetString("general.architecture", "llama");
  meta_only.SetUint32("llama.block_count", 1);
  const std::vector<uint8_t> meta = Serialize(meta_only);
  const size_t key = FindBytes(meta, "llama.block_count");
  std::vector<uint8_t> cut(meta.begin(), meta.begin() + std::ptrdiff_t(key + 5));
  std::string msg = ExpectError(cut, StatusCode::kDataLoss);
  EXPECT_HAS(msg, "truncated header: the key of metadata entry #1 at byte offset " +
                      std::to_string(key - 8));
  cut.assign(meta.begin(), meta.begin() + std::ptrdiff_t(key + 17 + 4 + 2));  // mid-value
  msg = ExpectError(cut, StatusCode::kDataLoss);
  EXPECT_HAS(msg,
             "the uint32 value of metadata key 'llama.block_count' needs 4 bytes at byte "
             "offset " +
                 std::to_string(key + 21));
  const std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  const size_t info = FindTensorInfo(bytes, "t.two").type;
  cut.assign(bytes.begin(), bytes.begin() + std::ptrdiff_t(info + 1));
  EXPECT_HAS(ExpectError(cut, StatusCode::kDataLoss),
             "the type of tensor 't.two' needs 4 bytes at byte offset " + std::to_string(info));
}

TEST(GgufErrorsTest, ImpossibleCountsDoNotAllocate) {
  RawGguf tensors;
  tensors.Header(3, std::numeric_limits<uint64_t>::max(), 0);
  EXPECT_HAS(ExpectError(tensors.bytes, StatusCode::kDataLoss), "tensor count");
  RawGguf kvs;
  kvs.Header(3, 0, uint64_t(1) << 60);
  EXPECT_HAS(ExpectError(kvs.bytes, StatusCode::kDataLoss), "metadata count 1152921504606846976");
  RawGguf array;  // an array claiming 2^62 strings in a 60-byte file
  array.Header(3, 0, 1).Str("k").U32(uint32_t(GgufType::kArray));
  array.U32(uint32_t(GgufType::kString)).U64(uint64_t(1) << 62);
  EXPECT_HAS(ExpectError(array.bytes, StatusCode::kDataLoss),
             "metadata key 'k' has an array of 4611686018427387904 string elements at byte "
             "offset 37");
  RawGguf string;
  string.Header(3, 0, 1).Str("k").U32(uint32_t(GgufType::kString)).U64(1000).U32(0);
  EXPECT_HAS(ExpectError(string.bytes, StatusCode::kDataLoss),
             "the string value of metadata key 'k' at byte offset 37 has length 1000");
}

TEST(GgufErrorsTest, TensorDataPastTheEnd) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  bytes.resize(bytes.size() - 40);  // cut into t.two's data
  const size_t record = FindTensorInfo(bytes, "t.two").record;
  const std::string msg = ExpectError(bytes, StatusCode::kDataLoss);
  EXPECT_HAS(msg, "tensor 't.two' (info at byte offset " + std::to_string(record) + ")");
  EXPECT_HAS(msg, "runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");

  std::vector<uint8_t> far = Serialize(TwoTensorWriter());  // offset near 2^64: no overflow
  Patch<uint64_t>(&far, FindTensorInfo(far, "t.one").offset, ~uint64_t(0) - 31);
  EXPECT_HAS(ExpectError(far, StatusCode::kDataLoss), "runs past the end of the file");
}

TEST(GgufErrorsTest, UnsupportedAndUnknownTensorTypes) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  const size_t type = FindTensorInfo(bytes, "t.one").type;
  Patch<uint32_t>(&bytes, type, 16);  // IQ2_XXS: a real ggml type Hearth does not read
  std::string msg = ExpectError(bytes, StatusCode::kUnimplemented);
  EXPECT_HAS(msg, "tensor 't.one' has type IQ2_XXS (id 16) at byte offset " + std::to_string(type) +
                      ", which Hearth does not support");
  Patch<uint32_t>(&bytes, type, 99);
  msg = ExpectError(bytes, StatusCode::kDataLoss);
  EXPECT_HAS(msg, "tensor 't.one' has unknown type id 99 at byte offset " + std::to_string(type));
}

TEST(GgufErrorsTest, DimensionErrors) {
  const std::vector<uint8_t> good = Serialize(TwoTensorWriter());
  const auto f = FindTensorInfo(good, "t.two");
  std::vector<uint8_t> bytes = good;
  Patch<uint64_t>(&bytes, f.dims, uint64_t(1) << 40);
  Patch<uint64_t>(&bytes, f.dims + 8, uint64_t(1) << 40);  // 2^80 elements
  EXPECT_HAS(
      ExpectError(bytes, StatusCode::kOutOfRange),
      "tensor 't.two' at byte offset " + std::to_string(f.n_dims) + " has too many elements");
  bytes = good;
  Patch<uint64_t>(&bytes, f.dims + 8, 0);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss),
             "tensor 't.two' has dimension 1 = 0 at byte offset " + std::to_string(f.dims + 8));
  bytes = good;
  Patch<uint64_t>(&bytes, f.dims, ~uint64_t(0));
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss), "(over 2^63 - 1)");
  bytes = good;
  Patch<uint32_t>(&bytes, f.n_dims, 5);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss),
             "tensor 't.two' has 5 dimensions at byte offset " + std::to_string(f.n_dims));
  bytes = good;
  Patch<uint32_t>(&bytes, f.n_dims, 0);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss), "has 0 dimensions");
}

TEST(GgufErrorsTest, RowNotAMultipleOfTheBlock) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  const auto f = FindTensorInfo(bytes, "t.two");
  Patch<uint64_t>(&bytes, f.dims, 48);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss),
             "tensor 't.two' of type Q8_0 at byte offset " + std::to_string(f.type) +
                 " has rows of 48 elements, not a multiple of the block size 32");
}

TEST(GgufErrorsTest, DuplicateTensorNames) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  const auto second = FindTensorInfo(bytes, "t.two");
  const auto first = FindTensorInfo(bytes, "t.one");
  std::memcpy(bytes.data() + second.record + 8, "t.one", 5);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss),
             "duplicate tensor name 't.one' at byte offset " + std::to_string(second.record) +
                 " (first at byte offset " + std::to_string(first.record) + ")");
}

TEST(GgufErrorsTest, MisalignedTensorOffset) {
  std::vector<uint8_t> bytes = Serialize(TwoTensorWriter());
  const auto f = FindTensorInfo(bytes, "t.two");
  Patch<uint64_t>(&bytes, f.offset, 33);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss),
             "tensor 't.two' has data offset 33 at byte offset " + std::to_string(f.offset) +
                 ", not a multiple of the alignment 32");
}

TEST(GgufErrorsTest, BadAlignmentKey) {
  GgufWriter w;
  ASSERT_TRUE(w.SetAlignment(64).ok());
  std::vector<uint8_t> bytes = Serialize(w);
  const size_t key = FindBytes(bytes, "general.alignment");
  Patch<uint32_t>(&bytes, key + 17 + 4, 48);
  EXPECT_HAS(
      ExpectError(bytes, StatusCode::kDataLoss),
      "general.alignment 48 at byte offset " + std::to_string(key - 8) + " is not a power of two");
  Patch<uint32_t>(&bytes, key + 17 + 4, 0);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss), "general.alignment 0");
  Patch<uint32_t>(&bytes, key + 17, uint32_t(GgufType::kInt32));
  Patch<int32_t>(&bytes, key + 17 + 4, 64);
  EXPECT_HAS(ExpectError(bytes, StatusCode::kDataLoss), "has type int32, expected uint32");
}

TEST(GgufErrorsTest, MetadataErrors) {
  RawGguf dup;
  dup.Header(3, 0, 2).Str("k").U32(uint32_t(GgufType::kUint8)).Put<uint8_t>(1);
  dup.Str("k").U32(uint32_t(GgufType::kUint8)).Put<uint8_t>(2);
  EXPECT_HAS(ExpectError(dup.bytes, StatusCode::kDataLoss),
             "duplicate metadata key 'k' at byte offset 38 (first at byte offset 24)");
  RawGguf type;
  type.Header(3, 0, 1).Str("k").U32(13).U32(0);
  EXPECT_HAS(ExpectError(type.bytes, StatusCode::kDataLoss),
             "metadata key 'k' has unknown value type 13 at byte offset 33");
  RawGguf elem;
  elem.Header(3, 0, 1).Str("k").U32(uint32_t(GgufType::kArray)).U32(77).U64(0);
  EXPECT_HAS(ExpectError(elem.bytes, StatusCode::kDataLoss), "unknown element type 77");
  RawGguf empty;
  empty.Header(3, 0, 1).Str("").U32(0).Put<uint8_t>(0);
  EXPECT_HAS(ExpectError(empty.bytes, StatusCode::kDataLoss), "has an empty key");
}

TEST(GgufErrorsTest, ArraysNestedTooDeep) {
  RawGguf raw;
  raw.Header(3, 0, 1).Str("deep").U32(uint32_t(GgufType::kArray));
  for (int i = 0; i < 100; ++i) raw.U32(uint32_t(GgufType::kArray)).U64(1);
  raw.U32(uint32_t(GgufType::kUint8)).U64(0);
  EXPECT_HAS(ExpectError(raw.bytes, StatusCode::kOutOfRange),
             "metadata key 'deep' nests arrays more than 8 deep");
}

TEST(GgufErrorsTest, EmptyTensorName) {
  RawGguf raw;
  raw.Header(3, 1, 0).Str("").U32(1).U64(1).U32(0).U64(0);
  EXPECT_HAS(ExpectError(raw.bytes, StatusCode::kDataLoss),
             "tensor #0 at byte offset 24 has an empty name");
}

TEST(GgufErrorsTest, FileWithoutTensorsNeedsNoPadding) {
  RawGguf raw;
  raw.Header(3, 0, 1).Str("general.name").U32(uint32_t(GgufType::kString)).Str("x");
  Result<GgufFile> file = GgufFile::Parse(raw.bytes, kName);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(*file->metadata().GetString("general.name"), "x");
}

}  // namespace
}  // namespace hearth
