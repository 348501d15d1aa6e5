// The reader on real files made by the reference tools (../shared).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "gguf/gguf_file.h"
#include "shared_data.h"

namespace hearth {
namespace {

using ::hearth::testing::SharedPath;

std::vector<uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Invariants every successfully opened file must satisfy.
void ExpectConsistent(const GgufFile& f) {
  EXPECT_TRUE(f.version() == 2 || f.version() == 3);
  EXPECT_EQ(f.data_offset() % f.alignment(), 0u);
  std::set<std::string> names;
  for (const GgufTensorInfo& t : f.tensors()) {
    SCOPED_TRACE(t.name);
    EXPECT_TRUE(names.insert(t.name).second);
    EXPECT_EQ(f.FindTensor(t.name), &t);
    EXPECT_EQ(t.offset % f.alignment(), 0u);
    EXPECT_EQ(t.data, f.bytes().data() + f.data_offset() + t.offset);
    EXPECT_LE(f.data_offset() + t.offset + t.size_bytes, f.file_size());
    EXPECT_EQ(t.size_bytes, uint64_t(t.num_rows()) * RowBytes(t.type, t.row_length()));
    EXPECT_GE(t.shape.size(), 1u);
    EXPECT_LE(t.shape.size(), 4u);
  }
}

TEST(GgufReaderTest, Stories260K) {
  const std::string path = SharedPath("models/stories260K.gguf");
  Result<GgufFile> file = GgufFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const GgufFile& f = *file;
  ExpectConsistent(f);
  EXPECT_EQ(f.path(), path);
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.alignment(), 32u);
  EXPECT_EQ(f.file_size(), std::filesystem::file_size(path));
  EXPECT_EQ(f.tensors().size(), 48u);  // 5 layers x 9 + token_embd, output_norm, output
  EXPECT_EQ(*f.metadata().GetString("general.architecture"), "llama");
  EXPECT_EQ(*f.metadata().GetInt("llama.block_count"), 5);
  EXPECT_EQ(*f.metadata().GetInt("llama.embedding_length"), 64);
  EXPECT_EQ(f.metadata().entries().front().key, "general.architecture");  // file order

  Result<const std::vector<std::string>*> tokens =
      f.metadata().GetStringArray("tokenizer.ggml.tokens");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ((*tokens)->size(), 512u);
  EXPECT_EQ((**tokens)[1], "<s>");
  const GgufArray* scores = *f.metadata().GetArray("tokenizer.ggml.scores");
  EXPECT_EQ(scores->type(), GgufType::kFloat32);
  EXPECT_EQ(scores->size(), 512u);

  const GgufTensorInfo* embd = f.FindTensor("token_embd.weight");
  ASSERT_NE(embd, nullptr);
  EXPECT_EQ(embd->type, DType::kF32);
  EXPECT_EQ(embd->shape, (std::vector<int64_t>{64, 512}));
  EXPECT_EQ(embd->size_bytes, 64u * 512 * 4);
  EXPECT_EQ(f.FindTensor("no.such.tensor"), nullptr);
  EXPECT_EQ(f.tensor_bytes(), f.file_size() - f.data_offset());
}

TEST(GgufReaderTest, ParseFromMemoryMatchesOpen) {
  const std::string path = SharedPath("models/stories260K.gguf");
  const std::vector<uint8_t> bytes = ReadAll(path);
  Result<GgufFile> mem = GgufFile::Parse(bytes, "in-memory");
  Result<GgufFile> disk = GgufFile::Open(path);
  ASSERT_TRUE(mem.ok() && disk.ok());
  EXPECT_EQ(mem->path(), "in-memory");
  ASSERT_EQ(mem->tensors().size(), disk->tensors().size());
  for (size_t i = 0; i < mem->tensors().size(); ++i) {
    const GgufTensorInfo& a = mem->tensors()[i];
    const GgufTensorInfo& b = disk->tensors()[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.offset, b.offset);
    EXPECT_EQ(0, std::memcmp(a.data, b.data, a.size_bytes));
  }
  EXPECT_EQ(mem->metadata().size(), disk->metadata().size());
}

TEST(GgufReaderTest, MovedFileKeepsTensorPointers) {
  Result<GgufFile> file = GgufFile::Open(SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(file.ok());
  const uint8_t* data = file->tensors()[0].data;
  GgufFile moved = std::move(file).value();
  EXPECT_EQ(moved.tensors()[0].data, data);
  EXPECT_EQ(moved.FindTensor(moved.tensors()[0].name), &moved.tensors()[0]);
}

TEST(GgufReaderTest, EveryRandomModelAndQuantFixtureOpens) {
  int opened = 0;
  for (const char* dir : {"models/random", "fixtures/quant", "fixtures/tokenizer"}) {
    for (const auto& entry : std::filesystem::directory_iterator(SharedPath(dir))) {
      if (entry.path().extension() != ".gguf") continue;
      SCOPED_TRACE(entry.path().string());
      Result<GgufFile> file = GgufFile::Open(entry.path().string());
      ASSERT_TRUE(file.ok()) << file.status().ToString();
      ExpectConsistent(*file);
      ++opened;
    }
  }
  EXPECT_GE(opened, 40);
}

TEST(GgufReaderTest, MixedQuantizationRecipe) {
  Result<GgufFile> file = GgufFile::Open(SharedPath("models/random/llama-Q4_K_M.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->FindTensor("blk.0.attn_q.weight")->type, DType::kQ4_K);
  EXPECT_EQ(file->FindTensor("blk.2.ffn_down.weight")->type, DType::kQ6_K);
  EXPECT_EQ(file->FindTensor("output.weight")->type, DType::kQ6_K);
  EXPECT_EQ(file->FindTensor("output_norm.weight")->type, DType::kF32);
  EXPECT_EQ(*file->metadata().GetInt("general.file_type"), 15);  // Q4_K_M
}

TEST(GgufReaderTest, IQuantFixturesHaveTheirTypes) {
  Result<GgufFile> nl = GgufFile::Open(SharedPath("fixtures/quant/pure-IQ4_NL.gguf"));
  Result<GgufFile> xs = GgufFile::Open(SharedPath("fixtures/quant/pure-IQ4_XS.gguf"));
  ASSERT_TRUE(nl.ok() && xs.ok());
  EXPECT_EQ(nl->FindTensor("blk.0.attn_q.weight")->type, DType::kIQ4_NL);
  EXPECT_EQ(xs->FindTensor("blk.0.attn_q.weight")->type, DType::kIQ4_XS);
}

TEST(GgufReaderTest, VersionOneIsRefusedClearly) {
  const std::string path = SharedPath("fixtures/tinyllamas-stories-260k-f32.gguf.v1");
  Result<GgufFile> file = GgufFile::Open(path);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kUnimplemented);
  const std::string& msg = file.status().message();
  EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find("unsupported GGUF version 1 at byte offset 4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("versions 2 and 3"), std::string::npos) << msg;
}

TEST(GgufReaderTest, MissingFileIsNotFound) {
  Result<GgufFile> file = GgufFile::Open("/nonexistent/model.gguf");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kNotFound);
  EXPECT_NE(file.status().message().find("/nonexistent/model.gguf"), std::string::npos);
}

}  // namespace
}  // namespace hearth
